# prim_tradeoff.gp — PRIM's peeling and pasting trajectory: each box's
# coverage (share of the runs of interest inside) against its density
# (share of the runs inside that are of interest), coloured by how many
# inputs it restricts; the chosen box circled, the least density asked for
# dashed.
# Columns of @DATA@: 1 step, 2 coverage, 3 density, 4 restricted inputs,
# 5 1 for the chosen box.
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
  set xlabel "@XLABEL@"
  set ylabel "@YLABEL@"
  set xrange [0:1.05]
  set yrange [0:1.05]
  set grid lc rgb "#dddddd"
  set cblabel "@CBLABEL@"
  set cbrange [0:@CBMAX@]
  set cbtics 1
  set palette defined (0 "#fee08b", 1 "#fc8d59", 2 "#d73027", 3 "#762a83")
  set key bottom left box
  plot @MIN_DENSITY@ with lines dt 2 lc rgb "#555555" title "@K_MIN@", \
       "@DATA@" using 2:3 with lines lc rgb "#999999" notitle, \
       "" using 2:3:4 with points pt 7 ps 1.2 palette notitle, \
       "" using ($5 > 0 ? $2 : 1/0):3 with points pt 6 ps 4 lw 2 lc rgb "black" \
         title "@K_CHOSEN@"
  unset output
}
