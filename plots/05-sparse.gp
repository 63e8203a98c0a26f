# Figures of lesson 05 (sparse): decoder filters without and with sparsity, the mean
# activation of each unit, the activations' histograms, under- vs overcomplete codes.
load "plots/style.gp"
do for [f in "runs.dat rho_hat.dat act_plain.dat act_kl.dat filters_plain.dat filters_kl.dat filters_l1.dat filters_mnist.dat filters_over.dat patches.dat"] { eval need(f) }

# BOOK: filters
# Decoder filters (columns of W2) of the 64-25-64 models, each scaled to [-1, 1].
eval figure('filters', 1100, 340)
set multiplot layout 1,4 title "Decoder filters of 64-25-64 sigmoid autoencoders on 8×8 patches (red +, blue −)"
eval image_style
eval signed_palette
set cbrange [-1:1]
set title "camera, no penalty"
plot dat('filters_plain.dat') matrix with image
set title "camera, KL sparsity"
plot dat('filters_kl.dat') matrix with image
set title "camera, L1 activity"
plot dat('filters_l1.dat') matrix with image
set title "MNIST digits, KL sparsity"
plot dat('filters_mnist.dat') matrix with image
unset multiplot
# END BOOK
reset
load "plots/style.gp"

eval figure('filters_over', 560, 600)
eval image_style
eval signed_palette
set cbrange [-1:1]
set title "Overcomplete code with KL sparsity: the decoder filters"
plot dat('filters_over.dat') matrix with image
reset
load "plots/style.gp"

# Mean activation per unit, and the distribution of the activations.
stats dat('act_plain.dat') using "count" nooutput
n_plain = STATS_sum
stats dat('act_kl.dat') using "count" nooutput
n_kl = STATS_sum
eval figure('activations', 1000, 420)
set multiplot layout 1,2 title "How often are the hidden units on? (held-out patches)"
set logscale y
set format y "10^{%L}"
set xlabel "hidden unit j (sorted)"
set ylabel "mean activation ρ̂_j"
set yrange [1e-4:1]
set xrange [0:26]
set key outside bottom center horizontal samplen 1.5
set style fill solid 0.6 noborder
set boxwidth 0.28
plot dat('rho_hat.dat') using ($1-0.3):"none" with boxes ls 2 title "no penalty", \
     ''                 using ($1):"l1" with boxes ls 3 title "L1 activity", \
     ''                 using ($1+0.3):"kl" with boxes ls 1 title "KL sparsity", \
     ''                 using 1:"rho" with lines ls 7 dt 2 title "target ρ"
set xlabel "activation h"
set ylabel "fraction of (patch, unit) pairs"
set yrange [1e-5:1]
set xrange [0:1]
set key outside bottom center horizontal samplen 1.5
set boxwidth 0.018
plot dat('act_plain.dat') using "center":(column("count")/n_plain) with boxes ls 2 title "no penalty", \
     dat('act_kl.dat') using "center":(column("count")/n_kl) with boxes ls 1 fs transparent solid 0.5 title "KL sparsity"
unset multiplot
reset
load "plots/style.gp"

# Under- vs overcomplete, with and without sparsity (camera patches).
eval figure('runs', 1000, 400)
set multiplot layout 1,2 title "Undercomplete (25 units) and overcomplete codes, camera patches"
set style fill solid 0.6 noborder
set boxwidth 0.6
set xtics rotate by -30 left
set xrange [-0.6:5.6]
label(m, u, p) = m != 0 ? "" : sprintf("%d, %s", u, p == 0 ? "none" : p == 1 ? "KL" : "L1")
keep(m, x) = (m == 0 ? x : NaN)
set ylabel "held-out squared error per pixel"
set yrange [0:*]
plot dat('runs.dat') using 0:(keep(column("mnist"), column("err"))):xtic(label(column("mnist"), column("units"), column("penalty"))) with boxes ls 1 notitle
set ylabel "units on (h > 0.1) per patch"
set logscale y
set yrange [0.1:200]
plot dat('runs.dat') using 0:(keep(column("mnist"), column("active"))):xtic(label(column("mnist"), column("units"), column("penalty"))) with boxes ls 2 notitle
unset multiplot
reset
load "plots/style.gp"

eval figure('patches', 700, 300)
eval image_style
set cbrange [0:1]
set title "Training patches of the cameraman after exercise 5.2 (0.1 … 0.9)"
plot dat('patches.dat') matrix with image
