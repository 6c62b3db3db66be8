# Jobs queued and running, and GPUs busy, from a dcsim timeseries.csv.
# usage: gnuplot -e "dir='results'" output/plots/queue.gp   -> dir/queue.png
if (!exists("dir")) dir = "results"
set terminal pngcairo size 1200,500 noenhanced
set output dir."/queue.png"
set datafile separator comma
set key autotitle columnhead top left
set title "Queue and occupancy (interval averages)"
set xlabel "time (days)"
set ylabel "jobs"
set y2label "GPUs busy"
set ytics nomirror
set y2tics
set grid
plot dir."/timeseries.csv" using (column("time_h")/24):(column("jobs_queued")) \
       with steps lw 1.5 title "jobs queued", \
     "" using (column("time_h")/24):(column("jobs_running")) with steps lw 1.5 title "jobs running", \
     "" using (column("time_h")/24):(column("gpus_busy")) axes x1y2 with steps lw 1 title "GPUs busy"
