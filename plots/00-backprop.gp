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
set key top right
plot dat('loss.dat') using "epoch":"gd_loss" with lines ls 1 title "full-batch GD (1 step/epoch)", \
     ''              using "epoch":"sgd_loss" with lines ls 2 title "minibatch SGD (N/B steps/epoch)"
unset logscale y
set ylabel "training accuracy"
set yrange [0.3:1.01]
set key bottom right
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
unset key
step = 2.4 / 199
do for [run in "gd sgd"] {
  set title (run eq "gd" ? "full-batch gradient descent" : "minibatch SGD")
  plot dat('regions_'.run.'.dat') matrix using (-1.2 + $1*step):(-1.2 + $2*step):3 with image, \
       for [k=0:2] dat('points.dat') using (column("class") == k ? column("x") : NaN):"y" \
           with points pt 7 ps 0.6 lc rgb word("#0072B2 #D55E00 #009E73", k+1)
}
unset multiplot
