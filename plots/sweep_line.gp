# sweep_line.gp — one target's result against the one varied input of a
# sweep: the plan's threshold as a line, blue circles where the target is
# met, orange triangles where it is missed (told apart by shape as well).
# Columns of @DATA@: 1 input value, 2 result, 3 1 met / 0 missed.
# Written by `plansim plot`; edit freely and run again from this folder:
#     gnuplot @NAME@.gp
set encoding utf8
set datafile missing "NaN"
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,800 font "@FONT@,14" noenhanced
  } else {
    set terminal svg size 1200,800 font "@FONT@,14" noenhanced background "white"
  }
  set output "@NAME@." . fmt
  set title "@TITLE@" font "@FONT@,18"
  set xlabel "@XLABEL@"
  set ylabel "@YLABEL@"
  set grid lc rgb "#dddddd"
  set key outside bottom center horizontal box
  set bmargin 7
  set offsets graph 0.02, graph 0.02, graph 0.08, graph 0.08
  plot "@DATA@" using 1:2 with lines lw 2 lc rgb "#555555" notitle@PLAN@@MET_POINTS@@MISSED_POINTS@
  unset output
}
