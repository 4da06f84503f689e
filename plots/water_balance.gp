# water_balance.gp — the water balance per year under the four-water rule
# (四水四定): demand of the six sectors stacked as bars, realised total use,
# the red line and the reclaimed water available; a marker on the red line
# in years where it binds.
# Columns of @DATA@: 1 year, 2-7 demand (domestic, ecological, agriculture,
# industry, services, compute), 8 use total, 9 red line, 10 reclaimed
# supply, 11 binding (0/1), 12 conventional use (what the red line caps).
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
  set xrange @XRANGE@
  set xtics 1 nomirror
  set yrange [0:*]
  set offsets 0, 0, graph 0.08, 0
  set grid ytics lc rgb "#dddddd"
  set key below center box maxcols 2
  set style fill solid 0.85 border rgb "white"
  set boxwidth 0.6
  # Stacked bars: each bar is the sum of its sector and those below it,
  # drawn tallest first so the shorter ones sit in front.
  plot "@DATA@" using 1:($2+$3+$4+$5+$6+$7) with boxes lc rgb "#9e0142" title "@K_COMPUTE@", \
       "" using 1:($2+$3+$4+$5+$6) with boxes lc rgb "#f46d43" title "@K_SERVICES@", \
       "" using 1:($2+$3+$4+$5) with boxes lc rgb "#fdae61" title "@K_INDUSTRY@", \
       "" using 1:($2+$3+$4) with boxes lc rgb "#e6f598" title "@K_AGRICULTURE@", \
       "" using 1:($2+$3) with boxes lc rgb "#66c2a5" title "@K_ECOLOGICAL@", \
       "" using 1:2 with boxes lc rgb "#3288bd" title "@K_DOMESTIC@", \
       "" using 1:8 with linespoints lw 3 pt 7 ps 1.3 lc rgb "black" title "@K_USE@", \
       "" using 1:12 with linespoints lw 2 pt 9 ps 1.3 lc rgb "#7b3294" title "@K_CONVENTIONAL@", \
       "" using 1:9 with lines lw 3 lc rgb "#d7191c" title "@K_CAP@", \
       "" using 1:10 with linespoints lw 2 dt 2 pt 5 lc rgb "#2c7fb8" title "@K_RECLAIMED@"@BINDING@
  unset output
}
