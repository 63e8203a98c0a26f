#!/bin/sh
# usage: tests/valgrind/run.sh BINARY...   (make valgrind)
# Each binary under valgrind's memcheck, two at a time: a lesson (build/.../lessons/NN-name/NN-name)
# as --quick --epochs 1 into a temporary directory, a Check suite as it is. Any memory error or
# a definite or indirect leak fails it (--error-exitcode). One line per binary, then
# "valgrind: N passed, N failed"; the log of a failure is printed and kept in build/valgrind/.
set -u
logs=build/valgrind
mkdir -p "$logs"
one() {   # BINARY -> "ok NAME SECONDS" or "FAIL NAME ..." on stdout
  bin=$1; name=$(basename "$bin"); log=$logs/$name.log; t0=$(date +%s)
  case $bin in
    */lessons/*) out=$(mktemp -d); set -- --quick --out "$out"
                 "$bin" --help | grep -q -- '--epochs ' && set -- "$@" --epochs 1 ;;
    *) out=""; set -- ;;   # a Check suite: its timeouts stretched for valgrind
  esac
  # OpenBLAS's SSE3 kernels: valgrind emulates the FMA of the Haswell ones about 9x slower
  CK_TIMEOUT_MULTIPLIER=30 OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE=Prescott valgrind -q --error-exitcode=99 --leak-check=full \
    --suppressions=tests/valgrind/openblas.supp \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    "$bin" "$@" > "$log" 2>&1
  rc=$?
  [ -n "$out" ] && rm -rf "$out"
  if [ $rc -eq 0 ]; then echo "ok $name $(( $(date +%s) - t0 ))"
  else echo "FAIL $name exit $rc (log: $log)"; fi
}
if [ "${1:-}" = --one ]; then shift; one "$1"; exit 0; fi
results=$(printf '%s\n' "$@" | xargs -P 2 -I{} sh "$0" --one {})
echo "$results" | awk '/^ok/ { printf "valgrind %-20s clean (%d s)\n", $2, $3 } /^FAIL/ { print "valgrind " substr($0, 6) }'
for f in $(echo "$results" | awk '/^FAIL/ { print $2 }'); do tail -30 "$logs/$f.log"; done
pass=$(echo "$results" | grep -c '^ok'); fail=$(echo "$results" | grep -c '^FAIL')
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
