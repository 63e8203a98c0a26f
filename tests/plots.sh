#!/bin/sh
# Every lesson's gnuplot script draws its figures from a --quick run (the one tools/runtests.sh
# made, or one of its own; PNG and PDF, through tools/plot.sh as make does), and stops with
# exit status 1, naming the file, when a data file is missing; a run of one part of lesson
# 02 is drawn alone. The files the run wrote are the ones its --help lists after "Writes:"
# (up to the paragraph's end), no more and no fewer. Then, with lesson 00: figures are
# replaced only when complete (gnuplot killed, its process group terminated, a full disk:
# the previous PNGs stay byte for byte, no temporary file stays, and make fails naming the
# figure), and `make lessonNN OUT=` takes a directory with a space or a quote.
set -u
build=${AE_BUILD:-build/sol1}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
for bin in "$build"/lessons/*/[0-9][0-9]-*; do
  [ -x "$bin" ] || continue
  L=$(basename "$bin"); d="$tmp/$L"
  q=${AE_QUICK:-/nonexistent}/$L   # the run tools/runtests.sh made before the tests, or one here
  if [ -f "$q/status" ]; then
    cat "$q/stdout" "$q/stderr" > "$tmp/log"; st=$(cat "$q/status"); [ "$st" != 0 ] || cp -r "$q/run" "$d"
  else
    "$bin" --quick --out "$d" > "$tmp/log" 2>&1; st=$?
  fi
  if [ "$st" != 0 ]; then cat "$tmp/log"; echo "plots: $L --quick failed"; fail=1; continue; fi
  listed=$("$bin" --help | awk '/Writes:/ { on = 1 } on && /^$/ { exit } on' | sed 's/.*Writes://' |
          grep -oE '[A-Za-z0-9_-]+\.[a-z]+' | grep -v '\.md$' | sort -u)
  wrote=$(ls "$d" | sort -u)
  if [ "$listed" != "$wrote" ]; then
    echo "plots: $L --help's Writes: list differs from what --quick wrote (< listed, > written):"
    printf '%s\n' "$listed" > "$tmp/listed"; printf '%s\n' "$wrote" > "$tmp/wrote"
    diff "$tmp/listed" "$tmp/wrote" | grep '^[<>]'; fail=1
  fi
  for fmt in png pdf; do
    if ! tools/plot.sh "$d" "$fmt" "plots/$L.gp" 2> "$tmp/gp.err"; then
      cat "$tmp/gp.err"; echo "plots: plots/$L.gp failed ($fmt)"; fail=1
    elif [ -s "$tmp/gp.err" ]; then
      cat "$tmp/gp.err"; echo "plots: plots/$L.gp printed warnings ($fmt)"; fail=1
    fi
  done
  n=$(find "$d" -name '*.png' -size +1k | wc -l)
  [ "$n" -gt 0 ] || { echo "plots: $L drew no PNG"; fail=1; }
  first=$(ls "$d"/*.dat | head -n 1); rm -f "$d"/*.png "$first"
  if tools/plot.sh "$d" png "plots/$L.gp" 2> "$tmp/gp.err"; then
    echo "plots: plots/$L.gp succeeded without $(basename "$first")"; fail=1
  elif ! grep -q "$(basename "$first")" "$tmp/gp.err"; then
    cat "$tmp/gp.err"; echo "plots: the error does not name $(basename "$first")"; fail=1
  fi
  echo "plots: $L: $n figures"
done

# lesson 02 --part hinton writes one part's files: its script draws that part's two figures
d="$tmp/02-part"
if "$build/lessons/02-deep/02-deep" --quick --part hinton --hinton-steps 5 --brief-steps 5 --out "$d" > "$tmp/log" 2>&1 &&
   tools/plot.sh "$d" png plots/02-deep.gp 2> "$tmp/gp.err" && [ ! -s "$tmp/gp.err" ]; then
  n=$(ls "$d"/*.png | wc -l)
  [ "$n" = 3 ] && [ -s "$d/hinton.png" ] && [ -s "$d/hinton_recon.png" ] && [ -s "$d/hinton_residual.png" ] ||
    { ls "$d"; echo "plots: 02-deep --part hinton drew $n figures, want hinton.png, hinton_recon.png and hinton_residual.png"; fail=1; }
else
  cat "$tmp/log" "$tmp/gp.err"; echo "plots: 02-deep --part hinton could not be plotted"; fail=1
fi

# ---- lesson 00: atomic figures, and OUT= with a space and a quote ----
# make as a user runs it (not the jobserver of the make check this may run under)
mk() { env -u MAKEFLAGS -u MFLAGS make --no-print-directory -s B="$build" "$@"; }
# until CMD... succeeds, at most 10 s
until_() { n=0; until "$@"; do n=$((n + 1)); [ $n -lt 1000 ] || return 1; sleep 0.01; done; }
# the pid of tools/plot.sh's gnuplot (a child of $1) once it has started
gnuplot_of() {
  for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
    [ "$(cat "/proc/$c/comm" 2>/dev/null)" = gnuplot ] && { echo "$c"; return; }
  done
  return 1
}
drawing() { ls "$d"/.figures.*/*.png > /dev/null 2>&1; }
sums() { (cd "$1" && sha256sum *.png); }
d="$tmp/fig"
if ! mk lesson00 ARGS=--quick OUT="$d" > "$tmp/log" 2>&1 || ! grep -q "^figures: $d/\*.png" "$tmp/log"; then
  cat "$tmp/log"; echo "plots: make lesson00 ARGS=--quick OUT=$d failed"; fail=1
fi
sums "$d" > "$tmp/old.sums"
"$build/lessons/00-backprop/00-backprop" --quick --seed 7 --out "$d" > /dev/null 2>&1   # new data, old figures

# kept: 1. gnuplot killed (SIGKILL) while it draws the first figure
tools/plot.sh "$d" png plots/00-backprop.gp 2> "$tmp/gp.err" & p=$!
if g=$(until_ gnuplot_of $p) && until_ drawing; then kill -KILL "$g"; else echo "plots: no gnuplot drawing into $d/.figures.*"; fail=1; fi
if wait $p; then echo "plots: tools/plot.sh succeeded though gnuplot was killed"; fail=1; fi
grep -q "killed by signal 9) while drawing $d/[a-z_]*\.png" "$tmp/gp.err" ||
  { cat "$tmp/gp.err"; echo "plots: no line naming the figure gnuplot was killed on"; fail=1; }
# 2. SIGTERM to the whole process group (as a CI job's timeout does)
setsid tools/plot.sh "$d" png plots/00-backprop.gp 2> "$tmp/gp.err" & p=$!
until_ gnuplot_of $p > /dev/null; kill -TERM "-$p"
if wait $p; then echo "plots: tools/plot.sh succeeded though its process group was terminated"; fail=1; fi
# 3. a script that fails (a missing data file)
mv "$d/points.dat" "$tmp/points.dat"
if tools/plot.sh "$d" png plots/00-backprop.gp 2> "$tmp/gp.err"; then echo "plots: plotted without points.dat"; fail=1; fi
mv "$tmp/points.dat" "$d/points.dat"
sums "$d" | cmp -s - "$tmp/old.sums" || { echo "plots: a failed or killed gnuplot changed the previous figures"; fail=1; }
ls -A "$d" | grep -q '^\.' && { ls -A "$d"; echo "plots: a failed or killed gnuplot left a temporary file"; fail=1; }
# 4. what a killed run left is removed by the next run, which replaces the figures
mkdir "$d/.figures.2147483646" && touch "$d/.figures.2147483646/loss.png"
tools/plot.sh "$d" png plots/00-backprop.gp || { echo "plots: tools/plot.sh failed after a killed run"; fail=1; }
sums "$d" | cmp -s - "$tmp/old.sums" && { echo "plots: the new data's figures did not replace the old ones"; fail=1; }
ls -A "$d" | grep -q '^\.' && { ls -A "$d"; echo "plots: a killed run's temporary directory was not removed"; fail=1; }
# 4b. one run's files beside another's (D12): drawn, with a warning that names both commands
cp "$d/loss.dat" "$tmp/loss.dat"
sed -i '2s/--seed 7/--seed 8/' "$d/loss.dat"
tools/plot.sh "$d" png plots/00-backprop.gp 2> "$tmp/gp.err"
grep -q "holds the files of more than one run" "$tmp/gp.err" && grep -q -- "--seed 8" "$tmp/gp.err" ||
  { cat "$tmp/gp.err"; echo "plots: no warning for the files of two runs in one directory"; fail=1; }
mv "$tmp/loss.dat" "$d/loss.dat"

# 5. a full disk (a tmpfs with room for the .dat files but not the figures; needs root)
if [ "$(id -u)" = 0 ] && mkdir "$tmp/full" && mount -t tmpfs -o size=1m tmpfs "$tmp/full" 2> /dev/null; then
  trap 'umount "$tmp/full"; rm -rf "$tmp"' EXIT
  trap 'exit 1' INT TERM HUP
  # tmpfs counts 4 KiB pages: the old run, the largest .dat again (written beside the old), and one page
  pages() { for f in "$@"; do echo $((($(stat -c %s "$f") + 4095) / 4096)); done | awk '{ s += $1 } END { print s }'; }
  big=$(for f in "$d"/*.dat; do pages "$f"; done | sort -n | tail -n 1)
  mount -o remount,size=$((4 * ($(pages "$d"/*) + big + 1)))k "$tmp/full"
  cp -p "$d"/* "$tmp/full/" && sums "$tmp/full" > "$tmp/old.sums"
  [ "$(pages "$d"/*.png)" -gt $((big + 1)) ] || echo "plots: (the figures would fit: the full-disk case tests nothing)"
  if mk lesson00 ARGS="--quick --seed 9" OUT="$tmp/full" > "$tmp/log" 2>&1; then
    cat "$tmp/log"; echo "plots: make lesson00 succeeded on a full disk"; fail=1
  fi
  grep -q "^figures:" "$tmp/log" && { echo "plots: make lesson00 printed 'figures:' on a full disk"; fail=1; }
  grep -q "plots: $tmp/full/[a-z_]*\.png: gnuplot wrote it empty or cut short" "$tmp/log" ||
    { cat "$tmp/log"; echo "plots: make lesson00 on a full disk did not name the figure"; fail=1; }
  grep -q "^# seed: 9" "$tmp/full/loss.dat" || { echo "plots: the full-disk run did not write its .dat files"; fail=1; }
  sums "$tmp/full" | cmp -s - "$tmp/old.sums" || { echo "plots: a full disk changed the previous figures"; fail=1; }
  ls -A "$tmp/full" | grep -q '^\.' && { ls -A "$tmp/full"; echo "plots: a full disk left a temporary file"; fail=1; }
else
  echo "plots: skipped the full-disk case (it mounts a small tmpfs: needs root and mount)"
fi

# 6. OUT= with a space, and with a quote
for o in "$tmp/with space" "$tmp/it's"; do
  if ! mk lesson00 ARGS=--quick OUT="$o" > "$tmp/log" 2>&1 || [ ! -s "$o/loss.png" ] || [ ! -s "$o/regions.png" ] ||
     ! grep -qF "figures: $o/*.png" "$tmp/log"; then
    cat "$tmp/log"; echo "plots: make lesson00 OUT='$o' failed"; fail=1
  fi
done
[ $fail -eq 0 ] && echo "plots: lesson 00's figures are replaced only when complete; OUT= takes spaces and quotes"
exit $fail
