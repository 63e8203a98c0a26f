#!/bin/sh
# BOOK.md's code blocks are the current text of their source regions, and its recorded runs
# those of book/runs.txt (tools/book.sh check). The instructor's book shows the solutions
# without the #ifdef SOLUTION scaffolding (book.sh passes C regions through unifdef).
set -u
if grep -nE '^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|endif).*SOLUTION' BOOK.md; then
  echo "book: BOOK.md shows #ifdef SOLUTION scaffolding (above); tools/book.sh should drop it"
  exit 1
fi
exec tools/book.sh check BOOK.md
