#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Damaged perf.data files: a clear "FILE: offset N: what" error and a
# non-zero exit, never a crash.  The fuzz tool runs the whole pipeline
# in process, so the sanitizer build checks every read.
. "$(dirname "$0")/lib.sh"

TOOLS=${TEST_TOOLS:-$(dirname "$PERF")/tests/tools}
mkdir d
"$TOOLS/synth-guest" default d
"$TOOLS/report-fuzz" d/perf.data.kvm d/kallsyms
"$PERF" record -q -e cpu-clock -c 200000 -o small.data -- "$WORKLOADS/hot" 0.2 2>/dev/null
"$TOOLS/report-fuzz" small.data d/kallsyms

expect() { # what pattern file
	"$PERF" report --stdio -i "$3" >out 2>err
	local rc=$?
	if [ $rc -eq 1 ] && grep -q "^Error: $3: $2" err; then
		ok "$1"
	else
		fail "$1 (rc $rc: $(head -c 200 err))"
	fi
}

cp small.data magic.data; printf 'XERFILE2' | dd of=magic.data conv=notrunc 2>/dev/null
expect "wrong magic" "offset 0: bad magic" magic.data
head -c 50 small.data >short.data
expect "file shorter than a header" "offset 0: file of 50 bytes" short.data
size=$(stat -c %s small.data)
head -c $((size / 2)) small.data >half.data
expect "truncated file" "offset 48: data section" half.data
cp small.data attr.data; printf '\xff\xff\xff\x7f' | dd of=attr.data bs=1 seek=16 conv=notrunc 2>/dev/null
expect "absurd attr size" "offset 16: attr size" attr.data
: >empty.data
expect "empty file" "offset 0: the file is empty" empty.data
# perf record --threads writes a directory: not read, and said so.
if "$ORACLE" record -q --threads -e cpu-clock -o dir.data -- "$WORKLOADS/hot" 0.1 2>/dev/null; then
	expect "perf record --threads's directory: named as one" \
		"is a directory (perf record --threads" dir.data
else
	skip "this perf has no record --threads to write a directory"
fi
"$PERF" report --stdio -i /nonexistent.data >out 2>err
check "missing file: named, non-zero exit" grep -q 'cannot open /nonexistent.data: No such file' err

# A killed record leaves data size 0: read to the end, with a warning.
"$PERF" record -q -a -o killed.data -- "$WORKLOADS/hot" 3 2>/dev/null &
sleep 1.5
kill -9 $!
wait $! 2>/dev/null
pkill -f "$WORKLOADS/hot 3" 2>/dev/null
"$PERF" report --stdio -i killed.data >killed.out 2>killed.err
check "killed record: read anyway (exit 0)" test $? -eq 0
check "killed record: warned that the data size is 0" grep -q 'data size is 0' killed.err
check "killed record: samples found ($(grep -c '%' killed.out) rows)" grep -q 'hot_a' killed.out

# A file whose MMAP names a FIFO (or a device): symbols are looked for
# only in regular files, or the report would wait for a writer forever.
old="$WORKLOADS/hot"
fifo=$T/$(printf '%*s' $((${#old} - ${#T} - 1)) '' | tr ' ' f)
if [ ${#fifo} -eq ${#old} ] && mkfifo "$fifo"; then
	OLD=$old NEW=$fifo perl -0777 -pe 's/\Q$ENV{OLD}\E\0/$ENV{NEW}\0/g' small.data >fifo.data
	timeout 20 "$PERF" report --stdio -i fifo.data >fifo.out 2>fifo.err
	rc=$?
	check "an MMAP naming a FIFO: read without waiting on it (exit $rc)" \
		eval 'test $rc -eq 0 && grep -q "${fifo##*/}" fifo.out'
else
	skip "an MMAP naming a FIFO: no FIFO path as long as $old"
fi
finish
