#!/bin/sh
# usage: tools/ready.sh BLAS DATA_FILE...   (the Makefile runs it before make check and make lessonNN)
# Checks, cheaply (no apt, no network), what building and running the lessons and tests
# needs: a C compiler ($CC), pkg-config with gsl, check, zlib and the BLAS, gnuplot,
# unifdef, pandoc and chromium (the book and its browser test), and the data files.
# Prints nothing when all are there. Otherwise, as root, runs `make deps` (the Debian
# packages, then `make data`; its output on stderr) and checks again; as another user, or
# if that did not help, prints one line on stdout naming what is missing and the one
# command to run, and exits 2.
set -u
blas=$1; shift

missing() {
  m=""
  command -v "${CC:-cc}" > /dev/null || m="$m, a C compiler (${CC:-cc})"
  if command -v pkg-config > /dev/null; then
    for p in gsl check zlib $([ "$blas" = openblas ] && echo openblas); do
      pkg-config --exists "$p" || m="$m, $p (pkg-config)"
    done
  else
    m="$m, pkg-config"
  fi
  for c in gnuplot unifdef pandoc chromium; do command -v $c > /dev/null || m="$m, $c"; done
  data=""
  for f in "$@"; do [ -r "$f" ] || data="$data, $f"; done
  [ -z "$data" ] || m="$m, the data files (${data#, })"
  echo "${m#, }"
}

m=$(missing "$@")
[ -z "$m" ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "aelab: missing: $m; running make deps" >&2
  ${MAKE:-make} --no-print-directory deps >&2 || { echo "aelab: make deps failed (above); missing: $m"; exit 2; }
  m=$(missing "$@")
  [ -z "$m" ] && exit 0
  echo "aelab: still missing after make deps: $m"
  exit 2
fi
# only data/ files (the packages, npm among them, are there): make data needs no root
case "$m" in
  "the data files (data/"*) if command -v npm > /dev/null && ! echo "$m" | grep -q ', /'; then
                              echo "aelab: missing: $m; run  make data"; exit 2
                            fi ;;
esac
echo "aelab: missing: $m; run  sudo make deps  (it installs the Debian packages, then runs make data)"
exit 2
