# Figures of lesson 07 (vae): the ELBO's two terms per epoch, prior samples,
# reconstructions, latent interpolation, the 2-D manifold and the 2-D codes by class.
load "plots/style.gp"
do for [f in "gradcheck.dat elbo.dat elbo2d.dat samples.dat recon.dat interp.dat interp_pairs.dat manifold.dat codes2d.dat codes_beta.dat beta_samples.dat rd.dat kl_coords.dat traverse.dat cvae_styles.dat cvae_rows.dat cvae_one_y.dat gauss.dat codes_gauss.dat gauss_samples.dat"] { eval need(f) }

# BOOK: elbo_curves
# -ELBO = reconstruction + KL, per epoch, for both models; each term on its own axis, the KL's from 0.
eval figure('elbo', 960, 720)
set multiplot layout 2,2 title "Negative ELBO = reconstruction (BCE summed over pixels) + KL, nats per image"
set xlabel "epoch"
set xtics 1
set ylabel "nats per image"
set key top right
set title "20-D VAE on Fashion-MNIST: -ELBO and its reconstruction term"
plot dat('elbo.dat') using "epoch":"train_loss" with linespoints ls 2 title "-ELBO, train (batches)", \
     ''              using "epoch":"test_loss" with linespoints ls 1 title "-ELBO, test (one z per image)", \
     ''              using "epoch":"test_rec" with linespoints ls 6 title "reconstruction, test"
set title "20-D VAE: the KL term (axis from 0)"
set yrange [0:*]
set key bottom right
plot dat('elbo.dat') using "epoch":"train_kl" with linespoints ls 2 title "KL, train", \
     ''              using "epoch":"test_kl" with linespoints ls 3 title "KL, test"
set autoscale y
set key top right
set title "2-D VAE on the MNIST digits: test"
plot dat('elbo2d.dat') using "epoch":"test_loss" with linespoints ls 1 title "-ELBO", \
     ''                using "epoch":"test_rec" with linespoints ls 6 title "reconstruction"
set title "2-D VAE: the KL term (axis from 0)"
set yrange [0:*]
set key bottom right
plot dat('elbo2d.dat') using "epoch":"train_kl" with linespoints ls 2 title "KL, train", \
     ''                using "epoch":"test_kl" with linespoints ls 3 title "KL, test"
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

eval figure('recon', 860, 320)
eval image_style
set cbrange [0:1]
grid_lmargin = 24
set title "Ten test images, their decoded mean code, and one decoded sample of q(z|x)"
eval mosaic_labels(28, 28, "test image|decoded μ|decoded z = μ + σ ⊙ ε", "")
plot dat('recon.dat') matrix with image
reset
load "plots/style.gp"

# Each row: the two test images' classes, read from interp_pairs.dat.
rows = ""
stats dat('interp_pairs.dat') using (rows = rows . (rows eq "" ? "" : "|") . strcol("a") . " → " . strcol("b"), 0) nooutput
eval figure('interp', 1040, 400)
eval image_style
set cbrange [0:1]
grid_lmargin = 22
set title "Decodings of (1 - t) μ_a + t μ_b, straight lines between the codes of two test images"
eval mosaic_labels(28, 28, rows, "image a|t = 0|||||||||t = 1|image b")
set title offset 0, 1.2   # clear of the column labels
plot dat('interp.dat') matrix with image
reset
load "plots/style.gp"

# The test-set KL of each coordinate of the 20-D code, and the threshold of an active one.
stats dat('kl_coords.dat') using "kl" name "K" nooutput
stats dat('kl_coords.dat') using "active" name "A" nooutput
stats dat('kl_coords.dat') using "threshold" name "T" nooutput
eval figure('kl_coords', 760, 440)
set title sprintf("20-D VAE: which coordinates carry information\n(test-set KL per coordinate, nats per image; %d of %d above %g nats, together %.1f nats)", A_sum, A_records, T_max, K_sum)
set xlabel "coordinate j of the code"
set ylabel "KL_j, nats per image"
set xtics 1
set xrange [-0.7:K_records - 0.3]
set yrange [0:*]
set style fill solid 0.8 noborder
set boxwidth 0.7
set key top right
plot dat('kl_coords.dat') using "coord":(column("active") > 0 ? column("kl") : NaN) with boxes ls 1 title sprintf("active (KL_j > %g)", T_max), \
     ''                   using "coord":(column("active") > 0 ? NaN : column("kl")) with boxes ls 2 title "inactive", \
     T_max with lines ls 3 dt 2 title "the threshold"
reset
load "plots/style.gp"

# Decodings of mu + t e_j for the coordinate with the largest KL, t from -3 to 3.
stats dat('kl_coords.dat') using "kl" name "K" nooutput
top = int(K_index_max)
cols = "test image"
do for [s=0:12] { t = -3 + 0.5 * s; cols = cols . "|" . (s % 2 == 0 ? sprintf("t = %g", t) : "") }
eval figure('traverse', 1000, 660)
eval image_style
set cbrange [0:1]
set title sprintf("20-D VAE: decodings of μ(x) + t e_{%d}, the coordinate with the largest KL, t from -3 to 3\n(each row one test image; the column t = 0 decodes μ itself)", top)
eval mosaic_labels(28, 28, "", cols)
set title offset 0, 1.2
plot dat('traverse.dat') matrix with image
reset
load "plots/style.gp"

# The 2-D latent space: decoded grid and the codes of the test digits.
# Tile j of the grid decodes z = Φ^{-1}((j + 1/2)/20): ticks every other tile.
zq(j) = invnorm((j + 0.5) / 20.0)
zlabel(z) = (z < 0 ? "−" : "") . sprintf("%.2f", abs(z))
ticked(j) = (j < 10 ? j % 2 == 0 : j % 2 == 1)   # symmetric: ±1.96, ±1.15, ±0.76, ±0.45, ±0.19
cols = ""; rows = ""
do for [j=0:19] {
    cols = cols . (ticked(j) ? zlabel(zq(j)) : "") . (j < 19 ? "|" : "")
    rows = rows . (ticked(j) ? zlabel(zq(19 - j)) : "") . (j < 19 ? "|" : "")
}
eval figure('manifold', 720, 760)
eval image_style
set cbrange [0:1]
grid_lmargin = 8
set title "2-D VAE: decodings of z on a 20 × 20 grid of Gaussian quantiles\n(top labels z_1, left labels z_2; the window |z_i| ≤ 1.96 of codes2d.png)"
eval mosaic_labels(28, 28, rows, cols)
set tmargin 5
do for [i=1:20] { set label 1000 + i font ",8"; set label 2000 + i font ",8" }
plot dat('manifold.dat') matrix with image
reset
load "plots/style.gp"

eval figure('codes2d', 760, 660)
set size ratio -1
set xlabel "z_1 (μ_1)"
set ylabel "z_2 (μ_2)"
set key outside right top title "digit"
w = invnorm(1 - 0.5 / 20.0)
set object 1 rect from -w, -w to w, w front fillstyle empty border lc rgb "#000000" lw 1.5 dt 1
set object 2 circle at 0, 0 size 1 front fillstyle empty border lc rgb "#444444" lw 1.2 dt 2
set object 3 circle at 0, 0 size 2 front fillstyle empty border lc rgb "#444444" lw 1.2 dt 2
set title "2-D VAE: the codes μ of the MNIST test digits\n(square: manifold.png's window |z_i| ≤ 1.96, 90 % of the prior's mass; dashed: the prior N(0, I)'s\ncircles r = 1 and 2, 39 % and 86 % of its mass)" font ",10"
colours = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
plot for [k=0:9] dat('codes2d.dat') using (column("class") == k ? column("z1") : NaN):"z2" \
     with points pt 7 ps 0.45 lc rgb word(colours, k+1) title sprintf("%d", k)
reset
load "plots/style.gp"

# The 2-D codes of four models: the KL's weight beta from 0 up, and the KL alone.
# a model's name from its row of rd.dat
model_name(b, k) = k > 0 ? "KL only" : (b == 0 ? "reconstruction only, β = 0" : sprintf("β = %g%s", b, b == 1 ? ", the ELBO" : ""))
labels = ""
stats dat('rd.dat') every ::0::3 using (labels = labels . (labels eq "" ? "" : "|") . model_name(column("beta"), column("kl_only")), 0) nooutput
eval figure('codes_beta', 1000, 920)
set multiplot layout 2,2 title "2-D VAEs on the MNIST digits trained on rec + β KL: the test codes μ\n(dashed: the prior's circles r = 1 and 2; the first panel on its own, wider axes, the others on ±5)"
set size ratio -1
set xlabel "z_1 (μ_1)"
set ylabel "z_2 (μ_2)"
set key outside right top title "digit" font ",9"
set object 2 circle at 0, 0 size 1 front fillstyle empty border lc rgb "#444444" lw 1.2 dt 2
set object 3 circle at 0, 0 size 2 front fillstyle empty border lc rgb "#444444" lw 1.2 dt 2
colours = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
do for [m=0:3] {
    set title field(labels, m + 1)
    if (m > 0) { unset key; set xrange [-5:5]; set yrange [-5:5] }
    plot for [k=0:9] dat('codes_beta.dat') \
         using ((column("model") == m && column("class") == k) ? column("z1") : NaN):"z2" \
         with points pt 7 ps 0.3 lc rgb word(colours, k+1) title sprintf("%d", k)
}
unset multiplot
reset
load "plots/style.gp"

# The same ten z ~ N(0, I) decoded by each of the four models.
labels = ""
stats dat('rd.dat') every ::0::3 using (labels = labels . (labels eq "" ? "" : "|") . model_name(column("beta"), column("kl_only")), 0) nooutput
eval figure('beta_samples', 860, 420)
eval image_style
set cbrange [0:1]
grid_lmargin = 30
set title "The same ten samples z ∼ N(0, I), decoded by each 2-D model"
eval mosaic_labels(28, 28, labels, "")
plot dat('beta_samples.dat') matrix with image
reset
load "plots/style.gp"

# BOOK: rd_curve
# Rate (the test KL) against distortion (the test reconstruction term), one point per model:
# the ELBO's iso-lines rec + KL = const have slope -1; beta = 1 touches the lowest one.
eval figure('rd', 760, 560)
set title "Rate against distortion of 2-D VAEs on the MNIST digits (test set, nats per image)\nrec + β KL for each β; the dashed line: rec + KL = the β = 1 model's -ELBO"
set xlabel "rate: KL(q(z|x) ‖ N(0, I)), nats"
set ylabel "distortion: reconstruction (BCE), nats"
set key top right
stats dat('rd.dat') using (column("model") == 1 ? column("kl") + column("rec") : NaN) name "E" nooutput
set offsets graph 0.04, graph 0.06, graph 0.04, graph 0.04
plot dat('rd.dat') using (column("kl_only") > 0 ? NaN : column("kl")):"rec" smooth unique with linespoints ls 1 pt 7 title "rec + β KL, β from 0 (right) up", \
     '' using (column("kl_only") > 0 || column("beta") > 1 ? NaN : column("kl")):(column("rec") + (int(column("model")) % 2 ? 2.2 : -2.2)):(sprintf("β = %g", column("beta"))) \
        with labels center font ",9" notitle, \
     '' using (column("kl_only") > 0 || column("beta") <= 1 ? NaN : column("kl") - 0.4):"rec":(sprintf("β = %g", column("beta"))) \
        with labels right font ",9" notitle, \
     '' using (column("kl_only") > 0 ? column("kl") : NaN):"rec" with points ls 3 pt 5 ps 1.4 title "KL only (decoder fit to the codes)", \
     E_max - x with lines ls 6 dt 2 title "rec + KL = the β = 1 model's -ELBO"
# END BOOK
reset
load "plots/style.gp"

# BOOK: cvae_plots
# The conditional VAE: each row one test digit's code μ(x, y) decoded with every label y.
rows = ""
stats dat('cvae_rows.dat') using (rows = rows . (rows eq "" ? "" : "|") . sprintf("code of a %d", column("class")), 0) nooutput
eval figure('cvae_styles', 980, 560)
eval image_style
set cbrange [0:1]
grid_lmargin = 16
set title "Conditional VAE (2-D code, the label y at both ends): one z, ten labels\n(each row: a test digit x, then its code μ(x, y) decoded with y = 0 … 9: the style stays, the digit changes)"
eval mosaic_labels(28, 28, rows, "test digit|y = 0|1|2|3|4|5|6|7|8|9")
set tmargin 5.5
set title offset 0, 1.2
plot dat('cvae_styles.dat') matrix with image
reset
load "plots/style.gp"

# One label, many z: the same label decoded on a grid of Gaussian quantiles of z.
zq(j) = invnorm((j + 0.5) / 12.0)
zlabel(z) = (z < 0 ? "−" : "") . sprintf("%.2f", abs(z))
cols = ""; rows = ""
do for [j=0:11] {
    cols = cols . (j % 2 == 0 ? zlabel(zq(j)) : "") . (j < 11 ? "|" : "")
    rows = rows . (j % 2 == 0 ? zlabel(zq(11 - j)) : "") . (j < 11 ? "|" : "")
}
stats dat('cvae_rows.dat') using "one_y" name "Y" nooutput   # the label of cvae_one_y.dat
eval figure('cvae_one_y', 640, 680)
eval image_style
set cbrange [0:1]
grid_lmargin = 8
set title sprintf("Conditional VAE: one label, y = %d, many z\n(z on a 12 × 12 grid of Gaussian quantiles; top labels z_1, left labels z_2)", Y_max)
eval mosaic_labels(28, 28, rows, cols)
set tmargin 5
plot dat('cvae_one_y.dat') matrix with image
# END BOOK
reset
load "plots/style.gp"

# BOOK: gauss_plots
# The Gaussian decoders: the test codes of each (as codes_beta.png), and the same ten prior
# samples decoded by each. A model's name from its row of gauss.dat.
gauss_name(v, b) = b == 1 ? sprintf("Gaussian decoder, σ = %g: 1/(2σ²) = %g", sqrt(v), 0.5 / v) : \
                            sprintf("MSE + %g KL (σ² = %g, β = %g)", b, v, b)
labels = ""
stats dat('gauss.dat') using (labels = labels . (labels eq "" ? "" : "|") . gauss_name(column("var"), column("beta")), 0) nooutput
eval figure('codes_gauss', 1260, 520)
set multiplot layout 1,3 title "2-D VAEs on the MNIST digits with a Gaussian decoder N(x̂, σ² I): the test codes μ\n(small σ: the reconstruction outweighs the KL, as a small β; large σ: the KL wins, as a large β;\nthe third panel trains the second's objective times 2σ² = 2)" font ",10"
set size ratio -1
set xlabel "z_1 (μ_1)"
set ylabel "z_2 (μ_2)"
set key outside right top title "digit" font ",9"
set object 2 circle at 0, 0 size 1 front fillstyle empty border lc rgb "#444444" lw 1.2 dt 2
set object 3 circle at 0, 0 size 2 front fillstyle empty border lc rgb "#444444" lw 1.2 dt 2
colours = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
do for [m=0:2] {
    set title field(labels, m + 1) font ",10"
    if (m > 0) { unset key; set xrange [-3.5:3.5]; set yrange [-3.5:3.5] }
    plot for [k=0:9] dat('codes_gauss.dat') \
         using ((column("model") == m && column("class") == k) ? column("z1") : NaN):"z2" \
         with points pt 7 ps 0.3 lc rgb word(colours, k+1) title sprintf("%d", k)
}
unset multiplot
reset
load "plots/style.gp"

gauss_name(v, b) = b == 1 ? sprintf("σ = %g", sqrt(v)) : sprintf("MSE + %g KL", b)
labels = ""
stats dat('gauss.dat') using (labels = labels . (labels eq "" ? "" : "|") . gauss_name(column("var"), column("beta")), 0) nooutput
eval figure('gauss_samples', 860, 340)
eval image_style
set cbrange [0:1]
grid_lmargin = 16
set title "The same ten samples z ∼ N(0, I), decoded by each Gaussian-decoder VAE"
eval mosaic_labels(28, 28, labels, "")
plot dat('gauss_samples.dat') matrix with image
# END BOOK
