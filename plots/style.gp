# style.gp — the one house style of aelab's figures. Each plots/NN-name.gp loads it.
# Called as:  gnuplot -e "dir='out/01-linear-pca'; fmt='png'" plots/01-linear-pca.gp
# (fmt='pdf' gives vector PDFs for slides; a ' in dir is written ''). `make lessonNN` runs
# it through tools/plot.sh, which sets figdir, a temporary directory the figures go to,
# and renames them into dir once they are complete. Helpers, used with eval:
#   eval need('loss.dat')      stop with exit status 1 if dir/loss.dat is missing
#   eval figure('loss', 960, 600)   open dir/loss.png (or .pdf) at that size in pixels
# and dat('loss.dat') is the path of a data file.

if (!exists("dir")) { print "usage: gnuplot -e \"dir='out/NN-name'; fmt='png'\" plots/NN-name.gp"; exit status 2 }
if (!exists("fmt")) { fmt = "png" }
if (fmt ne "png" && fmt ne "pdf") { print "plots: fmt must be png or pdf, not ".fmt; exit status 2 }

dat(name) = dir."/".name
# shq(s): s to go inside '...' in a shell command (each ' becomes '\'')
shq(s) = shq_(s, strstrt(s, "'"))
shq_(s, i) = i == 0 ? s : s[1:i-1]."'\\''".shq(s[i+1:])
file_exists(f) = int(system("test -r '".shq(f)."' && echo 1 || echo 0"))
need(name) = sprintf("if (!file_exists(dat('%s'))) { print 'plots: missing data file '.dat('%s').': run the lesson first (make lessonNN)'; exit status 1 }", name, name)
figure_file(name) = (exists("figdir") ? figdir : dir)."/".name.".".fmt
figure(name, w, h) = (fmt eq "pdf" ? \
    sprintf("set terminal pdfcairo enhanced size %.2fin,%.2fin font 'Sans,9' linewidth 1.5; ", w/120.0, h/120.0) : \
    sprintf("set terminal pngcairo enhanced size %d,%d font 'Sans,11' linewidth 1.5; ", w, h)) . \
    sprintf("set output figure_file('%s')", name)

set datafile columnheaders
set encoding utf8
set border 3 lw 1 lc rgb "#555555"
set tics nomirror out scale 0.6 textcolor rgb "#333333"
set grid lc rgb "#dddddd" lw 1
set key top right noopaque samplen 2 textcolor rgb "#333333"
set style line 1 lc rgb "#0072B2" lw 2 pt 7 ps 0.8   # blue
set style line 2 lc rgb "#D55E00" lw 2 pt 5 ps 0.8   # vermillion
set style line 3 lc rgb "#009E73" lw 2 pt 9 ps 0.9   # green
set style line 4 lc rgb "#CC79A7" lw 2 pt 11 ps 0.9  # purple
set style line 5 lc rgb "#E69F00" lw 2 pt 13 ps 0.9  # orange
set style line 6 lc rgb "#56B4E9" lw 2 pt 3 ps 0.9   # sky blue
set style line 7 lc rgb "#000000" lw 2 pt 1 ps 0.9   # black
set style increment user

# Image grids (mosaics written by ae_write_mosaic): greyscale, square pixels, row 0 on top.
image_style = "set palette grey; unset colorbox; unset tics; unset border; unset grid; unset key; set size ratio -1; set yrange [*:*] reverse; set autoscale xfix; set autoscale yfix"
# Signed images (e.g. principal directions): blue - white - red.
signed_palette = "set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')"

# Row and column labels for an image grid. Labels are one string, fields split by '|':
#   eval mosaic_labels(28, 28, "test images|PCA-30|deep AE-30", "")
# puts "test images" left of the first row of 28x28 tiles, "PCA-30" left of the second, ...;
# the fourth argument labels the columns, above each one ("" for none). An empty field
# leaves that row or column unlabelled. Call it after image_style and before plot; it sets
# the margins the labels need (grid_lmargin character widths on the left). The labels stand
# a fixed distance (in characters) off the grid, whatever the size of its tiles; they are
# labels 1000 + row and 2000 + column, should a figure need to move one.
if (!exists("grid_lmargin")) { grid_lmargin = 14 }
field_before(s) = strstrt(s, "|") ? s[1:strstrt(s, "|") - 1] : s
field_after(s) = strstrt(s, "|") ? s[strstrt(s, "|") + 1:] : ""
nfields(s) = s eq "" ? 0 : 1 + nfields(field_after(s))
field(s, i) = i <= 1 ? field_before(s) : field(field_after(s), i - 1)
grid_row_label(h, s, i) = sprintf("set label %d '%s' at first -0.5, first %g right offset -0.6, 0 front font ',10' textcolor rgb '#333333'; ", \
    1000 + i, shq_gp(field(s, i)), (i - 1) * (h + 1) + (h - 1) / 2.0)
grid_col_label(w, s, i) = sprintf("set label %d '%s' at first %g, first -0.5 center offset 0, 0.7 front font ',10' textcolor rgb '#333333'; ", \
    2000 + i, shq_gp(field(s, i)), (i - 1) * (w + 1) + (w - 1) / 2.0)
# shq_gp(s): s inside a gnuplot '...' string (each ' becomes '')
shq_gp(s) = strstrt(s, "'") ? s[1:strstrt(s, "'")] . "'" . shq_gp(s[strstrt(s, "'") + 1:]) : s
grid_rows_(h, s, i) = i > nfields(s) ? "" : grid_row_label(h, s, i) . grid_rows_(h, s, i + 1)
grid_cols_(w, s, i) = i > nfields(s) ? "" : grid_col_label(w, s, i) . grid_cols_(w, s, i + 1)
mosaic_labels(h, w, rows, cols) = \
    (nfields(rows) > 0 ? sprintf("set lmargin %d; ", grid_lmargin) : "") . \
    (nfields(cols) > 0 ? "set tmargin 3.5; " : "") . \
    grid_rows_(h, rows, 1) . grid_cols_(w, cols, 1)
