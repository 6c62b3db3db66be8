# Inference services over time, a line per service: requests arriving per
# second, replicas holding GPUs and their GPUs' power, from timeseries.csv's
# service.<name>.* columns. Past 6 services, the 5 with the most GPU energy
# over the window (inference.csv) get a line each and the rest are summed
# as "others (N)", dashed. A panel leaves out a service whose column is
# zero throughout (no zero-valued legend entry).
# usage: gnuplot -e "dir='results'; fmt='png'" output/plots/inference.gp -> dir/inference.png
# (dcsim plot DIR runs it when inference.csv is there)
height = 1100
load system("dirname '".ARG0."'")."/common.gp"
set output dir."/inference.".fmt
# the services in scenario order (names are letters, digits, _ - and .:
# the loader's rule, so they are words here and in column names)
all = system("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if (substr($i, 1, 8) == \"service.\" && $i ~ /[.]requests_per_s$/) { s = substr($i, 9); sub(/[.]requests_per_s$/, \"\", s); printf \"%s \", s } exit }' '".f."'")
n_all = words(all)
# the top 5 by GPU energy, in scenario order, when there are more than 6
top = system("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { print NR, $h[\"gpu_energy_mwh\"] + 0, $h[\"service\"] }' '".dir."/inference.csv' | sort -k2,2gr -k1,1n | head -5 | sort -k1,1n | awk '{ printf \"%s \", $3 }'")
shown = n_all > 6 ? top : all
others = ""
do for [i = 1:n_all] {
	s = word(all, i)
	if (strstrt(" ".shown." ", " ".s." ") == 0) { others = others.(others eq "" ? "" : "+").s }
}
n_others = n_all - words(shown)
col(s, c) = "service.".s.".".c
# the others' sum of column c: a '+'-joined series (common.gp)
osum(c) = system("echo '".others."' | tr '+' '\\n' | awk -v c='".c."' 'NF { printf \"%s%s\", (n++ ? \"+\" : \"\"), \"service.\" $1 \".\" c }'")
panel_title(c) = c eq "requests_per_s" ? "Requests arriving per second." : \
                 c eq "replicas" ? "Replicas holding GPUs (loading and draining included)." : \
                 "GPU power of the replicas (kW)."
# each panel's key above it, outside the data (below, it would meet the
# time axis's label in a stack of panels)
set key outside top horizontal left Left reverse samplen 2
set multiplot layout 3,1
do for [p = 1:3] {
	c = word("requests_per_s replicas gpu_kw", p)
	# the shown services with a nonzero column, their colour their place
	list = ""
	names = ""
	colours = ""
	do for [k = 1:words(shown)] {
		s = word(shown, k)
		if (nonzero(col(s, c))) { list = list." ".col(s, c); names = names." ".s; colours = colours." ".k }
	}
	# the others' sum, when any of them is nonzero
	o = ""
	if (n_others > 0) {
		any = 0
		do for [i = 1:n_all] {
			s = word(all, i)
			if (strstrt(" ".shown." ", " ".s." ") == 0 && nonzero(col(s, c))) { any = 1 }
		}
		if (any) { o = osum(c) }
	}
	set title panel_title(c).(daily ? " Daily means." : band)
	set ylabel word("requests/s replicas kW", p)
	set yrange [0:*]
	set offsets 0,0,graph 0.05,0
	if (words(list) == 0 && o eq "") {
		set label 1 "zero throughout" at graph 0.5,0.5 center
		plot NaN notitle
		unset label 1
	} else {
		src = series(list.(o ne "" ? " ".o : ""), 1)
		n = words(list)
		if (o ne "" && n == 0) {
			plot src using 1:m(1) with @with lt 8 dt 2 title sprintf("others (%d)", n_others)
		}
		if (o ne "" && n > 0) {
			plot for [k = 1:n] src using 1:m(k) with @with lt int(word(colours, k)) title word(names, k), \
			     src using 1:m(n + 1) with @with lt 8 dt 2 title sprintf("others (%d)", n_others)
		}
		if (o eq "") {
			plot for [k = 1:n] src using 1:m(k) with @with lt int(word(colours, k)) title word(names, k)
		}
	}
}
unset multiplot
