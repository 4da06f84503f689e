# carbon.gp — CO2 emissions per year as stacked bars, the part outside data
# centres below and the data centres' part on top, and CO2 per unit of GDP
# (intensity) as a line on the right axis.
# Columns of @DATA@: 1 year, 2 emissions outside data centres,
# 3 data-centre emissions, 4 total emissions, 5 intensity.
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
  set y2label "@Y2LABEL@"
  set xrange @XRANGE@
  set xtics 1 nomirror
  set ytics nomirror
  set y2tics
  set yrange [0:*]
  set y2range [0:*]
  set offsets 0, 0, graph 0.08, 0
  set grid ytics lc rgb "#dddddd"
  set key below center box
  set style fill solid 0.85 border rgb "white"
  set boxwidth 0.6
  plot "@DATA@" using 1:($2+$3) with boxes lc rgb "#b2182b" title "@K_COMPUTE@", \
       "" using 1:2 with boxes lc rgb "#878787" title "@K_BASE@", \
       "" using 1:5 axes x1y2 with linespoints lw 3 pt 7 ps 1.3 lc rgb "black" title "@K_INTENSITY@"
  unset output
}
