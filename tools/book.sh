#!/bin/sh
# usage: tools/book.sh check|sync BOOK.md
# BOOK.md includes code from the sources by name. A placeholder line
#     <!-- BOOK: dense_backward lib/dense.c -->
# is followed by a fenced block holding the lines between the whole-line
# comments `/* BOOK: dense_backward */` and `/* END BOOK */` of lib/dense.c
# (`# BOOK: name` / `# END BOOK` in gnuplot scripts and Makefiles).
# sync rewrites every block from its source; check fails on any difference, and on an
# equation number (n.m, N.m for Notation, A.m for the appendix) cited in a comment of lib/
# or lessons/ that the book does not label (a label ends a line of displayed math outside
# the code blocks).
set -u
mode=${1:-check}; book=${2:-BOOK.md}
case $mode in check|sync) ;; *) echo "usage: tools/book.sh check|sync BOOK.md" >&2; exit 2 ;; esac
[ -r "$book" ] || { echo "book: cannot read $book" >&2; exit 2; }
out=$(mktemp); trap 'rm -f "$out"' EXIT
awk -v mode="$mode" -v bookname="$book" '
function lang(file) { return file ~ /\.[ch]$/ ? "c" : file ~ /\.gp$/ ? "gnuplot" : file ~ /\.sh$/ ? "sh" : "make" }
function region(file, name,   line, on, text, found, rc) {
  on = 0; text = ""; found = 0
  while ((rc = getline line < file) > 0) {
    if (!found && line ~ ("^[ \t]*(/[*]|#) BOOK: " name "( [*]/)?[ \t]*$")) { on = 1; found = 1; continue }
    if (on && line ~ /^[ \t]*(\/[*]|#) END BOOK( [*]\/)?[ \t]*$/) { on = 0; continue }
    if (on) text = text line "\n"
  }
  close(file)
  if (rc < 0) { printf "book: %s: cannot read %s\n", bookname, file > "/dev/stderr"; errors++; return "" }
  if (!found) { printf "book: %s: no region \"%s\" in %s\n", bookname, name, file > "/dev/stderr"; errors++ }
  else if (on) { printf "book: %s: region \"%s\" in %s has no END BOOK\n", bookname, name, file > "/dev/stderr"; errors++ }
  return text
}
state == 0 && /^<!-- BOOK: [A-Za-z0-9_.-]+ [^ ]+ -->$/ {
  print; name = $3; file = $4; want = region(file, name); fence = "```" lang(file)
  state = 1; nregions++; next
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
{ print }
END {
  if (state != 0) { printf "book: %s: unterminated code block for %s\n", bookname, name > "/dev/stderr"; errors++ }
  if (mode == "check") printf "book: %d code blocks, %d out of date\n", nregions, stale > "/dev/stderr"
  exit (errors ? 2 : (mode == "check" && stale) ? 1 : 0)
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
  cmp -s "$out" "$book" || cat "$out" > "$book"
  echo "book: $book in sync with the sources"
fi
exit $rc
