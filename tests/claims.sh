#!/bin/sh
# The claims of bench/claims.txt hold on the book's recorded runs (the summary lines BOOK.md
# quotes), and each names a figure that its lesson's gnuplot script draws. (`make claims`
# checks them on fresh default runs.)
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
grep -E '^    lesson[0-9]{2} [a-z-]+: .* time [0-9.]+s$' BOOK.md | sed 's/^    //' > "$tmp/book"
tools/claims.sh bench/claims.txt "$tmp/book" > "$tmp/out" || { cat "$tmp/out"; echo "claims: a claim fails on the book's recorded run (above)"; fail=1; }
sed -e '/^#/d' -e '/^[ \t]*$/d' bench/claims.txt | awk -F' [|] ' '{ print $1, $2 }' | sort -u |
  while read -r n fig; do
    gp=$(ls plots/"$n"-*.gp 2>/dev/null | head -n 1)
    grep -q "figure('$fig'" "$gp" 2>/dev/null || { echo "claims: lesson $n's figure $fig is not drawn by ${gp:-plots/$n-*.gp}"; exit 1; }
  done || fail=1
[ $fail -eq 0 ] && echo "claims: $(grep -c . "$tmp/out") claims hold on the book's recorded runs, each on a figure its lesson draws"
exit $fail
