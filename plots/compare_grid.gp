# compare_grid.gp — which targets each scenario meets: one row per target,
# one column per scenario; green met, red missed, grey not a target of
# that scenario.
# Columns of @DATA@: 1 scenario index, 2 target index, 3 status (1 met,
# 0 missed, 0.5 none), 4 the word.
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
  @XTICS@
  @YTICS@
  set xtics out nomirror
  set ytics out nomirror
  set xrange [-0.5:@NX@-0.5]
  set yrange [@NY@-0.5:-0.5]
  set palette defined (0 "#d73027", 0.5 "#d9d9d9", 1 "#1a9850")
  set cbrange [0:1]
  unset colorbox
  unset key
  set lmargin 28
  plot "@DATA@" using 1:2:3 with image, \
       "" using 1:2:4 with labels textcolor rgb "white" font "@FONT@,13"
  unset output
}
