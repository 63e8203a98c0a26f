# Figure of `make bench` (bench/main.c): seconds per epoch of each model, ours against
# PyTorch's on this machine -- quoted (each model's torch_s in bench/), and measured in the
# same run when `make bench-torch` ran it -- and the ratio ours / PyTorch.
#   gnuplot -e "dir='out/bench'; fmt='png'" plots/bench.gp   ->  out/bench/bench.png
load "plots/style.gp"
eval need('bench.dat')

# bench.dat has 0 where PyTorch was not measured: no bar there.
measured(c) = column(c) > 0 ? column(c) : NaN
stats dat('bench.dat') using "torch_f64" nooutput
has_f64 = STATS_max > 0
stats dat('bench.dat') using "torch_f32" nooutput
has_f32 = STATS_max > 0
n = STATS_records   # models, at x = 0 .. n-1
# issue 9's targets for ours / PyTorch (the conv AE against PyTorch's single precision)
target(m) = m eq "keras" ? 0.6 : m eq "vae" ? 0.6 : m eq "hinton" ? 0.75 : m eq "conv" ? 1.5 : NaN
model_label(m, prec) = sprintf("%s\nvs %s", m, prec)   # the precision of the quoted time

eval figure('bench', 1200, 480)
set multiplot layout 1,2 title "One epoch of 60,000 Fashion-MNIST images (forward, backward, Adam): ours against PyTorch"
set style fill solid 0.85 border -1
set boxwidth 0.2
set xrange [-0.6:n-0.4]
set bmargin 4
set offsets 0, 0, graph 0.2, 0   # room for the key above the bars
set logscale y
set yrange [0.2:80]
set ylabel "seconds per epoch (log scale)"
set key top left
plot dat('bench.dat') using ($0-0.3):"seconds":xtic(model_label(strcol("model"), strcol("torch_prec"))) \
          with boxes ls 1 title "ours (f64)", \
     ''   using ($0-0.1):"torch_seconds" with boxes ls 2 fs pattern 4 title "PyTorch, quoted", \
     ''   using ($0+0.1):(measured("torch_f64")) with boxes ls 3 title (has_f64 ? "PyTorch f64, this run" : ""), \
     ''   using ($0+0.3):(measured("torch_f32")) with boxes ls 5 title (has_f32 ? "PyTorch f32, this run" : ""), \
     ''   using ($0-0.3):"seconds":(sprintf("%.2f", column("seconds"))) with labels offset 0,0.7 font ",8" notitle
unset logscale y
set ylabel "ours / PyTorch (below 1: faster)"
set yrange [0:*]
set offsets 0, 0, graph 0.25, 0
set key top left
set boxwidth 0.3
plot dat('bench.dat') using ($0-0.15):"ratio":xtic(model_label(strcol("model"), strcol("torch_prec"))) \
          with boxes ls 2 fs pattern 4 title "against the quoted time", \
     ''   using ($0+0.15):(measured("torch_ratio")) with boxes ls 3 title (has_f64 || has_f32 ? "against PyTorch in this run" : ""), \
     ''   using 0:(target(strcol("model"))) with points ls 7 pt 2 ps 2 title "issue 9 target", \
     1 with lines ls 7 dt 2 notitle
unset multiplot
