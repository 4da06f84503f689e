# compare_grid.gp — which targets each scenario meets: one row per target,
# one column per scenario; blue met, orange missed, grey not a target of
# that scenario.
# Columns of @DATA@: 1 scenario index, 2 target index, 3 status (1 met,
# 0 missed, 0.5 none), 4 the result and the word.
# Written by `plansim plot`; edit freely and run again from this folder:
#     gnuplot @NAME@.gp
set encoding utf8
do for [fmt in "png svg"] {
  if (fmt eq "png") {
    set terminal pngcairo size 1600,900 font "@FONT@,13" noenhanced
  } else {
    set terminal svg size 1600,900 font "@FONT@,13" noenhanced background "white"
  }
  set output "@NAME@." . fmt
  set title "@TITLE@" font "@FONT@,18"
  @XTICS@
  @YTICS@
  set xtics out nomirror
  set ytics out nomirror
  set xrange [-0.5:@NX@-0.5]
  set yrange [@NY@-0.5:-0.5]
  set palette defined (0 "#E69F00", 0.5 "#d9d9d9", 1 "#56B4E9")
  set cbrange [0:1]
  unset colorbox
  set key outside bottom center horizontal box
  set style fill solid 1.0 noborder
  set lmargin @LMARGIN@
  plot "@DATA@" using 1:2:3 with image notitle, \
       "" using 1:2:4 with labels textcolor rgb "black" font "@FONT@,12" notitle, \
       1/0 with boxes lc rgb "#56B4E9" title "@MET@", \
       1/0 with boxes lc rgb "#E69F00" title "@MISSED@"
  unset output
}
