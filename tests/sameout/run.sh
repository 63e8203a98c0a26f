#!/bin/sh
# usage: tests/sameout/run.sh [--default] [--ref COMMIT] [NN ...]
#
# A refactoring that changes no result: every lesson's outputs from this tree against
# those of COMMIT (default c1f5a68, before the lessons took their main.c / figures.c
# anatomy), with the same seed. Runs --quick (or, with --default, the default run) of
# each lesson NN (default: all), built from both trees, and fails unless
#   - every .dat file COMMIT wrote is written again, byte-identical apart from its
#     "# command:" line (which names the binary's path), and no new file appears;
#   - in gradcheck*.dat only the relative errors may differ, and then both must be
#     below 1e-6 (they measure rounding, not the model);
#   - the summary line on stdout is the same apart from its times, s_per_epoch and
#     gradcheck fields.
# Not run by make check (it builds a second tree and runs every lesson twice).
# The reference tree and its outputs are kept in $AE_SAMEOUT (default /tmp/aelab-sameout).
set -u
mode=quick; args=--quick; ref=c1f5a68
while [ $# -gt 0 ]; do
  case "$1" in
    --default) mode=default; args=; shift ;;
    --ref) ref=$2; shift 2 ;;
    -*) echo "sameout: unknown flag $1 (usage: tests/sameout/run.sh [--default] [--ref COMMIT] [NN ...])" >&2; exit 2 ;;
    *) break ;;
  esac
done
top=$(git rev-parse --show-toplevel) || exit 2
cd "$top" || exit 2
sha=$(git rev-parse --short "$ref^{commit}") || { echo "sameout: no commit $ref" >&2; exit 2; }
cache=${AE_SAMEOUT:-/tmp/aelab-sameout}; reftree=$cache/tree-$sha
export AELAB_DATA=${AELAB_DATA:-$top/data}

# the reference tree, built once
if [ ! -d "$reftree" ]; then
  mkdir -p "$cache" && git worktree add --detach "$reftree" "$sha" >/dev/null 2>&1 ||
    { echo "sameout: cannot check out $sha into $reftree" >&2; exit 2; }
fi
make -s -j2 -C "$reftree" all >/dev/null ||
  { echo "sameout: the reference tree $reftree does not build" >&2; exit 2; }
make -s -j2 all >/dev/null || { echo "sameout: this tree does not build" >&2; exit 2; }
[ $# -gt 0 ] || set -- $(ls -d lessons/[0-9][0-9]-* | sed 's|lessons/||; s|-.*||')

# run TREE LESSON DIR: the lesson's run, from DIR, its outputs in DIR/out and its stdout in DIR/summary
run() {
  rm -rf "$3" && mkdir -p "$3" &&
  (cd "$3" && "$1/build/sol1/lessons/$2/$2" --out out $args > summary 2> log) ||
    { echo "sameout: $2 failed in $1 (log: $3/log)"; return 1; }
}
strip_summary() { sed -E 's/ ([a-z]+_)?time [0-9.]+s//g; s/ gradcheck [^ ]+//; s/ s_per_epoch( [a-z]+ [0-9.]+)+//' "$1"; }

fail=0
for n in "$@"; do
  L=$(basename "$(ls -d lessons/"$n"-* 2>/dev/null | head -n 1)")
  [ -n "$L" ] || { echo "sameout: there is no lesson $n" >&2; exit 2; }
  refout=$cache/$sha-$mode/$L; new=$cache/new-$mode/$L
  [ -s "$refout/summary" ] || run "$reftree" "$L" "$refout" || { fail=1; continue; }
  run "$top" "$L" "$new" || { fail=1; continue; }
  bad=0
  for f in "$refout"/out/*; do
    name=$(basename "$f")
    if [ ! -f "$new/out/$name" ]; then echo "sameout: $L: $name is no longer written"; bad=1; continue; fi
    case "$name" in
      gradcheck*.dat)
        grep -av '^#' "$f" > "$new/a"; grep -av '^#' "$new/out/$name" > "$new/b"
        if ! awk 'NR == FNR { a[FNR] = $0; next }
                  { n = split(a[FNR], x); if (n != NF) exit 1
                    for (i = 1; i <= n; i++) if (x[i] != $i && !(x[i] + 0 < 1e-6 && $i + 0 < 1e-6)) exit 1 }
                  END { if (FNR != length(a)) exit 1 }' "$new/a" "$new/b"; then
          echo "sameout: $L: $name differs beyond rounding"; diff "$new/a" "$new/b" | head -n 6; bad=1
        fi ;;
      *)
        grep -av '^# command:' "$f" > "$new/a"; grep -av '^# command:' "$new/out/$name" > "$new/b"
        if ! cmp -s "$new/a" "$new/b"; then echo "sameout: $L: $name differs"; diff "$new/a" "$new/b" | head -n 6; bad=1; fi ;;
    esac
  done
  for f in "$new"/out/*; do
    [ -e "$refout/out/$(basename "$f")" ] || { echo "sameout: $L: $(basename "$f") is new"; bad=1; }
  done
  if [ "$(strip_summary "$refout/summary")" != "$(strip_summary "$new/summary")" ]; then
    echo "sameout: $L: the summary line differs"; echo "  was: $(cat "$refout/summary")"; echo "  now: $(cat "$new/summary")"; bad=1
  fi
  [ $bad -eq 0 ] && echo "sameout: $L $mode: $(ls "$refout"/out | wc -l) files and the summary line as at $sha" || fail=1
done
exit $fail
