# Figures of lesson 09 (latent): histograms of the code, noise in the code, maps of the
# code by class, pixel vs latent blends, latent arithmetic and class means.
load "plots/style.gp"
do for [f in "hist2.dat hist10.dat noise.dat noise_recon.dat map2.dat pca10.dat classes.dat blend.dat blend_error.dat arithmetic.dat means.dat classify.dat"] { eval need(f) }

# One small histogram per code dimension: k = 2 (top row), k = 10 (two rows below).
eval figure('hist', 1100, 640)
set multiplot layout 3,5 title "Density of each code dimension over the test set (top: k = 2; below: k = 10)"
set style fill solid 0.6 noborder
unset key
set ytics format ""
set xtics font ",8"
do for [i=2:3] {
    set title sprintf("k = 2: z_%d", i-1) font ",10"
    plot dat('hist2.dat') using 1:i with boxes ls 1
}
set multiplot next
set multiplot next
set multiplot next
do for [i=2:11] {
    set title sprintf("k = 10: z_{%d}", i-1) font ",10"
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
     ''               using ($1 > 0 ? $1 : 0.3):"mse_k10" with linespoints ls 2 title "k = 10"
reset
load "plots/style.gp"

eval figure('noise_recon', 760, 700)
eval image_style
set cbrange [0:1]
set title "Test images; k = 2 decoded with noise 0, ±10, ±100, noise alone (±10); the same for k = 10"
plot dat('noise_recon.dat') matrix with image
reset
load "plots/style.gp"

# BOOK: map_plot
# The codes of the test set coloured by class, each class mean labelled with its name.
eval figure('maps', 1200, 560)
set multiplot layout 1,2 title "The code space of the test set, one colour per class"
set palette maxcolors 10
set palette defined (0 '#1f77b4', 1 '#ff7f0e', 2 '#2ca02c', 3 '#d62728', 4 '#9467bd', \
                     5 '#8c564b', 6 '#e377c2', 7 '#7f7f7f', 8 '#bcbd22', 9 '#17becf')
set cbrange [-0.5:9.5]
unset colorbox
unset key
set title "k = 2: the code (z_1, z_2)"
set xlabel "z_1"
set ylabel "z_2"
plot dat('map2.dat') using "z1":"z2":"label" with points pt 7 ps 0.25 lc palette, \
     dat('classes.dat') using "z1":"z2":"name" with labels font ",10" boxed
set title "k = 10: the first two principal axes of the code"
set xlabel "PC 1"
set ylabel "PC 2"
plot dat('pca10.dat') using "pc1":"pc2":"label" with points pt 7 ps 0.25 lc palette, \
     dat('classes.dat') using "pc1":"pc2":"name" with labels font ",10" boxed
unset multiplot
# END BOOK
reset
load "plots/style.gp"

eval figure('blend', 760, 760)
eval image_style
set cbrange [0:1]
set title "Pairs of test images, t = 0 ... 1: pixel blend (1-t)x_a + t x_b, then latent blend g((1-t)z_a + t z_b)"
plot dat('blend.dat') matrix with image
reset
load "plots/style.gp"

eval figure('blend_error', 720, 460)
set title "How far a blend is from what the autoencoder reproduces"
set xlabel "t"
set ylabel "||x_t - g(f(x_t))||^2 per pixel (mean of the pairs)"
set key top right
plot dat('blend_error.dat') using "t":"pixel" with linespoints ls 2 title "pixel blend", \
     ''                     using "t":"latent" with linespoints ls 1 title "latent blend"
reset
load "plots/style.gp"

eval figure('arithmetic', 960, 460)
eval image_style
set cbrange [0:1]
set title "A test image, its reconstruction, then g(z - μ_{own class} + μ_B) for B = class 0 ... 9"
plot dat('arithmetic.dat') matrix with image
reset
load "plots/style.gp"

eval figure('means', 900, 240)
eval image_style
set cbrange [0:1]
set title "Top: the pixel mean of each class. Bottom: the decoded mean code of each class"
plot dat('means.dat') matrix with image
