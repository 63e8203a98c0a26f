#!/bin/sh
# The graded-exercise machinery, both ways (instructor tree only: `make student`
# leaves tests/hidden/ out): the stubs score zero on every exercise, the student
# tree builds warning-free with no solution, no runner and no reference value in it, and
# says that its make grade is the instructor's; the solutions score full marks.
set -u
fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
build=${AE_BUILD:-build/sol1}   # the stubs build beside it, in $build-stubs

make -s -j"$(nproc)" SOLUTION=0 B="$build-stubs" RESULTS="$tmp/stubs.json" grade > "$tmp/stubs" 2>&1
# every exercise line reads "exNN_name  title  got / max  (...)": got must be 0
awk '/^ex[0-9]/ { for (i = 1; i < NF; i++) if ($(i + 1) == "/") { n++; if ($i + 0 != 0) bad = bad " " $1 } }
     END { if (!n) { print "grading: no exercise lines in the stub run"; exit 1 }
           if (bad != "") { print "grading: stubs scored points on:" bad; exit 1 }
           printf "grading: stubs score 0 on all %d exercises\n", n }' "$tmp/stubs" || { cat "$tmp/stubs"; fail=1; }

if make -s student STUDENT_DIR="$tmp/student" > "$tmp/student.log" 2>&1 &&
   ! ls "$tmp"/student/tests/hidden "$tmp"/student/tests/check_ex* > /dev/null 2>&1 &&
   make -s -j"$(nproc)" -C "$tmp/student" all CFLAGS="-std=c11 -Wall -Wextra -Wshadow -O2 -Werror" >> "$tmp/student.log" 2>&1 &&
   (cd "$tmp/student" && tools/book.sh check BOOK.md) >> "$tmp/student.log" 2>&1; then
  echo "grading: the student tree builds with -Werror and its book is in sync"
else
  cat "$tmp/student.log"; echo "grading: the student tree failed (above)"; fail=1
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
