# Figures of lesson 06 (contractive): the singular values of the encoder's Jacobian at
# test points for the AE, DAE and CAE side by side; ||J_f(x)||_F over the test set;
# the leading input directions of J_f; reconstructions.
load "plots/style.gp"
do for [f in "jacobian.dat singular.dat frobenius_ae.dat frobenius_dae.dat frobenius_cae.dat tangents.dat recon.dat"] { eval need(f) }

# BOOK: singular
eval figure('singular', 1100, 400)
set multiplot layout 1,3 title "Singular values of the encoder's Jacobian J_f(x) at five test digits"
set logscale y
set format y "10^{%L}"
set yrange [1e-4:*]
set xlabel "index i"
set ylabel "σ_i(J_f(x))"
set key top right
names = "ae dae cae"
titles = "'plain AE' 'denoising AE' 'contractive AE'"
do for [k=1:3] {
    set title word(titles, k)
    plot for [p=0:4] dat('singular.dat') using "i":(column(sprintf("%s_p%d", word(names, k), p))) \
         with lines ls (p+1) title sprintf("digit %d", p)
}
unset multiplot
# END BOOK
reset
load "plots/style.gp"

# ||J_f(x)||_F over the test set.
eval figure('frobenius', 760, 420)
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
set title "Rows: AE, DAE, CAE. A test digit, then the input directions of the 7 largest singular values of J_f"
plot dat('tangents.dat') matrix with image
reset
load "plots/style.gp"

eval figure('recon', 800, 360)
eval image_style
set cbrange [0:1]
set title "Rows: test digits; plain AE; denoising AE; contractive AE"
plot dat('recon.dat') matrix with image
