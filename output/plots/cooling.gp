# Cooling power by component (stacked, kW) and the outdoor air (C) with the
# free-cooling share (%), from a dcsim timeseries.csv.
# usage: gnuplot -e "dir='results'; fmt='png'" output/plots/cooling.gp -> dir/cooling.png
height = 800
load system("dirname '".ARG0."'")."/common.gp"
set output dir."/cooling.".fmt
names = "cooling_air_fans_kw cooling_compressors_kw cooling_heat_rejection_kw cooling_pumps_kw cooling_other_kw"
labels = "air_fans compressors heat_rejection pumps other_(fixed_PUE)"
tops = ""
titles = ""
colours = ""
top = ""
do for [i = 1:words(names)] {
	if (nonzero(word(names, i))) {
		top = top.(top eq "" ? "" : "+").word(names, i)
		tops = tops." ".top
		titles = titles." ".word(labels, i)
		colours = colours." ".i
	}
}
weather = nonzero("outdoor_dry_c")
fill = daily ? "filledcurves x1" : "fillsteps"
ttl(k) = system("echo '".word(titles, k)."' | tr _ ' '")
if (weather) { set multiplot layout 2,1 }
set title "Cooling power by component, stacked (kW)".band
set ylabel "kW"
set yrange [0:*]
src = series(tops, 1)
plot for [k = words(tops):1:-1] src using 1:m(k) with @fill fs solid 0.85 noborder lt int(word(colours, k)) title ttl(k)
if (weather) {
	set title "Outdoor air (C) and free cooling (% of heat removed without compressors)".band
	set ylabel "C"
	set yrange [*:*]
	set y2label "free cooling (%)"
	set y2range [0:100]
	set y2tics
	set ytics nomirror
	air = series("outdoor_dry_c outdoor_wet_c free_cooling_fraction", 1)
	fc = series("free_cooling_fraction", 100)
	plot air using 1:m(1) with @with lt 4 title "dry bulb", air using 1:m(2) with @with lt 1 title "wet bulb", \
	     fc using 1:m(1) axes x1y2 with @with lt 3 lw 1 title "free cooling (right)"
	unset multiplot
}
