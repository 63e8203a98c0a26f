#!/bin/sh
# usage: tools/grade.sh POINTS_FILE TEST_BINARY...   -> per-exercise score, results.json
# Each exercise is one Check TCase (named as in POINTS_FILE); its points are
# shared by its checks (partial credit). Exit status 1 below full marks.
set -u
points=$1; shift
tap=$(mktemp); trap 'rm -f "$tap" "$tap.all"' EXIT
: > "$tap.all"
for bin in "$@"; do
  if [ -x "$bin" ]; then
    CK_TAP_LOG_FILE_NAME="$tap" CK_VERBOSITY=silent CK_FORK=yes "$bin" >/dev/null 2>&1
    cat "$tap" >> "$tap.all"
  else
    echo "grade: $bin was not built (compile error?)" >&2
  fi
done
awk -v json=results.json '
  FNR == NR {                               # TAP: "ok 3 - file.c:tcase:test: msg"
    if ($0 ~ /^(not )?ok /) {
      rest = $0; sub(/^(not )?ok [0-9]+ - /, "", rest)
      split(rest, f, ":"); tc = f[2]
      total[tc]++; if ($0 ~ /^ok /) pass[tc]++
      if ($0 ~ /^not ok/) { m = rest; sub(/^[^:]*:[^:]*:/, "", m); why[tc] = why[tc] "    " m "\n" }
    }
    next
  }
  /^#/ || NF < 2 { next }
  {
    tc = $1; pts = $2; title = $3; for (i = 4; i <= NF; i++) title = title " " $i
    n = total[tc] + 0; p = pass[tc] + 0
    got = n ? pts * p / n : 0
    printf "%-22s %-40s %5.2f / %-3d %s\n", tc, title, got, pts, n ? sprintf("(%d/%d checks)", p, n) : "(not run)"
    if (why[tc] != "") printf "%s", why[tc]
    score += got; max += pts; ne++
    if (n && p == n) np++; else nfail++
    js = js sprintf("%s{\"name\": \"%s: %s\", \"score\": %.2f, \"max_score\": %d, \"output\": \"%d/%d checks passed\"}",
                    (ne > 1 ? ", " : ""), tc, title, got, pts, p, n)
  }
  END {
    printf "Score: %.2f/%d\n", score, max
    printf "%d passed, %d failed\n", np, nfail
    printf "{\"score\": %.2f, \"tests\": [%s]}\n", score, js > json
    exit (score < max)
  }' "$tap.all" "$points"
