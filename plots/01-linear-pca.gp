# Figures of lesson 01 (linear-pca): error vs k, principal angles, alignment with L2,
# the directions as images, reconstructions, eigenfaces.
load "plots/style.gp"
do for [f in "mse.dat curves.dat align.dat align_plain.dat align_l2.dat directions.dat recon.dat spectrum.dat eigenfaces.dat faces_recon.dat"] { eval need(f) }

# Test error of PCA-k and the linear AE-k, and the largest principal angle per epoch.
eval figure('mse', 960, 420)
set multiplot layout 1,2 title "A linear autoencoder finds the PCA subspace"
set logscale x 2
set xlabel "code size k"
set ylabel "test MSE per pixel"
set xtics (2, 4, 8, 16, 32, 64)
set key top right
plot dat('mse.dat') using "k":"pca_mse" with linespoints ls 1 title "PCA-k", \
     ''             using "k":"ae_mse" with points ls 2 pt 6 ps 1.6 title "linear AE-k (trained)"
unset logscale x
set logscale y
set xlabel "epoch"
set ylabel "largest principal angle to PCA-k (degrees)"
set xtics auto
set key bottom left noenhanced title "code size" enhanced
stats dat('mse.dat') using "k" nooutput
n = STATS_records    # curves.dat: epoch, then n columns mse_kK, then n columns angle_kK
plot for [i=2+n:1+2*n] dat('curves.dat') using 1:i with linespoints title columnheader(i)
unset multiplot
reset
load "plots/style.gp"

# With L2, the decoder's left singular vectors are the principal directions one by one.
eval figure('alignment', 1050, 470)
set multiplot layout 1,3 title "Decoder left singular vectors u_i against principal directions v_j: |u_i · v_j|"
set size ratio -1
set palette defined (0 '#ffffff', 1 '#08306b')
set cbrange [0:1]
unset colorbox
unset grid
set xlabel "principal direction j"
set ylabel "decoder direction i"
set yrange [*:*] reverse
set autoscale xfix
set autoscale yfix
set title "plain linear AE"
plot dat('align_plain.dat') matrix using ($1+1):($2+1):3 with image notitle
set title "with L2 on W_1 and W_2"
plot dat('align_l2.dat') matrix using ($1+1):($2+1):3 with image notitle
set size noratio
set yrange [0:1.05] noreverse
set autoscale xfix
set xlabel ""
set ylabel ""
set title "|u_i · v_i| and singular values of W_2"
set key outside bottom center horizontal maxcols 2 Left reverse samplen 1.5 width -2
plot dat('align.dat') using "i":"cos_plain" with linespoints ls 2 title "|u_i·v_i| plain", \
     ''               using "i":"cos_l2" with linespoints ls 1 title "|u_i·v_i| L2", \
     ''               using "i":"sv_l2" with points ls 3 pt 6 ps 1.4 title "s_i with L2", \
     ''               using "i":"sv_theory" with lines ls 7 dt 2 title "(1 - wd/2λ_i)^{1/2}"
unset multiplot
reset
load "plots/style.gp"

# The directions as images: PCA, plain AE, AE with L2.
eval figure('directions', 1100, 260)
eval image_style
eval signed_palette
set cbrange [-1:1]
set title "Rows: principal directions v_i; plain AE decoder u_i; AE with L2 decoder u_i (red +, blue −)"
plot dat('directions.dat') matrix with image
reset
load "plots/style.gp"

# Reconstructions of test images.
eval figure('recon', 900, 500)
eval image_style
set cbrange [0:1]
set title "Rows: test images; PCA-k; linear AE-k; linear AE-k with L2"
plot dat('recon.dat') matrix with image
reset
load "plots/style.gp"

# Explained variance.
eval figure('spectrum', 700, 420)
set xlabel "number of principal directions k"
set ylabel "fraction of the variance explained"
set yrange [0:1]
set key bottom right
plot dat('spectrum.dat') using "k":"explained" with lines ls 1 title "training images (784 pixels)", \
     ''                  using "k":"faces_explained" with lines ls 2 title "LFW faces (625 pixels, 100 faces)"
reset
load "plots/style.gp"

# Eigenfaces and reconstructions from k of them.
eval figure('eigenfaces', 960, 300)
eval image_style
set cbrange [0:1]
set title "The mean face, then the first 15 eigenfaces (mid-grey = 0)"
plot dat('eigenfaces.dat') matrix with image
reset
load "plots/style.gp"
eval figure('faces_recon', 640, 560)
eval image_style
set cbrange [0:1]
set title "Faces rebuilt from k = 1, 5, 10, 25, 50, 99 eigenfaces; right: original"
plot dat('faces_recon.dat') matrix with image
