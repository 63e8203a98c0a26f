#!/bin/sh
# The attacks of the reliability review on the grader (D1, D2, D3, D8, D9), each on a
# submission made from the student tree's stubs: every attacked exercise must score 0,
# the others what they earn, and results.json must be the grader's own. (Instructor tree
# only: `make student` leaves tests/hidden/ out.)
set -u
build=${AE_BUILD:-build/sol1}
tmp=$(mktemp -d); chmod 755 "$tmp"
trap 'rm -rf "$tmp" lessons/00-backprop/exercises.c~' EXIT
fail=0
bad() { echo "attacks: $*"; fail=1; }

make -s student STUDENT_DIR="$tmp/student" > "$tmp/student.log" 2>&1 || { cat "$tmp/student.log"; exit 1; }

# submission NAME: a copy of the student tree's exercises.c files, to attack
submission() {
  for f in "$tmp"/student/lessons/*/exercises.c; do
    d="$tmp/$1/lessons/$(basename "$(dirname "$f")")"; mkdir -p "$d"; cp "$f" "$d/"
  done
}
# inject NAME NN FUNCTION CODE: CODE becomes the first statement of FUNCTION in lesson NN
inject() {
  f=$(ls "$tmp/$1"/lessons/"$2"-*/exercises.c)
  awk -v fn="$3" -v code="$4" '{ print } index($0, fn "(") && $0 !~ /^[ \t]/ && $0 !~ /;$/ { on = 1 } on && $0 == "{" { print "    " code; on = 0 }' \
    "$f" > "$f.new" && mv "$f.new" "$f"
}
# prepend NAME NN TEXT: TEXT at the top of lesson NN's exercises.c
prepend() {
  f=$(ls "$tmp/$1"/lessons/"$2"-*/exercises.c)
  { printf '%s\n' "$3"; cat "$f"; } > "$f.new" && mv "$f.new" "$f"
}
# grade NAME: make grade on it, from the instructor tree; the report in $tmp/NAME.out
grade() {
  make -s B="$build" grade SUBMISSION="$tmp/$1" RESULTS="$tmp/$1.json" > "$tmp/$1.out" 2>&1
  [ -s "$tmp/$1.json" ] || : > "$tmp/$1.json"
}
# points NAME EXERCISE: what the report gave it
points() { awk -v e="$2" '$1 == e { for (i = 2; i < NF; i++) if ($(i + 1) == "/") { print $i + 0; exit } }' "$tmp/$1.out"; }
score() { sed -n 's/^Score: \([0-9.]*\)\/.*/\1/p' "$tmp/$1.out"; }
# expect NAME TOTAL: the whole score, and a results.json that says the same
expect() {
  got=$(score "$1")
  [ "$got" = "$2" ] || bad "$1: scored ${got:-nothing}, expected $2 (report: $tmp/$1.out)"
  grep -q "^{\"score\": $2, \"tests\": \[" "$tmp/$1.json" || bad "$1: results.json is not the grader's ($(head -c 80 "$tmp/$1.json"))"
}

# D1: an exercise that exits (0) before it is checked
submission exit0
inject exit0 00 ex00_softmax_ce_grad 'exit(0);'
prepend exit0 00 '#include <stdlib.h>'
for fn in ex07_gauss_kl ex07_reparam_backward; do inject exit0 07 "$fn" '_exit(0);'; done
prepend exit0 07 '#include <unistd.h>'
grade exit0; expect exit0 0.00

# D2: constructors and atexit hooks that forge the verdict files, kill the grader,
# or leave a process behind to rewrite results.json later
submission forge
prepend forge 11 '#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static void forge(void)
{
    const char *paths[] = {"results.json", "../results.json", "/proc/self/cwd/results.json"};
    for (int i = 0; i < 3; i++) { FILE *f = fopen(paths[i], "w"); if (f) { fputs("{\"score\": 88.00}", f); fclose(f); } }
    char p[64]; snprintf(p, sizeof p, "/proc/%d/cwd/results.json", (int)getppid());
    FILE *f = fopen(p, "w"); if (f) { fputs("{\"score\": 88.00}", f); fclose(f); }
}
__attribute__((constructor)) static void attack(void)
{
    atexit(forge);
    forge();
    if (fork() == 0) { setsid(); sleep(2); forge(); _exit(0); }
    kill(getppid(), SIGKILL);
}'
grade forge; sleep 3
expect forge 0.00
grep -q '"score": 88' "$tmp/forge.json" && bad "forge: results.json was rewritten after grading"

# D3: one lesson does not compile; lesson 00 is solved: it keeps its 10 points
submission broken
unifdef -x2 -DSOLUTION lessons/00-backprop/exercises.c > "$tmp/broken/lessons/00-backprop/exercises.c"
prepend broken 05 'this is not C;'
grade broken; expect broken 10.00
grep -q 'lesson 05: exercises.c does not compile' "$tmp/broken.json" || bad "broken: results.json does not say lesson 05 does not compile"

# D9: the grader's own checker replaced; the library's answers called in one line
submission lib
for n in 00 02 05 07; do prepend lib "$n" '#include "gradcheck.h"
ae_gc_result ae_gradcheck(ae_gc_fn f, void *ctx, double *theta, const double *grad, size_t n, double h)
{ (void)f, (void)ctx, (void)theta, (void)grad, (void)n, (void)h; ae_gc_result r = {0}; return r; }'; done
inject lib 00 ex00_dense_backward 'ae_dense_backward(dX, L, dF, X); return;'
inject lib 02 ex02_bce_logits 'return ae_loss_bce_logits(dA, A, X);'
inject lib 02 ex02_net_backward 'return ae_net_backward(net, dY, want_dX);'
inject lib 03 ex03_maxpool_backward 'ae_maxpool_backward(dX, P, dY); return;'
prepend lib 00 '#include "dense.h"'
prepend lib 02 '#include "loss.h"'
prepend lib 03 '#include "pool.h"'
grade lib; expect lib 0.00
grep -q "calls the library's ae_dense_backward" "$tmp/lib.out" || bad "lib: the refusal does not name ae_dense_backward"

# D8: an editor's backup of the solutions stays out of the student tree
cp lessons/00-backprop/exercises.c lessons/00-backprop/exercises.c~
make -s student STUDENT_DIR="$tmp/student2" > "$tmp/student2.log" 2>&1 || bad "student tree with a backup present: $(tail -n 1 "$tmp/student2.log")"
[ ! -e "$tmp/student2/lessons/00-backprop/exercises.c~" ] || bad "student: exercises.c~ was copied into the student tree"

[ $fail -eq 0 ] && echo "attacks: exit(0), forged verdicts, a compile error, the library's answers and a backup file: each scored as it should"
exit $fail
