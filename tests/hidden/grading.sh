#!/bin/sh
# The graded-exercise machinery, both ways (instructor tree only: `make student`
# leaves tests/hidden/ out): the stubs score zero on every exercise, the student
# tree builds warning-free with no solution, no runner and no reference value in it, and
# says that its make grade is the instructor's; the solutions score full marks.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
build=${AE_BUILD:-build/sol1}   # the stubs build beside it, in $build-stubs

mkdir "$tmp/t"   # the grading's temporary files (and the probes' directories): none may stay
TMPDIR="$tmp/t" make -s -j"$(nproc)" SOLUTION=0 B="$build-stubs" RESULTS="$tmp/stubs.json" grade > "$tmp/stubs" 2>&1
[ -z "$(ls -A "$tmp/t")" ] || { ls -A "$tmp/t" | head -n 3; echo "grading: the stubs' grading left files in TMPDIR (above)"; fail=1; }
# every exercise line reads "exNN_name  title  got / max  (...)": got must be 0
awk '/^ex[0-9]/ { for (i = 1; i < NF; i++) if ($(i + 1) == "/") { n++; if ($i + 0 != 0) bad = bad " " $1 } }
     END { if (!n) { print "grading: no exercise lines in the stub run"; exit 1 }
           if (bad != "") { print "grading: stubs scored points on:" bad; exit 1 }
           printf "grading: stubs score 0 on all %d exercises\n", n }' "$tmp/stubs" || { cat "$tmp/stubs"; fail=1; }

# the student tree: what it runs first (lesson 02, on the stubs) and the library suites build
# with every warning an error (its whole build is CI's: make WERROR=1 SOLUTION=0 all compiles
# the same code); -O0, as a student's first build is quick
stu=$tmp/student
suites="act conv corrupt dense gan loss net pca penalty vae"
targets="build/sol1/lessons/02-deep/02-deep $(for t in $suites; do echo build/sol1/tests/check_$t; done)"
# (its own variables: make check SAN=1 exports SAN=1 to this script, and the student's
# make would then build in build/sol1-san)
smake() { env -u MAKEFLAGS -u MFLAGS make -s -j"$(nproc)" -C "$stu" SOLUTION=1 SAN=0 WERROR=0 \
            CFLAGS="-std=c11 -Wall -Wextra -Wshadow -O0 -Werror" "$@"; }
if make -s student STUDENT_DIR="$stu" > "$tmp/student.log" 2>&1 &&
   ! ls "$stu"/tests/hidden "$stu"/tests/check_ex* > /dev/null 2>&1 &&
   smake $targets >> "$tmp/student.log" 2>&1 &&
   (cd "$stu" && tools/book.sh check BOOK.md) >> "$tmp/student.log" 2>&1; then
  echo "grading: the student tree builds with -Werror and its book is in sync"
else
  cat "$tmp/student.log"; echo "grading: the student tree failed (above)"; fail=1
fi

# no answer in the student tree: its libae runs the student's exercises. With the stubs a
# lesson stops before training and names the exercise; a solution line copied into the
# tree is found by content; with the instructor's exercises.c the library's suites pass.
if [ -x "$stu/build/sol1/lessons/02-deep/02-deep" ]; then
  ln -s "$PWD"/data/*.gz "$stu/data/" 2>/dev/null
  if "$stu/build/sol1/lessons/02-deep/02-deep" --quick --out "$tmp/l02" > "$tmp/l02.log" 2>&1; then
    echo "grading: the student tree's lesson 02 ran on the stubs"; fail=1
  elif ! grep -q 'finish exercise 2.1' "$tmp/l02.log" || [ -e "$tmp/l02/keras.dat" ]; then
    cat "$tmp/l02.log"; echo "grading: the student tree's lesson 02 does not stop at exercise 2.1"; fail=1
  else
    echo "grading: on the stubs the student tree's lesson 02 stops: $(grep -o 'finish exercise 2.1' "$tmp/l02.log")"
  fi
  mkdir "$tmp/leaky" && tar -C "$stu" --exclude=./build --exclude=./data -cf - . | tar -xf - -C "$tmp/leaky"
  grep -m1 'gsl_blas_dgemm(CblasTrans' lessons/00-backprop/exercises.c >> "$tmp/leaky/lib/optim.c"
  if tools/student.sh --check "$tmp/leaky" > /dev/null 2>&1; then
    echo "grading: a solution line copied into the student tree was not found"; fail=1
  fi
  rm -rf "$tmp/leaky"
  for f in lessons/*/exercises.c; do cp "$f" "$stu/$f"; done
  if smake $targets > "$tmp/sol.log" 2>&1 &&
     (cd "$stu" && for t in $suites; do CK_VERBOSITY=silent build/sol1/tests/check_$t || exit 1; done) >> "$tmp/sol.log" 2>&1; then
    echo "grading: the student tree's libae on the instructor's exercises passes the suites: $suites"
  else
    cat "$tmp/sol.log"; echo "grading: the student tree's libae fails on the instructor's exercises"; fail=1
  fi
fi

if make -s B="$build" RESULTS="$tmp/solutions.json" grade > "$tmp/solutions" 2>&1; then
  grep '^Score' "$tmp/solutions"
else
  cat "$tmp/solutions"; echo "grading: the solutions do not score full marks"; fail=1
fi
# the student tree has no grader: make grade says where it is, and fails
if make -s -C "$tmp/student" grade > "$tmp/sgrade" 2>&1; then
  echo "grading: make grade in the student tree succeeded without a grader"; fail=1
elif ! grep -q "the grader is not in the student tree" "$tmp/sgrade"; then
  cat "$tmp/sgrade"; echo "grading: make grade in the student tree does not say why it cannot grade"; fail=1
fi
exit $fail
