#!/bin/sh
# busybox-src.sh DIR - Debian's busybox source package (1.35), fetched
# and unpacked into DIR with Debian's patches applied, then ours
# (userland/busybox/patches/*.patch, in name order).  Idempotent: quiet
# when DIR/.unpacked exists and is newer than every patch of ours.
#
# apt needs a deb-src entry to fetch a source package.  The entry is
# derived from the machine's own deb entries (/etc/apt/sources.list.d/
# *.sources, Types: deb -> deb-src) in a private apt configuration under
# DIR's parent, so nothing system-wide changes and no archive host is
# named here.  Nothing fetched is kept in the repository.
set -eu
dir=$1
version=1.35.0
top=$(cd "$(dirname "$0")/.." && pwd)
patches=$(ls "$top"/userland/busybox/patches/*.patch 2>/dev/null || true)

if [ -f "$dir/.unpacked" ]; then
	newer=""
	for p in $patches; do
		[ "$p" -nt "$dir/.unpacked" ] && newer=1
	done
	[ -z "$newer" ] && exit 0
fi

mkdir -p "$(dirname "$dir")"
work=$(cd "$(dirname "$dir")" && pwd)/apt
mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/cache/archives/partial" \
	"$work/fetch"
: > "$work/sources.list"
found=""
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	grep -q '^Types:.*\bdeb\b' "$f" || continue
	sed 's/^Types:.*/Types: deb-src/' "$f" > "$work/sources.list.d/$(basename "$f")"
	found=1
done
if [ -z "$found" ]; then
	echo "busybox-src.sh: no deb entries in /etc/apt/sources.list.d/*.sources to derive deb-src from" >&2
	exit 1
fi
apt_private() {
	apt-get -q -o Dir::Etc::SourceParts="$work/sources.list.d" \
		-o Dir::Etc::SourceList="$work/sources.list" -o Dir::State::Lists="$work/lists" \
		-o Dir::Cache="$work/cache" -o APT::Sandbox::User=root "$@"
}
if ! ls "$work"/fetch/busybox_"$version"*.dsc >/dev/null 2>&1; then
	echo "busybox-src.sh: fetching Debian's busybox source package"
	apt_private update >/dev/null
	(cd "$work/fetch" && apt_private source --download-only busybox >/dev/null)
fi
dsc=$(ls "$work"/fetch/busybox_"$version"*.dsc 2>/dev/null | tail -n 1)
if [ -z "$dsc" ]; then
	echo "busybox-src.sh: apt offers no busybox $version source (see $work/fetch)" >&2
	exit 1
fi

rm -rf "$dir" "$dir.tmp"
dpkg-source --no-check -x "$dsc" "$dir.tmp" >/dev/null
for p in $patches; do
	patch -s -p1 -d "$dir.tmp" < "$p"
done
mv "$dir.tmp" "$dir"
touch "$dir/.unpacked"
echo "busybox-src.sh: $(basename "$dsc" .dsc) unpacked in $dir"
