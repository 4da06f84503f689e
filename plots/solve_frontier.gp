# solve_frontier.gp — plansim solve with two levers: for each value of the
# first lever, the value of the second at which the target turns from met
# to missed (the frontier), with the side where it is met shaded.
# Columns of @DATA@: 1 first lever, 2 the boundary in the second lever
# (NaN: none), 3 and 4 the bottom and top of the shaded, met, side.
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
  set grid lc rgb "#dddddd" front
  set key tmargin center horizontal box
  set yrange [@YLO@:@YHI@]
  set autoscale xfix
  set style fill transparent solid 0.35 noborder
  plot "@DATA@" using 1:3:4 with filledcurves fs transparent solid 0.35 lc rgb "#0072B2" title "@MET@", \
       "" using 1:2 with linespoints lw 3 pt 7 ps 1 lc rgb "#000000" title "@BOUNDARY@"
  unset output
}
