#!/bin/sh
# usage: tools/runtests.sh BUILD_DIR TEST_BINARY...
# Runs every Check binary (each prints Check's own summary), then the script
# checks (tests/*.sh), and ends with one line: "tests: N passed, N failed".
set -u
build=$1; shift
tap=$(mktemp); trap 'rm -f "$tap"' EXIT
pass=0; fail=0; bad=""
count() {   # add the ok / not ok lines of a TAP file to the totals
  p=$(grep -c '^ok ' "$1"); f=$(grep -c '^not ok ' "$1")
  pass=$((pass + p)); fail=$((fail + f))
}
for t in "$@"; do
  name=$(basename "$t")
  printf '== %s\n' "$name"
  : > "$tap"
  if ! AE_BUILD="$build" CK_TAP_LOG_FILE_NAME="$tap" "$t"; then bad="$bad $name"; fi
  if [ ! -s "$tap" ]; then fail=$((fail + 1)); bad="$bad $name(no-output)"; else count "$tap"; fi
done
for s in tests/*.sh tests/hidden/*.sh; do
  [ -e "$s" ] || continue
  name=$(basename "$s")
  printf '== %s\n' "$name"
  if AE_BUILD="$build" sh "$s"; then pass=$((pass + 1)); else fail=$((fail + 1)); bad="$bad $name"; fi
done
[ -z "$bad" ] || printf 'failed:%s\n' "$bad"
printf 'tests: %d passed, %d failed\n' "$pass" "$fail"
[ "$fail" -eq 0 ] && [ -z "$bad" ]
