#!/bin/sh
# One home for each fact: a lesson's default run time is measured once, in the book's
# recorded run ("N s of wall time with the figures" in its chapter). Its --help
# ("Default run: about N s") and the README's lesson table ("| N s |") must say the same,
# rounded to whole seconds. (The files a run writes are checked against --help's
# "Writes:" list by tests/plots.sh, which runs every lesson.)
set -u
build=${AE_BUILD:-build/sol1}
fail=0
for bin in "$build"/lessons/*/[0-9][0-9]-*; do
  [ -x "$bin" ] || continue
  L=$(basename "$bin"); n=${L%%-*}
  book=$(awk -v n="$n" '/^## Chapter /{ on = ($3 == n + 0) } on' BOOK.md |
         grep -oE '[0-9]+(\.[0-9]+)? s of wall time with the figures' | head -n 1 | cut -d' ' -f1)
  if [ -z "$book" ]; then echo "facts: BOOK.md chapter $n has no recorded run time (\"N s of wall time with the figures\")"; fail=1; continue; fi
  want=$(awk -v t="$book" 'BEGIN { printf "%d", int(t + 0.5) }')
  help=$("$bin" --help | tr '\n' ' ' | grep -oE 'Default run: about [0-9]+ s' | grep -oE '[0-9]+')
  readme=$(grep -E "^\| \`make lesson$n\` " README.md | awk -F'|' '{ print $(NF - 1) }' | grep -oE '^ *[0-9]+ s *$' | grep -oE '[0-9]+')
  [ "$help" = "$want" ] || { echo "facts: $L --help says 'Default run: about ${help:-?} s', the book's recorded run $book s"; fail=1; }
  [ "$readme" = "$want" ] || { echo "facts: README.md's table says ${readme:-?} s for lesson $n, the book's recorded run $book s"; fail=1; }
done
[ $fail -eq 0 ] && echo "facts: every lesson's run time in --help and README.md as in the book's recorded run"
exit $fail
