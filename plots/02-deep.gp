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

    eval figure('keras_recon', 900, 400)
    eval image_style
    set cbrange [0:1]
    set title "Rows: Fashion-MNIST test images, their reconstructions; MNIST test digits, theirs"
    plot dat('keras_recon.dat') matrix with image
    reset
    load "plots/style.gp"
}
if (ran('sweep')) {
    # BOOK: sweep_plot
    # Test error against code size: PCA-k, shallow 784-k-784, deep 784-128-k-128-784.
    eval figure('sweep', 720, 460)
    set title "Test error against code size"
    set logscale y
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

    eval figure('sweep_recon', 760, 1000)
    eval image_style
    set cbrange [0:1]
    set title "Top: test images. Then for k = 2, 10, 20, 32: PCA-k, shallow AE-k, deep AE-k"
    plot dat('sweep_recon.dat') matrix with image
    reset
    load "plots/style.gp"
}
if (ran('hinton')) {
    # The deep 784-1000-500-250-30 AE against PCA-30, per epoch of each training.
    eval figure('hinton', 1000, 480)
    set title "784-1000-500-250-30 autoencoder against PCA-30"
    set logscale y
    set xtics 1
    set xlabel "epoch"
    set ylabel "test MSE per pixel"
    set key outside right top vertical Left reverse samplen 2
    stats dat('hinton.dat') using "epoch" nooutput
    set xrange [0.5:STATS_max + 0.5]
    stats dat('hinton.dat') using "pca_mse" nooutput
    pca = STATS_max
    plot dat('hinton.dat') using "epoch":"sgd_test_mse" with linespoints ls 2 title "SGD from random weights", \
         ''                using "epoch":"scaled_test_mse" with linespoints ls 4 title "Adam, initial weights x4", \
         ''                using "epoch":"adam_test_mse" with linespoints ls 3 title "Adam from random weights", \
         ''                using "epoch":"pretrain_test_mse" with linespoints ls 1 title "pretrained layer by layer, then Adam", \
         pca with lines ls 7 dt 2 title "PCA-30", \
         pca / 2 with lines ls 7 dt 3 title "PCA-30 / 2 (the target)"
    reset
    load "plots/style.gp"

    eval figure('hinton_recon', 900, 500)
    eval image_style
    set cbrange [0:1]
    set title "Rows: test images; deep AE-30 pretrained, Adam from x4 weights, Adam, SGD; PCA-30"
    plot dat('hinton_recon.dat') matrix with image
}
