# fan.gp — a batch's spread of one output over the years: the 5–95 % band,
# the 25–75 % band and the median, with the plan value when a level target
# names this output, and on the water fan the red line (median of
# water.cap, from fan_water_cap.dat) when it is within reach of use.
# Columns of @DATA@: 1 year, 2 p05, 3 p25, 4 p50, 5 p75, 6 p95, 7 mean.
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
  @YRANGE@
  set xrange @XRANGE@
  set xtics 1 nomirror
  set grid ytics lc rgb "#dddddd"
  set key below center box maxcols 2
  set style fill solid 1.0 noborder
  plot "@DATA@" using 1:2:6 with filledcurves lc rgb "#c6dbef" title "5–95 %", \
       "" using 1:3:5 with filledcurves lc rgb "#6baed6" title "25–75 %", \
       "" using 1:4 with linespoints lw 3 pt 7 lc rgb "#08306b" title "@MEDIAN@"@CAP@@PLAN@
  unset output
}
