#!/bin/sh
# usage: tools/student.sh DIR — write the student tree: every source file with its
# `#ifdef SOLUTION` blocks replaced by the stubs (unifdef -USOLUTION), the hidden
# tests (tests/hidden/) left out, BOOK.md re-synced from the stubbed sources.
# Takes the files git tracks only (an editor's backup, exercises.c~ or .orig, stays
# out). Fails if any solution leaked: a SOLUTION marker, or any line of a solution
# block of the instructor tree found anywhere in the student tree.
set -eu
dir=$1
command -v unifdef >/dev/null || { echo "student: unifdef is not installed (make deps)" >&2; exit 2; }
rm -rf "$dir"
files=$(git ls-files --cached 2>/dev/null | grep -v '^tests/hidden/') ||
  { echo "student: needs a git checkout (git ls-files)" >&2; exit 2; }
for f in $files; do
  [ -f "$f" ] || continue
  mkdir -p "$dir/$(dirname "$f")"
  case $f in
    *.c|*.h) unifdef -x2 -USOLUTION "$f" > "$dir/$f" ;;
    *) cp -p "$f" "$dir/$f" ;;
  esac
done
(cd "$dir" && tools/book.sh sync BOOK.md >/dev/null)
if grep -rn 'SOLUTION' "$dir" --include='*.[ch]' || grep -nE '^[ \t]*#[ \t]*(if|ifdef|ifndef|else|endif).*SOLUTION' "$dir/BOOK.md"; then
  echo "student: a solution block leaked into $dir (above)" >&2; exit 1
fi
echo "student: wrote $dir ($(echo "$files" | wc -w) files; exercises stubbed; build it with make -C $dir)"
