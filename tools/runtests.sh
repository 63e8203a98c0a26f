#!/bin/sh
# usage: tools/runtests.sh BUILD_DIR TEST_BINARY...
# Runs every Check binary and the script checks (tests/*.sh, tests/hidden/*.sh), JOBS at
# a time (default: one per processor; the tests run their lessons with one BLAS thread).
# check_reliability, which runs every lesson several times, runs as two halves: even and
# odd lessons (AE_LESSONS). Prints a line as each test finishes (ok or FAIL, its checks,
# its time), then the output of every test that failed, and ends with one line:
# "tests: N passed, N failed" (a Check binary counts its checks, a script counts one).
# Before the tests, every lesson's --quick run is made once and shared (AE_QUICK, below).
set -u

# the lesson numbers of half H (0: 00, 02, ...; 1: 01, 03, ...)
half() { ls -d lessons/[0-9][0-9]-* | sed 's|lessons/||; s|-.*||' | awk -v h="$1" 'NR % 2 != h' | tr '\n' ' '; }

# internal: tools/runtests.sh --one BUILD_DIR OUT_DIR TEST[@HALF] runs one test, its output
# to OUT_DIR/NAME.log, Check's TAP to OUT_DIR/NAME.tap, "status passed failed" to
# OUT_DIR/NAME.done, and prints its line
if [ "$1" = --one ]; then
  build=$2; dir=$3; t=$4; name=$(basename "$t"); t0=$(date +%s.%N)
  case "$t" in *@[01]) AE_LESSONS=$(half "${t##*@}"); export AE_LESSONS; t=${t%@*} ;; esac
  case "$t" in
    *.sh) AE_BUILD="$build" sh "$t" > "$dir/$name.log" 2>&1 ;;
    *) AE_BUILD="$build" CK_TAP_LOG_FILE_NAME="$dir/$name.tap" "$t" > "$dir/$name.log" 2>&1 ;;
  esac
  status=$?
  case "$t" in
    *.sh) if [ $status -eq 0 ]; then ok=1 ko=0; else ok=0 ko=1; fi; what="" ;;
    *) ok=$(grep -c '^ok ' "$dir/$name.tap" 2>/dev/null); ko=$(grep -c '^not ok ' "$dir/$name.tap" 2>/dev/null)
       ok=${ok:-0}; ko=${ko:-0}
       [ $((ok + ko)) -gt 0 ] || ko=1   # no checks ran: a crash before the first
       what="  $((ok + ko)) checks$([ "$ko" -gt 0 ] && echo ", $ko failed")" ;;
  esac
  [ $status -eq 0 ] && [ "$ko" -eq 0 ] && verdict=ok || verdict=FAIL
  echo "$status $ok $ko" > "$dir/$name.done"
  awk -v v="$verdict" -v n="$name" -v w="$what" -v a="$t0" -v b="$(date +%s.%N)" \
    'BEGIN { printf "%-4s %-22s %6.1f s%s\n", v, n, b - a, w }'
  exit 0
fi

# internal: tools/runtests.sh --quick DIR BINARY makes BINARY's --quick run in DIR/NN-name/run,
# its stdout, stderr and exit status in DIR/NN-name/{stdout,stderr,status}, and prints its line
# (OPENBLAS_CORETYPE as tests/lessons.h sets it for the runs the tests make)
if [ "$1" = --quick ]; then
  bin=$3; name=$(basename "$bin"); q=$2/$name; t0=$(date +%s.%N)
  mkdir "$q"
  OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-Haswell} "$bin" --quick --out "$q/run" > "$q/stdout" 2> "$q/stderr"
  status=$?
  echo "$status" > "$q/status"
  awk -v n="$name" -v s="$status" -v a="$t0" -v b="$(date +%s.%N)" \
    'BEGIN { printf "run  %-22s %6.1f s  --quick%s\n", n, b - a, s == 0 ? "" : sprintf(", exit %d", s) }'
  exit 0
fi

build=$1; shift
jobs=${JOBS:-$(nproc 2>/dev/null || echo 1)}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
tests=$(for t in "$@" $(ls tests/*.sh tests/hidden/*.sh 2>/dev/null); do
          case "$t" in */check_reliability) echo "$t@0"; echo "$t@1" ;; *) echo "$t" ;; esac
        done)
echo "tests: $(echo "$tests" | wc -l) to run, $jobs at a time"

# First every lesson's --quick run, once (JOBS at a time), into $dir/quick/NN-name/run (its
# stdout, stderr and exit status beside it): the tests that check a --quick run's files read
# this one (AE_QUICK, tests/lessons.h) instead of running the same command again.
mkdir "$dir/quick"
for bin in "$build"/lessons/*/[0-9][0-9]-*; do [ -x "$bin" ] && echo "$bin"; done | sort -r |
  xargs -P "$jobs" -n 1 sh "$0" --quick "$dir/quick"
AE_QUICK="$dir/quick"; export AE_QUICK

# the slowest first, so that the queues end at about the same time
slow='grading|reliability|plots'
{ echo "$tests" | grep -E "$slow"; echo "$tests" | grep -vE "$slow"; } |
  xargs -P "$jobs" -n 1 sh "$0" --one "$build" "$dir"

pass=0; fail=0; bad=""
for t in $tests; do
  name=$(basename "$t")
  read -r status ok ko < "$dir/$name.done" 2>/dev/null || { status=1 ok=0 ko=1; }
  pass=$((pass + ok)); fail=$((fail + ko))
  if [ "$status" -ne 0 ] || [ "$ko" -gt 0 ]; then
    bad="$bad $name"
    printf '== %s\n' "$name"
    cat "$dir/$name.log" 2>/dev/null
  fi
done
[ -z "$bad" ] || printf 'failed:%s\n' "$bad"
printf 'tests: %d passed, %d failed\n' "$pass" "$fail"
[ -z "$bad" ]
