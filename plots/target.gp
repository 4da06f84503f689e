# target.gp — one plan target: the variable over the years (solid), the
# straight glide path from the base year to the plan (dashed) and the plan
# itself (a marker in the target year, green when met, red when missed).
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
  set ylabel "@YLABEL@"
  @LOGSCALE@
  set xrange @XRANGE@
  set xtics 1 nomirror
  set grid ytics lc rgb "#dddddd"
  set key below center box
  @YRANGE@
  set offsets 0, 0, graph 0.08, graph 0.08
  plot "@DATA@" using 1:2 with linespoints lw 3 pt 7 ps 1.2 lc rgb "#2166ac" title "@VAR_KEY@", \
@PATH_LINE@       "+" using (@PLAN_YEAR@):(@PLAN_VALUE@) every ::0::0 with points pt 9 ps 3.5 \
           lc rgb "@STATUS_COLOR@" title "@PLAN_KEY@"
  unset output
}
