# prim_box.gp — the chosen PRIM box on each input it restricts: the
# sampled range in grey, the box's limits in red, with their values.
# Columns of @DATA@: 1 row, 2 lower and 3 upper as shares of the sampled
# range, 4 lower, 5 upper, 6 range min, 7 range max, 8 input.
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
  set xrange [-0.25:1.25]
  set yrange [@NY@-0.5:-0.5]
  unset xtics
  set ytics out nomirror
  @YTICS@
  set lmargin 24
  set style fill solid 0.9 noborder
  set key below center horizontal box
  plot "@DATA@" using (0.5):1:(0.5):(0.12) with boxxyerror fc rgb "#cccccc" title "@K_RANGE@", \
       "" using (($2+$3)/2):1:(($3-$2)/2):(0.2) with boxxyerror fc rgb "#d7301f" \
         title "@K_BOX@", \
       "" using (-0.01):1:(sprintf("%.4g", $6)) with labels right notitle, \
       "" using (1.01):1:(sprintf("%.4g", $7)) with labels left notitle, \
       "" using 2:($1-0.3):($2 > 0 ? sprintf("%.4g", $4) : "") with labels center \
         tc rgb "#d7301f" notitle, \
       "" using 3:($1-0.3):($3 < 1 ? sprintf("%.4g", $5) : "") with labels center \
         tc rgb "#d7301f" notitle
  unset output
}
