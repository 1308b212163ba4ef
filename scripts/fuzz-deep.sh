#!/bin/sh
# fuzz-deep.sh - every fuzz target of `make fuzz` (libFuzzer, ASan + UBSan)
# for SECONDS each, one after the other, at nice 19, and what it found kept
# in fuzz/corpus/ (issue 21: fuzzing at depth).
#
#   sh scripts/fuzz-deep.sh [SECONDS] [TARGET...]   (default 120 s, every target)
#
# FUZZ_RUNS=N stops a target earlier, after N executions (the issue's depth:
# FUZZ_RUNS=10000000 with SECONDS 1800 is "10 million or 30 minutes").
#
# Builds the targets as `make fuzz` does (the same library and clang line;
# `make fuzz` itself would also run each for FUZZ_SECONDS).  Each run writes new
# inputs to build/fuzz/scratch/NAME; afterwards they are merged into
# fuzz/corpus/NAME with -merge=1 (only inputs that add coverage are kept,
# so the committed corpus stays small).  A crash is saved as
# fuzz/corpus/NAME/crash-<sha1> (give it a telling name; replayed by `make test-fuzz-replay` from then
# on) and makes the exit status 1.  Prints one line per target:
#   fuzz NAME runs=N seconds=S execs_per_s=R corpus_before=A corpus_after=B crash=0|1
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-120}
[ $# -gt 0 ] && shift
FUZZ_MAKE="BUILD=build/fuzz CC=clang OPT=-O1"
# shellcheck disable=SC2086  # the make variables are separate words
nice -n 19 make -s -j2 $FUZZ_MAKE EXTRA_CFLAGS='-fsanitize=fuzzer-no-link,address,undefined' \
	EXTRA_LDFLAGS='-fsanitize=address,undefined' build/fuzz/libntm.a >&2 || exit 2
# shellcheck disable=SC2086,SC2016
LDLIBS=$(make -s $FUZZ_MAKE --eval 'fuzz-ldlibs: ; @echo $(LDLIBS)' fuzz-ldlibs)
TARGETS=${*:-$(for f in fuzz/fuzz_*.c; do basename "$f" .c; done)}
mkdir -p build/fuzz/bin
for n in $TARGETS; do
	[ -x "build/fuzz/bin/$n" ] && [ -z "$(find "fuzz/$n.c" build/fuzz/libntm.a -newer "build/fuzz/bin/$n")" ] && continue
	# shellcheck disable=SC2086
	nice -n 19 clang -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -Isrc -Ibuild/fuzz/gen \
		-fsanitize=fuzzer,address,undefined -o "build/fuzz/bin/$n" "fuzz/$n.c" build/fuzz/libntm.a $LDLIBS || exit 2
done
STATUS=0
for n in $TARGETS; do
	c=fuzz/corpus/${n#fuzz_}
	s=build/fuzz/scratch/$n
	mkdir -p "$c" "$s"
	before=$(find "$c" -type f | wc -l)
	log=build/fuzz/$n.log
	crash=0
	nice -n 19 "build/fuzz/bin/$n" -max_total_time="$SECONDS_EACH" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -max_len=4096 \
		-print_final_stats=1 -artifact_prefix="$c/" "$s" "$c" >"$log" 2>&1 || crash=1
	# keep what adds coverage, in the committed corpus
	nice -n 19 "build/fuzz/bin/$n" -merge=1 -max_len=4096 -artifact_prefix="$s/" "$c" "$s" >"$log.merge" 2>&1 || true
	after=$(find "$c" -type f | wc -l)
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
	[ -n "$secs" ] || secs=$SECONDS_EACH
	rate=$(awk -v r="${runs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? r / s : 0) }')
	echo "fuzz $n runs=${runs:-0} seconds=$secs execs_per_s=$rate corpus_before=$before corpus_after=$after crash=$crash"
	if [ "$crash" = 1 ]; then
		STATUS=1
		grep -E "ERROR|SUMMARY|runtime error" "$log" | head -5 >&2
	fi
done
exit "$STATUS"
