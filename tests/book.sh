#!/bin/sh
# BOOK.md's code blocks are the current text of their source regions, and its recorded runs
# those of book/runs.txt (tools/book.sh check). The instructor's book shows the solutions
# without the #ifdef SOLUTION scaffolding (book.sh passes C regions through unifdef). A line
# of book/runs.txt that is no "NN key value" is an error (a stray line once went unnoticed).
set -u
if grep -nE '^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|endif).*SOLUTION' BOOK.md; then
  echo "book: BOOK.md shows #ifdef SOLUTION scaffolding (above); tools/book.sh should drop it"
  exit 1
fi
bad=$(mktemp); trap 'rm -f "$bad"' EXIT
{ cat book/runs.txt; echo "lesson09 latent: a summary line without its NN summary"; } > "$bad"
if tools/book.sh check BOOK.md "$bad" 2>/dev/null; then
  echo "book: tools/book.sh accepted a stray line in the recorded runs"
  exit 1
fi
tools/book.sh check BOOK.md
