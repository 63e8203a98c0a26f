# Figures of lesson 04 (denoising): error vs noise level for the AE and the DAEs, noisy /
# denoised / clean digits per corruption, the 2-D vector field, infilling, and how well
# each model's code tells the digits apart.
load "plots/style.gp"
do for [f in "curves.dat denoise_gaussian.dat denoise_mask.dat denoise_saltpepper.dat curve.dat field.dat bayes.dat infill.dat infill_err.dat probe.dat memorise.dat memorise_recon.dat"] { eval need(f) }

# the training level of each DAE (probe.dat rows 2, 3, 4)
stats dat('probe.dat') every ::2::2 using "level" nooutput
lv_gauss = STATS_max
stats dat('probe.dat') every ::3::3 using "level" nooutput
lv_mask = STATS_max
stats dat('probe.dat') every ::4::4 using "level" nooutput
lv_sp = STATS_max
mark(x, name) = sprintf("set arrow 1 from %g, graph 0 to %g, graph 1 nohead ls 1 dt 3 lw 1.5; set label 1 '%s' at %g, graph 0.97 left offset 0.5, 0 font ',10' textcolor rgb '#0072B2'", x, x, name, x)

eval figure('curves', 1150, 420)
set multiplot layout 1,3 title "Test error against the clean digits, inputs corrupted at increasing levels (dotted: the DAE's training level)"
set ylabel "MSE per pixel"
set yrange [0:*]
set offsets 0, 0, graph 0.2, 0   # room above the curves for the training-level labels
set key top left
set xlabel "Gaussian σ"
eval mark(lv_gauss, sprintf("DAE trained\nat σ = %g", lv_gauss))
plot dat('curves.dat') using "sigma":"ae_gauss" with linespoints ls 2 title "plain AE", \
     ''                using "sigma":"dae_gauss" with linespoints ls 1 title "DAE"
set xlabel "masking fraction ν"
eval mark(lv_mask, sprintf("DAE trained\nat ν = %g", lv_mask))
plot dat('curves.dat') using "nu":"ae_mask" with linespoints ls 2 title "plain AE", \
     ''                using "nu":"dae_mask" with linespoints ls 1 title "DAE"
set xlabel "salt-and-pepper fraction"
eval mark(lv_sp, sprintf("DAE trained\nat %g", lv_sp))
plot dat('curves.dat') using "sp":"ae_sp" with linespoints ls 2 title "plain AE", \
     ''                using "sp":"dae_sp" with linespoints ls 1 title "DAE"
unset multiplot
reset
load "plots/style.gp"

names = "gaussian mask saltpepper"
titles = "Gaussian noise|Masking noise|Salt-and-pepper noise"
symbols = "σ|ν|fraction"
levels = sprintf("%g %g %g", lv_gauss, lv_mask, lv_sp)
do for [i = 1:3] {
    k = word(names, i); lv = real(word(levels, i)); sym = field(symbols, i)
    eval figure('denoise_'.k, 640, 700)
    eval image_style
    set cbrange [0:1]
    grid_lmargin = 19
    set title sprintf("%s, at half the DAE's training level\n(%s = %g) and at it (%s = %g)", field(titles, i), sym, lv / 2, sym, lv) font ",11"
    eval mosaic_labels(28, 28, sprintf("noisy, %s = %g|plain AE|DAE|clean|noisy, %s = %g|plain AE|DAE|clean", sym, lv / 2, sym, lv), "")
    plot dat('denoise_'.k.'.dat') matrix with image
    reset
    load "plots/style.gp"
}

# BOOK: field
# Unit arrows, coloured by the length of the step g(f(x)) − x (log scale): the direction
# everywhere, and where the step is small (on the spiral) and large (far from it).
stats dat('field.dat') using (sqrt(column("dx")**2 + column("dy")**2)) nooutput
top_d = STATS_max
stats dat('bayes.dat') using (sqrt(column("dx")**2 + column("dy")**2)) nooutput
top = STATS_max > top_d ? STATS_max : top_d
L = 0.07   # the drawn length of every arrow
len(a, b) = sqrt(a**2 + b**2)
ux(a, b) = L * a / (len(a, b) + 1e-12)
uy(a, b) = L * b / (len(a, b) + 1e-12)
eval figure('field', 1150, 560)
set multiplot layout 1,2 title "Denoising a point near a spiral: every arrow points back to the data (unit arrows; colour: the step's length)"
set size ratio -1
set xrange [-1.3:1.3]
set yrange [-1.3:1.3]
set xlabel "x_1"
set ylabel "x_2"
set logscale cb
set cbrange [0.003:top]
set format cb "%g"
set cblabel "length of the step"
set palette defined (0 '#fde725', 0.35 '#35b779', 0.7 '#31688e', 1 '#440154')
set key outside bottom center horizontal
set title "trained 2-D DAE: g(f(x)) − x"
plot dat('curve.dat') using "x":"y" with points pt 7 ps 0.25 lc rgb "#E69F00" title "training points", \
     dat('field.dat') using ($1 - ux($3, $4) / 2):($2 - uy($3, $4) / 2):(ux($3, $4)):(uy($3, $4)):(len($3, $4)) with vectors head size 0.025,25 filled lc palette lw 1.3 notitle
set title "best denoiser: E[x | x̃] − x̃ = σ² ∇ log p_σ (exercise 4.2)"
plot dat('curve.dat') using "x":"y" with points pt 7 ps 0.25 lc rgb "#E69F00" title "training points", \
     dat('bayes.dat') using ($1 - ux($3, $4) / 2):($2 - uy($3, $4) / 2):(ux($3, $4)):(uy($3, $4)):(len($3, $4)) with vectors head size 0.025,25 filled lc palette lw 1.3 notitle
unset multiplot
# END BOOK
reset
load "plots/style.gp"

eval figure('infill', 700, 420)
eval image_style
set cbrange [0:1]
grid_lmargin = 20
set title "Infilling: the hidden block (grey here; the models see 0) filled in" font ",11"
eval mosaic_labels(28, 28, "block hidden|plain AE|DAE, hidden blocks|original", "")
plot dat('infill.dat') matrix with image
reset
load "plots/style.gp"

# Does denoising give a better code? Classify the clean test digits from each code.
eval figure('probe', 900, 420)
set title "Does denoising give a better code? Clean test digits classified from each model's code h = f(x)"
set ylabel "test accuracy"
set yrange [0:1.2]   # bars from 0 (room above for the key)
set ytics 0, 0.2, 1
set style fill solid 0.7 noborder
set style data histograms
set style histogram clustered gap 1.5
set key top left
set xtics scale 0
set bmargin 4
names5 = "pixels|plain AE|DAE\nGaussian|DAE\nmasking|DAE\nsalt and pepper"
plot dat('probe.dat') using "probe":xtic(field(names5, int(column("model")) + 1)) ls 1 title "linear probe (softmax regression on the standardised code)", \
     ''               using "nearest" ls 5 title "nearest class mean", \
     ''               using ($0 - 0.17):"probe":(sprintf("%.3f", column("probe"))) with labels offset 0, 0.7 font ",9" notitle, \
     ''               using ($0 + 0.17):"nearest":(sprintf("%.3f", column("nearest"))) with labels offset 0, 0.7 font ",9" notitle
reset
load "plots/style.gp"

# Memorisation: the overcomplete AE 784-1000-784 on 500 digits, its error on them (solid) and on
# unseen digits (dashed) during training, plain, with masking noise and with dropout on the code.
eval figure('memorise', 760, 460)
set title "784-1000-784 on 500 digits: training digits (solid) against unseen ones (dashed)"
set xlabel "epoch (500 digits each)"
set ylabel "MSE per pixel, clean input"
set logscale y
set key bottom left
plot dat('memorise.dat') using "epoch":"plain_train" with linespoints ls 1 title "plain", \
     ''                 using "epoch":"plain_test" with linespoints ls 1 dt 2 notitle, \
     ''                 using "epoch":"masking_train" with linespoints ls 2 title "masking noise on x (p = 0.5, no rescaling)", \
     ''                 using "epoch":"masking_test" with linespoints ls 2 dt 2 notitle, \
     ''                 using "epoch":"dropout_train" with linespoints ls 3 title "dropout on h (p = 0.5, rescaled)", \
     ''                 using "epoch":"dropout_test" with linespoints ls 3 dt 2 notitle
reset
load "plots/style.gp"

eval figure('memorise_recon', 640, 620)
eval image_style
set cbrange [0:1]
grid_lmargin = 22
set title "Unseen digits and pure noise, given back by each model" font ",11"
eval mosaic_labels(28, 28, "test digits|plain AE|masking noise|dropout on h|noise U(0, 1)|plain AE|masking noise|dropout on h", "")
plot dat('memorise_recon.dat') matrix with image
