# sweep_grid.gp — a sweep over two inputs: whether every binding target is
# met at each grid point (green), missed (red) or the run broke a model
# bound (grey).
# Columns of @DATA@: 1 first input, 2 second input, 3 1 met / 0 missed /
# 0.5 no result.
# Written by `plansim plot`; edit freely and run again from this folder:
#     gnuplot @NAME@.gp
set encoding utf8
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
  set palette defined (0 "#E69F00", 0.5 "#d9d9d9", 1 "#56B4E9")
  set cbrange [0:1]
  unset colorbox
  set key outside bottom center horizontal box
  set bmargin 6
  set style fill solid 1.0 noborder
  set autoscale xfix
  set autoscale yfix
  plot "@DATA@" using 1:2:3 with image notitle, \
       "" using 1:2:4 with labels notitle, \
       1/0 with boxes lc rgb "#56B4E9" title "@MET@", \
       1/0 with boxes lc rgb "#E69F00" title "@MISSED@"
  unset output
}
