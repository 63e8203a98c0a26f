#!/bin/sh
# usage: tools/plot.sh DIR png|pdf plots/NN-name.gp
# Draws a lesson's figures from the .dat files in DIR, as `make lessonNN` does, atomically:
# gnuplot writes them into DIR/.figures.PID (plots/style.gp's figdir), each one is checked
# to be complete (a PNG ends with its IEND chunk, a PDF with %%EOF), and only then are they
# renamed over DIR's figures. When gnuplot fails or is killed, or a figure is empty or cut
# short (a full disk), DIR's previous figures stay as they were, the temporary directory
# is removed, and the exit status is 1 after a line naming the figure. A .figures.PID
# left by a run that was itself killed with SIGKILL is removed by the next run. A warning
# names the commands when DIR's .dat files come from more than one run.
set -u
[ $# -eq 3 ] || { echo "usage: tools/plot.sh DIR png|pdf plots/NN-name.gp" >&2; exit 2; }
dir=$1 fmt=$2 script=$3
nl='
'
case $dir in *"$nl"*) echo "plots: a directory name with a newline is not supported" >&2; exit 2 ;; esac
case $fmt in png | pdf) ;; *) echo "plots: the format is png or pdf, not '$fmt'" >&2; exit 2 ;; esac
[ -d "$dir" ] || { echo "plots: $dir: no such directory (run the lesson first)" >&2; exit 2; }

# files of two runs (one interrupted, or with other flags) would be drawn into one figure:
# say so when the .dat files' "# command:" lines differ
runs=$(ls "$dir" | grep -q '\.dat$' && awk 'FNR == 2 && sub(/^# command: /, "")' "$dir"/*.dat | sort | uniq -c)
if [ "$(printf '%s\n' "$runs" | grep -c .)" -gt 1 ]; then
  echo "plots: warning: $dir holds the files of more than one run (an interrupted run, or other flags);" \
       "the figures mix them. Files per command:" >&2
  printf '%s\n' "$runs" | sed 's/^ */  /' >&2
  echo "  rerun the lesson to replace them all" >&2
fi

for old in "$dir"/.figures.*; do   # left by a run that was killed: its process is gone
  [ -d "$old" ] && ! kill -0 "${old##*.}" 2>/dev/null && rm -rf "$old"
done
tmp=$dir/.figures.$$
rm -rf "$tmp"
mkdir "$tmp" || { echo "plots: cannot create $tmp" >&2; exit 1; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 131' QUIT
trap 'exit 143' TERM

# a gnuplot string in '...': each ' is written ''
q() { printf '%s' "$1" | sed "s/'/''/g"; }
gnuplot -e "dir='$(q "$dir")'; figdir='$(q "$tmp")'; fmt='$fmt'" "$script"
status=$?
drawn=$(ls -t "$tmp")
if [ $status -ne 0 ]; then
  last=${drawn%%"$nl"*}
  why="exit status $status"; [ $status -gt 128 ] && why="killed by signal $((status - 128))"
  echo "plots: $script failed ($why)${last:+ while drawing $dir/$last}; the previous figures are kept" >&2
  exit 1
fi
[ -n "$drawn" ] || { echo "plots: $script drew no figure" >&2; exit 1; }

# complete FILE: not empty, and ends as its format ends (a PNG with its IEND chunk's last 8 bytes)
printf 'IEND\256\102\140\202' > "$tmp/.iend"
complete() {
  [ -s "$1" ] || return 1
  case $1 in
    *.png) tail -c 8 "$1" | cmp -s - "$tmp/.iend" ;;
    *.pdf) tail -c 64 "$1" | grep -q '%%EOF' ;;
  esac
}
for f in $drawn; do
  complete "$tmp/$f" || {
    echo "plots: $dir/$f: gnuplot wrote it empty or cut short (is the disk full?); the previous figures are kept" >&2
    exit 1
  }
done
(cd "$tmp" && mv -f -- $drawn ..) || exit 1   # each a rename within DIR
