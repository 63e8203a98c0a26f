# Figures of lesson 08 (gan): VAE and GAN samples side by side, the game's curves,
# the saturation of the minimax loss, and the numbers of the comparison.
load "plots/style.gp"
do for [f in "curve.dat epochs.dat saturation.dat gloss.dat samples_vae.dat samples_gan.dat samples_real.dat verdicts.dat nearest.dat classes.dat parzen.dat comparison.dat classifier.dat"] { eval need(f) }

# Samples of both models and real test digits (in a shuffled order), side by side; on each
# tile the class the classifier gives it, in red with a "?" where its probability is below 0.9.
eval figure('samples', 1260, 520)
eval image_style
set cbrange [0:1]
stats dat('comparison.dat') using "confident" every ::0::0 nooutput
conf_real = STATS_max
stats dat('comparison.dat') using "confident" every ::1::1 nooutput
conf_vae = STATS_max
stats dat('comparison.dat') using "confident" every ::2::2 nooutput
conf_gan = STATS_max
tile_x(i) = (int(i) % 8) * 29 + 25.5
tile_y(i) = int(int(i) / 8) * 29 + 24
verdict(p, k) = p >= 0.9 ? sprintf("%d", k) : sprintf("%d?", k)
verdict_rgb(p) = p >= 0.9 ? 0x66e066 : 0xff4040
tiles(s) = sprintf("dat('verdicts.dat') using ($1 == %d ? tile_x($2) : NaN):(tile_y($2)):(verdict($4, $3)):(verdict_rgb($4)) with labels right tc rgb variable font ',9'", s)
set multiplot layout 1,3 title "Same digits, same epochs: samples of each model, and real test digits. On each tile the classifier's digit (red with ?: p < 0.9)"
set title sprintf("VAE: sigmoid(decoder(z)), z ∼ N(0, I)\nclassifier confident on %.0f %%", 100 * conf_vae)
eval "plot dat('samples_vae.dat') matrix with image, ".tiles(1)
set title sprintf("GAN: (G(z) + 1)/2, z ∼ N(0, I)\nclassifier confident on %.0f %%", 100 * conf_gan)
eval "plot dat('samples_gan.dat') matrix with image, ".tiles(2)
set title sprintf("real MNIST test digits\nclassifier confident on %.0f %%", 100 * conf_real)
eval "plot dat('samples_real.dat') matrix with image, ".tiles(0)
unset multiplot
reset
load "plots/style.gp"

# BOOK: gan_curves
# The game: D(x) and D(G(z)) per generator step, both losses, held-out values per epoch.
eval figure('curves', 1100, 760)
set multiplot layout 2,2 title "Training the GAN (and the VAE beside it) on 7,000 MNIST digits"
set xlabel "generator step"
set autoscale xfixmax   # the axis ends at the last step
set ylabel "mean discriminator output"
set yrange [0:1]
set key bottom right
set title "D(x) on real batches, D(G(z)) on fakes"
plot dat('curve.dat') using "step":"d_real" with lines lc rgb "#a6c8e0" lw 0.5 notitle, \
     ''               using "step":"d_fake" with lines lc rgb "#f0b9a0" lw 0.5 notitle, \
     ''               using "step":"d_real_avg" with lines ls 1 title "D(x), mean of 25 steps", \
     ''               using "step":"d_fake_avg" with lines ls 2 title "D(G(z)), mean of 25 steps", \
     0.5 with lines ls 7 dt 2 lw 1 title "equilibrium 1/2 (t/2 = 0.45 for D(x) with --smooth t)"
set yrange [0:4]
set ylabel "loss (clipped at 4)"
set key top right
set title "the two losses (thin: per step; thick: mean of 25 steps)"
plot dat('curve.dat') using "step":"d_loss" with lines lc rgb "#a6c8e0" lw 0.5 notitle, \
     ''               using "step":"g_loss" with lines lc rgb "#f0b9a0" lw 0.5 notitle, \
     ''               using "step":"d_loss_avg" with lines ls 1 title "E_t (discriminator, 8.5)", \
     ''               using "step":"g_loss_avg" with lines ls 2 title "generator's loss", \
     2 * log(2) with lines ls 7 dt 2 lw 1 title "E at equilibrium: 2 log 2 (1.376 for E_{0.9})"
set xlabel "epoch"
set autoscale x
set ylabel "mean discriminator output"
set yrange [0:1]
set title "held out: test digits and fresh fakes"
plot dat('epochs.dat') using "epoch":"d_real" with linespoints ls 1 title "D(x), test digits", \
     ''                using "epoch":"d_fake" with linespoints ls 2 title "D(G(z))"
set autoscale y
set ylabel "nats per image"
set key top right
set title "the VAE beside it: test -ELBO"
plot dat('epochs.dat') using "epoch":"vae_loss" with linespoints ls 3 title "-ELBO", \
     ''                using "epoch":"vae_rec" with linespoints ls 4 title "reconstruction", \
     ''                using "epoch":"vae_kl" with linespoints ls 5 title "KL"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# BOOK: saturation_plot
# Why the minimax loss saturates: in the first steps, the generator's gradient and how
# surely D rejects the fakes; against D(G(z)), each loss and its gradient with respect to
# D's logit (Goodfellow et al. 2014, section 3).
eval figure('saturation', 1100, 760)
set multiplot layout 2,2 title "Minimax log(1 − D(G(z))) against non-saturating −log D(G(z)), from the same start"
set logscale y
set format y "10^{%L}"
set xlabel "generator step"
set ylabel "‖∂L/∂θ_G‖"
set key bottom left
set title "the generator's gradient norm"
plot dat('saturation.dat') using "step":"norm_nonsat" with lines ls 1 title "non-saturating", \
     ''                    using "step":"norm_minimax" with lines ls 2 title "minimax"
set ylabel "mean D(G(z)) of the discriminator's batch"
set key bottom right
set title "how surely D rejects the fakes"
plot dat('saturation.dat') using "step":"dfake_nonsat" with lines ls 1 title "non-saturating", \
     ''                    using "step":"dfake_minimax" with lines ls 2 title "minimax"
unset logscale y
set format y "%g"
set xlabel "D(G(z))"
set ylabel "generator's loss"
set yrange [-5:5]
set key top right
set title "the losses: minimax is flat where D rejects the fakes"
plot dat('gloss.dat') using "d":"nonsat" with lines ls 1 title "−log D (non-saturating, 8.7)", \
     ''               using "d":"minimax" with lines ls 2 title "log(1 − D) (minimax, 8.6)"
set autoscale y
set ylabel "∂loss/∂a  (a: the discriminator's logit)"
set key right center   # between the two lines (bottom right is where log(1 - D)'s −D ends)
set title "their gradients (8.8): −D vanishes as D → 0"
plot dat('gloss.dat') using "d":"dnonsat" with lines ls 1 title "−log D: D − 1", \
     ''               using "d":"dminimax" with lines ls 2 title "log(1 − D): −D"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

eval figure('nearest', 860, 400)
eval image_style
set cbrange [0:1]
grid_lmargin = 16
eval mosaic_labels(28, 28, "GAN samples|nearest training|VAE samples|nearest training", "")
set title "Samples and the training digit nearest to each (Euclidean distance in pixels)"
plot dat('nearest.dat') matrix with image
reset
load "plots/style.gp"

# The numbers: class histograms and the Parzen window's sigma (the y-range: from 180 nats
# below the lower model's best sigma, so that two notches of sigma either side of every
# best show, to just above the training digits' best; the x-range from one notch before
# the first sigma where a curve enters it).
stats dat('parzen.dat') using "real" nooutput
top = STATS_max
stats dat('parzen.dat') using "vae" nooutput
low = STATS_max
stats dat('parzen.dat') using "gan" nooutput
low = STATS_max < low ? STATS_max : low
ylow = low - 180
max3(a, b, c) = a > b ? (a > c ? a : c) : (b > c ? b : c)
stats dat('parzen.dat') using (max3(column("real"), column("vae"), column("gan")) >= ylow ? column("sigma") : NaN) nooutput
xlow = STATS_min / 1.3
# the bars' highest share, for room above them for the key
stats dat('classes.dat') using (max3(column("real"), column("vae"), column("gan"))) nooutput
share_top = STATS_max
eval figure('scores', 1100, 460)
set multiplot layout 1,2 title "Scoring samples: a classifier trained on real digits, and a Parzen window"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xlabel "class the classifier predicts"
set ylabel "share of the set"
set yrange [0:1.35 * share_top]   # the key in the band above the highest bar
set key top center horizontal maxrows 2
set title "mode coverage: the predicted class histogram"
plot dat('classes.dat') using "real":xtic(1) ls 7 title "real test digits", \
     ''                 using "vae" ls 3 title "VAE samples", \
     ''                 using "gan" ls 2 title "GAN samples", \
     0.1 with lines ls 7 dt 2 lw 1 title "uniform: 1/10"
set style data lines
set yrange [ylow:top + 30]
set xrange [xlow:0.38]
set logscale x
set xtics (0.05, 0.07, 0.1, 0.12, 0.15, 0.18, 0.22, 0.27, 0.35)   # the sigmas tried
set xlabel "σ"
set ylabel "mean log-likelihood of validation digits (nats)"
set key below horizontal maxrows 1 width -2 samplen 1.5
set title "Parzen window: σ is chosen on the validation split"
plot dat('parzen.dat') using "sigma":"real" with linespoints ls 7 title "training digits", \
     ''                using "sigma":"vae" with linespoints ls 3 title "VAE samples", \
     ''                using "sigma":"gan" with linespoints ls 2 title "GAN samples"
unset multiplot
