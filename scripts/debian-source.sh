#!/bin/sh
# debian-source.sh PACKAGE DESTDIR - fetch Debian's source package PACKAGE
# and unpack it (Debian's patches applied) as DESTDIR/PACKAGE, once.
#
# apt needs a deb-src entry to fetch sources; the machine's own apt
# configuration has only deb entries, and is left alone.  A private
# configuration under DESTDIR/.apt gets one deb-src entry for every deb
# entry of /etc/apt/sources.list and /etc/apt/sources.list.d/*.sources
# (same archive, suites, components and keys), so no archive host is
# named here and nothing system-wide changes.  Runs as any user.
set -eu
pkg=$1
dest=$2
[ -d "$dest/$pkg" ] && exit 0

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
apt_dir=$dest/.apt
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"

# deb822 stanzas: "Types: deb" becomes "Types: deb-src"; others are dropped.
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	awk 'BEGIN { RS = ""; ORS = "\n\n" }
	     /(^|\n)Types:[^\n]*(^|[ \t])deb([ \t\n]|$)/ {
		sub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' "$f"
done > "$apt_dir/sources.list.d/debsrc.sources"
# One-line format: "deb [opts] URI suite comps" becomes "deb-src ...".
if [ -f /etc/apt/sources.list ]; then
	sed -n 's/^[ \t]*deb[ \t]/deb-src /p' /etc/apt/sources.list
fi > "$apt_dir/sources.list"

set -- -o Dir::Etc::SourceList="$apt_dir/sources.list" \
	-o Dir::Etc::SourceParts="$apt_dir/sources.list.d" \
	-o Dir::State::Lists="$apt_dir/lists" \
	-o Dir::Cache="$apt_dir/cache" \
	-o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0
# As root apt downloads as the _apt user, who cannot write here.
[ "$(id -u)" -eq 0 ] && set -- "$@" -o APT::Sandbox::User=root
apt-get -qq "$@" update
work=$apt_dir/work-$pkg
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && apt-get -qq "$@" source --download-only "$pkg")
dsc=$(ls "$work"/*.dsc | head -n 1)
dpkg-source --no-check -x "$dsc" "$work/tree" > /dev/null
mv "$work/tree" "$dest/$pkg"
rm -rf "$work"
echo "debian-source.sh: $pkg unpacked in $dest/$pkg"
