# tornado.gp — what moves one result: the inputs ranked by their main
# index (Sobol ST, or Morris mu*) with its 95 % interval, the second index
# (S1, or sigma) beside it; the most important input on top.
# Columns of @DATA@: 1 row, 2 main index, 3 its half-width, 4 second
# index, 5 its half-width (0: none), 6 input.
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
  set xrange [@XMIN@:@XMAX@]
  set yrange [@NY@-0.5:-0.5]
  set xlabel "@XLABEL@"
  set grid xtics lc rgb "#dddddd"
  set xtics nomirror
  set ytics out nomirror
  @YTICS@
  set lmargin 30
  set style fill solid 0.9 noborder
  set key below center horizontal box
  plot "@DATA@" using ($2/2):($1-0.18):(abs($2)/2):(0.16) with boxxyerror fc rgb "#d7301f" \
         title "@K_MAIN@", \
       "" using 2:($1-0.18):($2-$3):($2+$3) with xerrorbars lc rgb "black" pt 7 ps 0.4 \
         title "@K_CONF@", \
       "" using ($4/2):($1+0.18):(abs($4)/2):(0.16) with boxxyerror fc rgb "#fdae6b" \
         title "@K_SECOND@", \
       "" using ($5 > 0 ? $4 : 1/0):($1+0.18):($4-$5):($4+$5) with xerrorbars \
         lc rgb "black" pt 7 ps 0.4 notitle, \
       "" using (($2 > $4 ? $2 : $4) + ($3 > $5 ? $3 : $5)):1:(sprintf(" %.3g", $2)) \
         with labels left notitle
  unset output
}
