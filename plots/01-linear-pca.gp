# Figures of lesson 01 (linear-pca): error vs k, the AE's approach to PCA per epoch, alignment
# with L2, the directions as images, reconstructions, the spectra, eigenfaces.
load "plots/style.gp"
do for [f in "mse.dat curves.dat align.dat align_plain.dat align_l2.dat directions.dat recon.dat spectrum.dat faces_spectrum.dat eigenfaces.dat faces_recon.dat"] { eval need(f) }

# The code sizes of the sweep, from mse.dat: ks = " 2 4 8 ...", n of them
stats dat('mse.dat') using "k" nooutput
n = STATS_records
ks = ""
do for [r=0:n-1] { stats dat('mse.dat') every ::r::r using "k" nooutput; ks = ks.sprintf(" %d", STATS_max) }
# curves.dat: epoch, then n columns each of mse_kK, gap_kK, angle_max_kK, angle_mean_kK
col(q, i) = 1 + (q - 1) * n + i

# Test error of PCA-k and the linear AE-k; per epoch the AE's gap to PCA-k and the mean angle.
eval figure('mse', 1200, 430)
set multiplot layout 1,3 title "A linear autoencoder finds the PCA subspace: equal error, and its subspace turns into PCA's"
set logscale x 2
set xrange [1.6:80]
set xlabel "code size k"
set ylabel "test MSE per pixel"
set xtics (2, 4, 8, 16, 32, 64)
set key top right
set title "test error after training"
plot dat('mse.dat') using "k":"pca_mse" with linespoints ls 1 title "PCA-k", \
     ''             using "k":"ae_mse" with points ls 2 pt 6 ps 1.6 title "linear AE-k (trained)"
unset logscale x
set xrange [*:*]
set autoscale xfix
set logscale y
set format y "10^{%L}"
set xlabel "epoch"
set xtics 1
set ylabel "(AE-k − PCA-k) / PCA-k, test MSE"
set key bottom left title "code size" samplen 1.5
set title "how far the AE's error is above PCA's"
plot for [i=1:n] dat('curves.dat') using 1:col(2, i) with linespoints ls i title "k = ".word(ks, i)
set format y "%g"
set ylabel "mean principal angle to PCA-k (degrees)"
set title "mean angle between the subspaces"
plot for [i=1:n] dat('curves.dat') using 1:col(4, i) with linespoints ls i title "k = ".word(ks, i)
unset multiplot
reset
load "plots/style.gp"

# With L2, the decoder's left singular vectors are the principal directions one by one.
eval figure('alignment', 1200, 500)
set multiplot title "Decoder left singular vectors u_i against principal directions v_j: |u_i · v_j|"
# three panels at fixed places: room for the colour scale between the second and the third
set tmargin at screen 0.84
set bmargin at screen 0.2
set size ratio -1
set palette defined (0 '#ffffff', 1 '#08306b')
set cbrange [0:1]
unset grid
set xlabel "principal direction j"
set ylabel "decoder direction i"
set yrange [*:*] reverse
set autoscale xfix
set autoscale yfix
set title "plain linear AE"
unset colorbox
set lmargin at screen 0.06
set rmargin at screen 0.31
plot dat('align_plain.dat') matrix using ($1+1):($2+1):3 with image notitle
set title "with L2 on W_1 and W_2"
set lmargin at screen 0.38
set rmargin at screen 0.63
set colorbox user origin screen 0.64, screen 0.27 size screen 0.012, screen 0.5
set cbtics 0.2
plot dat('align_l2.dat') matrix using ($1+1):($2+1):3 with image notitle
unset colorbox
set size noratio
set lmargin at screen 0.77
set rmargin at screen 0.98
set bmargin at screen 0.3
set yrange [0:1.05] noreverse
set autoscale xfix
set xlabel "direction i"
set ylabel "|u_i · v_i|,  s_i"
set title "|u_i · v_i| and singular values s_i of W_2"
set key outside bottom center horizontal maxcols 2 Left reverse samplen 1.5 width -3
plot dat('align.dat') using "i":"cos_plain" with linespoints ls 2 title "|u_i·v_i| plain", \
     ''               using "i":"cos_l2" with linespoints ls 1 title "|u_i·v_i| L2", \
     ''               using "i":"sv_l2" with points ls 3 pt 6 ps 1.4 title "s_i with L2", \
     ''               using "i":"sv_theory" with lines ls 7 dt 2 title "(1 - wd/2λ_i)^{1/2}"
unset multiplot
reset
load "plots/style.gp"

# k, the code size of the L2 comparison: align.dat has a row per direction
stats dat('align.dat') using "i" nooutput
k = int(STATS_max)
cols = ""
do for [i=1:k] { cols = cols.(i > 1 ? "|" : "").sprintf("%d", i) }

# The directions as images: PCA, plain AE, AE with L2.
eval figure('directions', 1400, 340)
eval image_style
eval signed_palette
set cbrange [-1:1]
set title sprintf("The %d principal directions v_i and the decoders' left singular vectors u_i (drawn with the sign of u_i · v_i; red +, blue −)", k) offset 0, 1
eval mosaic_labels(28, 28, "PCA v_i|plain AE u_i|AE with L2 u_i", cols)
plot dat('directions.dat') matrix with image
reset
load "plots/style.gp"

# Reconstructions of test images.
stats dat('align.dat') using "i" nooutput
k = int(STATS_max)
eval figure('recon', 900, 480)
eval image_style
set cbrange [0:1]
set title sprintf("Test images and their reconstructions from a code of k = %d numbers", k)
eval mosaic_labels(28, 28, sprintf("test image|PCA-%d|linear AE-%d|AE-%d with L2", k, k, k), "")
plot dat('recon.dat') matrix with image
reset
load "plots/style.gp"

# Explained variance, each PCA on the data it was fitted on and on data it has not seen.
stats dat('faces_spectrum.dat') using "k" nooutput
kf = int(STATS_max)
eval figure('spectrum', 1000, 430)
set multiplot layout 1,2 title "Fraction of the variance that the first k principal directions rebuild: fitted data against unseen data"
set xlabel "number of principal directions k"
set ylabel "fraction of the variance explained"
set yrange [0:1]
set key bottom right
set title "Fashion-MNIST: PCA of 60,000 images (784 pixels)"
plot dat('spectrum.dat') using "k":"explained" with lines ls 1 title "training images (fitted)", \
     ''                  using "k":"test_explained" with lines ls 2 dt 2 title "10,000 test images"
set title sprintf("LFW faces: PCA of %d faces (625 pixels)", kf + 1)
set xrange [0:kf + 1]
plot dat('faces_spectrum.dat') using "k":"fitted" with lines ls 1 title sprintf("the %d faces (fitted)", kf + 1), \
     ''                        using "k":"heldout" with lines ls 2 dt 2 title "20 held-out faces"
unset multiplot
reset
load "plots/style.gp"

# Eigenfaces and reconstructions from k of them.
eval figure('eigenfaces', 1200, 200)
eval image_style
set cbrange [0:1]
set title sprintf("The mean face of %d faces, then the first 15 eigenfaces (mid-grey = 0)", kf + 1) offset 0, 1
eval mosaic_labels(25, 25, "", "mean|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15")
plot dat('eigenfaces.dat') matrix with image
reset
load "plots/style.gp"
eval figure('faces_recon', 700, 640)
eval image_style
set cbrange [0:1]
set title sprintf("Faces rebuilt from k eigenfaces (PCA of %d faces)", kf + 1) offset 0, 1
eval mosaic_labels(25, 25, "fitted face|fitted face|held-out face|held-out face|held-out face|held-out face", \
                   sprintf("k = 1|5|10|25|50|%d|original", kf))
plot dat('faces_recon.dat') matrix with image
reset
load "plots/style.gp"

# BOOK: tied_plot
# Tied weights: the same code size with W2 = W1^T against the plain AE, epoch by epoch.
eval need('tied.dat')
eval figure('tied', 1000, 420)
set multiplot layout 1,2 title "A linear AE with tied weights (W_2 = W_1^T) against the plain one, same k"
set xlabel "epoch"
set key top right
set ylabel "test MSE above PCA-k's (%)"
plot dat('tied.dat') using "epoch":(100 * column("plain_gap")) with linespoints ls 1 title "plain (W_1, W_2)", \
     ''              using "epoch":(100 * column("tied_gap")) with linespoints ls 2 title "tied (W_2 = W_1^T)"
set ylabel "mean principal angle to PCA-k (degrees)"
plot dat('tied.dat') using "epoch":"plain_angle" with linespoints ls 1 title "plain (W_1, W_2)", \
     ''              using "epoch":"tied_angle" with linespoints ls 2 title "tied (W_2 = W_1^T)"
unset multiplot
# END BOOK
