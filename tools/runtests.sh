#!/bin/sh
# usage: tools/runtests.sh BUILD_DIR TEST_BINARY...
# Runs every Check binary (each prints Check's own summary) and the script checks
# (tests/*.sh, tests/hidden/*.sh), JOBS at a time (default: one per processor; the
# tests run their lessons with one BLAS thread). check_reliability, which runs every
# lesson several times, runs as two halves: even and odd lessons (AE_LESSONS).
# Prints each one's output in the order given, with its time, and ends with one
# line: "tests: N passed, N failed".
set -u

# the lesson numbers of half H (0: 00, 02, ...; 1: 01, 03, ...)
half() { ls -d lessons/[0-9][0-9]-* | sed 's|lessons/||; s|-.*||' | awk -v h="$1" 'NR % 2 != h' | tr '\n' ' '; }

# internal: tools/runtests.sh --one BUILD_DIR OUT_DIR TEST[@HALF] runs one test, its output
# to OUT_DIR/NAME.log, Check's TAP to OUT_DIR/NAME.tap, "status seconds" to OUT_DIR/NAME.done
if [ "$1" = --one ]; then
  build=$2; dir=$3; t=$4; name=$(basename "$t"); t0=$(date +%s.%N)
  case "$t" in *@[01]) AE_LESSONS=$(half "${t##*@}"); export AE_LESSONS; t=${t%@*} ;; esac
  case "$t" in
    *.sh) AE_BUILD="$build" sh "$t" > "$dir/$name.log" 2>&1 ;;
    *) AE_BUILD="$build" CK_TAP_LOG_FILE_NAME="$dir/$name.tap" "$t" > "$dir/$name.log" 2>&1 ;;
  esac
  status=$?
  awk -v s="$status" -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%d %.1f\n", s, b - a }' > "$dir/$name.done"
  exit 0
fi

build=$1; shift
jobs=${JOBS:-$(nproc 2>/dev/null || echo 1)}
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
tests=$(for t in "$@" $(ls tests/*.sh tests/hidden/*.sh 2>/dev/null); do
          case "$t" in */check_reliability) echo "$t@0"; echo "$t@1" ;; *) echo "$t" ;; esac
        done)

# the slowest first, so that the queues end at about the same time
slow='grading|reliability|plots'
{ echo "$tests" | grep -E "$slow"; echo "$tests" | grep -vE "$slow"; } |
  xargs -P "$jobs" -n 1 sh "$0" --one "$build" "$dir"

pass=0; fail=0; bad=""
for t in $tests; do
  name=$(basename "$t")
  printf '== %s\n' "$name"
  cat "$dir/$name.log" 2>/dev/null
  read -r status secs < "$dir/$name.done" 2>/dev/null || { status=1; secs=?; }
  printf '   (%s: %s s)\n' "$name" "$secs"
  case "$t" in
    *.sh)
      if [ "$status" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); bad="$bad $name"; fi ;;
    *)
      [ "$status" -eq 0 ] || bad="$bad $name"
      if [ -s "$dir/$name.tap" ]; then
        pass=$((pass + $(grep -c '^ok ' "$dir/$name.tap")))
        fail=$((fail + $(grep -c '^not ok ' "$dir/$name.tap")))
      else
        fail=$((fail + 1)); bad="$bad $name(no-output)"
      fi ;;
  esac
done
[ -z "$bad" ] || printf 'failed:%s\n' "$bad"
printf 'tests: %d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ] && [ -z "$bad" ]
