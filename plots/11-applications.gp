# Figures of lesson 11 (applications): anomaly detection by reconstruction error (ROC, score
# histograms, error per class, the most and least anomalous images), and pretraining with few labels.
load "plots/style.gp"
do for [f in "auc.dat roc_ae.dat roc_pca.dat class_error.dat classes.dat hist_normal.dat hist_heldout.dat extremes_most.dat extremes_least.dat extremes_labels.dat fewlabels.dat fewlabels_draws.dat pretext.dat turned.dat deep.dat deep_draws.dat loss.dat"] { eval need(f) }

stats dat('auc.dat') using "ae" nooutput
auc_ae = STATS_max
stats dat('auc.dat') using "pca" nooutput
auc_pca = STATS_max
stats dat('auc.dat') using "holdout" nooutput
held = int(STATS_max)
max(a, b) = a > b ? a : b

# BOOK: anomaly_plot
# ROC curves, the two score distributions, and the mean error of every test class.
eval figure('anomaly', 1350, 450)
set multiplot layout 1,3 title "Anomaly detection by reconstruction error: the held-out class against the other nine"
set size ratio -1
set xrange [0:1]
set yrange [0:1]
set xlabel "false positive rate (normal images flagged)"
set ylabel "true positive rate (held-out images flagged)"
set key bottom right
set title "ROC curves"
plot dat('roc_ae.dat') using "fpr":"tpr" with lines ls 1 title sprintf("AE, AUC %.3f", auc_ae), \
     dat('roc_pca.dat') using "fpr":"tpr" with lines ls 2 title sprintf("PCA, AUC %.3f", auc_pca), \
     x with lines ls 7 dt 3 lw 1 title "chance"
set size noratio
set autoscale
set title "AE scores ||x - x̂||^2 of the test images"
set xlabel "error summed over the pixels"
set ylabel "density"
set style fill transparent solid 0.45 noborder
set key top right
stats dat('hist_heldout.dat') using "center" nooutput
last_bin = STATS_max
set label 1 "last bin:\nevery score\nin the top 1 %" at first last_bin, graph 0.55 right offset -1,0 font ",9" tc rgb "#333333"
set arrow 1 from first last_bin, graph 0.47 to first last_bin, graph 0.2 lc rgb "#555555" lw 1
plot dat('hist_normal.dat') using "center":"density" with boxes ls 1 title "the nine training classes", \
     dat('hist_heldout.dat') using "center":"density" with boxes ls 2 title "the held-out class"
unset label 1
unset arrow 1
set title "Mean reconstruction error per test class"
set xlabel ""
set ylabel "mean ||x - x̂||^2"
set style fill solid 0.8 noborder
set boxwidth 0.38
set xtics rotate by 35 right nomirror
set key top left
set yrange [0:*]
plot dat('classes.dat') using "class":(NaN):xtic(stringcolumn("name")) notitle, \
     dat('class_error.dat') using ($1 - 0.2):"ae" with boxes ls 1 title "AE", \
     ''                     using ($1 + 0.2):"pca" with boxes ls 2 title "PCA", \
     dat('class_error.dat') using ($1 == held ? $1 : NaN):(max(column("ae"), column("pca"))):("held out") \
         with labels offset 0,0.8 font ",9" notitle
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# The most and least anomalous test images with their reconstructions, named by class.
eval figure('extremes', 1000, 560)
eval image_style
set cbrange [0:1]
set multiplot layout 2,1 title "Test images the AE reconstructs worst and best (class names in orange: the held-out class)"
grid_lmargin = 15
eval mosaic_labels(28, 28, "original|reconstruction", "")
set rmargin 2
do for [least=0:1] {
  set title (least ? "the 10 least anomalous, and their reconstructions" : "the 10 most anomalous, and their reconstructions") offset 0,0.6
  set yrange [57.5:-7]   # a band above the images for the class names
  plot dat(least ? 'extremes_least.dat' : 'extremes_most.dat') matrix with image, \
       dat('extremes_labels.dat') using (column("least") == least ? 29 * column("col") + 13.5 : NaN):(-2.5):(stringcolumn("name")) \
           with labels font ",9" tc rgb "#333333", \
       dat('extremes_labels.dat') using (column("least") == least && column("label") == held ? 29 * column("col") + 13.5 : NaN):(-2.5):(stringcolumn("name")) \
           with labels font ",9" tc rgb "#D55E00"
}
unset multiplot
reset
load "plots/style.gp"

# BOOK: fewlabels_plot
# Test accuracy against the number of labelled images: mean and standard error over the draws.
stats dat('deep.dat') using (column("n") == 100 ? column("gap") : NaN) nooutput
deep_gap100 = STATS_min
eval figure('fewlabels', 1200, 900)
set multiplot layout 2,2 title "Pretraining with few labels: each head trained until its validation accuracy stops rising"
set logscale x
set xlabel "labelled training images n (balanced over the classes)"
set ylabel "test accuracy"
set key bottom right
set xrange [7:1400]
set yrange [0.3:0.85]   # one range for both networks
set title "Today's recipe: ReLU network 784-128-32 + softmax, Adam\n(error bars: standard error over the draws)"
# (the variants are drawn a little apart in n so that their error bars do not hide each other;
# the rotation pretext network's rows dashed)
set key bottom right font ",10"
plot dat('fewlabels.dat') using (0.88 * column("n")):"pixels":"pixels_se" with yerrorlines ls 7 title "logistic regression on the pixels", \
     ''                   using (0.93 * column("n")):"frozen":"frozen_se" with yerrorlines ls 1 title "AE code (standardised), frozen", \
     ''                   using (0.98 * column("n")):"finetune":"finetune_se" with yerrorlines ls 3 title "AE encoder, fine-tuned", \
     ''                   using (1.03 * column("n")):"random":"random_se" with yerrorlines ls 2 title "same network, random init", \
     ''                   using (1.08 * column("n")):"rot_frozen":"rot_frozen_se" with yerrorlines ls 6 dt 2 title "rotation-pretext code, frozen", \
     ''                   using (1.13 * column("n")):"rot_finetune":"rot_finetune_se" with yerrorlines ls 5 dt 2 title "rotation-pretext encoder, fine-tuned"
set key bottom right font ",11"
set title sprintf("2006's regime: deep sigmoid network 784-200-100-50-30\n+ softmax, SGD with momentum (n = 100: pretraining %+.1f points)", 100 * deep_gap100)
plot dat('deep.dat') using (0.97 * column("n")):"pretrained":"pretrained_se" with yerrorlines ls 3 title "layer-wise pretrained (2.6), fine-tuned", \
     ''              using (1.03 * column("n")):"random":"random_se" with yerrorlines ls 2 title "same network, random init"
set autoscale y
set offsets 0, 0, 1, 1   # a point of room above and below the bars
set title "What pretraining buys: pretrained minus random init, paired draws"
set ylabel "accuracy gap (percentage points)"
set key top right
plot 0 with lines ls 7 dt 3 lw 1 notitle, \
     dat('fewlabels.dat') using (0.97 * column("n")):(100 * column("gap")):(100 * column("gap_se")) with yerrorlines ls 3 title "ReLU network (fine-tuned minus random)", \
     dat('deep.dat')      using (1.03 * column("n")):(100 * column("gap")):(100 * column("gap_se")) with yerrorlines ls 4 title "deep sigmoid network"
unset logscale x
set offsets 0, 0, 0, 0
set autoscale x
set title "Training the two autoencoders (no labels)"
set xlabel "epoch"
set xtics 1
set xrange [0.5:*]   # not empty after a one-epoch --quick run
set ylabel "training BCE per pixel"
set key top right
plot dat('loss.dat') using "epoch":"detector" with linespoints ls 1 title "without the held-out class", \
     ''              using "epoch":"pretrain" with linespoints ls 3 title "all training images"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# BOOK: pretext_plot
# The pretext task: test images in their four turns, and how often the network tells the turn.
stats dat('pretext.dat') using "all" nooutput
pretext_all = STATS_max
eval figure('pretext', 1150, 520)
eval image_style
set cbrange [0:1]
set title sprintf("The rotation pretext task: which of four turns? (784-128-32-4, held-out test images: %.1f %% right, chance 25 %%)\nabove each column: its class, and the accuracy on that class's held-out images", 100 * pretext_all) offset 0,1.2
grid_lmargin = 8
eval mosaic_labels(28, 28, "0°|90°|180°|270°", "")
set tmargin 5
set rmargin 2
set yrange [115.5:-11]   # a band above the images for the class names
plot dat('turned.dat') matrix with image, \
     dat('classes.dat') using (29 * column("class") + 13.5):(-7.5):(stringcolumn("name")) with labels font ",9" tc rgb "#333333", \
     dat('pretext.dat') using (29 * column("class") + 13.5):(-3):(sprintf("%.0f %%", 100 * column("acc"))) \
         with labels font ",9" tc rgb "#0072B2"
# END BOOK
