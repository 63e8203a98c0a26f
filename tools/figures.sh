#!/bin/sh
# usage: tools/figures.sh list             the figures the lessons' scripts draw: NN-name/name.png, a line each
#        tools/figures.sh missing          those of them that are not in book/figures/
#        tools/figures.sh check BOOK.md    the book's figures are complete (below)
#        tools/figures.sh copy             out/NN-name/*.png (make figures) into book/figures/NN-name/
# The book's figures are those of the recorded runs, committed in book/figures/NN-name/ so that
# BOOK.md shows them where the repository is browsed. A lesson's figures are the figure('name', ...)
# calls of plots/NN-name.gp: a literal name, or 'prefix'.v where v runs over a word list
# (do for [v in "a b"], or v = word(list, i) with list = "a b"); a call this cannot read is
# an error, so that no figure goes unchecked. check fails, a line naming each fault, unless
# every figure is committed (tracked by git, at the top of a checkout) and nothing else is in
# book/figures/, BOOK.md links each one exactly once (![caption](book/figures/NN-name/name.png),
# the caption not empty), in chapter NN, and every image BOOK.md links exists; then it prints
# the number of figures inline per chapter. copy replaces each lesson's directory with a
# temporary one renamed when complete.
set -u
usage() { echo "usage: tools/figures.sh list | missing | check BOOK.md | copy" >&2; exit 2; }

# NN-name/name.png for every figure(...) call of the lessons' plot scripts
list() {
  set -- plots/[0-9][0-9]-*.gp
  [ -r "$1" ] || { echo "figures: no plot script plots/NN-name.gp (run it from the top of the tree)" >&2; return 2; }
  awk '
    function word_list(s) { sub(/^[^"]*"/, "", s); sub(/".*/, "", s); return s }
    FNR == 1 { lesson = FILENAME; sub(/.*\//, "", lesson); sub(/\.gp$/, "", lesson); split("", vals); split("", strs) }
    /^[ \t]*#/ { next }
    { s = $0
      while (match(s, /[A-Za-z_][A-Za-z0-9_]* *= *"[^"]*"/)) {         # list = "a b c"
        a = substr(s, RSTART, RLENGTH); v = a; sub(/ *=.*/, "", v); strs[v] = word_list(a); s = substr(s, RSTART + RLENGTH) }
      s = $0
      while (match(s, /for *\[[A-Za-z_][A-Za-z0-9_]* +in +"[^"]*"\]/)) {   # do for [v in "a b"]
        a = substr(s, RSTART, RLENGTH); v = a; sub(/^for *\[/, "", v); sub(/ .*/, "", v); vals[v] = word_list(a); s = substr(s, RSTART + RLENGTH) }
      s = $0
      while (match(s, /[A-Za-z_][A-Za-z0-9_]* *= *word\( *[A-Za-z_][A-Za-z0-9_]* *,/)) {   # v = word(list, i)
        a = substr(s, RSTART, RLENGTH); v = a; sub(/ *=.*/, "", v); l = a; sub(/.*word\( */, "", l); sub(/ *,$/, "", l)
        if (l in strs) vals[v] = strs[l]; s = substr(s, RSTART + RLENGTH) }
      s = $0
      while (match(s, /figure\([^,)]*[,)]/)) {
        arg = substr(s, RSTART + 7, RLENGTH - 8); s = substr(s, RSTART + RLENGTH)
        if (arg ~ /^\047[^\047]+\047$/) { print lesson "/" substr(arg, 2, length(arg) - 2) ".png"; continue }
        if (arg ~ /^\047[^\047]*\047\.[A-Za-z_][A-Za-z0-9_]*$/) {
          pre = arg; sub(/^\047/, "", pre); sub(/\047.*/, "", pre); v = arg; sub(/.*\./, "", v)
          if (v in vals && (n = split(vals[v], w, " ")) > 0) { for (i = 1; i <= n; i++) print lesson "/" pre w[i] ".png"; continue }
        }
        printf "figures: %s:%d: cannot tell the name of figure(%s, ...): a literal \047name\047, or \047prefix\047.v with v from a word list\n", FILENAME, FNR, arg > "/dev/stderr"
        bad = 1
      } }
    END { exit bad }' "$@"
}

# the figures in book/figures/: those git tracks, when this is the top of a checkout (not
# the student tree, even written inside one); else those on disk
committed() {
  if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
    git ls-files -- 'book/figures/*.png'
  else
    find book/figures -name '*.png' 2>/dev/null
  fi | sed 's|^book/figures/||' | sort
}

[ $# -ge 1 ] || usage
case $1 in
  list) [ $# -eq 1 ] || usage; list ;;
  missing)
    [ $# -eq 1 ] || usage
    want=$(list) || exit 2
    for f in $want; do [ -f "book/figures/$f" ] || echo "$f"; done ;;
  copy)
    [ $# -eq 1 ] || usage
    want=$(list) || exit 2
    for L in $(echo "$want" | cut -d/ -f1 | sort -u); do
      for f in $(echo "$want" | grep "^$L/"); do
        [ -f "out/$f" ] || { echo "figures: out/$f is missing: run make figures (every lesson's default run) first" >&2; exit 1; }
      done
      t=book/figures/.$L.tmp
      rm -rf "$t" && mkdir -p "$t" && cp $(echo "$want" | grep "^$L/" | sed 's|^|out/|') "$t/" &&
        rm -rf "book/figures/$L" && mv "$t" "book/figures/$L" || { rm -rf "$t"; echo "figures: cannot copy out/$L's figures" >&2; exit 1; }
    done
    echo "figures: $(echo "$want" | wc -l) figures copied from out/ into book/figures/ (commit them with the book)" ;;
  check)
    [ $# -eq 2 ] || usage
    book=$2
    [ -r "$book" ] || { echo "figures: cannot read $book" >&2; exit 2; }
    want=$(list) || exit 2
    want=$(echo "$want" | sort)
    root=$(dirname "$book")
    # the book's images: path, line, chapter (-1 outside the chapters), caption
    links=$(awk '
      /^```/ { code = !code; next }
      code { next }
      /^## / { ch = ($2 == "Chapter") ? $3 + 0 : -1 }
      { s = $0
        while (match(s, /!\[[^]]*\]\([^)]*\)/)) {
          a = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH)
          cap = a; sub(/^!\[/, "", cap); sub(/\]\(.*/, "", cap); p = a; sub(/.*\]\(/, "", p); sub(/\)$/, "", p)
          printf "%s\t%d\t%d\t%s\n", p, NR, (ch == "" ? -1 : ch), cap
        } }' "$book")
    {
      echo "$want" | sed 's/^/W /'
      committed | sed 's/^/C /'
      echo "$links" | sed 's/^/L /'
    } | awk -v book="$book" -v root="$root" -F'\t' '
      function exists(p,   r, x) { r = (getline x < p); close(p); return r >= 0 }
      /^W / { w = substr($0, 3); if (w != "") want[w] = 1; next }
      /^C / { c = substr($0, 3); if (c != "") have[c] = 1; next }
      /^L / { p = substr($1, 3); if (p == "") next
              f = root "/" p
              if (!exists(f)) { printf "figures: %s:%d: the image %s does not exist\n", book, $2, p; bad = 1 }
              if ($4 ~ /^[ \t]*$/) { printf "figures: %s:%d: the image %s has no caption\n", book, $2, p; bad = 1 }
              if (p ~ /^book\/figures\//) { q = substr(p, 14); n[q]++; ch[q] = $3; line[q] = $2 } }
      END {
        for (w in want) {
          L = w; sub(/\/.*/, "", L); nn = substr(L, 1, 2) + 0
          if (!(w in have)) { printf "figures: book/figures/%s (drawn by plots/%s.gp) is not committed: make book-figures, then git add book/figures\n", w, L; bad = 1 }
          if (n[w] == 0) { printf "figures: %s does not show book/figures/%s: link it once in chapter %d, after the paragraph that discusses it\n", book, w, nn; bad = 1 }
          else if (n[w] > 1) { printf "figures: %s links book/figures/%s %d times; once is enough\n", book, w, n[w]; bad = 1 }
          else if (ch[w] != nn) { printf "figures: %s:%d: book/figures/%s is shown outside chapter %d\n", book, line[w], w, nn; bad = 1 }
          else per[nn]++
          total++
        }
        for (c in have) if (!(c in want)) { printf "figures: book/figures/%s is drawn by no plot script: remove it\n", c; bad = 1 }
        if (bad) exit 1
        s = ""; for (i = 0; i <= 99; i++) if (i in per) s = s sprintf(" %d:%d", i, per[i])
        printf "figures: %d figures, each committed and shown once in its chapter; per chapter%s\n", total, s
      }' ;;
  *) usage ;;
esac
