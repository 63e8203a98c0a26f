#!/bin/sh
# The layout rules of DESIGN.md, as a test:
#   - nothing outside tests/ includes a file of lessons/, and no lesson includes another's;
#   - every lib/*.c and lessons/*/*.c is at most 400 lines, a lesson's main.c at most 300;
#   - every BOOK region marked in the sources is shown in BOOK.md (a region the book never
#     shows is a marker that promises a reader something that is not there).
set -u
cd "$(dirname "$0")/.." || exit 2
fail=0
bad() { echo "layout: $*"; fail=1; }

# includes (lib/student*.c, the student tree's bridge from libae to the exercises, include
# the lessons' exercises.h for their prototypes: lib/student.h)
for f in $(find lib bench fuzz tools lessons -name '*.[ch]' ! -name 'student*.c'); do
  grep -n '^[ \t]*#[ \t]*include[ \t]*"[^"]*lessons/' "$f" | while IFS= read -r hit; do
    echo "layout: $f:${hit%%:*} includes a lesson's file (what two programs share lives in lib/)"
  done | grep . && fail=1
done
for d in lessons/[0-9][0-9]-*/; do
  for f in "$d"*.[ch]; do
    grep -n '^[ \t]*#[ \t]*include[ \t]*"\.\./' "$f" | while IFS= read -r hit; do
      echo "layout: $f:${hit%%:*} includes a file outside its lesson folder: ${hit#*:}"
    done | grep . && fail=1
  done
done

# sizes
for f in lib/*.c lessons/*/*.c; do
  n=$(wc -l < "$f")
  case "$f" in */main.c) max=300 ;; *) max=400 ;; esac
  [ "$n" -le "$max" ] || bad "$f has $n lines (at most $max: split it by concept)"
done

# BOOK regions that the book never shows
shown=$(sed -n 's/^<!-- BOOK: \([A-Za-z0-9_.-]*\) \([^ ]*\) -->$/\2 \1/p' BOOK.md)
for f in $(grep -rlE '^[ \t]*(/\*|#) BOOK: ' lib lessons plots bench Makefile 2>/dev/null); do
  for name in $(sed -nE 's,^[ \t]*(/\*|#) BOOK: ([A-Za-z0-9_.-]+)( \*/)?[ \t]*$,\2,p' "$f"); do
    echo "$shown" | grep -qx "$f $name" || bad "$f marks region \"$name\", which BOOK.md never shows (show it or drop the marker)"
  done
done

[ $fail -eq 0 ] && echo "layout: includes, file sizes and book regions as DESIGN.md says"
exit $fail
