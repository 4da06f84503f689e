# solve_line.gp — plansim solve: a target's metric along the lever, blue
# circles where the target is met and orange triangles where it is missed
# (colour-blind safe), the threshold(s) as dashed lines and each boundary solve found as a vertical line.
# Columns of @DATA@: 1 lever value, 2 metric, 3 1 met / 0 missed.
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
  set key tmargin center horizontal box
  set offsets graph 0.02, graph 0.02, graph 0.08, graph 0.08
  unset arrow
@MARKS@
  plot "@DATA@" using 1:2 with lines lw 2 lc rgb "#555555" notitle, \
       "" using 1:($3 > 0 ? $2 : NaN) with points pt 7 ps 0.8 lc rgb "#0072B2" title "@MET@", \
       "" using 1:($3 > 0 ? NaN : $2) with points pt 9 ps 0.9 lc rgb "#E69F00" title "@MISSED@", \
       1/0 with lines lw 2 dt 2 lc rgb "#D55E00" title "@THRESHOLD@", \
       1/0 with lines lw 2 lc rgb "#000000" title "@BOUNDARY@"
  unset output
}
