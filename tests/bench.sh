#!/bin/sh
# `bench --quick` (one epoch of the Keras-style AE) writes a well-formed bench.dat (with the
# time inside the matrix products, which bench checks against the model's flop count), takes
# PyTorch's times from the --torch command's "torch NAME PREC SECONDS" lines (a stand-in
# here) into the table and the file, and plots/bench.gp draws it (PNG and PDF) and names
# bench.dat when it is missing. No time is checked: the machine may be busy.
set -u
build=${AE_BUILD:-build/sol1}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "bench: $*"; fail=1; }

# the stand-in for bench/torch_bench.py: 2.5 s per epoch in f64, 1.25 s in f32 (timed on
# part of an epoch and scaled, as torch_bench.py does for a model slower than its --budget)
cat > "$tmp/torch" <<'EOF'
while [ $# -gt 0 ]; do case $1 in --model) m=$2 ;; --precision) p=$2 ;; esac; shift; done
[ "$p" = f64 ] && echo "torch $m $p 2.5 s/epoch (stand-in)" ||
  echo "torch $m $p 1.25 s/epoch (median of 3 runs of 21 of 469 batches, scaled to an epoch)"
EOF
if ! "$build/bench/bench" --quick --out "$tmp/out" --torch "sh $tmp/torch" > "$tmp/log" 2>&1; then
  cat "$tmp/log"; bad "--quick failed"
fi
grep -Eq '^keras +[0-9.]+ +[0-9.]+ +f64 +[0-9.]+ +2\.500 +1\.250\* ' "$tmp/log" ||
  { cat "$tmp/log"; bad "the table has no keras row with the measured PyTorch times (f32 marked scaled)"; }
grep -q '^\* PyTorch timed on part of an epoch' "$tmp/log" || { cat "$tmp/log"; bad "no note on the scaled time"; }

# one row of numbers under the column names; the ratios are the quotients of the times
awk '
  /^#/ { next }
  !head { head = 1; if ($0 != cols) { print "bench: columns are: " $0; bad = 1 }; next }
  { rows++
    if (NF != 15 || $1 != "keras" || $4 != "f64") { print "bench: bad row: " $0; bad = 1; next }
    if (!($2 > 0 && $6 > 0 && $7 > 0 && $8 > 10 && $12 > 0 && $13 > 0 && $14 > 0)) { print "bench: not positive: " $0; bad = 1 }
    # the time inside the products is part of the epoch, and their rate is above that of the whole epoch
    if (!($13 < $2 && near($15, $13 / $2) && $14 > $6)) { print "bench: the GEMM columns do not add up: " $0; bad = 1 }
    if (!($3 > 0) || $9 != 2.5 || $10 != 1.25) { print "bench: wrong PyTorch times: " $0; bad = 1 }
    if (!near($5, $2 / $3) || !near($11, $2 / 2.5)) { print "bench: wrong ratios: " $0; bad = 1 } }
  function near(a, b) { return a - b < 1e-3 * b && b - a < 1e-3 * b }
  END { if (rows != 1) { print "bench: " rows + 0 " rows, want 1"; bad = 1 }; exit bad }
' cols="model seconds torch_seconds torch_prec ratio gflops dgemm_share peak_mb torch_f64 torch_f32 torch_ratio dgemm_gflops gemm_seconds gemm_gflops gemm_share" \
  "$tmp/out/bench.dat" || { cat "$tmp/out/bench.dat"; bad "bench.dat is not well-formed"; }

for fmt in png pdf; do
  if ! tools/plot.sh "$tmp/out" "$fmt" plots/bench.gp 2> "$tmp/gp.err" || [ -s "$tmp/gp.err" ]; then
    cat "$tmp/gp.err"; bad "plots/bench.gp failed or warned ($fmt)"
  fi
done
[ -n "$(find "$tmp/out" -name bench.png -size +1k)" ] || bad "no bench.png drawn"
rm -f "$tmp/out/bench.dat"
if tools/plot.sh "$tmp/out" png plots/bench.gp 2> "$tmp/gp.err" || ! grep -q bench.dat "$tmp/gp.err"; then
  cat "$tmp/gp.err"; bad "plots/bench.gp without bench.dat did not fail naming it"
fi

# the PyTorch scripts parse their flags before they import torch: --help needs no torch
for py in bench/torch_bench.py bench/torch_vae.py; do
  if [ -x /usr/bin/python3 ] && ! /usr/bin/python3 "$py" --help > "$tmp/log" 2>&1; then
    cat "$tmp/log"; bad "$py --help failed"
  fi
done
[ "$fail" = 0 ] && echo "bench: --quick, bench.dat, the PyTorch columns and the figure are fine"
exit $fail
