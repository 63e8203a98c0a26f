# Figures of lesson 03 (conv): conv vs dense AE, reconstructions, the checkerboard of
# transposed convolution against resize-convolution, unpooling and a transposed last layer
# (constant code on a shared scale, a zoomed crop, the middle row; 2-D and 1-D power spectra), filters and feature maps, and the three models on test
# images moved a few pixels.
load "plots/style.gp"
do for [f in "curves.dat results.dat recon.dat recon_shift.dat shift.dat checker.dat constant.dat crop.dat profile.dat spectrum.dat spectrum1d.dat filters.dat features.dat"] { eval need(f) }
only(k, v) = column("model") == k ? v : NaN

# BCE per epoch of the three models, each until its validation BCE stalls.
eval figure('bce', 860, 500)
set title "Conv AE against dense AE at the same 128-number code\n(each trains until its validation BCE stops falling, or for --epochs)"
set xlabel "epoch"
set ylabel "BCE per pixel"
set key top right samplen 2.5 font ",10"
set xtics 2
set xrange [0.5:*]
plot dat('curves.dat') using (only(0, column("epoch"))):"val" with linespoints ls 1 title "conv AE, upsample + conv: validation", \
     ''                using (only(0, column("epoch"))):"train" with lines ls 1 dt 2 title "… training", \
     ''                using (only(1, column("epoch"))):"val" with linespoints ls 2 title "conv AE, transposed conv: validation", \
     ''                using (only(1, column("epoch"))):"train" with lines ls 2 dt 2 title "… training", \
     ''                using (only(2, column("epoch"))):"val" with linespoints ls 3 title "dense AE 784-256-128-256-784: validation", \
     ''                using (only(2, column("epoch"))):"train" with lines ls 3 dt 2 title "… training"
reset
load "plots/style.gp"

# Reconstructions.
eval figure('recon', 960, 560)
eval image_style
set cbrange [0:1]
grid_lmargin = 22
set title "Test images and their reconstructions, all from a 128-number code"
eval mosaic_labels(28, 28, "test images|conv AE, upsample + conv|conv AE, transposed conv|dense AE", "")
plot dat('recon.dat') matrix with image
reset
load "plots/style.gp"

# BOOK: checkerboard_figure
# The decoders' logits for a constant code, each image stretched black to white over its own
# range (their sizes differ a hundredfold), the middle 8 x 8 pixels zoomed, and the values of
# the middle row on the axes below, init and trained.
stats dat('checker.dat') using "epochs" nooutput
ep_many = STATS_max
ep_few = STATS_min
decoders = "upsample + conv|transposed conv|unpooling + conv|transposed: last layer"
eval figure('checkerboard', 1300, 860)
set multiplot title "A constant code through each decoder: transposed convolution paints a checkerboard, upsample + conv does not;\nunpooling does where its switches are regular, and one transposed last layer is enough to paint it"
eval image_style
set cbrange [0:1]
grid_lmargin = 9
set size 0.56, 0.5
set origin 0.0, 0.47
set title sprintf("logits (before the sigmoid), each stretched black to white over its own range (values below)\n(trained: %d epochs for the first two, %d for the last two; unpooling at a validation garment's switches)", ep_many, ep_few) font ",10" offset 0, 1
eval mosaic_labels(28, 28, "init|trained", decoders)
set tmargin 5.5
plot dat('constant.dat') matrix with image
unset label
set size 0.44, 0.5
set origin 0.56, 0.47
set title "the middle 8 × 8 pixels, zoomed\n(same scales)" font ",10" offset 0, 1
eval mosaic_labels(8, 8, "init|trained", "upsample|transposed|unpooling|last layer")
set tmargin 5.5
plot dat('crop.dat') matrix with image
unset label
reset
load "plots/style.gp"
set ylabel "logit (before the sigmoid)"
set xlabel "column"
set xrange [0:27]
set key outside bottom center horizontal maxrows 1 samplen 1.5 width 1
set bmargin 6.5
set tmargin 3
do for [t in "init trained"] {
    set size 0.5, 0.47
    set origin (t eq "init" ? 0.0 : 0.5), 0.0
    set title sprintf("row 14 of each output, %s", t eq "init" ? "at initialisation" : "trained") font ",10"
    plot dat('profile.dat') using "x":"resize_".t with linespoints ls 1 title "upsample + conv", \
         ''                 using "x":"transposed_".t with linespoints ls 2 title "transposed conv", \
         ''                 using "x":"unpool_".t with linespoints ls 3 title "unpooling + conv", \
         ''                 using "x":"last_transposed_".t with linespoints ls 4 title "transposed: last layer"
}
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# Power spectra: 2-D (log scale, zero frequency in the middle), and the share of the power
# at each frequency along an axis, where the checkerboard is the spike at 0.5 cycles/pixel.
eval figure('spectrum', 1150, 900)
set multiplot title "Where the power goes: a checkerboard is power at the Nyquist frequency, 0.5 cycles per pixel"
eval image_style
set palette defined (0 '#000004', 0.35 '#5c126e', 0.65 '#e65d2f', 1 '#fcffa4')
set cbrange [0:1]
# colour scale: spectrum.dat holds log10 of the power over each spectrum's largest, 0 = 10^-6, 1 = 1
set colorbox vertical user origin screen 0.92, screen 0.58 size screen 0.012, screen 0.3
set cbtics ("10^{-6}" 0, "10^{-4}" 1.0 / 3, "10^{-2}" 2.0 / 3, "1" 1) scale 0.5 font ",9"
set cblabel "power / largest" font ",9" offset -0.5, 0
set rmargin at screen 0.89
set size 1, 0.5
set origin 0, 0.47
set title "2-D power spectra, log scale over 6 decades, zero frequency in the middle: the Nyquist frequencies are the top row and left column" font ",10" offset 0, 1
grid_lmargin = 16
eval mosaic_labels(28, 28, "reconstructions|constant code, init", "test images|upsample + conv|transposed conv|unpooling + conv|transposed: last layer")
# the bottom row has no test-image tile: cover its blank
set object 1 rect from -0.5, 27.5 to 28.5, 56.5 fillcolor rgb "white" fillstyle solid 1.0 noborder front
set tmargin 4
plot dat('spectrum.dat') matrix with image
unset label
unset object 1
reset
load "plots/style.gp"
set size 1, 0.47
set origin 0, 0.0
set title "the same along one axis (summed over the other): share of the power at each frequency" font ",10"
set xlabel "frequency (cycles per pixel)"
set ylabel "share of the power"
set logscale y
set format y "10^{%L}"
set xrange [0:0.5]
set xtics 0.1
set key outside right center samplen 2.5 font ",9"
set arrow 1 from 0.5, graph 0 to 0.5, graph 1 nohead lc rgb "#999999" dt 3
plot dat('spectrum1d.dat') using "freq":"data" with linespoints ls 7 title "test images", \
     ''                    using "freq":"resize" with linespoints ls 1 title "reconstructions: upsample + conv", \
     ''                    using "freq":"transposed" with linespoints ls 2 title "reconstructions: transposed conv", \
     ''                    using "freq":"unpool" with linespoints ls 3 title "reconstructions: unpooling + conv", \
     ''                    using "freq":"last_transposed" with linespoints ls 4 title "reconstructions: transposed, last layer", \
     ''                    using "freq":"const_resize" with lines ls 1 dt 2 title "constant code, init: upsample + conv", \
     ''                    using "freq":"const_transposed" with lines ls 2 dt 2 title "constant code, init: transposed conv", \
     ''                    using "freq":"const_unpool" with lines ls 3 dt 2 title "constant code, init: unpooling + conv", \
     ''                    using "freq":"const_last_transposed" with lines ls 4 dt 2 title "constant code, init: transposed, last layer"
unset multiplot
reset
load "plots/style.gp"

# First-layer filters (dark gaps: filters.dat's gap value -2 is below every weight) and feature maps.
eval figure('filters', 1000, 330)
eval image_style
set palette defined (-2 '#303030', -1.001 '#303030', -1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')
set cbrange [-2:1]
set title "The 16 first-layer 3×3 filters of the conv AE, each over its largest |w| (red +, white 0, blue −)"
# numbered as the columns of features.png: 1-8 in the top row, 9-16 below
eval mosaic_labels(3, 3, "filters 1–8|filters 9–16", "")
plot dat('filters.dat') matrix with image
reset
load "plots/style.gp"
eval figure('features', 1150, 340)
eval image_style
set cbrange [0:1]
grid_lmargin = 2
set title "Test images and their 16 first-layer feature maps (after the relu, each stretched)" offset 0, 1
eval mosaic_labels(28, 28, "", "image|1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16")
plot dat('features.dat') matrix with image
reset
load "plots/style.gp"

# Test images moved s pixels: error relative to the images' energy, and the reconstructions at 4 pixels.
eval figure('shift', 1150, 480)
set multiplot layout 1,2 title "Move the test garments: the conv AE's filters work anywhere, the dense AE's weights only in the middle"
set title "error relative to the image: Σ‖x̂ − x‖² / Σ‖x‖²" font ",10"
set xlabel "shift s (pixels right and down)"
set ylabel "relative test error"
set key top left
set xtics 1
set yrange [0:*]
plot dat('shift.dat') using "shift":"conv" with linespoints ls 1 title "conv AE, upsample + conv", \
     ''               using "shift":"convt" with linespoints ls 2 title "conv AE, transposed conv", \
     ''               using "shift":"dense" with linespoints ls 3 title "dense AE 784-256-128-256-784"
unset xlabel
unset ylabel
eval image_style
set cbrange [0:1]
grid_lmargin = 16
set title "reconstructions of test images moved 4 pixels" font ",10"
eval mosaic_labels(28, 28, "moved 4 pixels|upsample + conv|transposed conv|dense AE", "")
plot dat('recon_shift.dat') matrix with image
unset multiplot
