#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The build-id cache, ours and Linux perf's, one layout: a binary deleted
# or rebuilt after recording still resolves, whichever tool recorded and
# whichever reads; perf buildid-cache -a/-r/-l against Linux perf's view of
# the same cache; the recorded kernel's kallsyms; guests' kernels; and no
# name from a file nor link in the cache leads out of the cache.
. "$(dirname "$0")/lib.sh"

TOOLS=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}
EDIT=$TOOLS/data-edit
SYNTH=$TOOLS/synth-guest

tool() { [ "$1" = perf ] && echo "$ORACLE" || echo "$PERF"; }

# The binaries run from W, not from under $T: Linux perf 6.1 takes any
# DSO whose path starts with /tmp/perf- for a JIT's /tmp/perf-PID.map,
# and never looks for it in its cache (our test dirs are /tmp/perf-test.*).
W=$(mktemp -d /tmp/buildid-cache.XXXXXX)
cleanup_hook() { rm -rf "$W"; }

# Every row of a --stdio report, in print order, whitespace folded.
rows() { # binary file [options]
	local bin=$1 file=$2; shift 2
	"$bin" report -i "$file" --stdio --sort comm,dso,sym "$@" 2>/dev/null |
		awk '/^ +[0-9.]+%/ { $1 = $1; print }'
}

names_hot() { # rows file: hot_a, hot_b and cold named in the workload
	grep -q ' hot \[\.\] hot_a$' "$1" && grep -q ' hot \[\.\] hot_b$' "$1" &&
		grep -q ' hot \[\.\] cold$' "$1"
}

same_rows() { # what, then the file and the cache (HOME) both tools read it with
	local what=$1 file=$2 home=$3
	HOME=$home rows "$ORACLE" "$file" >want
	HOME=$home rows "$PERF" "$file" >got
	if names_hot want && names_hot got && cmp -s want got; then
		ok "$what: both name hot_a, hot_b, cold; all $(wc -l <got) rows equal"
	else
		fail "$what: rows differ, or the workload's functions are not named"
		diff want got | head -8 | sed 's/^/    /'
	fi
}

# A binary deleted after recording: 2 recorders x 2 readers, each
# recording with a cache of its own.
for rec in perf ours; do
	mkdir -p $W/del.$rec home.del.$rec && cp "$WORKLOADS/hot" $W/del.$rec/hot
	HOME=$T/home.del.$rec "$(tool $rec)" record -q -e cpu-clock -F 2000 -o del.$rec.data \
		-- $W/del.$rec/hot 0.5 2>/dev/null
	rm $W/del.$rec/hot
	same_rows "binary deleted, recorded by $rec, read by both" del.$rec.data $T/home.del.$rec
done
HOME=$T/nohome rows "$PERF" del.ours.data >nocache
check "and without a cache the deleted binary's samples stay addresses" \
	eval '! grep -q " hot \[\.\] hot_a$" nocache && grep -q " hot \[\.\] 0x" nocache'

# Rebuilt in place (same path, another build-id): the cache's copy, not
# the new file, describes the samples; rows as before the rebuild.
for rec in perf ours; do
	mkdir -p $W/rb.$rec home.rb.$rec && cp "$WORKLOADS/hot" $W/rb.$rec/hot
	HOME=$T/home.rb.$rec "$(tool $rec)" record -q -e cpu-clock -F 2000 -o rb.$rec.data \
		-- $W/rb.$rec/hot 0.5 2>/dev/null
	HOME=$T/home.rb.$rec rows "$PERF" rb.$rec.data >before
	cp "$WORKLOADS/hot2" $W/rb.$rec/hot.new && mv $W/rb.$rec/hot.new $W/rb.$rec/hot
	same_rows "binary rebuilt, recorded by $rec, read by both" rb.$rec.data $T/home.rb.$rec
	check "binary rebuilt, recorded by $rec: our rows are those from before the rebuild" \
		cmp -s before got
done

# -N and -B: nothing cached (as in Linux perf).
for opt in -N -B; do
	mkdir -p home.opt$opt
	HOME=$T/home.opt$opt "$PERF" record -q $opt -o opt.data -- "$WORKLOADS/hot" 0.1 2>/dev/null
	check "record $opt: leaves the cache alone" test ! -e home.opt$opt/.debug
done

# What our record stores, in Linux perf's layout: the same links as
# Linux perf makes for the same binaries, the copies, the kernel's
# kallsyms.  Linux perf also writes empty "probes" files (its SDT
# cache) and the binaries' separate debuginfo as "debug"; not needed to
# read, so not written.
bid_of() { "$ORACLE" buildid-list -i "$1" 2>/dev/null; }
hot_bid=$(bid_of "$WORKLOADS/hot")
link_of() { # home bid
	readlink "$1/.debug/.build-id/${2:0:2}/${2:2}"
}
mkdir -p $W/lay && cp "$WORKLOADS/hot" $W/lay/hot
lay_bid=$(bid_of $W/lay/hot)
for rec in perf ours; do
	mkdir -p home.lay.$rec
	HOME=$T/home.lay.$rec "$(tool $rec)" record -q -o lay.$rec.data -- $W/lay/hot 0.2 2>/dev/null
	# Both tools cache the kernel only when samples hit it, and hot
	# may never enter it: dd from urandom spends its time there.
	HOME=$T/home.lay.$rec "$(tool $rec)" record -q -o lay.$rec.k.data -- \
		dd if=/dev/urandom of=/dev/null bs=64k count=1000 2>/dev/null
done
check "layout: the workload's link as Linux perf makes it ($(link_of home.lay.ours $lay_bid))" \
	test -n "$(link_of home.lay.perf $lay_bid)" -a \
	"$(link_of home.lay.perf $lay_bid)" = "$(link_of home.lay.ours $lay_bid)"
check "layout: its copy, <path>/<build-id>/elf, the workload's bytes" \
	cmp -s $W/lay/hot "home.lay.ours/.debug/$W/lay/hot/$lay_bid/elf"
kbid=$("$PERF" buildid-list -k)
check "layout: the kernel's link as Linux perf makes it" \
	test "$(link_of home.lay.perf $kbid)" = "$(link_of home.lay.ours $kbid)" -a \
	"$(link_of home.lay.ours $kbid)" = "../../[kernel.kallsyms]/$kbid"
check "layout: [kernel.kallsyms]/<build-id>/kallsyms, this kernel's symbols" \
	grep -q ' T _text$' "home.lay.ours/.debug/[kernel.kallsyms]/$kbid/kallsyms"
check "layout: Linux perf lists what our record cached" \
	eval 'HOME=$T/home.lay.ours "$ORACLE" buildid-cache -l | grep -q "^$lay_bid $W/lay/hot$"'

# perf buildid-cache -a/-r/-l, against Linux perf on the same cache.
mkdir -p $W/bc home.bc && cp "$WORKLOADS/hot" $W/bc/hot
export HOME=$T/home.bc
"$PERF" buildid-cache -a $W/bc/hot,/usr/bin/true
check "buildid-cache -a FILE,FILE: exit 0" test $? -eq 0
"$ORACLE" buildid-cache -l >want
"$PERF" buildid-cache -l >got
check "buildid-cache -l: Linux perf's list of what we added, and ours equal ($(wc -l <got) lines)" \
	eval 'test "$(wc -l <want)" = 2 && cmp -s want got'
check "buildid-cache -a: by real path, Linux perf's line format" grep -q "^$hot_bid $W/bc/hot\$" got
"$ORACLE" buildid-cache -r $W/bc/hot
"$PERF" buildid-cache -l >got
check "Linux perf's -r of our entry: our -l no longer lists it" \
	eval '! grep -q bc/hot got && grep -q /usr/bin/true got'
"$PERF" buildid-cache -a $W/bc/hot
"$PERF" buildid-cache -r /usr/bin/true
"$ORACLE" buildid-cache -l >want
check "our -r: Linux perf's -l no longer lists it, our re-added entry still there" \
	eval '! grep -q /usr/bin/true want && grep -q bc/hot want'
true_bid=$(bid_of /usr/bin/true)
check "our -r: the link and the entry directory are gone" \
	test ! -e "$HOME/.debug/usr/bin/true/$true_bid" -a ! -L "$HOME/.debug/.build-id/${true_bid:0:2}/${true_bid:2}"
mv $W/bc/hot $W/bc/hot.moved
"$PERF" buildid-cache -l >got
"$ORACLE" buildid-cache -l >want
check "-l: like Linux perf, an entry whose binary is gone is not listed" \
	eval 'cmp -s want got && ! grep -q bc/hot got'
mv $W/bc/hot.moved $W/bc/hot
"$ORACLE" buildid-cache -a /usr/bin/true
"$PERF" buildid-cache -l >got
"$ORACLE" buildid-cache -l >want
check "-l of an entry Linux perf added: equal lists" \
	eval 'cmp -s want got && grep -q /usr/bin/true got'
"$PERF" buildid-cache -r $W/bc/hot,/usr/bin/true
"$ORACLE" buildid-cache -l >want
check "-r FILE,FILE: Linux perf lists nothing" test ! -s want
"$PERF" buildid-cache -r $W/bc/hot
check "-r of what is not cached: exit 0, as Linux perf" test $? -eq 0
echo text >notelf
"$PERF" buildid-cache -a notelf 2>err
rc=$?
# Linux perf 6.1 says "Couldn't add notelf: Inappropriate ioctl for
# device" (a stale errno) and exits 0; we name the reason and exit 1.
check "-a of a non-ELF file: named, exit 1 (Linux perf exits 0)" \
	test $rc -eq 1 -a -n "$(grep "Couldn't add notelf: not an ELF file" err)"
"$PERF" buildid-cache -l -a $W/bc/hot >/dev/null 2>&1
check "-l with -a: usage error, 129 (as Linux perf)" test $? -eq 129
"$PERF" buildid-cache >/dev/null 2>&1
check "no option: usage, 129 (as Linux perf)" test $? -eq 129
"$PERF" buildid-cache -h >help
check "-h: usage on stdout, exit 0" test $? -eq 0 -a -n "$(grep -- --remove help)"
check "perf help buildid-cache: the manual page" \
	eval '"$PERF" help buildid-cache | grep -q "perf-buildid-cache - "'
export HOME=$T/home

# The kernel: our report takes the kallsyms our record cached for the
# recorded kernel's build-id.  Shown by renaming a symbol in that copy.
# Linux perf 6.1 reads /proc/kallsyms while the running kernel is the
# recorded one: the same symbols, unless modules came or went since.
mkdir -p home.k
HOME=$T/home.k "$PERF" record -q -a -e cpu-clock -F 4000 -o k.data -- "$WORKLOADS/hot" 0.5 2>/dev/null
ksym=$(HOME=$T/home.k rows "$PERF" k.data | awk '$4 == "[k]" && $5 ~ /^[a-z_]+$/ { print $5; exit }')
cached=home.k/.debug/[kernel.kallsyms]/$kbid/kallsyms
if [ -z "$ksym" ] || [ ! -f "$cached" ]; then
	fail "kernel: no kernel symbol row, or no cached kallsyms ($cached)"
else
	sed -i -E "s/^([0-9a-f]+ [tTwW] )$ksym\$/\1cached_$ksym/" "$cached"
	HOME=$T/home.k rows "$PERF" k.data >got
	check "kernel: symbols from the cached kallsyms of the recorded kernel ($ksym renamed)" \
		grep -q "\[k\] cached_$ksym\$" got
	HOME=$T/home.k rows "$PERF" k.data --kallsyms=/proc/kallsyms >got
	check "kernel: --kallsyms FILE still wins over the cache" \
		eval 'grep -q "\[k\] $ksym\$" got && ! grep -q cached_ got'
fi
# Recorded on another kernel (its build-id rewritten): resolved from the
# cache alone, which has a kallsyms for that build-id; unresolved without.
[ -n "$ksym" ] || ksym=no-kernel-row
cp /proc/kallsyms kallsyms.copy
fake=0123456789abcdef0123456789abcdef01234567
"$EDIT" k.data kfar.data --build-id '[kernel.kallsyms]' $fake
mkdir -p "home.k/.debug/[kernel.kallsyms]/$fake" home.k/.debug/.build-id/01
cp kallsyms.copy "home.k/.debug/[kernel.kallsyms]/$fake/kallsyms"
ln -s "../../[kernel.kallsyms]/$fake" home.k/.debug/.build-id/01/${fake:2}
HOME=$T/home.k rows "$PERF" kfar.data >got
check "kernel recorded elsewhere: resolved from its cached kallsyms" grep -q "\[k\] $ksym\$" got
HOME=$T/nohome "$PERF" report -i kfar.data --stdio >got 2>err
check "kernel recorded elsewhere, no cache: unresolved, and said so" \
	eval '! grep -q "\[k\] $ksym\$" got && grep -q "kernel samples stay unresolved" err'

# Guests (beyond Linux perf): perf kvm record --guestmount caches each
# guest's kallsyms and modules under its kernel's build-id (from its
# sys/kernel/notes) and names it in the build-id table; a report of a
# file that names those build-ids then resolves without the mount.
mkdir -p g home.g && "$SYNTH" guestcache g
GHOME=$T/home.g
HOME=$GHOME "$PERF" kvm --guest --guestmount=g/guestmount record -q -a -o g/rec.data \
	-- sleep 0.1 2>/dev/null
HOME=$GHOME "$PERF" buildid-list -i g/rec.data >got
check "guests: perf kvm record names each guest's kernel build-id" \
	eval 'grep -qxF "$(sed -n 1p g/buildids)" got && grep -qxF "$(sed -n 2p g/buildids)" got'
gk='home.g/.debug/[guest.kernel.kallsyms]'
check "guests: their kallsyms and modules cached under [guest.kernel.kallsyms]" \
	test "$(ls "$gk"/*/kallsyms "$gk"/*/modules 2>/dev/null | wc -l)" = 4
guest_rows() { # report options
	HOME=$GHOME "$PERF" kvm "$@" report -n --stdio --sort comm,dso,sym 2>/dev/null |
		awk '/^ +[0-9.]+%/ { s = $5; for (i = 6; i <= NF; i++) s = s " " $i;
				   print $2 "\t" $3 "\t" $4 "\t" s }' | sort
}
sort g/truth | awk -F'\t' '{ k = $2 "\t" $3 "\t" $4; n[k] += $1 } END { for (k in n) print n[k] "\t" k }' |
	sort >g/want
mv g/guestmount g/unmounted
guest_rows -i g/perf.data.kvm >g/got
if cmp -s g/want g/got; then
	ok "guests: without the mount, each guest resolved from the cache ($(wc -l <g/got) rows)"
else
	fail "guests: without the mount, rows differ from the ground truth"
	diff g/want g/got | head -8 | sed 's/^/    /'
fi
GHOME=$T/nohome guest_rows -i g/perf.data.kvm >g/nocache
check "guests: without the mount nor the cache, unresolved" eval '! grep -q alpha_fn0 g/nocache'
# Guest 3620 has since booted another kernel, whose symbols differ: the
# recorded kernel's come from the cache, not from its root.
mv g/unmounted g/guestmount
sed -i 's/beta_/gamma_/' g/guestmount/3620/proc/kallsyms
{ printf '\004\000\000\000\024\000\000\000\003\000\000\000GNU\000'
  printf '\303%.0s' $(seq 20); } >g/guestmount/3620/sys/kernel/notes
guest_rows --guestmount=g/guestmount -i g/perf.data.kvm >g/got
check "guests: a guest now on another kernel gets the recorded kernel's symbols" \
	eval 'cmp -s g/want g/got && ! grep -q gamma_ g/got'

# Nothing outside the cache is read, nor written, whatever a file names
# and whatever the cache's links say.
mkdir -p $W/esc home.esc outside && cp "$WORKLOADS/hot" $W/esc/hot
export HOME=$T/home.esc
"$PERF" record -q -o esc.data -- $W/esc/hot 0.2 2>/dev/null
rm $W/esc/hot
root=$HOME/.debug
lnk=$root/.build-id/${hot_bid:0:2}/${hot_bid:2}
mv "$root/$W/esc/hot/$hot_bid" "outside/$hot_bid"
no_hot() { # what: our report names no hot_a, warns of the escape
	"$PERF" report -i esc.data --stdio >got 2>err
	check "$1: not followed, and said so" \
		eval '! grep -q "hot_a" got && grep -q "leads out of $root" err'
}
ln -sfn "../../../../outside/$hot_bid" "$lnk"
no_hot "a .build-id link out of the cache through '..'"
"$ORACLE" report -i esc.data --stdio 2>/dev/null | grep -q 'hot_a$' &&
	echo "# (Linux perf 6.1 follows that link out of its cache)"
ln -sfn "$T/outside/$hot_bid" "$lnk"
no_hot "an absolute .build-id link"
mkdir -p "$root/linked"
ln -s "$T/outside" "$root/linked/dir"
ln -sfn "../../linked/dir/$hot_bid" "$lnk"
no_hot "a link through a symlinked directory of the cache"
ln -sfn "../..$W/esc/hot/$hot_bid" "$lnk"
mkdir -p "$root/$W/esc/hot/$hot_bid"
ln -s "$T/outside/$hot_bid/elf" "$root/$W/esc/hot/$hot_bid/elf"
no_hot "an entry whose elf is a symlink out"
ln -sfn "../../../../outside/$hot_bid" "$lnk"
cp "$WORKLOADS/hot" $W/esc/hot
"$PERF" buildid-cache -r $W/esc/hot 2>err
check "buildid-cache -r of a link out: the link goes, what it points to stays" \
	eval 'test ! -L "$lnk" -a -f outside/$hot_bid/elf && grep -q "led out of" err'

# A file whose DSO is named "/../../outside2": the name never makes a
# cache path ($root/../../outside2/<build-id>/elf would be outside).
rm -rf "$root" && mkdir -p $W/esc2 && cp "$WORKLOADS/hot" $W/esc2/hot
"$PERF" record -q -N -o esc2.data -- $W/esc2/hot 0.2 2>/dev/null
"$EDIT" esc2.data esc2dots.data --rename "$W/esc2/hot" /../../outside2
mkdir -p "outside2/$hot_bid" && cp "$WORKLOADS/hot" "outside2/$hot_bid/elf"
mkdir -p "$root"
"$PERF" report -i esc2dots.data --stdio >got 2>/dev/null
check "a DSO named /../../outside2: nothing read from $T/outside2" \
	eval '! grep -q hot_a got && grep -q "outside2 *\[\.\] 0x" got'

# Writing: a symlink in the cache's tree, or as its .build-id, is not
# followed; the record still succeeds and says what it could not save.
rm -rf "$root" outside3 outside4 && mkdir -p "$root" outside3 outside4
ln -s "$T/outside3" "$root/tmp"
ln -s "$T/outside4" "$root/.build-id"
"$PERF" record -o esc3.data -- $W/esc/hot 0.2 2>err
check "record with symlinks planted in the cache: succeeds, warns" \
	eval 'test -s esc3.data && grep -q "could not save" err'
check "record with symlinks planted in the cache: nothing written outside it" \
	test -z "$(find outside3 outside4 -mindepth 1)"
"$PERF" buildid-cache -a $W/esc/hot 2>err
check "buildid-cache -a through a planted symlink: refused, exit 1" \
	test $? -eq 1 -a -z "$(find outside3 outside4 -mindepth 1)" -a -n "$(grep 'in the way' err)"
finish
