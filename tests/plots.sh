#!/bin/sh
# Every lesson's gnuplot script draws its figures from a --quick run (PNG and PDF),
# and stops with exit status 1, naming the file, when a data file is missing; a run of
# one part of lesson 02 is drawn alone. The files the run wrote are the ones its --help
# lists after "Writes:" (up to the paragraph's end), no more and no fewer.
set -u
build=${AE_BUILD:-build/sol1}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
for bin in "$build"/lessons/*/[0-9][0-9]-*; do
  [ -x "$bin" ] || continue
  L=$(basename "$bin"); d="$tmp/$L"
  if ! "$bin" --quick --out "$d" > "$tmp/log" 2>&1; then cat "$tmp/log"; echo "plots: $L --quick failed"; fail=1; continue; fi
  listed=$("$bin" --help | awk '/Writes:/ { on = 1 } on && /^$/ { exit } on' | sed 's/.*Writes://' |
          grep -oE '[A-Za-z0-9_-]+\.[a-z]+' | grep -v '\.md$' | sort -u)
  wrote=$(ls "$d" | sort -u)
  if [ "$listed" != "$wrote" ]; then
    echo "plots: $L --help's Writes: list differs from what --quick wrote (< listed, > written):"
    printf '%s\n' "$listed" > "$tmp/listed"; printf '%s\n' "$wrote" > "$tmp/wrote"
    diff "$tmp/listed" "$tmp/wrote" | grep '^[<>]'; fail=1
  fi
  for fmt in png pdf; do
    if ! gnuplot -e "dir='$d'; fmt='$fmt'" "plots/$L.gp" 2> "$tmp/gp.err"; then
      cat "$tmp/gp.err"; echo "plots: plots/$L.gp failed ($fmt)"; fail=1
    elif [ -s "$tmp/gp.err" ]; then
      cat "$tmp/gp.err"; echo "plots: plots/$L.gp printed warnings ($fmt)"; fail=1
    fi
  done
  n=$(find "$d" -name '*.png' -size +1k | wc -l)
  [ "$n" -gt 0 ] || { echo "plots: $L drew no PNG"; fail=1; }
  first=$(ls "$d"/*.dat | head -n 1); rm -f "$d"/*.png "$first"
  if gnuplot -e "dir='$d'; fmt='png'" "plots/$L.gp" 2> "$tmp/gp.err"; then
    echo "plots: plots/$L.gp succeeded without $(basename "$first")"; fail=1
  elif ! grep -q "$(basename "$first")" "$tmp/gp.err"; then
    cat "$tmp/gp.err"; echo "plots: the error does not name $(basename "$first")"; fail=1
  fi
  echo "plots: $L: $n figures"
done

# lesson 02 --part hinton writes one part's files: its script draws that part's two figures
d="$tmp/02-part"
if "$build/lessons/02-deep/02-deep" --quick --part hinton --out "$d" > "$tmp/log" 2>&1 &&
   gnuplot -e "dir='$d'; fmt='png'" plots/02-deep.gp 2> "$tmp/gp.err" && [ ! -s "$tmp/gp.err" ]; then
  n=$(ls "$d"/*.png | wc -l)
  [ "$n" = 2 ] && [ -s "$d/hinton.png" ] && [ -s "$d/hinton_recon.png" ] ||
    { ls "$d"; echo "plots: 02-deep --part hinton drew $n figures, want hinton.png and hinton_recon.png"; fail=1; }
else
  cat "$tmp/log" "$tmp/gp.err"; echo "plots: 02-deep --part hinton could not be plotted"; fail=1
fi
exit $fail
