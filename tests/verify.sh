#!/bin/sh
# make book-verify's comparison (tools/verify.sh --compare), on summary lines written here
# rather than on reruns: the recorded lines match themselves; a changed number fails with a
# line that names the lesson and the field, a changed time does not; lesson 08's GAN fields
# pass within their recorded tolerance and fail beyond it; a changed word or a missing field
# fails; an unknown lesson is bad input.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
runs=book/runs.txt
awk '$1 ~ /^[0-9][0-9]$/ && $2 == "summary" { sub(/^[^ ]+ +[^ ]+ +/, ""); print }' "$runs" > "$tmp/recorded"

# verify NAME STATUS PATTERN SED: the recorded lines edited by SED must give STATUS, and (if
# PATTERN is not empty) a line matching PATTERN
verify() {
  sed -E "$4" "$tmp/recorded" > "$tmp/$1"
  tools/verify.sh --compare "$tmp/$1" > "$tmp/$1.out" 2>&1
  status=$?
  if [ $status -ne "$2" ] || { [ -n "$3" ] && ! grep -qE -- "$3" "$tmp/$1.out"; }; then
    echo "verify: $1: exit $status (expected $2$([ -n "$3" ] && echo ", and a line /$3/")):"
    sed 's/^/  /' "$tmp/$1.out"; fail=1
  fi
}
verify same 0 '^book-verify: 12 of 12 recorded runs match' 's/x/x/'
verify number 1 '^book-verify: lesson04: mask0.50 ae: recorded 0.0387, now 0.0390$' '/^lesson04/s/mask0.50 ae 0.0387/mask0.50 ae 0.0390/'
verify exponent 1 '^book-verify: lesson05: gradcheck: recorded 1.0e-08, now 1.1e-08$' '/^lesson05/s/gradcheck 1.0e-08/gradcheck 1.1e-08/'
verify times 0 '' '/^lesson08/s/gan_time [0-9.]+s vae_time [0-9.]+s time [0-9.]+s/gan_time 1.0s vae_time 2.0s time 99.9s/; /^lesson03/s/s_per_epoch conv [0-9.]+ convt [0-9.]+ dense [0-9.]+/s_per_epoch conv 9.9 convt 9.9 dense 9.9/'
verify gan_within 0 '' '/^lesson08/s/gan_confident [0-9.]+/gan_confident 0.690/; /^lesson08/s/gan_parzen [-0-9.]+/gan_parzen 30.0/'
verify gan_beyond 1 '^book-verify: lesson08: gan_confident: recorded 0.662, now 0.700 \(tolerance 0.03\)$' '/^lesson08/s/gan_confident [0-9.]+/gan_confident 0.700/'
verify vae_exact 1 '^book-verify: lesson08: vae_elbo: ' '/^lesson08/s/vae_elbo 115.29/vae_elbo 115.30/'
verify word 1 '^book-verify: lesson02: field [0-9]+ is "shalow"' '/^lesson02/s/shallow/shalow/'
verify shorter 1 '^book-verify: lesson10: the line has [0-9]+ fields, the recorded one [0-9]+' '/^lesson10/s/ time [0-9.]+s$//'
verify missing 1 '^book-verify: lesson11: no summary line$' '/^lesson11/d'
tools/verify.sh --compare "$tmp/recorded" 12 > /dev/null 2>&1
[ $? -eq 2 ] || { echo "verify: an unknown lesson (12) is not exit status 2"; fail=1; }

[ $fail -eq 0 ] && echo "verify: book-verify's comparison passes the recorded lines, fails changed numbers (GAN fields beyond their tolerance), ignores times"
exit $fail
