# Figures of lesson 08 (gan): VAE and GAN samples side by side, the game's curves,
# the saturation of the minimax loss, and the numbers of the comparison.
load "plots/style.gp"
do for [f in "curve.dat epochs.dat saturation.dat gloss.dat samples_vae.dat samples_gan.dat samples_real.dat nearest.dat classes.dat parzen.dat comparison.dat classifier.dat"] { eval need(f) }

# Samples of both models and real test digits, side by side.
eval figure('samples', 1200, 470)
eval image_style
set cbrange [0:1]
set multiplot layout 1,3 title "The same digits, the same epochs: samples of each model (right: real test digits)"
set title "VAE: sigmoid(decoder(z)), z ∼ N(0, I)"
plot dat('samples_vae.dat') matrix with image
set title "GAN: (G(z) + 1)/2, z ∼ N(0, I)"
plot dat('samples_gan.dat') matrix with image
set title "real MNIST test digits"
plot dat('samples_real.dat') matrix with image
unset multiplot
reset
load "plots/style.gp"

# BOOK: gan_curves
# The game: D(x) and D(G(z)) per generator step, both losses, held-out values per epoch.
eval figure('curves', 1100, 760)
set multiplot layout 2,2 title "Training the GAN (and the VAE beside it) on 7,000 MNIST digits"
set xlabel "generator step"
set ylabel "mean discriminator output"
set yrange [0:1]
set key bottom right
set title "D(x) on real batches, D(G(z)) on fakes"
plot dat('curve.dat') using "step":"d_real" with lines lc rgb "#a6c8e0" lw 0.5 notitle, \
     ''               using "step":"d_fake" with lines lc rgb "#f0b9a0" lw 0.5 notitle, \
     ''               using "step":"d_real_avg" with lines ls 1 title "D(x), mean of 25 steps", \
     ''               using "step":"d_fake_avg" with lines ls 2 title "D(G(z)), mean of 25 steps", \
     0.5 with lines ls 7 dt 2 lw 1 title "equilibrium 1/2"
set yrange [0:4]
set ylabel "loss (clipped at 4)"
set key top right
set title "the two losses"
plot dat('curve.dat') using "step":"d_loss" with lines ls 1 lw 1 title "E (discriminator, 8.1)", \
     ''               using "step":"g_loss" with lines ls 2 lw 1 title "generator's loss", \
     2 * log(2) with lines ls 7 dt 2 lw 1 title "E at equilibrium: 2 log 2"
set xlabel "epoch"
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
# Why the minimax loss saturates: the generator's gradient in the first steps, and the
# gradient of each loss with respect to D's logit against D(G(z)).
eval figure('saturation', 1100, 440)
set multiplot layout 1,2 title "Minimax log(1 − D(G(z))) against non-saturating −log D(G(z))"
set logscale y
set format y "10^{%L}"
set xlabel "generator step (both runs from the same start)"
set ylabel "‖∂L/∂θ_G‖"
set key bottom left
set title "the generator's gradient norm"
plot dat('saturation.dat') using "step":"norm_nonsat" with lines ls 1 title "non-saturating", \
     ''                    using "step":"norm_minimax" with lines ls 2 title "minimax"
unset logscale y
set format y "%g"
set xlabel "D(G(z))"
set ylabel "∂loss/∂a  (a: the discriminator's logit)"
set key bottom right
set title "each loss's gradient where D rejects the fakes (left) or not"
plot dat('gloss.dat') using "d":"dnonsat" with lines ls 1 title "−log D: D − 1", \
     ''               using "d":"dminimax" with lines ls 2 title "log(1 − D): −D"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

eval figure('nearest', 800, 380)
eval image_style
set cbrange [0:1]
set title "Rows: GAN samples; the nearest training digit of each; VAE samples; the nearest training digit"
plot dat('nearest.dat') matrix with image
reset
load "plots/style.gp"

# The numbers: class histograms and the Parzen window's sigma.
eval figure('scores', 1100, 420)
set multiplot layout 1,2 title "Scoring samples: a classifier trained on real digits, and a Parzen window"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set xlabel "class the classifier predicts"
set ylabel "share of the set"
set key top right
set title "mode coverage: the predicted class histogram"
plot dat('classes.dat') using "real":xtic(1) ls 7 title "real test digits", \
     ''                 using "vae" ls 3 title "VAE samples", \
     ''                 using "gan" ls 2 title "GAN samples"
set style data lines
stats dat('parzen.dat') using "real" nooutput
top = STATS_max
set yrange [top - 500:top + 60]
set logscale x
set xlabel "σ"
set ylabel "mean log-likelihood of validation digits (nats)"
set key bottom right
set title "Parzen window: σ is chosen on the validation split"
plot dat('parzen.dat') using "sigma":"real" with linespoints ls 7 title "kernels on training digits", \
     ''                using "sigma":"vae" with linespoints ls 3 title "on VAE samples", \
     ''                using "sigma":"gan" with linespoints ls 2 title "on GAN samples"
unset multiplot
