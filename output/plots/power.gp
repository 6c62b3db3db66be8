# Facility and IT power over time from a dcsim timeseries.csv.
# usage: gnuplot -e "dir='results'" output/plots/power.gp   -> dir/power.png
if (!exists("dir")) dir = "results"
set terminal pngcairo size 1200,500 noenhanced
set output dir."/power.png"
set datafile separator comma
set key autotitle columnhead top left
set title "Power (interval averages)"
set xlabel "time (days)"
set ylabel "kW"
set grid
plot dir."/timeseries.csv" using (column("time_h")/24):(column("facility_kw")) \
       with steps lw 1.5 title "facility", \
     "" using (column("time_h")/24):(column("it_kw")) with steps lw 1.5 title "IT", \
     "" using (column("time_h")/24):(column("it_gpu_kw")) with steps lw 1 title "IT: GPUs", \
     "" using (column("time_h")/24):(column("cooling_kw")) with steps lw 1 title "cooling", \
     "" using (column("time_h")/24):(column("losses_kw")) with steps lw 1 title "distribution losses"
