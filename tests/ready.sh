#!/bin/sh
# make check and make lessonNN on a fresh machine: tools/ready.sh says nothing when the
# packages and the data are there, and for a user who is not root, make stops before
# building anything with exit status 2 and one line naming what is missing and the one
# command to run (sudo make deps; make data when only data/ files are missing).
# (As root, make runs make deps instead: not tested here, it would call apt-get.)
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
out=$(tools/ready.sh openblas Makefile README.md 2>&1)
[ $? -eq 0 ] && [ -z "$out" ] || { echo "$out"; echo "ready: tools/ready.sh complained with everything there"; fail=1; }

# run as a user who is not root: nobody when we are root
if [ "$(id -u)" = 0 ]; then
  as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
  as_user() { "$@"; }
fi
if ! as_user test -r Makefile 2> /dev/null; then
  echo "ready: skipped the make cases (user nobody cannot read this tree)"
  exit $fail
fi
# the make a user types (not under make check: no MAKELEVEL, no jobserver)
mk() { as_user env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS make --no-print-directory "$@"; }
expect() {   # expect GOAL MISSING COMMAND VAR=VALUE
  mk "$1" "$4" > "$tmp/out" 2> "$tmp/err"; status=$?
  if [ $status -ne 2 ] || [ -s "$tmp/out" ] || [ "$(wc -l < "$tmp/err")" -ne 1 ] ||
     ! grep -qF "$2" "$tmp/err" || ! grep -qF "run  $3" "$tmp/err"; then
    cat "$tmp/out" "$tmp/err"
    echo "ready: make $1 $4 as a user: exit $status, want 2 and one line naming $2 and '$3'"; fail=1
  fi
}
expect lesson00 /nonexistent/fashion.gz "sudo make deps" FASHION=/nonexistent/fashion.gz
expect check data/nothere.pgm "make data" SKIMAGE_OUT=data/nothere.pgm
# a missing program: gnuplot left out of PATH
chmod 755 "$tmp" && mkdir "$tmp/bin" && ln -s /usr/bin/* "$tmp/bin/" && rm -f "$tmp/bin"/gnuplot*
as_user env PATH="$tmp/bin" tools/ready.sh openblas Makefile > "$tmp/out" 2>&1; status=$?
if [ $status -ne 2 ] || [ "$(cat "$tmp/out")" != "aelab: missing: gnuplot; run  sudo make deps  (it installs the Debian packages, then runs make data)" ]; then
  cat "$tmp/out"; echo "ready: without gnuplot: exit $status, want 2 and one line naming gnuplot"; fail=1
fi
[ $fail -eq 0 ] && echo "ready: make check and make lessonNN name the one command to run when something is missing"
exit $fail
