# Figures of lesson 04 (denoising): error vs noise level for the AE and the DAEs, noisy /
# denoised / clean digits per corruption, the 2-D vector field, infilling.
load "plots/style.gp"
do for [f in "curves.dat denoise_gaussian.dat denoise_mask.dat denoise_saltpepper.dat curve.dat field.dat bayes.dat infill.dat infill_err.dat"] { eval need(f) }

eval figure('curves', 1100, 400)
set multiplot layout 1,3 title "Test error against the clean digits, inputs corrupted at increasing levels"
set ylabel "MSE per pixel"
set yrange [0:*]
set key top left
set xlabel "Gaussian σ"
plot dat('curves.dat') using "sigma":"ae_gauss" with linespoints ls 2 title "plain AE", \
     ''                using "sigma":"dae_gauss" with linespoints ls 1 title "DAE"
set xlabel "masking fraction ν"
plot dat('curves.dat') using "nu":"ae_mask" with linespoints ls 2 title "plain AE", \
     ''                using "nu":"dae_mask" with linespoints ls 1 title "DAE"
set xlabel "salt-and-pepper fraction"
plot dat('curves.dat') using "sp":"ae_sp" with linespoints ls 2 title "plain AE", \
     ''                using "sp":"dae_sp" with linespoints ls 1 title "DAE"
unset multiplot
reset
load "plots/style.gp"

do for [k in "gaussian mask saltpepper"] {
    eval figure('denoise_'.k, 560, 640)
    eval image_style
    set cbrange [0:1]
    set title k." noise: rows noisy, AE, DAE, clean;\nhalf the training level, then the training level" font ",10"
    plot dat('denoise_'.k.'.dat') matrix with image
    reset
    load "plots/style.gp"
}

# BOOK: field
eval figure('field', 1000, 500)
set multiplot layout 1,2 title "Denoising a point near a spiral: the arrows (drawn at half length) point back to the data"
set size ratio -1
set xrange [-1.25:1.25]
set yrange [-1.25:1.25]
set key bottom right opaque
set title "trained 2-D DAE"
plot dat('curve.dat') using "x":"y" with points ls 6 pt 7 ps 0.25 title "training points", \
     dat('field.dat') using "x":"y":(0.5*column("dx")):(0.5*column("dy")) with vectors head size 0.03,20 filled ls 2 lw 1 title "(g(f(x)) − x) / 2"
set title "best denoiser: E[x | x̃] − x̃ (exercise 4.2)"
plot dat('curve.dat') using "x":"y" with points ls 6 pt 7 ps 0.25 title "training points", \
     dat('bayes.dat') using "x":"y":(0.5*column("dx")):(0.5*column("dy")) with vectors head size 0.03,20 filled ls 1 lw 1 title "σ² ∇ log p_σ / 2"
unset multiplot
# END BOOK
reset
load "plots/style.gp"

eval figure('infill', 560, 340)
eval image_style
set cbrange [0:1]
set title "Rows: a block hidden; plain AE; DAE trained with hidden blocks; original" font ",9"
plot dat('infill.dat') matrix with image
