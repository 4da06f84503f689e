# capacity.gp — plansim capacity: one driver, as projected and as the water
# red line allows it (everything else as projected), year by year.
# Columns of @DATA@: 1 year, 2 projected, 3 allowed.
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
  set xtics 1 nomirror
  set grid ytics lc rgb "#dddddd"
  set key below center box
  set offsets 0.2, 0.2, graph 0.08, graph 0.08
  plot "@DATA@" using 1:2 with linespoints lw 3 pt 7 ps 1.2 lc rgb "#2166ac" title "@PROJECTED@", \
       "" using 1:3 with linespoints lw 3 pt 5 ps 1.2 dt 2 lc rgb "#d73027" title "@ALLOWED@"
  unset output
}
