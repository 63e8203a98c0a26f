#!/bin/sh
# The layout rules of DESIGN.md, as a test:
#   - nothing outside tests/ includes a file of lessons/, and no lesson includes another's;
#   - every lib/*.c and lessons/*/*.c is at most 400 lines, a lesson's main.c at most 300;
#   - every BOOK region marked in the sources is shown in BOOK.md (a region the book never
#     shows is a marker that promises a reader something that is not there).
set -u
cd "$(dirname "$0")/.." || exit 2
fail=0

# includes (lib/student*.c, the student tree's bridge from libae to the exercises, include
# the lessons' exercises.h for their prototypes: lib/student.h); one grep for all files
hits=$(find lib bench fuzz tools lessons -name '*.[ch]' ! -name 'student*.c' -exec \
       grep -Hn '^[ \t]*#[ \t]*include[ \t]*"[^"]*lessons/' {} +)
[ -z "$hits" ] || { echo "$hits" | sed 's/^\([^:]*:[0-9]*\):.*/layout: \1 includes a lesson'"'"'s file (what two programs share lives in lib\/)/'; fail=1; }
hits=$(grep -Hn '^[ \t]*#[ \t]*include[ \t]*"\.\./' lessons/[0-9][0-9]-*/*.[ch])
[ -z "$hits" ] || { echo "$hits" | sed 's/^\([^:]*:[0-9]*\):\(.*\)/layout: \1 includes a file outside its lesson folder: \2/'; fail=1; }

# sizes
sizes=$(wc -l lib/*.c lessons/*/*.c | awk '$2 != "total" { max = $2 ~ /\/main\.c$/ ? 300 : 400
          if ($1 > max) printf "layout: %s has %d lines (at most %d: split it by concept)\n", $2, $1, max }')
[ -z "$sizes" ] || { echo "$sizes"; fail=1; }

# BOOK regions that the book never shows
shown=$(mktemp); trap 'rm -f "$shown"' EXIT
sed -n 's/^<!-- BOOK: \([A-Za-z0-9_.-]*\) \([^ ]*\) -->$/\2 \1/p' BOOK.md > "$shown"
missing=$(grep -rHE '^[ \t]*(/\*|#) BOOK: [A-Za-z0-9_.-]+( \*/)?[ \t]*$' lib lessons plots bench Makefile 2>/dev/null |
          sed -E 's,^([^:]*):[ \t]*(/\*|#) BOOK: ([A-Za-z0-9_.-]+).*,\1 \3,' | grep -vxF -f "$shown")
[ -z "$missing" ] || { echo "$missing" | awk '{ printf "layout: %s marks region \"%s\", which BOOK.md never shows (show it or drop the marker)\n", $1, $2 }'; fail=1; }

[ $fail -eq 0 ] && echo "layout: includes, file sizes and book regions as DESIGN.md says"
exit $fail
