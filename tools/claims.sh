#!/bin/sh
# usage: tools/claims.sh CLAIMS SUMMARIES
# Checks each claim of CLAIMS (bench/claims.txt: lesson | figure | claim | pattern | test) on
# the summary line of its lesson in SUMMARIES (lines "lessonNN name: ..."; the last one of a
# lesson counts). Prints a line per claim (ok or FAIL, the lesson, the figure, the numbers,
# the claim) and exits 1 if any claim fails, is missing its summary line, or its pattern
# does not match.
set -u
claims=$1 summaries=$2
[ -r "$claims" ] && [ -r "$summaries" ] || { echo "claims: cannot read $claims or $summaries" >&2; exit 2; }
fail=0
tab=$(printf '\t') d=$(printf '\001')   # d: sed's delimiter (a pattern may hold "/")
# the claims without comments, fields split at " | " into tabs
sed -e '/^#/d' -e '/^[ \t]*$/d' -e "s/ | /$tab/g" "$claims" > "${TMPDIR:-/tmp}/claims.$$"
trap 'rm -f "${TMPDIR:-/tmp}/claims.$$"' EXIT
while IFS="$tab" read -r lesson figure claim pattern test; do
  line=$(grep "^lesson$lesson " "$summaries" | tail -n 1)
  if [ -z "$line" ]; then
    printf 'FAIL %s %-14s no summary line of lesson %s\n' "$lesson" "$figure" "$lesson"; fail=1; continue
  fi
  # the pattern's groups \1 ... \n: one for each "(" not escaped
  n=$(printf '%s' "$pattern" | sed 's/\\(//g' | tr -cd '(' | wc -c)
  refs="" names="" i=1   # sed's \1 \2 ...; awk's v1 = ARGV[1] + 0; ...
  while [ "$i" -le "$n" ]; do refs="$refs\\$i " names="${names}v$i = ARGV[$i] + 0; " i=$((i + 1)); done
  values=$(printf '%s\n' "$line" | sed -nE "s$d.*$pattern.*$d$refs${d}p")
  if [ -z "$values" ]; then
    printf 'FAIL %s %-14s the summary line does not match /%s/\n' "$lesson" "$figure" "$pattern"; fail=1; continue
  fi
  # shellcheck disable=SC2086  # the values are words
  if awk "BEGIN { $names exit !($test) }" $values; then
    verdict=ok
  else
    verdict=FAIL; fail=1
  fi
  printf '%-4s %s %-14s %-28s %s\n' "$verdict" "$lesson" "$figure" "$(echo $values)" "$claim"
done < "${TMPDIR:-/tmp}/claims.$$"
exit $fail
