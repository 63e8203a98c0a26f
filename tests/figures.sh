#!/bin/sh
# The book shows every figure: each figure('name', ...) of plots/NN-name.gp is committed in
# book/figures/NN-name/ (the recorded runs' figures; make book-figures) and linked once, in
# chapter NN of BOOK.md, with a caption; every image BOOK.md links exists; nothing else
# lies in book/figures/ (tools/figures.sh check).
exec tools/figures.sh check BOOK.md
