#!/bin/sh
# usage: tools/verify.sh [--runs FILE] [NN ...]                 (make book-verify [RUNS="00 10"])
#        tools/verify.sh [--runs FILE] --compare SUMMARIES [NN ...]
# Reruns the recorded run of each chapter (FILE, default book/runs.txt: every lesson, or the
# lessons named), its figures in a temporary directory, and compares the summary line it
# prints (its last line on stdout) with the recorded one, field by field. The words must be
# the same, and every number the same to the last digit printed, but the times, which it
# ignores (the value after `time` or a `*_time` word, and every value after `s_per_epoch`),
# and the fields that the record gives a tolerance ("08 tolerance gan_parzen 30"), which may
# move by that much. Prints a line per mismatch, naming the lesson and the field
# ("book-verify: lesson04: gauss0.50 ae: recorded 0.0982, now 0.0990"), then a last line;
# exits 1 on a mismatch or a failed run, 2 on bad input. A run's progress goes to stderr.
# --compare SUMMARIES runs nothing: it compares the lines "lessonNN name: ..." of a file
# (e.g. out/summaries.txt, which make claims writes) with the records.
set -u
runs=book/runs.txt summaries=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --compare) summaries=${2:?}; shift 2 ;;
    -*) echo "book-verify: unknown option $1 (usage: tools/verify.sh [--runs FILE] [--compare SUMMARIES] [NN ...])" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ -r "$runs" ] || { echo "book-verify: cannot read $runs (the recorded runs)" >&2; exit 2; }
[ -z "$summaries" ] || [ -r "$summaries" ] || { echo "book-verify: cannot read $summaries" >&2; exit 2; }
recorded=$(awk '$1 ~ /^[0-9][0-9]$/ && $2 == "summary" { print $1 }' "$runs")
lessons=${*:-$recorded}
for n in $lessons; do
  echo "$recorded" | grep -qx -- "$n" ||
    { echo "book-verify: $runs has no recorded run of lesson $n (recorded: $(echo "$recorded" | paste -sd ' ' -))" >&2; exit 2; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# the runs: each command as typed in a shell, without the variables of a make that called
# this (ARGS, OUT, SOLUTION, MAKELEVEL, ...), its output in $tmp; in $tmp/info, "NN kernel
# NAME" (the OpenBLAS kernels the run's first line names) or "NN failed"
if [ -z "$summaries" ]; then
  summaries=$tmp/summaries
  : > "$summaries"
  for n in $lessons; do
    cmd=$(awk -v n="$n" '$1 == n && $2 == "command" { sub(/^[^ ]+ +[^ ]+ +/, ""); print }' "$runs")
    printf 'book-verify: lesson%s: %s ...' "$n" "$cmd" >&2
    t0=$(date +%s.%N)
    env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS -u ARGS -u FORMAT -u SOLUTION -u SAN -u WERROR -u BLAS \
      OUT="$tmp/$n" sh -c "$cmd" > "$tmp/$n.out" 2> "$tmp/$n.err"
    status=$?
    wall=$(awk -v n="$n" '$1 == n && $2 == "wall" { print $3 }' "$runs")
    awk -v a="$t0" -v b="$(date +%s.%N)" -v w="$wall" \
      'BEGIN { printf " %.1f s of wall time (recorded %s s)\n", b - a, w }' >&2
    if [ $status -ne 0 ]; then
      echo "book-verify: lesson$n: \`$cmd\` failed (exit $status): $(tail -n 1 "$tmp/$n.err")"
      echo "$n failed" >> "$tmp/info"; continue
    fi
    tail -n 1 "$tmp/$n.out" >> "$summaries"
    echo "$n kernel $(grep -m 1 -oE '[A-Za-z0-9]+ MAX_THREADS' "$tmp/$n.err" | cut -d' ' -f1)" >> "$tmp/info"
  done
fi
touch "$tmp/info"

awk -v lessons="$lessons" -v runs="$runs" '
function isnum(t) { return t ~ /^[(]?[-+]?[0-9.]+(e[-+]?[0-9]+)?([-+\/][-+]?[0-9.]+(e[-+]?[0-9]+)?)*(%|s|deg)?[,;)]*$/ }
function bare(t) { sub(/^[(]/, "", t); sub(/[,;)]+$/, "", t); sub(/(%|s|deg)$/, "", t); return t }
function plain(t) { return bare(t) ~ /^[-+]?[0-9.]+(e[-+]?[0-9]+)?$/ }
function report(n, what) { printf "book-verify: lesson%s: %s\n", n, what; bad[n] = 1; mismatches++ }
# the fields of the line got against those of the recorded line rec
function compare(n, rec, got,   a, b, na, nb, i, word, ctx, timing, d, t) {
  na = split(rec, a, " "); nb = split(got, b, " "); ctx = ""; word = ""; timing = 0
  for (i = 1; i <= na && i <= nb; i++) {
    if (!isnum(a[i])) {                        # a word: the same word, or the line changed
      if (b[i] != a[i]) { report(n, sprintf("field %d is \"%s\", recorded \"%s\": the line itself changed", i, b[i], a[i])); return }
      ctx = word != "" ? word " " a[i] : a[i]; word = i > 2 ? a[i] : ""   # not "lessonNN name:"
      if (a[i] == "s_per_epoch") timing = 1
      continue
    }
    if (ctx == "") ctx = "field " i
    if (!isnum(b[i])) { report(n, sprintf("%s: recorded %s, now \"%s\"", ctx, a[i], b[i])); return }
    if (!timing && word != "time" && word !~ /_time$/ && b[i] != a[i]) {
      t = (n SUBSEP word) in tol ? tol[n, word] : ""
      d = bare(a[i]) - bare(b[i]); if (d < 0) d = -d
      if (t == "" || !plain(a[i]) || !plain(b[i]) || d > t * (1 + 1e-9))
        report(n, sprintf("%s: recorded %s, now %s%s", ctx, a[i], b[i], t == "" ? "" : " (tolerance " t ")"))
    }
    ctx = ""; word = ""
  }
  if (na != nb) report(n, sprintf("the line has %d fields, the recorded one %d: the line itself changed", nb, na))
}
FILENAME == runs && $1 !~ /^[0-9][0-9]$/ && $1 != "blas" { next }
FILENAME == runs && $2 == "summary" { line = $0; sub(/^[^ ]+ +[^ ]+ +/, "", line); rec[$1] = line }
FILENAME == runs && $2 == "tolerance" { tol[$1, $3] = $4 }
FILENAME == runs && $1 == "blas" { blas = $2 }
FILENAME != runs && $2 == "kernel" { kernel[$1] = $3 }
FILENAME != runs && $2 == "failed" { failed[$1] = 1; nfailed++ }
FILENAME != runs && /^lesson[0-9][0-9] / { got[substr($1, 7, 2)] = $0 }
END {
  n_all = split(lessons, todo, " ")
  for (i = 1; i <= n_all; i++) {
    n = todo[i]
    if (n in failed) { bad[n] = 1; continue }
    if (!(n in got)) { report(n, "no summary line"); continue }
    compare(n, rec[n], got[n])
    if (kernel[n] != "" && blas != "" && kernel[n] != blas)
      printf "book-verify: lesson%s: note: this run used OpenBLAS'"'"'s %s kernels, the recorded one %s: the last digits may differ\n", n, kernel[n], blas
  }
  for (n in bad) nbad++
  if (nbad) printf "book-verify: %d mismatch%s, %d of %d recorded runs differ (times ignored)\n", mismatches + nfailed, mismatches + nfailed == 1 ? "" : "es", nbad, n_all
  else printf "book-verify: %d of %d recorded runs match their summary lines (times ignored)\n", n_all, n_all
  exit nbad ? 1 : 0
}' "$runs" "$summaries" "$tmp/info"
