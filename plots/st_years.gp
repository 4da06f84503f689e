# st_years.gp — the total Sobol index ST of each input in each year of
# one output, stacked: how the output's drivers change over the plan.
# (ST of interacting inputs add to more than 1.)
# @DATA@: a header line, then year and one ST per input.
# Written by `plansim plot`; edit freely and run again from this folder:
#     gnuplot @NAME@.gp
set encoding utf8
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,800 font "@FONT@,13" noenhanced
  } else {
    set terminal svg size 1200,800 font "@FONT@,13" noenhanced background "white"
  }
  set output "@NAME@." . fmt
  set title "@TITLE@" font "@FONT@,18"
  set style data histograms
  set style histogram rowstacked
  set style fill solid 0.9 border rgb "white"
  set boxwidth 0.7
  set yrange [0:*]
  set ylabel "@YLABEL@"
  set xlabel "@XLABEL@"
  set grid ytics lc rgb "#dddddd"
  set key outside right top vertical box
  plot for [i=2:@NCOL@] "@DATA@" using i:xtic(1) title columnheader(i)
  unset output
}
