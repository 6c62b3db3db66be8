# The grid connection from a dcsim timeseries.csv: draw, capacity and
# headroom (MW), battery power (MW, + charging) and state of charge (%);
# nothing is drawn without a grid capacity.
# usage: gnuplot -e "dir='results'; fmt='png'" output/plots/grid.gp -> dir/grid.png
load system("dirname '".ARG0."'")."/common.gp"
if (!nonzero("capacity_kw")) { exit }
set output dir."/grid.".fmt
set title "Grid draw, capacity and headroom (MW); battery (MW, + charging) and its charge (%)".band
set ylabel "MW"
batt = nonzero("battery_kw") || nonzero("battery_soc")
src = series("grid_kw capacity_kw headroom_kw battery_kw", 0.001)
soc = series("battery_soc", 100)
if (batt) { set y2label "battery charge (%)"; set y2range [0:100]; set y2tics; set ytics nomirror }
bplot = batt ? ", src using 1:m(4) with @with lt 2 title 'battery power', soc using 1:m(1) axes x1y2 with @with lt 6 title 'battery charge (right)'" : ""
plot src using 1:m(1) with @with lt 1 title "grid draw", \
     src using 1:m(2) with @with lt 4 lw 2.5 dt 2 title "capacity", \
     src using 1:m(3) with @with lt 3 title "headroom" @bplot
