# Figures of lesson 09 (latent): histograms of the code, noise in the code, maps of the
# code by class, pixel vs latent blends, latent arithmetic and class means.
load "plots/style.gp"
do for [f in "hist2.dat hist10.dat noise.dat noise_recon.dat map2.dat pca10.dat classes.dat blend.dat blend_nearest.dat arithmetic.dat arithmetic_scores.dat means.dat classify.dat gaps.dat gap_scores.dat pca_pixels.dat kmeans.dat"] { eval need(f) }
# The class names of --data, from classes.dat: name(k) for k = 0 ... 9, and all of them '|'-separated.
names = ""
stats dat('classes.dat') using (names = names . (names eq "" ? "" : "|") . strcol("name"), 0) nooutput
name(k) = field(names, k + 1)

# One histogram per code dimension: k = 2 on the top row (two panels of half the width
# each), k = 10 on the two rows below (five a row). Densities: each panel's area is 1.
eval figure('hist', 1100, 700)
set multiplot title "Density of each code dimension over the test set (top: k = 2; below: k = 10)"
set style fill solid 0.6 noborder
unset key
set xtics font ",8"
set lmargin 9
set rmargin 2
set tmargin 0.5
set bmargin 3
panel_h = 0.95 / 3
# about three y tics a panel: a step of 1, 2 or 5 times a power of ten
ystep(m) = (u = 10 ** floor(log10(m / 3.0)), m / 3.0 / u >= 5 ? 5 * u : m / 3.0 / u >= 2 ? 2 * u : u)
do for [i=2:3] {
    set size 0.5, panel_h
    set origin 0.5 * (i - 2), 2 * panel_h
    stats dat('hist2.dat') using i nooutput
    set ytics ystep(STATS_max) font ",8"
    set ylabel (i == 2 ? "density" : "") font ",9"
    set xlabel sprintf("k = 2: z_%d", i-1) font ",10" offset 0, 0.4
    plot dat('hist2.dat') using 1:i with boxes ls 1
}
# the narrow panels: a tic every 10 (every 5 ran the labels together), the range from the bins
stats dat('hist10.dat') using 1 nooutput
set xrange [5 * floor(STATS_min / 5.0):5 * ceil(STATS_max / 5.0)]
set xtics 10 font ",8"
do for [i=2:11] {
    set size 0.2, panel_h
    set origin 0.2 * ((i - 2) % 5), (i < 7 ? 1 : 0) * panel_h
    stats dat('hist10.dat') using i nooutput
    set ytics ystep(STATS_max) font ",8"
    set ylabel ((i - 2) % 5 == 0 ? "density" : "") font ",9"
    set xlabel sprintf("k = 10: z_{%d}", i-1) font ",10" offset 0, 0.4
    plot dat('hist10.dat') using 1:i with boxes ls 2
}
unset multiplot
reset
load "plots/style.gp"

# Reconstruction error after uniform noise of amplitude a in every code entry.
eval figure('noise', 720, 460)
set title "Decoding z + u, every entry of u drawn from U(-a, a)"
set logscale xy
set xlabel "noise amplitude a (a = 0 drawn at 0.3)"
set ylabel "MSE per pixel against the test image"
set key top left
plot dat('noise.dat') using ($1 > 0 ? $1 : 0.3):"mse_k2" with linespoints ls 1 title "k = 2", \
     ''               using ($1 > 0 ? $1 : 0.3):"mse_k10" with linespoints ls 2 title "k = 10", \
     ''               using ($1 > 0 ? $1 : 0.3):"mse_vae" with linespoints ls 3 title "VAE, k = 10 (code: μ)"
reset
load "plots/style.gp"

eval figure('noise_recon', 820, 700)
eval image_style
set cbrange [0:1]
grid_lmargin = 20
set title "Decoding z + u, u ∼ U(-a, a), and noise alone (z = u, a = 10)"
eval mosaic_labels(28, 28, "test images|k = 2: a = 0|k = 2: a = 10|k = 2: a = 100|k = 2: noise alone|k = 10: a = 0|k = 10: a = 10|k = 10: a = 100|k = 10: noise alone", "")
plot dat('noise_recon.dat') matrix with image
reset
load "plots/style.gp"

# BOOK: map_plot
# The codes of the test set coloured by class, a colour key, each class mean (a black dot) named in
# a box placed by the lesson so that no two names overlap, a line from the name to its mean.
eval figure('maps', 1850, 600)
set multiplot layout 1,3 margins 0.04, 0.9, 0.1, 0.9 spacing 0.05 \
    title "The test set in two dimensions, one colour per class (never shown to PCA or the autoencoder)"
colours = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
set size ratio -1
set style textbox opaque fc rgb "#ffffff" border lc rgb "#555555"
set key at screen 0.99, screen 0.8 right top Left reverse samplen 0.5 spacing 1.1 font ",10"
set title "pixels: the first two principal axes (PCA-2)"
set xlabel "PC 1 of the pixels"
set ylabel "PC 2 of the pixels"
plot for [k=0:9] dat('pca_pixels.dat') using (column("label") == k ? column("px1") : NaN):"px2" \
         with points pt 7 ps 0.25 lc rgb word(colours, k+1) notitle, \
     dat('classes.dat') using "px1":"px2":(column("name_px1") - column("px1")):(column("name_px2") - column("px2")) \
         with vectors nohead lc rgb "#000000" notitle, \
     '' using "px1":"px2" with points pt 7 ps 1 lc rgb "#000000" notitle, \
     '' using "name_px1":"name_px2":"name" with labels boxed font ",9" notitle
set title "k = 2: the code (z_1, z_2)"
set xlabel "z_1"
set ylabel "z_2"
plot for [k=0:9] dat('map2.dat') using (column("label") == k ? column("z1") : NaN):"z2" \
         with points pt 7 ps 0.25 lc rgb word(colours, k+1) notitle, \
     dat('classes.dat') using "z1":"z2":(column("name_z1") - column("z1")):(column("name_z2") - column("z2")) \
         with vectors nohead lc rgb "#000000" notitle, \
     '' using "z1":"z2" with points pt 7 ps 1 lc rgb "#000000" notitle, \
     '' using "name_z1":"name_z2":"name" with labels boxed font ",9" notitle
set title "k = 10: the first two principal axes of the code"
set key title "class"   # here only: a title on the earlier panels' empty keys is drawn too ("class class")
set xlabel "PC 1"
set ylabel "PC 2"
plot for [k=0:9] dat('pca10.dat') using (column("label") == k ? column("pc1") : NaN):"pc2" \
         with points pt 7 ps 0.25 lc rgb word(colours, k+1) notitle, \
     for [k=0:9] keyentry with points pt 7 ps 1.2 lc rgb word(colours, k+1) title name(k), \
     dat('classes.dat') using "pc1":"pc2":(column("name_pc1") - column("pc1")):(column("name_pc2") - column("pc2")) \
         with vectors nohead lc rgb "#000000" notitle, \
     '' using "pc1":"pc2" with points pt 7 ps 1 lc rgb "#000000" notitle, \
     '' using "name_pc1":"name_pc2":"name" with labels boxed font ",9" notitle
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# Blends of four pairs of test images (the class pairs of blend.c's PAIRS): pixels, plain AE, VAE.
pairs = "0 1 5 9 2 8 3 7"
rows = ""
do for [p=0:3] {
    a = int(word(pairs, 2 * p + 1)); b = int(word(pairs, 2 * p + 2))
    rows = rows . (p ? "|" : "") . name(a) . " → " . name(b) . ": pixels|plain AE, k = 10|VAE, k = 10"
}
eval figure('blend', 900, 1000)
eval image_style
set cbrange [0:1]
grid_lmargin = 32
set title "Pairs of test images, t = 0 ... 1: pixel blend (1-t)x_a + t x_b,\nlatent blends g((1-t)z_a + t z_b) of the plain AE and of the VAE (its mean codes μ)"
eval mosaic_labels(28, 28, rows, "t = 0|1/8|1/4|3/8|1/2|5/8|3/4|7/8|t = 1")
set tmargin 6
set title offset 0, 1   # clear of the column labels
plot dat('blend.dat') matrix with image
reset
load "plots/style.gp"

eval figure('blend_nearest', 1100, 500)
set multiplot layout 1,2 title "Is a blend like some real image? Its distance to the nearest of the training images (mean of 40 pairs)"
set xlabel "t"
set key below horizontal maxrows 1 width -3
set yrange [0:*]
set ylabel "min_n ||x_t - x_n||^2 per pixel"
set title "distance to the nearest training image"
plot dat('blend_nearest.dat') using "t":"pixel" with linespoints ls 2 title "pixel blend", \
     ''                     using "t":"ae" with linespoints ls 1 title "plain AE, latent blend", \
     ''                     using "t":"vae" with linespoints ls 3 title "VAE, latent blend"
set autoscale y
set title "its excess over the endpoints: e(t) - [(1-t) e(0) + t e(1)]"
set ylabel "excess distance per pixel"
plot dat('blend_nearest.dat') using "t":"pixel_excess" with linespoints ls 2 title "pixel blend", \
     ''                     using "t":"ae_excess" with linespoints ls 1 title "plain AE, latent blend", \
     ''                     using "t":"vae_excess" with linespoints ls 3 title "VAE, latent blend", \
     0 with lines lc rgb "#888888" dt 2 notitle
unset multiplot
reset
load "plots/style.gp"

# Arithmetic: the plain AE's five rows, then the VAE's; the scores from arithmetic_scores.dat.
stats dat('arithmetic_scores.dat') using (column("model") == 0 ? column("hit") : NaN) nooutput
hit_ae = STATS_max
stats dat('arithmetic_scores.dat') using (column("model") == 1 ? column("hit") : NaN) nooutput
hit_vae = STATS_max
stats dat('arithmetic_scores.dat') using (column("model") == 0 ? column("nearest") : NaN) nooutput
near_ae = STATS_max
stats dat('arithmetic_scores.dat') using (column("model") == 1 ? column("nearest") : NaN) nooutput
near_vae = STATS_max
stats dat('arithmetic_scores.dat') using "recon_nearest" nooutput
near_rec = STATS_mean
stats dat('arithmetic_scores.dat') using "moves" nooutput
moves = STATS_max
rows = ""
do for [s=0:1] { do for [r=0:4] { rows = rows . (rows eq "" ? "" : "|") . (s ? "VAE: " : "plain AE: ") . name(2 * r) } }
eval figure('arithmetic', 1180, 800)
eval image_style
set cbrange [0:1]
grid_lmargin = 27
set title sprintf("A test image, its reconstruction g(z), then g(z - μ_{own class} + μ_B) for each class B (k = 10 both)\nOver %d such moves the nearest training image is of class B for %.0f %% with the plain AE, %.0f %% with the VAE;\nits distance is %.4f with the plain AE, %.4f with the VAE (%.4f for the reconstructions g(z))", moves, 100 * hit_ae, 100 * hit_vae, near_ae, near_vae, near_rec)
eval mosaic_labels(28, 28, rows, "image|g(z)|" . names)
set tmargin 7
set title offset 0, 1   # clear of the column labels
do for [j=1:12] { set label 2000 + j font ",9" }
plot dat('arithmetic.dat') matrix with image
reset
load "plots/style.gp"

eval figure('means', 960, 360)
eval image_style
set cbrange [0:1]
grid_lmargin = 24
set title "The pixel mean of each class, and its decoded mean code g(μ_c) (k = 10)"
eval mosaic_labels(28, 28, "pixel mean|plain AE: g(μ_c)|VAE: g(μ_c)", names)
set tmargin 5.5
set title offset 0, 1   # clear of the column labels
do for [j=1:10] { set label 2000 + j font ",9" }
plot dat('means.dat') matrix with image
reset
load "plots/style.gp"

# Random codes decoded: the plain AE (k = 10) from N(0, I) and from the Gaussian of its training
# codes, the VAE from its prior; each row's share of confident verdicts from gap_scores.dat.
eval figure('gaps', 1000, 400)
eval image_style
set cbrange [0:1]
grid_lmargin = 42
what = "test images|AE: z ∼ N(0, I)|AE: z ∼ N(m, s²) of its codes|VAE: z ∼ N(0, I)"
rows = ""
stats dat('gap_scores.dat') using (rows = rows . (rows eq "" ? "" : "|") . sprintf("%s (%.0f%%, H %.2f)", \
      field(what, column("set") + 1), 100 * column("confident"), column("entropy")), 0) nooutput
set title "Random codes decoded (share judged with p ≥ 0.9; H: entropy of the judged classes, nats)" font ",10"
eval mosaic_labels(28, 28, rows, "")
plot dat('gaps.dat') matrix with image
