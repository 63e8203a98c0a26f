#!/bin/sh
# BOOK.md's code blocks are the current text of their source regions.
exec tools/book.sh check BOOK.md
