#!/bin/sh
# gen-drivers.sh OUT.c NAME... - the kernel's device-tree driver table:
# driver_NAME (kernel/drivers/NAME.c) for each NAME, in the order given
# (the objects.mk lists), which is the order of preference when two
# drivers take the same compatible string.
set -eu
out=$1
shift
{
	echo "/* Generated from the objects.mk driver lists by scripts/gen-drivers.sh - do not edit. */"
	echo '#include "driver.h"'
	echo
	for n in "$@"; do
		echo "extern const struct driver driver_$n;"
	done
	echo
	echo "const struct driver *const driver_table[] = {"
	for n in "$@"; do
		echo "	&driver_$n,"
	done
	echo "	0,"
	echo "};"
} > "$out.tmp"
mv "$out.tmp" "$out"
