# Figures of lesson 02 (deep): learning curves of the Keras-style AE, error against code
# size (PCA, shallow, deep), the 784-1000-500-250-30 AE against PCA-30, reconstructions.
# A run with --part draws only that part's figures; each part needs both of its files.
load "plots/style.gp"
ran(p) = file_exists(dat(p.'.dat')) || file_exists(dat(p.'_recon.dat'))
parts = (ran('keras') ? 'keras ' : '') . (ran('sweep') ? 'sweep ' : '') . (ran('hinton') ? 'hinton' : '')
if (strlen(parts) == 0) { eval need('keras.dat') }
do for [p in parts] { eval need(p.'.dat'); eval need(p.'_recon.dat') }

if (ran('keras')) {
    # Learning curves: train and test BCE per pixel, Fashion-MNIST and MNIST.
    eval figure('keras', 960, 420)
    stats dat('keras.dat') using "epoch" nooutput
    set xrange [0.5:STATS_max + 0.5]   # a --quick run has a single epoch
    set multiplot layout 1,2 title "Keras-style autoencoder 784-128-32-128-784: BCE per pixel"
    set xtics 1
    set xlabel "epoch"
    set ylabel "BCE per pixel"
    set key top right
    set title "Fashion-MNIST"
    plot dat('keras.dat') using "epoch":"fashion_train" with linespoints ls 1 title "train", \
         ''               using "epoch":"fashion_test" with linespoints ls 2 title "test"
    set title "MNIST digits"
    plot dat('keras.dat') using "epoch":"mnist_train" with linespoints ls 1 title "train", \
         ''               using "epoch":"mnist_test" with linespoints ls 2 title "test"
    unset multiplot
    reset
    load "plots/style.gp"

    eval figure('keras_recon', 960, 420)
    eval image_style
    set cbrange [0:1]
    set title "Keras-style AE (32 numbers): held-out images and their reconstructions"
    eval mosaic_labels(28, 28, "Fashion test|reconstruction|MNIST test|reconstruction", "")
    plot dat('keras_recon.dat') matrix with image
    reset
    load "plots/style.gp"
}
if (ran('sweep')) {
    # BOOK: sweep_plot
    # Test error against code size: PCA-k, shallow 784-k-784, deep 784-128-k-128-784.
    eval figure('sweep', 720, 460)
    set title "Test error against code size"
    stats dat('sweep.dat') using "pca_mse" nooutput
    hi = STATS_max
    stats dat('sweep.dat') using "deep_mse" nooutput
    set logscale y
    set yrange [0.9 * STATS_min:1.1 * hi]   # the data, not whole decades
    set ytics (0.01, 0.012, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06)
    set xrange [0:34]
    set xlabel "code size k"
    set ylabel "test MSE per pixel"
    set xtics (2, 10, 20, 32)
    set key top right
    plot dat('sweep.dat') using "k":"pca_mse" with linespoints ls 7 dt 2 title "PCA-k", \
         ''               using "k":"shallow_mse" with linespoints ls 2 title "shallow AE 784-k-784", \
         ''               using "k":"deep_mse" with linespoints ls 1 title "deep AE 784-128-k-128-784"
    # END BOOK
    reset
    load "plots/style.gp"

    eval figure('sweep_recon', 820, 960)
    eval image_style
    set cbrange [0:1]
    set title "Held-out images rebuilt from k numbers: PCA-k, shallow AE-k, deep AE-k"
    grid_lmargin = 17
    eval mosaic_labels(28, 28, "test images|PCA, k = 2|shallow, k = 2|deep, k = 2|PCA, k = 10|shallow, k = 10|deep, k = 10|".\
                       "PCA, k = 20|shallow, k = 20|deep, k = 20|PCA, k = 32|shallow, k = 32|deep, k = 32", "")
    do for [g = 0:3] {   # a coloured rule above each k group
        y = (1 + 3 * g) * 29 - 1
        set arrow from graph 0, first y to graph 1, first y nohead front lc rgb "#E69F00" lw 3
    }
    plot dat('sweep_recon.dat') matrix with image
    reset
    load "plots/style.gp"
}
if (ran('hinton')) {
    # The deep 784-1000-500-250-30 AE against PCA-30 at each checkpoint of each training
    # (hinton.dat: a row per checkpoint; variant 0 sgd, 1 adam, 2 scaled, 3 pretrain).
    eval figure('hinton', 900, 520)
    on(v) = column("variant") == v ? column("step") : NaN
    stats dat('hinton.dat') using "pca_mse" nooutput
    pca = STATS_max
    stats dat('hinton.dat') using "test_mse" nooutput
    lo = STATS_min < pca ? STATS_min : pca
    hi = STATS_max
    stats dat('hinton.dat') using (on(0)) nooutput
    brief = STATS_max
    stats dat('hinton.dat') using (on(3)) nooutput
    steps = STATS_max
    stats dat('hinton.dat') using (on(3) == steps ? column("test_mse") : NaN) nooutput
    deep = STATS_max   # the pretrained network's error at its last checkpoint
    set title sprintf("784-1000-500-250-30 autoencoder against PCA-30 on held-out images: %.2f x PCA-30", deep / pca)
    set logscale xy
    set xrange [20:steps * 1.1]
    set yrange [0.85 * lo:1.1 * hi]
    set xtics 25, 2
    set xtics add (sprintf("%d", steps) steps)
    set ytics (0.01, 0.012, 0.015, 0.02, 0.03, 0.04, 0.05, 0.07, 0.09)
    set xlabel "training steps (for the pretrained network: after pretraining)"
    set ylabel "test MSE per pixel"
    set key below maxrows 3 width 2 height 1   # a little room between the x label and the key
    set label 1 sprintf("%.2f x PCA-30", deep / pca) at steps, deep right offset 0, -1.2 textcolor rgb "#0072B2"
    plot dat('hinton.dat') using (on(0)):"test_mse" with linespoints ls 2 title sprintf("SGD from random weights (%d steps)", brief), \
         ''                using (on(1)):"test_mse" with linespoints ls 3 title sprintf("Adam from random weights (%d steps)", brief), \
         ''                using (on(2)):"test_mse" with linespoints ls 4 title sprintf("Adam, initial weights x4 (%d steps)", brief), \
         ''                using (on(3)):"test_mse" with linespoints ls 1 title "pretrained layer by layer, then Adam", \
         pca with lines ls 7 dt 2 title "PCA-30"
    reset
    load "plots/style.gp"

    eval figure('hinton_recon', 1000, 520)
    eval image_style
    set cbrange [0:1]
    grid_lmargin = 25
    set title sprintf("Held-out images and their reconstructions from 30 numbers (deep: %.2f x PCA-30's error)", deep / pca)
    eval mosaic_labels(28, 28, sprintf("test images|deep, pretrained, %d steps|deep, Adam x4, %d steps|".\
                       "deep, Adam, %d steps|deep, SGD, %d steps|PCA-30", steps, brief, brief, brief), "")
    plot dat('hinton_recon.dat') matrix with image
    reset
    load "plots/style.gp"

    # BOOK: residual_plot
    # The residuals x - x_hat of the same test images: red where the reconstruction is too dark,
    # blue where it is too bright, white where it is right; one scale for all three rows.
    eval need('hinton_residual.dat')
    eval figure('hinton_residual', 1000, 330)
    eval image_style
    eval signed_palette
    set cbrange [-0.6:0.6]
    set colorbox
    set cbtics 0.3
    set cblabel "x − x̂ (pixels in [0, 1])"
    grid_lmargin = 25
    set title "What 30 numbers leave out: the residuals x − x̂ of held-out images (same colour scale)"
    eval mosaic_labels(28, 28, "test images x|x − x̂, deep AE-30 (pretrained)|x − x̂, PCA-30", "")
    plot dat('hinton_residual.dat') matrix with image
    # END BOOK
}
