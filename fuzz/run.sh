#!/bin/sh
# usage: fuzz/run.sh SECONDS [NAME...]   fuzz each parser for SECONDS from fuzz/corpus (make fuzz)
#        fuzz/run.sh --runs N [NAME...]  N executions each from the corpus and fresh seeds
#                                        (fuzz/seeds.sh), then minimise into fuzz/corpus/NAME
# The harnesses are build/fuzz/NAME (fuzz/NAME.c). One at a time, at nice 19. A crash, a
# hang (10 s) or a sanitizer report stops the script with exit 1; the input is kept as
# build/fuzz/crash-NAME-* (make it a regression test in tests/check_parsers.c).
set -u
mode=time; budget=$1; shift
if [ "$budget" = --runs ]; then mode=runs; budget=$1; shift; fi
names=${*:-$(for f in fuzz/*.c; do basename "$f" .c; done)}
if [ "$mode" = runs ]; then
  rm -rf build/fuzz/seeds && sh fuzz/seeds.sh build/fuzz/seeds || exit 1
fi
status=0
for n in $names; do
  bin=build/fuzz/$n work=build/fuzz/work/$n log=build/fuzz/$n.log
  mkdir -p "$work" "fuzz/corpus/$n"
  if [ "$mode" = time ]; then limit="-max_total_time=$budget"; extra=""
  else limit="-runs=$budget"; extra=build/fuzz/seeds/$n; fi
  # new inputs go to $work; fuzz/corpus is only read (it changes below, by a merge)
  nice -n 19 "$bin" $limit -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/crash-$n-" "$work" "fuzz/corpus/$n" $extra > "$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
  if [ $rc -ne 0 ]; then
    echo "fuzz $n: FAILED after ${runs:-?} runs (exit $rc); the input: build/fuzz/crash-$n-*; log: $log" >&2
    grep -E 'ERROR|SUMMARY|runtime error|fuzz:' "$log" | head -5 >&2
    status=1
    continue
  fi
  if [ "$mode" = runs ]; then   # minimise: the smallest set with the same coverage
    rm -rf "fuzz/corpus/$n.new" && mkdir -p "fuzz/corpus/$n.new"
    nice -n 19 "$bin" -merge=1 -max_len=8192 "fuzz/corpus/$n.new" "fuzz/corpus/$n" "$work" \
      >> "$log" 2>&1 && rm -rf "fuzz/corpus/$n" && mv "fuzz/corpus/$n.new" "fuzz/corpus/$n"
  fi
  echo "fuzz $n: $runs runs in ${secs:-?} s, no crash; corpus $(ls "fuzz/corpus/$n" | wc -l) files"
done
exit $status
