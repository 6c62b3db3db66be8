# Component failures and the job interruptions they caused, by cause, over
# the measurement window (failures.csv), and the GPUs down over time as a
# percentage of those installed (timeseries.csv's gpus_down), with the
# nodes down (host or rack switch) on the right axis when any was.
# usage: gnuplot -e "dir='results'; fmt='png'" output/plots/failures.gp -> dir/failures.png
# (dcsim plot DIR runs it when failures.csv is there)
height = 900
load system("dirname '".ARG0."'")."/common.gp"
set output dir."/failures.".fmt
cf = dir."/failures.csv"
gpus = real(system("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"gpus\") k = i } NR == 2 { print $k }' '".dir."/summary.csv'"))
# the causes that occurred: x, failures, interruptions, "kind: cause"
causes = "< awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } " . \
         "$h[\"failures\"] + $h[\"interruptions\"] > 0 { printf \"%d %s %s \\\"%s: %s\\\"\\n\", n++, " . \
         "$h[\"failures\"], $h[\"interruptions\"], $h[\"kind\"], $h[\"cause\"] }' '".cf."'"
n_causes = int(system("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $h[\"failures\"] + $h[\"interruptions\"] > 0 { n++ } END { print n + 0 }' '".cf."'"))
n_int = int(system("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } { t += $h[\"interruptions\"] } END { print t + 0 }' '".cf."'"))
set multiplot layout 2,1
# over time first: the time axis as common.gp set it
set title sprintf("GPUs down as %% of the %d installed.", gpus).(daily ? " Daily means." : band)
# (the key above the panel: below it, it would meet the month label)
set key outside top horizontal left Left reverse samplen 2
set ylabel "% of installed GPUs"
set yrange [0:*]
set offsets 0,0,graph 0.05,0
nodes = nonzero("nodes_down")
g = series("gpus_down nodes_down", 1)
if (nodes) {
	set y2label "nodes down"
	set y2range [0:*]
	set y2tics
	set ytics nomirror
	plot g using 1:(column(m(1)) * 100.0 / gpus) with @with lt 4 title "GPUs down (left)", \
	     g using 1:m(2) axes x1y2 with @with lt 1 title "nodes down: host or rack switch (right)"
	unset y2label
	unset y2tics
	set ytics mirror
} else {
	plot g using 1:(column(m(1)) * 100.0 / gpus) with @with lt 4 title "GPUs down"
}
# then the causes: a bar per cause, its labels the only x tics
set key outside below horizontal left Left reverse samplen 2
set title "Failures in the measurement window by cause, with the running jobs each interrupted (count)"
set ylabel "count"
unset xlabel
set xtics () rotate by -30 scale 0
set grid noxtics
set style fill solid 0.85 noborder
# (a macro: defined before the block that expands it; no entry when none)
intr = n_int > 0 ? ", causes using ($1 + 0.2):3:(0.4) with boxes lt 1 title 'job interruptions'" : ""
if (n_causes == 0) {
	set xrange [0:1]
	set label 1 "no component failed in the measurement window" at graph 0.5,0.5 center
	plot NaN notitle
} else {
	set xrange [-0.6:n_causes - 0.4]
	plot causes using ($1 - (n_int > 0 ? 0.2 : 0)):2:(n_int > 0 ? 0.4 : 0.6):xtic(4) with boxes lt 4 title "failures" @intr
}
unset multiplot
