#!/bin/sh
# usage: tools/grade.sh BUILD_DIR SUBMISSION POINTS_FILE RUNNER...
#   (CC, CPPFLAGS, CFLAGS, LDFLAGS and LDLIBS come from make grade)
# Scores the exercises.c files of the tree SUBMISSION (grading/README.md):
#   - results.json ($RESULTS) is removed first, so that a verdict never outlives its grading;
#   - each lesson's exercises.c is compiled alone (as nobody when run as root) and
#     linked into that lesson's probe; a compile or link error costs that lesson's
#     exercises only and is reported in results.json;
#   - each runner (tests/hidden/check_exNN.c, never linked with the submission) calls
#     the exercises through its probe, in another process, and writes its verdicts
#     (Check's TAP) into a directory of the grader's that the probe cannot reach;
#   - each exercise is one Check TCase (named as in POINTS_FILE); its points are shared
#     by its checks (partial credit). The report on stdout gives each failure's message;
#     results.json, which the student sees, names the failed checks only (a message can
#     hold the expected value). Exit status 1 below full marks.
set -u
build=$1 sub=$2 points=$3; shift 3
results=${RESULTS:-results.json}   # where the verdict goes (make grade RESULTS=...)
rm -f "$results"
[ -d "$sub/lessons" ] || { echo "grade: $sub has no lessons/ directory (SUBMISSION= a student tree)" >&2; exit 2; }
work=$(mktemp -d) || exit 2
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
trap 'exit 2' INT TERM HUP
: > "$work/all.tap"
: > "$work/notes"
as_nobody=""
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
  as_nobody="setpriv --reuid=nobody --regid=nogroup --clear-groups --"
top=$(pwd)

for runner in "$@"; do
  n=${runner##*check_ex}
  d="$work/$n"
  mkdir "$d" && chmod 755 "$d"
  les=$(ls -d lessons/"$n"-* 2>/dev/null | head -n 1)
  src=$(ls "$sub"/lessons/"$n"-*/exercises.c 2>/dev/null | head -n 1)
  note=""
  if [ -z "$src" ]; then
    note="lessons/$n-*/exercises.c is missing"
  else
    mkdir "$d/src" && chmod 777 "$d/src"   # the compiler, as nobody, writes here; the verdicts stay in $d
    cp "$les/exercises.h" "$d/src/exercises.h" && cp "$src" "$d/src/exercises.c" && chmod 644 "$d"/src/exercises.*
    # shellcheck disable=SC2086  # the flags are lists
    if ! (cd "$d/src" && $as_nobody $CC $CPPFLAGS -I"$top/lib" $CFLAGS -c exercises.c -o exercises.o) > "$d/cc.log" 2>&1; then
      note="exercises.c does not compile: $(grep -m 3 'error' "$d/cc.log" | tr '\n\t' '  ')"
    elif ! $CC $LDFLAGS -Wl,--allow-multiple-definition "$build/grading/poison_$n.o" "$build/grading/serve_$n.o" \
           "$build/grading/serve.o" "$build/grading/wire.o" "$d/src/exercises.o" "$build/libae.a" -o "$d/probe_$n" \
           $LDLIBS > "$d/ld.log" 2>&1; then
      note="exercises.c does not link: $(grep -m 3 -E 'error|undefined' "$d/ld.log" | tr '\n\t' '  ')"
    fi
  fi
  [ -z "$note" ] || printf '%s\t%s\n' "$n" "$note" >> "$work/notes"
  (cd "$d" && AE_PROBE_DIR="$d" CK_TAP_LOG_FILE_NAME="$d/tap" CK_FORK=yes CK_VERBOSITY=silent \
     timeout 300 "$top/$runner" > /dev/null 2>&1)
  cat "$d/tap" >> "$work/all.tap" 2>/dev/null
done

awk -v json="$work/results.json" -v notes="$work/notes" '
  function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); gsub(/[\001-\037]/, " ", s); return s }
  BEGIN { while ((getline line < notes) > 0) { split(line, f, "\t"); note[f[1]] = f[2] } }
  FNR == NR {                               # TAP: "ok 3 - file.c:tcase:test: msg"
    if ($0 ~ /^(not )?ok /) {
      rest = $0; sub(/^(not )?ok [0-9]+ - /, "", rest)
      split(rest, f, ":"); tc = f[2]
      total[tc]++; if ($0 ~ /^ok /) pass[tc]++
      if ($0 ~ /^not ok/) {
        m = rest; sub(/^[^:]*:[^:]*:/, "", m); why[tc] = why[tc] "    " m "\n"
        t = m; sub(/:.*/, "", t); failed[tc] = failed[tc] (failed[tc] == "" ? "" : ", ") t
      }
    }
    next
  }
  /^#/ || NF < 2 { next }
  {
    tc = $1; pts = $2; title = $3; for (i = 4; i <= NF; i++) title = title " " $i
    n = total[tc] + 0; p = pass[tc] + 0
    got = n ? pts * p / n : 0
    les = substr(tc, 3, 2)
    printf "%-22s %-40s %5.2f / %-3d %s\n", tc, title, got, pts, n ? sprintf("(%d/%d checks)", p, n) : "(not run)"
    out = sprintf("%d/%d checks passed", p, n)
    if (les in note) { printf "    lesson %s: %s\n", les, note[les]; out = "lesson " les ": " note[les] }
    else if (why[tc] != "") printf "%s", why[tc]
    if (failed[tc] != "" && !(les in note)) out = out "; failed: " failed[tc]   # names, not expected values
    score += got; max += pts; ne++
    if (n && p == n) np++; else nfail++
    js = js sprintf("%s{\"name\": \"%s: %s\", \"score\": %.2f, \"max_score\": %d, \"output\": \"%s\"}",
                    (ne > 1 ? ", " : ""), tc, esc(title), got, pts, esc(out))
  }
  END {
    printf "Score: %.2f/%d\n", score, max
    printf "%d passed, %d failed\n", np, nfail
    printf "{\"score\": %.2f, \"tests\": [%s]}\n", score, js > json
    exit (score < max)
  }' "$work/all.tap" "$points"
status=$?
cp "$work/results.json" "$results.tmp" && mv -f "$results.tmp" "$results"
exit $status
