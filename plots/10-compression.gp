# Figures of lesson 10 (compression): the photographs coded with float, 6-bit and 4-bit codes,
# rate-distortion against PCA, the decoder filters, training curves and code histograms.
load "plots/style.gp"
do for [f in "rate.dat float.dat loss.dat recon_train.dat recon_unseen.dat zoom_train.dat zoom_unseen.dat filters.dat codes_ae.dat codes_aen.dat colour.dat"] { eval need(f) }

# The photographs, whole and a crop, rows: historical AE, AE trained with rounding noise.
side = 256
do for [which in "train unseen"] {
  eval figure('recon_'.which, 1100, 1000)
  eval image_style
  set cbrange [0:1]
  set multiplot layout 2,1 title (which eq "train" ? "The training photograph, coded 8x8 frame by frame" : \
                                   "A photograph never seen in training, coded by the same coders")
  grid_lmargin = 16
  set rmargin 1
  set bmargin 0.5
  eval mosaic_labels(side, side, "historical AE|rounding noise", \
                     "original|float code|6-bit code (1.5 bit/pixel)|4-bit code (1 bit/pixel)")
  plot dat('recon_'.which.'.dat') matrix with image
  unset label
  s = 64
  set tmargin 3
  eval mosaic_labels(s, s, "historical AE|rounding noise", "")
  set title "the same, a 64x64 crop" offset 0, -0.3
  plot dat('zoom_'.which.'.dat') matrix with image
  unset multiplot
  reset
  load "plots/style.gp"
}

# BOOK: rate_plot
# Rate-distortion: PSNR against bits per pixel, with the float code as a dashed line.
eval figure('rate', 1000, 500)
set multiplot layout 1,2 title "Rate and distortion: the code rounded to b = 2..8 bits per number"
set xlabel "bits per pixel (k numbers of b bits per 8x8 frame: k b / 64)"
set ylabel "PSNR (dB)"
set key bottom right
do for [img in "train unseen"] {
  stats dat('float.dat') using "ae" every ::(img eq "train" ? 0 : 1)::(img eq "train" ? 0 : 1) nooutput
  ae_float = STATS_max
  stats dat('float.dat') using "pca" every ::(img eq "train" ? 0 : 1)::(img eq "train" ? 0 : 1) nooutput
  pca_float = STATS_max
  stats dat('float.dat') using "dct" every ::(img eq "train" ? 0 : 1)::(img eq "train" ? 0 : 1) nooutput
  dct_float = STATS_max
  set title (img eq "train" ? "training photograph" : "unseen photograph")
  plot dat('rate.dat') using "bpp":"ae_".img with linespoints ls 1 title "historical AE", \
       ''              using "bpp":"aen_".img with linespoints ls 3 title "AE trained with rounding noise", \
       ''              using "bpp":"pca_".img with linespoints ls 2 title "PCA, same code size", \
       ''              using "bpp":"dct_".img with linespoints ls 4 title "8x8 DCT, k lowest (JPEG's transform)", \
       ae_float with lines ls 1 dt 2 lw 1 title "AE, float code", \
       pca_float with lines ls 2 dt 3 lw 1 title "PCA, float code", \
       dct_float with lines ls 4 dt 4 lw 1 title "DCT, float code"
}
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# The decoder's 16 filters (columns of W2) and the 16 principal directions.
eval figure('filters', 1000, 250)
eval image_style
eval signed_palette
set cbrange [-1:1]
set title "Decoder filters (columns of W_2) and principal directions, red + blue −"
eval mosaic_labels(8, 8, "historical AE|rounding noise|PCA", "")
plot dat('filters.dat') matrix with image
reset
load "plots/style.gp"

# Training curves, and where the codes lie in tanh's range [-1, 1].
eval figure('training', 1000, 480)
set multiplot layout 1,2 title "Training the 64-16-64 coder: the float code's PSNR per epoch, and the code values it learns"
set title "PSNR with the float code during training"
set xlabel "epoch"
set ylabel "PSNR (dB)"
set key outside bottom center horizontal maxcols 2 samplen 4 spacing 1.2 height 1
set bmargin 7
set style line 11 lc rgb "#0072B2" lw 2 dt (9, 6)   # dashed: the unseen photograph
set style line 13 lc rgb "#009E73" lw 2 dt (9, 6)
# the key: colour is the coder, the dash the photograph
plot dat('loss.dat') using "epoch":"ae_psnr_train" with lines ls 1 title "historical AE", \
     ''              using "epoch":"aen_psnr_train" with lines ls 3 title "rounding noise", \
     ''              using "epoch":"ae_psnr_unseen" with lines ls 11 notitle, \
     ''              using "epoch":"aen_psnr_unseen" with lines ls 13 notitle, \
     NaN with lines lc rgb "#555555" lw 2 title "training photo", \
     NaN with lines lc rgb "#555555" lw 2 dt (9, 6) title "unseen photo"
set title "The code values z_j on the training photograph"
set xlabel "z_j"
set ylabel "density"
set xrange [-1:1]
set key inside top left vertical Left reverse samplen 3
stats dat('codes_ae.dat') using "density" nooutput
top = STATS_max
stats dat('codes_aen.dat') using "density" nooutput
set yrange [0:1.3 * (STATS_max > top ? STATS_max : top)]   # room for the key above the bars
plot dat('codes_ae.dat') using "center":"density" with histeps ls 1 title "historical AE", \
     dat('codes_aen.dat') using "center":"density" with histeps ls 3 title "rounding noise"
unset multiplot
reset
load "plots/style.gp"

# Colourisation: the held-out photograph and a training one, each grey, coloured by the network
# (its Y with the predicted chroma), and the original; columns x y r g b, by number (a name or an
# expression per pixel costs gnuplot a second).
eval figure('colour', 1150, 800)
eval image_style
set multiplot title "Colourisation: a network sees only the 9x9 grey patch around each pixel and guesses its chroma (Cb, Cr)"
grid_lmargin = 12
sizes = system("awk '/^# sizes/ { print $(NF - 3), $(NF - 2), $(NF - 1), $NF; exit }' '".shq(dat('colour.dat'))."'")
do for [i = 0:1] {
  h = int(word(sizes, 2 * i + 1))
  w = int(word(sizes, 2 * i + 2))
  set size 1, (i == 0 ? 0.53 : 0.42)   # the rows' heights as their photographs' (256 and 250 rows, 3:1 and 4.4:1)
  set origin 0, (i == 0 ? 0.40 : 0.0)
  eval mosaic_labels(h, w, (i == 0 ? "held out" : "trained on"), \
                     (i == 0 ? "grey input (Y)|coloured by the network|original" : ""))
  plot dat('colour.dat') index i using 1:2:3:4:5 with rgbimage
  unset label
}
unset multiplot
