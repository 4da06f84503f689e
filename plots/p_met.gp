# p_met.gp — the share of a batch's runs that meet each target, binding
# targets in orange (and marked so), expected ones in blue, and the share meeting every
# binding target at once in dark grey.
# Columns of @DATA@: 1 row, 2 p_met, 3 0 expected / 1 binding / 2 every
# binding target at once, 4 label, 5 the share as printed (and "path, not
# sampled" where no sampled input moves the target: no finding).
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
  set xrange [0:@XMAX@]
  set yrange [@NY@-0.4:-0.6]
  set xtics ("0" 0, "20 %%" 0.2, "40 %%" 0.4, "60 %%" 0.6, "80 %%" 0.8, "100 %%" 1) nomirror
  set grid xtics lc rgb "#dddddd"
  set ytics out nomirror
  @YTICS@
  set lmargin @LMARGIN@
  set style fill solid 0.9 noborder
  set key below center horizontal box
  plot "@DATA@" using ($2/2):1:($2/2):(0.35):($3 > 1 ? 0x404040 : $3 > 0 ? 0xE69F00 : 0x56B4E9) \
         with boxxyerror lc rgb variable notitle, \
       1/0 with boxes lc rgb "#E69F00" title "@K_BINDING@", \
       1/0 with boxes lc rgb "#56B4E9" title "@K_EXPECTED@", \
       1/0 with boxes lc rgb "#404040" title "@K_ALL@", \
       "" using ($2 + 0.01):1:5 with labels left notitle
  unset output
}
