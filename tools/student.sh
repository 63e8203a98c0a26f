#!/bin/sh
# usage: tools/student.sh DIR — write the student tree: every source file with its
# `#ifdef SOLUTION` blocks replaced by the stubs (unifdef -USOLUTION), the hidden
# tests (tests/hidden/) left out, BOOK.md re-synced from the stubbed sources.
# Takes the files git tracks only (an editor's backup, exercises.c~ or .orig, stays
# out). Fails if any solution leaked: a SOLUTION marker, or any line of a solution
# block of the instructor tree found anywhere in the student tree.
# tools/student.sh --check DIR: only the checks, on a student tree written before.
set -eu
check_only=0
[ "${1:-}" = --check ] && { check_only=1; shift; }
dir=$1
command -v unifdef >/dev/null || { echo "student: unifdef is not installed (make deps)" >&2; exit 2; }
files=$(git ls-files --cached 2>/dev/null | grep -v '^tests/hidden/') ||
  { echo "student: needs a git checkout (git ls-files)" >&2; exit 2; }
present=$(for f in $files; do [ -f "$f" ] && echo "$f"; done)   # tracked, not deleted
# the sources that hold solution blocks (.c and .h files that name SOLUTION)
marked=$(echo "$present" | grep -E '\.[ch]$' | xargs grep -l SOLUTION --)
if [ $check_only = 0 ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  echo "$present" | tar -cf - -T - | tar -xf - -C "$dir"
  for f in $marked; do unifdef -x2 -USOLUTION "$f" > "$dir/$f"; done
fi
[ $check_only = 1 ] || (cd "$dir" && tools/book.sh sync BOOK.md >/dev/null)
if grep -rn 'SOLUTION' "$dir" --include='*.[ch]' || grep -nE '^[ \t]*#[ \t]*(if|ifdef|ifndef|else|endif).*SOLUTION' "$dir/BOOK.md"; then
  echo "student: a solution block leaked into $dir (above)" >&2; exit 1
fi

# by content: every line of an instructor solution block (what -DSOLUTION keeps and
# -USOLUTION drops), spaces normalised, of 24 characters or more, must be absent from
# every file of the student tree, but for generic lines (loops, declarations, views, asserts,
# clean-up) and the lines tools/student-shared.txt lists with a reason.
norm() { sed -e 's/^[ \t]*//' -e 's/[ \t]*$//' -e 's/[ \t][ \t]*/ /g'; }
generic='^(for \(|AE_ASSERT|const size_t [A-Za-z]+ = [^;]*;$|gsl_(matrix|vector)_(free|set_zero)\(|gsl_(matrix|vector)(_const)?_view [a-z_]+ = gsl_matrix(_const)?_(row|column)\(|fill_|ae_dense_zero_grad\(|#|/\*|\*)'
sol=$(mktemp) stu=$(mktemp)
trap 'rm -f "$sol" "$stu"' EXIT
for f in $marked; do
  unifdef -x2 -USOLUTION "$f" > "$stu"
  unifdef -x2 -DSOLUTION "$f" | diff "$stu" - | sed -n 's/^> //p'
done | norm | awk 'length($0) >= 24' | grep -vE "$generic" | grep -vxF -f tools/student-shared.txt | sort -u > "$sol"
find "$dir" -type f ! -path "$dir/data/*" ! -path "$dir/build/*" ! -path "$dir/out/*" -exec cat {} + 2>/dev/null | norm | sort -u > "$stu"
if [ -n "$(comm -12 "$sol" "$stu")" ]; then
  comm -12 "$sol" "$stu" | sed 's/^/  /'
  echo "student: these lines of the solutions are in $dir (an answer in lib/ or elsewhere?):" \
       "stub them, or list a line that is no answer in tools/student-shared.txt" >&2; exit 1
fi
[ $check_only = 1 ] && { echo "student: $dir holds no solution line"; exit 0; }
echo "student: wrote $dir ($(echo "$files" | wc -w) files; exercises stubbed; build it with make -C $dir)"
