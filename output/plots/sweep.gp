# A sweep's main KPIs at each point, with 95% confidence bars, against the
# point's index labelled with the first swept parameter, from points.csv.
# usage: gnuplot -e "dir='results'; fmt='png'" output/plots/sweep.gp -> dir/sweep.png
# (report.html has every KPI against every parameter and the sensitivity)
height = 800
load system("dirname '".ARG0."'")."/common.gp"
set output dir."/sweep.".fmt
set datafile separator comma
unset xrange
set xlabel ""
set autoscale x
p = dir."/points.csv"
param = system("head -1 '".p."' | cut -d, -f2")
kpis = "facility_energy_mwh pue facility_peak_kw gpu_utilization wait_mean_s wait_p95_s"
set multiplot layout 2,3 title "Sweep: each KPI's mean over the replications with its 95% interval, by point"
set offsets 0.5, 0.5, graph 0.05, graph 0.05
set xtics rotate by -30
set xlabel param
do for [i = 1:words(kpis)] {
	k = word(kpis, i)
	set title k
	plot p using 0:(column(k."_mean")):(column(k."_ci95")):xtic(2) with yerrorbars lt 1 pt 7 notitle
}
unset multiplot
