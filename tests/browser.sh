#!/bin/sh
# The rendered book in a real browser. tools/render.sh renders BOOK.md as make book-html does,
# into a temporary directory (it refuses a book whose code blocks are out of date:
# tools/book.sh check). Headless Chromium then opens a page of the test's own that holds
# every page of the book in a frame (the book itself gets no script) and, once all have
# loaded, checks each one: every image has loaded (naturalWidth > 0); every link within the
# book names a page of it and, with #anchor, an element of that page; nothing is fetched from
# elsewhere (no script, no remote stylesheet, image or frame). The pages must show, between
# them, as many images as BOOK.md links, and so must all.html. It writes what it found into
# the page, which Chromium prints (--dump-dom). Then the checker is shown to fail: a copy with
# a broken image path and a link to a missing anchor must give exactly those two faults, and a
# book with a stale code block must not be rendered.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0

# check DIR: prints "CHECKED ..." and a line per fault ("BROKEN page: what"); the page list
# is the directory's *.html
check() {
  dir=$(cd "$1" && pwd)
  pages=$(cd "$dir" && ls *.html | sed 's/.*/"&"/' | tr '\n' ',')
  cat > "$tmp/harness.html" <<EOF
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>book check</title></head>
<body><pre id="report">the check did not run</pre><div id="frames"></div>
<script>
const base = "file://$dir/";
const pages = [$pages];
const frames = pages.map(p => {
  const f = document.createElement("iframe");
  f.src = base + p;
  document.getElementById("frames").appendChild(f);
  return f;
});
window.addEventListener("load", () => {
  const out = [], docs = {};
  let images = 0, links = 0;
  pages.forEach((p, i) => { docs[p] = frames[i].contentDocument; });
  for (const p of pages) {
    const d = docs[p];
    if (!d || !d.body || !d.body.firstElementChild) { out.push("BROKEN " + p + ": did not load"); continue; }
    let n = 0;
    for (const im of d.images) {
      n++;
      if (!im.complete || im.naturalWidth === 0) out.push("BROKEN " + p + ": image " + im.getAttribute("src") + " does not load");
    }
    images += n;
    out.push("IMAGES " + p + " " + n);
    for (const s of d.querySelectorAll("script")) out.push("BROKEN " + p + ": a script");
    for (const e of d.querySelectorAll("link[href], img[src], iframe[src], object, embed, video, audio, source")) {
      const u = e.href || e.src || e.data || "";
      if (!u.startsWith("file:")) out.push("BROKEN " + p + ": fetches " + u);
    }
    for (const a of d.querySelectorAll("a[href]")) {
      const href = a.getAttribute("href"), u = new URL(href, d.URL);
      if (u.protocol !== "file:") continue;
      links++;
      const target = u.pathname.startsWith(new URL(base).pathname) ? decodeURIComponent(u.pathname.slice(new URL(base).pathname.length)) : null;
      const t = target === null ? null : docs[target];
      if (!t) { out.push("BROKEN " + p + ": link " + href + " is to no page of the book"); continue; }
      if (u.hash && !t.getElementById(decodeURIComponent(u.hash.slice(1))))
        out.push("BROKEN " + p + ": link " + href + ": " + target + " has no " + u.hash);
    }
  }
  out.push("CHECKED " + pages.length + " pages, " + images + " images, " + links + " links");
  document.getElementById("report").textContent = out.join("\n");
});
</script></body></html>
EOF
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$tmp/profile" \
    --allow-file-access-from-files --dump-dom "file://$tmp/harness.html" 2> "$tmp/chromium.log" |
    sed -n '/<pre id="report">/,/<\/pre>/p' | sed 's/.*<pre id="report">//; s/<\/pre>.*//; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g'
}

if ! tools/render.sh html BOOK.md "$tmp/book" > "$tmp/render.log" 2>&1; then
  cat "$tmp/render.log"; echo "browser: tools/render.sh html BOOK.md (make book-html) failed"; exit 1
fi
check "$tmp/book" > "$tmp/report"
want=$(awk '/^```/ { code = !code; next } !code && /!\[[^]]*\]\(/ { n++ } END { print n + 0 }' BOOK.md)
if ! grep -q '^CHECKED ' "$tmp/report"; then
  cat "$tmp/report" "$tmp/chromium.log"; echo "browser: the check did not run in Chromium (above)"; exit 1
fi
if grep '^BROKEN ' "$tmp/report"; then echo "browser: the rendered book has the faults above"; fail=1; fi
pages=$(awk '$1 == "IMAGES" && $2 != "all.html" { n += $3 } END { print n + 0 }' "$tmp/report")
all=$(awk '$1 == "IMAGES" && $2 == "all.html" { print $3 }' "$tmp/report")
[ "$pages" = "$want" ] && [ "$all" = "$want" ] ||
  { echo "browser: BOOK.md links $want images; the pages show $pages, all.html ${all:-none}"; fail=1; }
[ $fail -eq 0 ] && echo "browser: $(grep '^CHECKED ' "$tmp/report" | cut -c9-), every one resolves;" \
  "images per page:$(awk '$1 == "IMAGES" && $3 > 0 && $2 != "all.html" { printf " %s %d", $2, $3 }' "$tmp/report" | sed 's/\.html//g')"

# the checker can fail: one image path and one anchor broken on purpose
cp -R "$tmp/book" "$tmp/bad"
p=$(ls "$tmp/bad" | grep -m 1 '^chapter-')
sed -i '0,/<img src="figures\//s//<img src="figures\/no-such-dir\//' "$tmp/bad/$p"
sed -i '0,/href="chapter-\([0-9]*\)\.html#/s//href="chapter-\1.html#no-such-anchor-/' "$tmp/bad/index.html"
check "$tmp/bad" > "$tmp/report.bad"
if [ "$(grep -c '^BROKEN ' "$tmp/report.bad")" -ne 2 ] || ! grep -q "^BROKEN $p: image figures/no-such-dir/.* does not load" "$tmp/report.bad" ||
   ! grep -q '^BROKEN index.html: link chapter-[0-9]*.html#no-such-anchor-.* has no #no-such-anchor-' "$tmp/report.bad"; then
  cat "$tmp/report.bad"; echo "browser: a broken image in $p and a broken link in index.html were not both found (above)"; fail=1
fi

# a code block out of date: not rendered
awk '/^```c$/ && !done { print; getline; print $0 " /* changed */"; done = 1; next } { print }' BOOK.md > "$tmp/stale.md"
if tools/render.sh html "$tmp/stale.md" "$tmp/stale" > "$tmp/stale.log" 2>&1 || [ -e "$tmp/stale" ] ||
   ! grep -q 'make book' "$tmp/stale.log"; then
  cat "$tmp/stale.log"; echo "browser: tools/render.sh rendered a book whose code block is out of date"; fail=1
fi
exit $fail
