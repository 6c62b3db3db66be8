# Jobs queued and running, and GPUs busy and throttled as a percentage of
# those installed, from a dcsim timeseries.csv.
# usage: gnuplot -e "dir='results'; fmt='png'" output/plots/queue.gp -> dir/queue.png
height = 800
load system("dirname '".ARG0."'")."/common.gp"
set output dir."/queue.".fmt
gpus = real(system("awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"gpus\") k = i } NR == 2 { print $k }' '".dir."/summary.csv'"))
set multiplot layout 2,1
set title "Jobs queued and running".band
set ylabel "jobs"
# (a run without jobs, a service alone: autoscaling all zeros warns of an empty range)
if (nonzero("jobs_queued") || nonzero("jobs_running")) { set yrange [0:*] } else { set yrange [0:1] }
q = series("jobs_queued jobs_running", 1)
plot q using 1:m(1) with @with lt 4 title "queued", q using 1:m(2) with @with lt 1 title "running"
set title sprintf("GPUs as %% of the %d installed", gpus).band
set ylabel "% of installed GPUs"
set yrange [0:105]
names = "gpus_busy gpus_throttled gpus_grid_throttled gpus_thermal_throttled"
labels = "busy slowed_by_a_power_cap held_down_by_the_grid_cap thermal_throttled"
shown = ""
titles = ""
do for [i = 1:words(names)] {
	if (i == 1 || nonzero(word(names, i))) { shown = shown." ".word(names, i); titles = titles." ".word(labels, i) }
}
g = series(shown, 100.0 / gpus)
ttl(k) = system("echo '".word(titles, k)."' | tr _ ' '")
plot for [k = 1:words(shown)] g using 1:m(k) with @with lt k title ttl(k), \
     100 with lines lt 8 lw 1 dt 2 title "installed"
unset multiplot
