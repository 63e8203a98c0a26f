#!/bin/sh
# One home for each fact: a lesson's run time is measured once, in its chapter's recorded run
# (book/runs.txt, "NN wall SECONDS"; BOOK.md quotes it from there, tools/book.sh checks that).
# Its --help ("Default run: about N s") and the README's lesson table ("| N s |") must say
# the same, rounded to whole seconds, and the README's "take under N minutes" must hold for
# the sum. Every lesson has a record, with the summary line of that lesson
# ("lessonNN name: ..."), and every record a lesson. (The files a run writes are checked
# against --help's "Writes:" list by tests/plots.sh, which runs every lesson.)
set -u
build=${AE_BUILD:-build/sol1}
runs=book/runs.txt
# what --help and the README say, as lines "NN help|readme|dir VALUE"
said=$(for bin in "$build"/lessons/*/[0-9][0-9]-*; do
         [ -x "$bin" ] || continue
         L=$(basename "$bin"); n=${L%%-*}
         echo "$n dir $L"
         echo "$n help $("$bin" --help | tr '\n' ' ' | grep -oE 'Default run: about [0-9]+ s' | grep -oE '[0-9]+')"
       done
       awk -F'|' '/^\| `make lesson[0-9][0-9]` / { n = $2; gsub(/[^0-9]/, "", n); t = $(NF - 1)
                                                    gsub(/^ +| +$/, "", t); print n, "readme", t }' README.md
       grep -oE 'take under [0-9]+ minutes' README.md | awk '{ print "-- minutes", $3 }')
[ -n "$said" ] || { echo "facts: no lesson binaries in $build (make all first)"; exit 1; }
echo "$said" | awk -v runs="$runs" '
  BEGIN { while ((rc = getline line < runs) > 0) {
            if (split(line, f, " ") < 3 || f[1] !~ /^[0-9][0-9]$/) continue
            if (f[2] == "wall") wall[f[1]] = f[3]
            if (f[2] == "summary") summary[f[1]] = f[3] " " f[4]
          }
          if (rc < 0) { print "facts: cannot read " runs; exit 2 } }
  $2 == "dir"     { dir[$1] = $3 }
  $2 == "help"    { help[$1] = $3 }
  $2 == "readme"  { v = $0; sub(/^[^ ]+ [^ ]+ /, "", v); readme[$1] = v }
  $2 == "minutes" { minutes = $3 }
  END {
    for (n in dir) {
      if (!(n in wall)) { printf "facts: %s has no recorded run (\"%s wall SECONDS\")\n", runs, n; fail = 1; continue }
      want = sprintf("%d", wall[n] + 0.5); sum += wall[n]; name = dir[n]; sub(/^[0-9]+-/, "", name)
      if (help[n] != want) { printf "facts: %s --help says \"Default run: about %s s\", the recorded run %s s\n", dir[n], help[n] == "" ? "?" : help[n], wall[n]; fail = 1 }
      if (readme[n] != want " s") { printf "facts: README.md'"'"'s table says \"%s\" for lesson %s, the recorded run %s s\n", readme[n], n, wall[n]; fail = 1 }
      if (summary[n] != "lesson" n " " name ":") { printf "facts: %s: the summary line of %s begins \"%s\", not \"lesson%s %s:\"\n", runs, n, summary[n], n, name; fail = 1 }
    }
    for (n in wall) if (!(n in dir)) { printf "facts: %s records lesson %s, which has no program\n", runs, n; fail = 1 }
    if (minutes == "" || sum >= 60 * minutes) { printf "facts: README.md says the lessons take under %s minutes, the recorded runs %.0f s\n", minutes == "" ? "?" : minutes, sum; fail = 1 }
    if (!fail) printf "facts: every lesson'"'"'s run time in --help and README.md as recorded (%s); all take %.0f s, under %s minutes\n", runs, sum, minutes
    exit fail
  }'
