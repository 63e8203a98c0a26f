# Figures of lesson 07 (vae): the ELBO's two terms per epoch, prior samples,
# reconstructions, latent interpolation, the 2-D manifold and the 2-D codes by class.
load "plots/style.gp"
do for [f in "gradcheck.dat elbo.dat elbo2d.dat samples.dat recon.dat interp.dat manifold.dat codes2d.dat"] { eval need(f) }

# BOOK: elbo_curves
# -ELBO = reconstruction + KL, per epoch, for both models.
eval figure('elbo', 1100, 460)
set multiplot layout 1,3 title "Negative ELBO = reconstruction (BCE summed over pixels) + KL, nats per image"
set xlabel "epoch"
set xtics 1
set ylabel "nats per image"
set key below
set title "20-D VAE: -ELBO"
plot dat('elbo.dat') using "epoch":"train_loss" with linespoints ls 2 title "train (batches)", \
     ''              using "epoch":"test_loss" with linespoints ls 1 title "test (one z per image)"
set title "20-D VAE: the two terms on test"
set ylabel "reconstruction (nats)"
set y2label "KL (nats)"
set y2tics
set key below
plot dat('elbo.dat') using "epoch":"test_rec" with linespoints ls 1 title "reconstruction", \
     ''              using "epoch":"test_kl" axes x1y2 with linespoints ls 3 title "KL (right axis)"
unset y2tics
unset y2label
set title "2-D VAE on MNIST digits: test"
set ylabel "nats per image"
set y2label "KL (nats)"
set y2tics
set key below
plot dat('elbo2d.dat') using "epoch":"test_loss" with linespoints ls 1 title "-ELBO", \
     ''                using "epoch":"test_rec" with linespoints ls 2 title "reconstruction", \
     ''                using "epoch":"test_kl" axes x1y2 with linespoints ls 3 title "KL (right axis)"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# Samples from the prior, decoded.
eval figure('samples', 560, 600)
eval image_style
set cbrange [0:1]
set title "Decoded samples z ∼ N(0, I) of the 20-D VAE"
plot dat('samples.dat') matrix with image
reset
load "plots/style.gp"

eval figure('recon', 800, 300)
eval image_style
set cbrange [0:1]
set title "Rows: test images; decoded μ; decoded z = μ + σ ⊙ ε"
plot dat('recon.dat') matrix with image
reset
load "plots/style.gp"

eval figure('interp', 900, 360)
eval image_style
set cbrange [0:1]
set title "Decodings along straight lines between the codes μ of two test images (ends: the images)"
plot dat('interp.dat') matrix with image
reset
load "plots/style.gp"

# The 2-D latent space: decoded grid and the codes of the test digits.
eval figure('manifold', 640, 680)
eval image_style
set cbrange [0:1]
set title "2-D VAE: decodings of z = (Φ^{-1}(u_1), Φ^{-1}(u_2)) on a 20 × 20 grid of u"
plot dat('manifold.dat') matrix with image
reset
load "plots/style.gp"

eval figure('codes2d', 700, 620)
set size ratio -1
set xlabel "z_1 (μ_1)"
set ylabel "z_2 (μ_2)"
set key outside right top title "digit"
set title "2-D VAE: the codes μ of the MNIST test digits"
colours = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
plot for [k=0:9] dat('codes2d.dat') using (column("class") == k ? column("z1") : NaN):"z2" \
     with points pt 7 ps 0.45 lc rgb word(colours, k+1) title sprintf("%d", k)
