# Figures of lesson 00 (backprop): loss curves of GD vs SGD, and the decision regions.
load "plots/style.gp"
eval need('loss.dat')
eval need('points.dat')
eval need('regions_gd.dat')
eval need('regions_sgd.dat')

# BOOK: loss_curves
eval figure('loss', 960, 420)
set multiplot layout 1,2 title "Training a 2-100-3 ReLU network on three spirals"
set xlabel "epoch (one pass over the 300 points)"
set ylabel "cross-entropy + L2 penalty"
set logscale xy
set autoscale xfix
# the y-range fitted to the curves (a tenth of a decade of room each side)
stats dat('loss.dat') using "gd_loss" nooutput
lo = STATS_min; hi = STATS_max
stats dat('loss.dat') using "sgd_loss" nooutput
lo = (STATS_min < lo ? STATS_min : lo) / 1.1; hi = (STATS_max > hi ? STATS_max : hi) * 1.1
set yrange [lo:hi]
set ytics (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.5, 2, 3)
set mytics 1
set key top right
plot dat('loss.dat') using "epoch":"gd_loss" with lines ls 1 title "full-batch GD (1 step/epoch)", \
     ''              using "epoch":"sgd_loss" with lines ls 2 title "minibatch SGD (N/B steps/epoch)"
unset logscale y
set ytics auto
set ylabel "training accuracy"
set yrange [0.3:1.01]
set key bottom right
# epoch 10: the two methods have seen the data equally often (the numbers are in the summary line)
stats dat('loss.dat') every ::9::9 using "gd_acc" nooutput
gd10 = STATS_max
stats dat('loss.dat') every ::9::9 using "sgd_acc" nooutput
sgd10 = STATS_max
set arrow 1 from 10, graph 0 to 10, graph 1 nohead dt 3 lc rgb "#777777"
set label 1 sprintf("epoch 10: GD %.0f%%, SGD %.0f%%", 100 * gd10, 100 * sgd10) at 10, graph 0.2 offset 0.5, 0 left
plot dat('loss.dat') using "epoch":"gd_acc" with lines ls 1 title "full-batch GD", \
     ''              using "epoch":"sgd_acc" with lines ls 2 title "minibatch SGD"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# Decision regions: the predicted class on the grid, with the training points on top.
eval figure('regions', 960, 470)
set multiplot layout 1,2 title "Decision regions after training (points: the three spiral arms)"
set size ratio -1
unset grid
unset colorbox
set palette defined (0 '#bcd7ee', 1 '#f5c9ae', 2 '#bfe6d5')
set cbrange [0:2]   # classes 0, 1, 2 land exactly on the three colours
set xrange [-1.2:1.2]
set yrange [-1.2:1.2]
set xtics 0.5
set ytics 0.5
set xlabel "x_1"
set ylabel "x_2" norotate
unset key
step = 2.4 / 199
do for [run in "gd sgd"] {
  set title (run eq "gd" ? "full-batch gradient descent" : "minibatch SGD")
  plot dat('regions_'.run.'.dat') matrix using (-1.2 + $1*step):(-1.2 + $2*step):3 with image, \
       for [k=0:2] dat('points.dat') using (column("class") == k ? column("x") : NaN):"y" \
           with points pt 7 ps 0.6 lc rgb word("#0072B2 #D55E00 #009E73", k+1)
}
unset multiplot
reset
load "plots/style.gp"

# BOOK: features_figure
# Representation matters: the same linear softmax on three feature maps of the same points.
# Top: the x-plane (regions of the softmax on (x1, x2), and of the one on the unwound angle);
# bottom: the feature planes of the polar and the unwound angle, where each softmax draws lines.
eval need('linear.dat')
eval need('regions_linear_xy.dat')
eval need('regions_linear_polar.dat')
eval need('regions_linear_unwound.dat')
eval need('regions_linear_unwound_xy.dat')
eval figure('features', 960, 900)
set multiplot layout 2,2 title "A linear softmax on three representations of the spirals (shading: its classes)"
unset grid
unset colorbox
unset key
set palette defined (0 '#bcd7ee', 1 '#f5c9ae', 2 '#bfe6d5')
set cbrange [0:2]
step = 2.4 / 199
rstep = 1.2 / 199
tstep = 2.0 / 199
# each panel's training accuracy, from linear.dat (row phi: 0 xy, 1 polar, 2 unwound)
array accuracy[3]
do for [k=0:2] {
  stats dat('linear.dat') every ::k::k using "accuracy" nooutput
  accuracy[k+1] = 100 * STATS_max
}
# the x-plane: the regions, the points on top
set size ratio -1
set xrange [-1.2:1.2]
set yrange [-1.2:1.2]
set xtics 0.5
set ytics 0.5
set xlabel "x_1"
set ylabel "x_2" norotate
do for [name in "xy unwound_xy"] {
  set title (name eq "xy" ? sprintf("features (x_1, x_2): %.1f%% of the points", accuracy[1]) \
                          : sprintf("features (r, {/Symbol q} + 4r), in the x-plane: %.1f%%", accuracy[3]))
  plot dat('regions_linear_'.name.'.dat') matrix using (-1.2 + $1*step):(-1.2 + $2*step):3 with image, \
       for [k=0:2] dat('points.dat') using (column("class") == k ? column("x") : NaN):"y" \
           with points pt 7 ps 0.5 lc rgb word("#0072B2 #D55E00 #009E73", k+1)
}
# the feature planes: r across, the angle (over pi) up
set size noratio
set xrange [0:1.2]
set yrange [-1:1]
set xtics 0.25
set ytics 0.5
set xlabel "r = |x|"
do for [name in "polar unwound"] {
  col = (name eq "polar" ? "theta_over_pi" : "psi_over_pi")
  set ylabel (name eq "polar" ? "{/Symbol q} / {/Symbol p}" : "{/Symbol y} / {/Symbol p},  {/Symbol y} = {/Symbol q} + 4r (wrapped)") rotate
  set title (name eq "polar" ? sprintf("features (r, {/Symbol q}): wrapped stripes, %.1f%%", accuracy[2]) \
                             : sprintf("features (r, {/Symbol q} + 4r): bands, %.1f%%", accuracy[3]))
  plot dat('regions_linear_'.name.'.dat') matrix using ($1*rstep):(-1 + $2*tstep):3 with image, \
       for [k=0:2] dat('points.dat') using (column("class") == k ? column("r") : NaN):col \
           with points pt 7 ps 0.5 lc rgb word("#0072B2 #D55E00 #009E73", k+1)
}
unset multiplot
# END BOOK
