# Cooling power by component, PUE and the outdoor air from a dcsim
# timeseries.csv.
# usage: gnuplot -e "dir='results'" output/plots/cooling.gp   -> dir/cooling.png
if (!exists("dir")) dir = "results"
f = dir."/timeseries.csv"
# Runs with fixed-PUE cooling only have no weather: their outdoor columns
# are empty, and gnuplot refuses a plot with no valid point.
weather = system("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"outdoor_dry_c\") c = i } NR == 2 { print ($c != \"\") }' '".f."'") + 0
set terminal pngcairo size 1200,800 noenhanced
set output dir."/cooling.png"
set datafile separator comma
set multiplot layout 2,1
set grid
set key top left
set xlabel "time (days)"
day(x) = column("time_h") / 24
fans = "column(\"cooling_air_fans_kw\")"
comp = "column(\"cooling_compressors_kw\")"
rej = "column(\"cooling_heat_rejection_kw\")"
pumps = "column(\"cooling_pumps_kw\")"
other = "column(\"cooling_other_kw\")"
set title "Cooling power by component, stacked (interval averages)"
set ylabel "kW"
plot f using (day(0)):(@fans + @comp + @rej + @pumps + @other) with filledcurves x1 title "other (fixed PUE)", \
     "" using (day(0)):(@fans + @comp + @rej + @pumps) with filledcurves x1 title "pumps", \
     "" using (day(0)):(@fans + @comp + @rej) with filledcurves x1 title "heat rejection", \
     "" using (day(0)):(@fans + @comp) with filledcurves x1 title "compressors", \
     "" using (day(0)):(@fans) with filledcurves x1 title "air fans"
set title "PUE of each interval and the outdoor air"
set ylabel "PUE"
set ytics nomirror
if (weather) {
	set y2label "C"
	set y2tics
	plot f using (day(0)):(column("pue")) with steps lw 1.5 title "PUE", \
	     "" using (day(0)):(column("outdoor_dry_c")) axes x1y2 with lines lw 1 title "dry bulb", \
	     "" using (day(0)):(column("outdoor_wet_c")) axes x1y2 with lines lw 1 title "wet bulb"
} else {
	plot f using (day(0)):(column("pue")) with steps lw 1.5 title "PUE"
}
unset multiplot
