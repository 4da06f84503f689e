# compute.gp — data-centre compute in four panels: capacity (log scale,
# with the plan when a target is set on it), IT power, electricity with its
# green part, and the green share of electricity.
# Columns of @DATA@: 1 year, 2 capacity, 3 IT power, 4 electricity,
# 5 green electricity.
# Written by `plansim plot`; edit freely and run again from this folder:
#     gnuplot @NAME@.gp
set encoding utf8
set datafile missing "NaN"
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,800 font "@FONT@,13" noenhanced
  } else {
    set terminal svg size 1200,800 font "@FONT@,13" noenhanced background "white"
  }
  set output "@NAME@." . fmt
  set multiplot layout 2,2 title "@TITLE@" font "@FONT@,18"
  set xrange @XRANGE@
  set xtics 1 nomirror
  set grid ytics lc rgb "#dddddd"
  set offsets 0, 0, graph 0.1, graph 0.1
  set key top left opaque box
  set style fill solid 0.85 border rgb "white"
  set boxwidth 0.6

  set title "@K_CAPACITY@"
  set logscale y
  set format y "%.0s%c"
  plot "@DATA@" using 1:2 with linespoints lw 3 pt 7 lc rgb "#5e3c99" title "@K_CAPACITY@"@PLAN@
  unset logscale y
  set format y "% h"

  set title "@K_IT_POWER@"
  unset key
  set yrange [0:*]
  plot "@DATA@" using 1:3 with linespoints lw 3 pt 7 lc rgb "#e66101" title "@K_IT_POWER@"

  set title "@K_ELECTRICITY@"
  set key top left opaque box
  set offsets 0, 0, graph 0.45, 0
  plot "@DATA@" using 1:4 with boxes lc rgb "#bababa" title "@K_ELECTRICITY@", \
       "" using 1:5 with boxes lc rgb "#1a9850" title "@K_GREEN@"

  set title "@K_SHARE@"
  unset key
  set yrange [0:100]
  plot "@DATA@" using 1:(100 * $5 / $4) with linespoints lw 3 pt 7 lc rgb "#1a9850" title "@K_SHARE@"
  set autoscale y
  unset multiplot
  unset output
}
