# Figures of lesson 03 (conv): conv vs dense AE, reconstructions, the checkerboard of
# transposed convolution (constant code, middle row, power spectra), filters and feature maps,
# and the three models on test images moved a few pixels.
load "plots/style.gp"
do for [f in "curves.dat results.dat recon.dat recon_shift.dat shift.dat checker.dat constant.dat profile.dat spectrum.dat filters.dat features.dat"] { eval need(f) }

# Test BCE per epoch of the three models.
eval figure('bce', 760, 460)
set xlabel "epoch"
set ylabel "BCE per pixel"
set key top right
set xtics 1
set xrange [0.8:*]
plot dat('curves.dat') using "epoch":"conv_test" with linespoints ls 1 title "conv AE, upsample + conv (test)", \
     ''                using "epoch":"convt_test" with linespoints ls 2 title "conv AE, transposed conv (test)", \
     ''                using "epoch":"dense_test" with linespoints ls 3 title "dense AE 784-256-128-256-784 (test)", \
     ''                using "epoch":"conv_train" with lines ls 1 dt 2 title "training", \
     ''                using "epoch":"convt_train" with lines ls 2 dt 2 notitle, \
     ''                using "epoch":"dense_train" with lines ls 3 dt 2 notitle
reset
load "plots/style.gp"

# Reconstructions.
eval figure('recon', 900, 560)
eval image_style
set cbrange [0:1]
set title "Rows: test images; conv AE (upsample + conv); conv AE (transposed conv); dense AE — all with a 128-number code"
plot dat('recon.dat') matrix with image
reset
load "plots/style.gp"

# BOOK: checkerboard_figure
# The decoders' output for a constant code (each image stretched to its own range) and its middle row.
eval figure('checkerboard', 1000, 480)
set multiplot layout 1,2 title "A constant code through each decoder: transposed convolution paints a checkerboard"
eval image_style
set cbrange [0:1]
set label 1 "upsample + conv" at 13.5,-2 center front
set label 2 "transposed conv" at 42.5,-2 center front
set label 3 "init" at -2,13.5 right front
set label 4 "trained" at -2,42.5 right front
set lmargin 8
set tmargin 4
plot dat('constant.dat') matrix with image
unset label
reset
load "plots/style.gp"
set tmargin 4
set xlabel "column of row 14"
set ylabel "output, stretched to [0, 1]"
set key outside bottom center horizontal maxcols 2 samplen 1.5
set yrange [-0.05:1.05]
plot dat('profile.dat') using "x":"resize_init" with linespoints ls 1 title "upsample + conv, init", \
     ''                 using "x":"transposed_init" with linespoints ls 2 title "transposed conv, init", \
     ''                 using "x":"resize_trained" with lines ls 1 dt 2 title "upsample + conv, trained", \
     ''                 using "x":"transposed_trained" with lines ls 2 dt 2 title "transposed conv, trained"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# Power spectra (log scale, zero frequency in the middle; the corners and edge midpoints are the Nyquist frequencies).
eval figure('spectrum', 1100, 330)
eval image_style
set palette defined (0 '#000004', 0.35 '#5c126e', 0.65 '#e65d2f', 1 '#fcffa4')
set cbrange [0:1]
set title "2-D power spectra (log scale, zero frequency in the middle): a checkerboard lives in the top row and left column of each panel"
set label 1 "test images" at 13.5,31 center front
set label 2 "reconstructions:\nupsample + conv" at 42.5,32 center front
set label 3 "reconstructions:\ntransposed conv" at 71.5,32 center front
set label 4 "constant code, init:\nupsample + conv" at 100.5,32 center front
set label 5 "constant code, init:\ntransposed conv" at 129.5,32 center front
set bmargin 4
plot dat('spectrum.dat') matrix with image
reset
load "plots/style.gp"

# First-layer filters and feature maps.
eval figure('filters', 640, 200)
eval image_style
eval signed_palette
set cbrange [-1:1]
set title "The 16 first-layer 3×3 filters of the conv AE (red +, blue −)"
plot dat('filters.dat') matrix with image
reset
load "plots/style.gp"
eval figure('features', 1150, 320)
eval image_style
set cbrange [0:1]
set title "Test images and their 16 first-layer feature maps (after the relu, each stretched)"
plot dat('features.dat') matrix with image
reset
load "plots/style.gp"

# Test images moved s pixels: MSE per pixel of each model, and the reconstructions at 4 pixels.
eval figure('shift', 1100, 460)
set multiplot layout 1,2 title "Move the test garments: the conv AE's filters work anywhere, the dense AE's weights only in the middle"
set xlabel "shift s (pixels right and down)"
set ylabel "test MSE per pixel"
set key top left
set xtics 1
plot dat('shift.dat') using "shift":"conv" with linespoints ls 1 title "conv AE, upsample + conv", \
     ''               using "shift":"convt" with linespoints ls 2 title "conv AE, transposed conv", \
     ''               using "shift":"dense" with linespoints ls 3 title "dense AE 784-256-128-256-784"
unset xlabel
unset ylabel
eval image_style
set cbrange [0:1]
set title "Rows: moved 4 pixels; conv AE; transposed conv; dense AE"
plot dat('recon_shift.dat') matrix with image
unset multiplot
