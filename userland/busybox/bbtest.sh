#!/bin/sh
# bbtest.sh - BusyBox's own test suite (testsuite/ of its source, in the
# boot archive under /usr/lib/bbtest by mk/busybox.mk) run inside exos by
# BusyBox's ash.  init runs it when the kernel command line says
# run=/exos/bbtest.sh; bbtest=a,b,c picks the applets (default: the list
# below).  For each applet it prints "bbtest: APPLET pass N fail N skip N"
# and the names of the cases that failed, then "bbtest: total ..." and
# exits with the number of applets that had a failure.
ts=/usr/lib/bbtest/testsuite
export bindir=/usr/lib/bbtest/bin tsdir=$ts
all="ls cat cp mv rm mkdir rmdir ln touch stat head tail wc grep egrep sed awk sort uniq
cut tr tee find xargs diff cmp od hexdump md5sum sha256sum printf test expr seq yes
basename dirname realpath env sleep kill ps date du df tar gzip gunzip echo pwd true false
readlink dd nl paste comm rev fold strings cksum sum sha1sum which"
want=$(sed -n 's/.*bbtest=\([^ ]*\).*/\1/p' /proc/cmdline | tr , ' ')
[ -n "$want" ] || want=$all
work=/tmp/bbtest
rm -rf "$work"
mkdir -p "$work" || exit 1
cp "$ts"/*.tests "$ts"/testing.sh "$ts"/runtest "$work"/ || exit 1
cd "$work" || exit 1
tp=0 tf=0 ts_=0 bad=0
for a in $want; do
	sh ./runtest "$a" > "$work/out" 2>&1
	p=$(grep -c '^PASS' "$work/out")
	f=$(grep -c '^FAIL' "$work/out")
	s=$(grep -c '^SKIPPED\|^UNTESTED' "$work/out")
	echo "bbtest: $a pass $p fail $f skip $s"
	grep '^FAIL' "$work/out" | sed "s/^/bbtest:   /"
	tp=$((tp + p)) tf=$((tf + f)) ts_=$((ts_ + s))
	[ "$f" -eq 0 ] || bad=$((bad + 1))
	rm -rf "$work"/.tmpdir.* 2>/dev/null
done
echo "bbtest: total pass $tp fail $tf skip $ts_ in $(echo $want | wc -w) applets"
exit $bad
