# Figures of lesson 06 (contractive): the singular values of the encoder's Jacobian at
# test points for the AE, DAE and CAE side by side; ||J_f(x)||_F over the test set;
# the leading input directions of J_f, and a test digit moved along them; reconstructions.
load "plots/style.gp"
do for [f in "jacobian.dat singular.dat frobenius_ae.dat frobenius_dae.dat frobenius_cae.dat tangents.dat deform_ae.dat deform_dae.dat deform_cae.dat recon.dat"] { eval need(f) }

# BOOK: singular
eval figure('singular', 1100, 420)
set multiplot layout 1,3 title "Singular values of the encoder's Jacobian J_f(x) at five test digits (one scale for all three)"
names = "ae dae cae"
titles = "'plain AE' 'denoising AE' 'contractive AE'"
# one y-range for the three panels, from the largest singular value of any model (the summary's sv1)
stats dat('singular.dat') using "i" nooutput
K = STATS_max
top = 0
do for [c=2:1+3*5] { stats dat('singular.dat') using c nooutput; top = STATS_max > top ? STATS_max : top }
set logscale y
set format y "10^{%L}"
set yrange [1e-4:10**ceil(log10(top))]
set xrange [1:K]
set xlabel "index i (largest first)"
set ylabel "σ_i(J_f(x))"
set key bottom left   # the lower left is empty in all three panels
do for [k=1:3] {
    set title word(titles, k)
    plot for [p=0:4] dat('singular.dat') using "i":(column(sprintf("%s_p%d", word(names, k), p))) \
         with lines ls (p+1) title sprintf("test digit %d", p + 1), \
         1 with lines lc rgb "#999999" dt 2 lw 1 notitle
}
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# ||J_f(x)||_F over the test set.
eval figure('frobenius', 760, 420)
set title "How far the code moves: ||J_f(x)||_F on 2,000 test digits"
set xlabel "||J_f(x)||_F on a test digit"
set ylabel "density"
set key top right
plot dat('frobenius_ae.dat') using "center":"density" with steps ls 2 title "plain AE", \
     dat('frobenius_dae.dat') using "center":"density" with steps ls 3 title "denoising AE", \
     dat('frobenius_cae.dat') using "center":"density" with steps ls 1 title "contractive AE"
reset
load "plots/style.gp"

# A test digit and the input directions its code is most sensitive to.
eval figure('tangents', 900, 380)
eval image_style
eval signed_palette
set cbrange [-1:1]
set title "A test digit, then the input directions v_1 … v_7 of J_f's largest singular values (red +, blue −)"
eval mosaic_labels(28, 28, "plain AE|denoising AE|contractive AE", "x|v_1|v_2|v_3|v_4|v_5|v_6|v_7")
set title offset 0, 1.2
plot dat('tangents.dat') matrix with image
reset
load "plots/style.gp"

# The same digit moved along those directions, and what each model makes of the moved digit.
# Three panels at fixed places (the first has the row labels), so the tiles are one size.
eval figure('deform', 1300, 360)
set multiplot title "A test digit x moved along the input directions v_i of J_f's largest singular values (x ± εv_i), and what each model makes of it"
eval image_style
set cbrange [0:1]
titles = "'plain AE' 'denoising AE' 'contractive AE'"
names = "ae dae cae"
do for [k=1:3] {
    unset label
    left = 0.14 + (k - 1) * 0.285
    set lmargin at screen left
    set rmargin at screen left + 0.265
    set tmargin at screen 0.74
    set bmargin at screen 0.08
    set title word(titles, k) offset 0, 1.2
    eval mosaic_labels(28, 28, (k == 1 ? "x − εv_i|x + εv_i|g(f(x − εv_i))|g(f(x + εv_i))" : ""), \
                       "x|v_1|v_2|v_3|v_4|v_5")
    set lmargin at screen left
    set tmargin at screen 0.74
    plot dat('deform_'.word(names, k).'.dat') matrix with image
}
unset multiplot
reset
load "plots/style.gp"

eval figure('recon', 800, 360)
eval image_style
set cbrange [0:1]
set title "Test digits and their reconstructions"
eval mosaic_labels(28, 28, "test digit|plain AE|denoising AE|contractive AE", "")
plot dat('recon.dat') matrix with image
