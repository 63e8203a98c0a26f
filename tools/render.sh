#!/bin/sh
# usage: tools/render.sh html BOOK.md DIR    the book as web pages in DIR (make book-html)
#        tools/render.sh pdf DIR             DIR/all.html printed to DIR/aelab-book.pdf (make book-pdf)
# html: pandoc renders BOOK.md (GitHub's Markdown, as the repository shows it) one page per
# part: index.html (the front matter and the contents), one page per "## " heading
# (notation.html, chapter-00.html ... chapter-11.html, appendix.html), each with previous,
# contents and next links; and all.html, the whole book on one page (what book-pdf prints).
# The figures (book/figures/, linked from BOOK.md) are copied beside the pages, and so are
# book/style.css; book/template.html is the page, book/gnuplot.xml teaches pandoc's
# highlighter gnuplot. Links to a heading of another page (#id) are pointed at that page.
# Nothing is fetched: no web fonts, no scripts. The book is rendered into DIR.tmp.PID and
# renamed to DIR when complete (the previous DIR, with any PDF in it, is replaced). A book
# whose code blocks are out of date (tools/book.sh check) is not rendered: make book first.
# pdf: headless Chromium prints all.html, into a temporary file renamed when complete.
set -u
usage() { echo "usage: tools/render.sh html BOOK.md DIR | tools/render.sh pdf DIR" >&2; exit 2; }
die() { echo "render: $*" >&2; exit 2; }
need() { command -v "$1" > /dev/null || die "$1 is not installed (run make deps as root: it installs $2)"; }
# Chromium, headless, on the book's local files only; its own profile, so that it neither
# touches the user's nor meets another run's. --no-sandbox: root (CI, make deps) has no
# sandbox, and the pages are the book's own, with no script.
chromium_() { chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$tmp/profile" "$@"; }

[ $# -ge 1 ] || usage
mode=$1; shift
case $mode in
  html) [ $# -eq 2 ] || usage; book=$1 out=$2 ;;
  pdf)  [ $# -eq 1 ] || usage; out=$1 ;;
  *) usage ;;
esac
out=${out%/}
mkdir -p -- "$(dirname -- "$out")" || die "cannot create the directory of $out"
tmp=$(mktemp -d "$out.tmp.XXXXXX") || die "cannot create a temporary directory beside $out"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$mode" = pdf ]; then
  need chromium chromium
  [ -r "$out/all.html" ] || die "$out/all.html: no such file (make book-html writes it)"
  abs=$(cd -- "$out" && pwd) || die "cannot enter $out"
  chromium_ --no-pdf-header-footer --print-to-pdf="$tmp/book.pdf" "file://$abs/all.html" > "$tmp/log" 2>&1
  if ! head -c 5 "$tmp/book.pdf" 2>/dev/null | grep -q '^%PDF-' || ! tail -c 64 "$tmp/book.pdf" | grep -q '%%EOF'; then
    cat "$tmp/log" >&2; echo "render: chromium did not print $out/all.html to a PDF (above)" >&2; exit 1
  fi
  mv -f "$tmp/book.pdf" "$out/aelab-book.pdf" || exit 1
  echo "render: $out/aelab-book.pdf ($(($(wc -c < "$out/aelab-book.pdf") / 1024)) kB)"
  exit 0
fi

need pandoc pandoc
[ -r "$book" ] || die "cannot read $book"
for f in book/template.html book/style.css book/gnuplot.xml; do [ -r "$f" ] || die "cannot read $f (run it from the top of the tree)"; done
if ! tools/book.sh check "$book" 2> "$tmp/check"; then
  cat "$tmp/check" >&2; echo "render: $book's code blocks are not those of the sources (above): run make book first" >&2; exit 1
fi

# 1. the parts: the front matter (index), then one per "## " heading outside code blocks;
#    image links book/figures/... become figures/..., the copy beside the pages
mkdir "$tmp/src" "$tmp/book"
awk -v dir="$tmp/src" '
function start(n, t) { if (file != "") close(file); name[++np] = n; title[np] = t; file = dir "/" n ".md" }
BEGIN { start("index", "") }
/^```/ { code = !code }
!code && /^# / && np == 1 && title[1] == "" { title[1] = substr($0, 3) }
!code && /^## / {
  h = substr($0, 4)
  if (h ~ /^Chapter [0-9]+ /) { split(h, w, " "); n = sprintf("chapter-%02d", w[2]) }
  else { n = tolower(h); sub(/[^a-z].*/, "", n); if (n == "") n = "part" }
  if (n in used) n = n "-" (++used[n]); else used[n] = 1
  start(n, h)
}
/^ *!\[/ { sub(/\]\(book\/figures\//, "](figures/") }
{ print > file }
END {   # a line per page, in order: its name and title, then those of the pages before and after it
  for (i = 1; i <= np; i++)
    printf "%s\037%s\037%s\037%s\037%s\037%s\n", name[i], title[i], name[i - 1], title[i - 1], name[i + 1], title[i + 1] > (dir "/pages.txt")
}' "$book" || die "cannot split $book"
cp -R book/figures "$tmp/book/figures" 2>/dev/null || mkdir "$tmp/book/figures"
cp book/style.css "$tmp/book/style.css"

# 2. every page but the first, with the links to its neighbours (the template's variables)
us=$(printf '\037')   # pages.txt's separator: no title holds it
pages=$(cut -d "$us" -f 1 "$tmp/src/pages.txt")
pandoc_() {
  pandoc -f gfm -t html5 --wrap=none --standalone --template=book/template.html \
    --syntax-definition=book/gnuplot.xml --highlight-style=tango "$@"
}
render_page() {   # render_page NAME TITLE PREV PREV_TITLE NEXT NEXT_TITLE INPUT...
  n=$1 t=$2 p=$3 pt=$4 x=$5 xt=$6; shift 6
  pandoc_ -M "pagetitle=$t${p:+ — aelab}" ${p:+-M "prev-href=$p.html" -M "prev-title=$pt"} \
    ${x:+-M "next-href=$x.html" -M "next-title=$xt"} -o "$tmp/book/$n.html" "$@" ||
    die "pandoc failed on the part $n of $book"
}
while IFS="$us" read -r n t p pt x xt; do
  [ "$n" = index ] || render_page "$n" "$t" "$p" "$pt" "$x" "$xt" "$tmp/src/$n.md"
done < "$tmp/src/pages.txt"

# 3. the contents, from the pages' h2 and h3 headings: linked to the pages (index.html),
#    and to the headings of the one-page book (all.html); a raw HTML block for pandoc
contents() {   # contents 0|1 (1: all.html's)
  all=$1; set --
  for n in $pages; do [ "$n" = index ] || set -- "$@" "$tmp/book/$n.html"; done
  awk -v all="$all" '
    BEGIN { print ""; print "<section class=\"contents\">"; print "<h2 class=\"contents-title\">Contents</h2>"
            print "<ul class=\"chapters\">" }
    FNR == 1 { page = FILENAME; sub(/.*\//, "", page) }
    match($0, /<h[23] id="[^"]*">.*<\/h[23]>/) {
      h = substr($0, RSTART, RLENGTH); lvl = substr(h, 3, 1)
      id = h; sub(/^<h[23] id="/, "", id); sub(/".*/, "", id)
      text = h; sub(/^<h[23] id="[^"]*">/, "", text); sub(/<\/h[23]>$/, "", text)
      href = all ? "#" id : (lvl == 2 ? page : page "#" id)
      if (lvl == 2) { if (open3) print "</ul>"; if (open2) print "</li>"; open3 = 0; open2 = 1
                      printf "<li><a href=\"%s\">%s</a>\n", href, text }
      else { if (!open3) print "<ul>"; open3 = 1; printf "<li><a href=\"%s\">%s</a></li>\n", href, text }
    }
    END { if (open3) print "</ul>"; if (open2) print "</li>"; print "</ul>"; print "</section>"; print "" }' "$@"
}
contents 0 > "$tmp/src/contents-pages.md"
contents 1 > "$tmp/src/contents-all.md"
IFS="$us" read -r n t p pt x xt < "$tmp/src/pages.txt"
render_page index "$t" "" "" "$x" "$xt" "$tmp/src/index.md" "$tmp/src/contents-pages.md"
set --
for n in $pages; do
  set -- "$@" "$tmp/src/$n.md"
  [ "$n" = index ] && set -- "$@" "$tmp/src/contents-all.md"
done
pandoc_ -M "pagetitle=$t" -M single=true -o "$tmp/book/all.html" "$@" || die "pandoc failed on $book (all.html)"

# 4. an image alone in its paragraph is a figure, its text the caption (GitHub's Markdown has
#    no implicit figures); a link to a heading of another page (#id, as in BOOK.md) goes there
for f in "$tmp"/book/*.html; do
  sed 's|^\( *\)<p><img src="\([^"]*\)" alt="\([^"]*\)" /></p>|\1<figure><img src="\2" alt="\3" /><figcaption>\3</figcaption></figure>|' \
    "$f" > "$f.fig" && mv -f "$f.fig" "$f" || die "cannot write $f"
done
set --
for n in $pages; do set -- "$@" "$tmp/book/$n.html"; done
awk '
  FNR == 1 { files[++nf] = FILENAME }
  { s = $0
    while (match(s, /id="[^"]*"/)) {
      id = substr(s, RSTART + 4, RLENGTH - 5); own[FILENAME, id] = 1
      if (!(id in where)) { where[id] = FILENAME; sub(/.*\//, "", where[id]) }
      s = substr(s, RSTART + RLENGTH)
    } }
  END {
    for (i = 1; i <= nf; i++) {
      f = files[i]; out = f ".new"
      while ((getline line < f) > 0) {
        res = ""
        while (match(line, /href="#[^"]*"/)) {
          id = substr(line, RSTART + 7, RLENGTH - 8)
          link = substr(line, RSTART, RLENGTH)
          if (!((f, id) in own) && (id in where)) link = "href=\"" where[id] "#" id "\""
          res = res substr(line, 1, RSTART - 1) link; line = substr(line, RSTART + RLENGTH)
        }
        print res line > out
      }
      close(f); close(out)
    }
  }' "$@" || die "cannot rewrite the links between the pages"
for n in $pages; do mv -f "$tmp/book/$n.html.new" "$tmp/book/$n.html" || exit 1; done

# 5. in place: the old book out, the new one in (a reader sees one or the other)
rm -rf -- "$out.old"
if [ -e "$out" ]; then mv -- "$out" "$out.old" || die "cannot move the previous $out aside"; fi
mv -- "$tmp/book" "$out" || die "cannot rename the book to $out"
rm -rf -- "$out.old"
echo "render: $out/index.html ($(echo "$pages" | wc -l) pages, $(ls "$out"/figures/*/*.png 2>/dev/null | wc -l) figures) and $out/all.html"
