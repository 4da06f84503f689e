# compare_lines.gp — one output over the years, a line per scenario.
# @DATA@ holds one block per scenario (gnuplot's `index`), in the order of
# the names in the title of each line: year, value.
# Written by `plansim plot`; edit freely and run again from this folder:
#     gnuplot @NAME@.gp
set encoding utf8
set datafile missing "NaN"
names = "@NAMES@"
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1200,800 font "@FONT@,14" noenhanced
  } else {
    set terminal svg size 1200,800 font "@FONT@,14" noenhanced background "white"
  }
  set output "@NAME@." . fmt
  set title "@TITLE@" font "@FONT@,18"
  set ylabel "@YLABEL@"
  @LOGSCALE@
  set xtics 1 nomirror
  set grid ytics lc rgb "#dddddd"
  set key below center box maxcols 3
  set offsets graph 0.02, graph 0.02, graph 0.08, graph 0.08
  plot for [i=0:@N@-1] "@DATA@" index i using 1:2 with linespoints lw 3 pt 7 \
       title word(names, i + 1)
  unset output
}
