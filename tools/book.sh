#!/bin/sh
# usage: tools/book.sh check|sync BOOK.md [RUNS]
# BOOK.md includes code from the sources by name. A placeholder line
#     <!-- BOOK: dense_backward lib/dense.c -->
# is followed by a fenced block holding the lines between the whole-line
# comments `/* BOOK: dense_backward */` and `/* END BOOK */` of lib/dense.c
# (`# BOOK: name` / `# END BOOK` in gnuplot scripts and Makefiles). A C region is shown as
# `unifdef -DSOLUTION` leaves it: the solution without its #ifdef scaffolding (in the
# student tree, whose sources hold the stubs only, the stubs).
# It includes each chapter's recorded run from RUNS (book/runs.txt) too: the lines between
#     <!-- RUN: 07 -->   and   <!-- END RUN -->
# are the sentence that says what lesson 07's run took and the summary line it printed.
# sync rewrites every block from its source; check fails on any difference, on a run time
# ("N s of wall time") stated outside the RUN blocks, and on an equation number (n.m, N.m
# for Notation, A.m for the appendix) cited in a comment of lib/ or lessons/ that the book
# does not label (a label ends a line of displayed math outside the code blocks).
set -u
mode=${1:-check}; book=${2:-BOOK.md}; runs=${3:-book/runs.txt}
case $mode in check|sync) ;; *) echo "usage: tools/book.sh check|sync BOOK.md [RUNS]" >&2; exit 2 ;; esac
[ -r "$book" ] || { echo "book: cannot read $book" >&2; exit 2; }
[ -r "$runs" ] || { echo "book: cannot read $runs (the recorded runs)" >&2; exit 2; }
command -v unifdef >/dev/null || { echo "book: unifdef is not installed (make deps)" >&2; exit 2; }
out=$(mktemp "$book.XXXXXX") || exit 2; trap 'rm -f "$out"' EXIT
awk -v mode="$mode" -v bookname="$book" -v runs="$runs" '
function lang(file) { return file ~ /\.[ch]$/ ? "c" : file ~ /\.gp$/ ? "gnuplot" : file ~ /\.sh$/ ? "sh" : "make" }
function region(file, name,   line, on, text, found, rc, src) {
  if ((getline line < file) < 0) { printf "book: %s: cannot read %s\n", bookname, file > "/dev/stderr"; errors++; return "" }
  close(file)
  # C sources as the instructor reads them: the SOLUTION branches kept, the stubs dropped
  src = file ~ /\.[ch]$/ ? "unifdef -x2 -DSOLUTION " file : ""
  on = 0; text = ""; found = 0
  while ((rc = (src != "" ? (src | getline line) : (getline line < file))) > 0) {
    if (!found && line ~ ("^[ \t]*(/[*]|#) BOOK: " name "( [*]/)?[ \t]*$")) { on = 1; found = 1; continue }
    if (on && line ~ /^[ \t]*(\/[*]|#) END BOOK( [*]\/)?[ \t]*$/) { on = 0; continue }
    if (on) text = text line "\n"
  }
  if ((src != "" ? close(src) : close(file)) != 0 || rc < 0) {
    printf "book: %s: cannot read %s through unifdef\n", bookname, file > "/dev/stderr"; errors++; return ""
  }
  if (!found) { printf "book: %s: no region \"%s\" in %s\n", bookname, name, file > "/dev/stderr"; errors++ }
  else if (on) { printf "book: %s: region \"%s\" in %s has no END BOOK\n", bookname, name, file > "/dev/stderr"; errors++ }
  return text
}
# s in lines of at most 90 characters
function wrap(s,   w, n, i, line, text) {
  n = split(s, w, " "); line = ""; text = ""
  for (i = 1; i <= n; i++)
    if (line != "" && length(line) + 1 + length(w[i]) > 90) { text = text line "\n"; line = w[i] }
    else line = line == "" ? w[i] : line " " w[i]
  return text line "\n"
}
# the text of lesson n'"'"'s RUN block, from its record
function run_text(n,   s, t) {
  s = "A recorded run (`" rec[n, "command"] "`, seed " rec[n, "seed"] "; " rec[n, "wall"] \
      " s of wall time with the figures on the idle 2-core machine"
  if ((n, "cpu") in rec) s = s ", " rec[n, "cpu"] " s of CPU time"
  if ((n, "memory") in rec) s = s ", peak memory " rec[n, "memory"] " MB"
  s = wrap(s ") ended with") "\n    " rec[n, "summary"] "\n\n"
  if (n in tol) {
    t = tol[n]; if (match(t, /.*, /)) t = substr(t, 1, RLENGTH - 2) " and " substr(t, RLENGTH + 1)
    s = s wrap("`make book-verify` reruns it and compares the summary line it prints with this one: " \
               "the times aside, every number must come back to the last digit, but for " t \
               ", which any rebuild moves (below).") "\n"
  }
  return s
}
BEGIN {
  while ((rc = getline line < runs) > 0) {
    lineno++
    if (line ~ /^[ \t]*(#|$)/) continue
    n = split(line, f, " "); value = line; sub(/^[^ ]+ +[^ ]+ */, "", value)
    if (f[1] == "blas" && n == 2) continue
    if (f[1] !~ /^[0-9][0-9]$/ || f[2] !~ /^(command|seed|wall|cpu|memory|summary|tolerance)$/ || n < 3) {
      printf "book: %s line %d: not \"NN key value\" (keys: command seed wall cpu memory summary tolerance) or \"blas KERNELS\"\n",
        runs, lineno > "/dev/stderr"; errors++; continue
    }
    if (f[2] == "tolerance") { t = (f[1] in tol) ? tol[f[1]] ", " : ""; tol[f[1]] = t "`" f[3] "` ±" f[4] }
    else rec[f[1], f[2]] = value
    if (f[2] == "summary") { recorded[f[1]] = 1; nrec++ }
  }
  for (n in recorded)
    if (!((n, "command") in rec) || !((n, "seed") in rec) || !((n, "wall") in rec)) {
      printf "book: %s: lesson %s has no command, seed or wall time\n", runs, n > "/dev/stderr"; errors++
    }
}
state == 0 && /^<!-- BOOK: [A-Za-z0-9_.-]+ [A-Za-z0-9_.\/-]+ -->$/ {
  print; name = $3; file = $4; want = region(file, name); fence = "```" lang(file)
  state = 1; nregions++; next
}
state == 0 && /^<!-- RUN: [0-9][0-9] -->$/ {
  print; run = $3; shown[run]++; have = ""; state = 3; unended = 0
  if (!(run in recorded)) { printf "book: %s:%d: %s has no recorded run of lesson %s\n", bookname, NR, runs, run > "/dev/stderr"; errors++ }
  want = run_text(run); next
}
state == 0 && /[0-9] s of wall time/ {
  printf "book: %s:%d: a run time outside the RUN blocks (quote %s: <!-- RUN: NN -->)\n", bookname, NR, runs > "/dev/stderr"
  quoted++
}
state == 1 {                       # expect the opening fence of the old block
  if ($0 ~ /^```/) { state = 2; have = ""; next }
  printf "book: %s:%d: placeholder %s is not followed by a code block\n", bookname, NR, name > "/dev/stderr"
  errors++; state = 0; print fence; printf "%s", want; print "```"; print; next
}
state == 2 {                       # inside the old block
  if ($0 == "```") {
    if (have != want) {
      stale++
      if (mode == "check") printf "book: %s: block \"%s\" differs from %s (run make book)\n", bookname, name, file > "/dev/stderr"
    }
    print fence; printf "%s", want; print "```"; state = 0; next
  }
  have = have $0 "\n"; next
}
state == 3 && !unended && /^<!-- (RUN|BOOK): / {
  unended = 1; printf "book: %s:%d: the RUN block of lesson %s has no <!-- END RUN --> before this line\n", bookname, NR, run > "/dev/stderr"
  errors++
}
state == 3 {                       # inside an old RUN block
  if ($0 == "<!-- END RUN -->") {
    if (have != want) {
      stale++
      if (mode == "check") printf "book: %s: the recorded run of lesson %s differs from %s (run make book)\n", bookname, run, runs > "/dev/stderr"
    }
    printf "%s", want; print; state = 0; nruns++; next
  }
  have = have $0 "\n"; next
}
{ print }
END {
  if (state == 3) { printf "book: %s: the RUN block of lesson %s has no <!-- END RUN -->\n", bookname, run > "/dev/stderr"; errors++ }
  else if (state != 0) { printf "book: %s: unterminated code block for %s\n", bookname, name > "/dev/stderr"; errors++ }
  for (n in recorded)
    if (shown[n] != 1) { printf "book: %s: the recorded run of lesson %s is shown %d times (once: <!-- RUN: %s -->)\n", bookname, n, shown[n], n > "/dev/stderr"; errors++ }
  if (mode == "check") printf "book: %d code blocks and %d recorded runs, %d out of date\n", nregions, nruns, stale > "/dev/stderr"
  exit (errors ? 2 : (mode == "check" && (stale || quoted)) ? 1 : 0)
}' "$book" > "$out"
rc=$?
if [ "$mode" = check ]; then
  labels=$(awk '/^```/ { code = !code; next }
                !code && match($0, /[(]([0-9]+|N|A)[.][0-9]+[a-z]?[)][ \t]*$/) { s = substr($0, RSTART, RLENGTH); gsub(/[ \t]/, "", s); print s }' "$book" | sort -u)
  unlabelled=$(grep -noE '(/[*]|//).*' lib/*.[ch] lessons/*/*.[ch] 2>/dev/null |
    grep -oE '^[^:]+:[0-9]+:|[(]([0-9]+|N|A)[.][0-9]+[a-z]?[)]' |
    awk -v labels="$labels" 'BEGIN { n = split(labels, l, "\n"); for (i = 1; i <= n; i++) ok[l[i]] = 1 }
                             /:$/ { where = $0; next } !($0 in ok) { print where " cites " $0 }')
  if [ -n "$unlabelled" ]; then
    echo "$unlabelled" | sed "s|^|book: |; s|\$| but $book labels no such equation|" >&2
    [ $rc -ne 0 ] || rc=1
  fi
fi
if [ "$mode" = sync ] && [ $rc -eq 0 ]; then
  cmp -s "$out" "$book" || { chmod --reference="$book" "$out" && mv "$out" "$book"; } || exit 2
  echo "book: $book in sync with the sources and $runs"
fi
exit $rc
