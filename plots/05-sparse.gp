# Figures of lesson 05 (sparse): decoder filters without and with sparsity, the mean
# activation of each unit, the activations' histograms, under- vs overcomplete codes.
load "plots/style.gp"
do for [f in "runs.dat rho_hat.dat act_plain.dat act_kl.dat filters_plain.dat filters_kl.dat filters_l1.dat dead_l1.dat filters_mnist.dat filters_over.dat patches.dat sweep.dat"] { eval need(f) }

# BOOK: filters
# Decoder filters (columns of W2) of the 64-25-64 models, each scaled to [-1, 1]; the L1 model's
# dead units (on for no held-out patch) crossed out.
stats dat('dead_l1.dat') using 4 nooutput
n_dead = int(STATS_sum)
eval figure('filters', 1100, 340)
set multiplot layout 1,4 title "Decoder filters of 64-25-64 sigmoid autoencoders on 8×8 patches (red +, blue −)"
eval image_style
eval signed_palette
set cbrange [-1:1]
set title "camera, no penalty"
plot dat('filters_plain.dat') matrix with image
set title "camera, KL sparsity"
plot dat('filters_kl.dat') matrix with image
set title sprintf("camera, L1 activity (× %d dead units)", n_dead)
plot dat('filters_l1.dat') matrix with image, \
     dat('dead_l1.dat') using 2:($4 > 0 ? $3 : NaN) with points pt 2 ps 3.5 lw 2 lc rgb '#222222' notitle
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
set title "The 100 decoder filters of an overcomplete code\n(64-100-64, KL sparsity, camera patches; red +, blue −)"
plot dat('filters_over.dat') matrix with image
reset
load "plots/style.gp"

# Mean activation per unit, and the distribution of the activations.
stats dat('act_plain.dat') using "count" nooutput
n_plain = STATS_sum
stats dat('act_kl.dat') using "count" nooutput
n_kl = STATS_sum
eval figure('activations', 1000, 440)
set multiplot layout 1,2 title "How often are the hidden units on? (held-out patches)"
set bmargin 7.5   # both panels: room for the left one's three rows of key
set logscale y
set format y "10^{%L}"
set xlabel "hidden unit j (sorted)"
set ylabel "mean activation ρ̂_j"
set yrange [1e-5:1]
set xrange [0:26]
set key outside bottom center horizontal samplen 1.5
set style fill solid 0.6 noborder
set boxwidth 0.28
# a dead unit (never on: h <= 0.1 for every held-out patch) gets a black x just above its bar
dead(on, rho) = on == 0 ? 2.5 * (rho > 1e-5 ? rho : 1e-5) : NaN
plot dat('rho_hat.dat') using ($1-0.3):"none" with boxes ls 2 title "no penalty", \
     ''                 using ($1):"l1" with boxes ls 3 title "L1 activity", \
     ''                 using ($1+0.3):"kl" with boxes ls 1 title "KL sparsity", \
     ''                 using 1:"rho" with lines ls 7 dt 2 title "target ρ", \
     ''                 using ($1-0.3):(dead(column("none_on"), column("none"))) with points pt 2 ps 0.8 lw 1.5 lc rgb "#000000" \
                        title "dead: never h > 0.1", \
     ''                 using ($1):(dead(column("l1_on"), column("l1"))) with points pt 2 ps 0.8 lw 1.5 lc rgb "#000000" notitle, \
     ''                 using ($1+0.3):(dead(column("kl_on"), column("kl"))) with points pt 2 ps 0.8 lw 1.5 lc rgb "#000000" notitle
set xlabel "activation h"
set ylabel "fraction of (patch, unit) pairs"
set yrange [1e-5:1]
set xrange [0:1]
set key outside bottom center horizontal samplen 1.5
set boxwidth 0.018
plot dat('act_plain.dat') using "center":(column("count")/n_plain) with histeps ls 2 title "no penalty", \
     dat('act_kl.dat') using "center":(column("count")/n_kl) with histeps ls 1 title "KL sparsity"
unset multiplot
reset
load "plots/style.gp"

# Under- vs overcomplete, with and without sparsity (camera patches; the MNIST run is in filters.png).
stats dat('runs.dat') using "var" nooutput
var = STATS_max
eval figure('runs', 1100, 440)
set multiplot layout 1,2 title "Undercomplete (25 units) and overcomplete (100 units) codes on camera patches, held out"
set style fill solid 0.6 noborder
set boxwidth 0.6
set xrange [-0.6:4.6]
set xtics scale 0 font ",10"
label(u, p, r) = sprintf("%d units\n%s", u, p == 0 ? "no penalty" : p == 1 ? sprintf("KL, ρ = %g", r) : "L1")
# runs.dat rows 0-2 (25 units) and 4-5 (100 units) side by side; row 3 (MNIST) is left out
set bmargin 4.5
set ylabel "held-out squared error per pixel"
set yrange [0:var * 1.15]
set arrow 1 from -0.6, var to 4.6, var nohead ls 7 dt 2 lw 1.5
set label 1 sprintf("the patches' variance (%.4f): the error of the mean patch", var) at -0.5, var * 1.05 left font ",10"
plot dat('runs.dat') every ::0::2 using 0:"err":xtic(label(column("units"), column("penalty"), column("rho"))) with boxes ls 1 notitle, \
     ''              every ::4::5 using ($0 + 3):"err":xtic(label(column("units"), column("penalty"), column("rho"))) with boxes ls 1 notitle
unset arrow
unset label
set ylabel "units on (h > 0.1) per patch"
set logscale y
set yrange [0.1:200]
plot dat('runs.dat') every ::0::2 using 0:"active":xtic(label(column("units"), column("penalty"), column("rho"))) with boxes ls 2 notitle, \
     ''              every ::4::5 using ($0 + 3):"active":xtic(label(column("units"), column("penalty"), column("rho"))) with boxes ls 2 notitle
unset multiplot
reset
load "plots/style.gp"

# The rho sweep: how many units a patch may use against how well it is rebuilt.
stats dat('runs.dat') every ::0::0 using "err" nooutput
plain = STATS_max
stats dat('sweep.dat') using "rho" nooutput
nrho = STATS_records
# each point's label up and to the right, clear of the falling curve; the last one above it
rho_label(r, e) = sprintf("ρ = %g\n%.0f %% explained", r, 100 * e)
eval figure('sweep', 900, 520)
set title "KL sparsity trades reconstruction for sparseness: 25 units on camera patches, held out"
set xlabel "units on (h > 0.1) per patch"
set ylabel "held-out squared error per pixel"
set logscale x
set xrange [0.1:40]
set yrange [0:var * 1.15]
set key bottom left
set arrow 1 from 0.1, var to 40, var nohead ls 7 dt 2 lw 1.5
set label 1 sprintf("the patches' variance %.4f (nothing explained)", var) at 0.12, var * 1.05 left font ",10"
set arrow 2 from 0.1, plain to 40, plain nohead ls 2 dt 2 lw 1.5
set label 2 sprintf("no penalty, all 25 units on: %.4f (%.0f %% explained)", plain, 100 * (1 - plain / var)) at 0.12, plain * 0.85 left font ",10" textcolor rgb "#D55E00"
plot dat('sweep.dat') using "active":"err" with linespoints ls 1 ps 1.3 title "KL sparsity, target ρ", \
     ''               every ::0::nrho - 2 using "active":"err":(rho_label(column("rho"), column("explained"))) with labels left offset 0.5, 1.6 font ",9" notitle, \
     ''               every ::nrho - 1 using "active":"err":(rho_label(column("rho"), column("explained"))) with labels offset 0, 1.8 font ",9" notitle
reset
load "plots/style.gp"

eval figure('patches', 700, 300)
eval image_style
set cbrange [0:1]
set title "Training patches of the cameraman after exercise 5.2 (0.1 … 0.9)"
plot dat('patches.dat') matrix with image
