#!/bin/sh
# check-ksyms.sh NM PASS1_ELF IMAGE_ELF - fail when a function moved
# between the first link and an image, which would make the generated
# symbol table (and so backtraces) lie.
set -eu
a=$(mktemp)
b=$(mktemp)
trap 'rm -f "$a" "$b"' EXIT
"$1" -n "$2" | awk '$2 ~ /^[tT]$/' > "$a"
"$1" -n "$3" | awk '$2 ~ /^[tT]$/' > "$b"
if ! cmp -s "$a" "$b"; then
	echo "check-ksyms: text symbols of $3 differ from $2 (ksyms would be wrong)" >&2
	exit 1
fi
