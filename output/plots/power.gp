# Facility power stacked by component, with the grid capacity, from a dcsim
# timeseries.csv.
# usage: gnuplot -e "dir='results'; fmt='png'" output/plots/power.gp -> dir/power.png
# (dcsim plot DIR runs it; fmt='pdf' writes power.pdf)
load system("dirname '".ARG0."'")."/common.gp"
set output dir."/power.".fmt
set title "Facility power by component, stacked (MW)".band
set ylabel "MW"
set yrange [0:*]
names = "it_gpu_kw it_host_kw it_fans_kw it_network_kw losses_kw cooling_kw"
labels = "IT:_GPUs IT:_hosts IT:_server_fans IT:_network distribution_losses cooling"
# the stack's tops, of the nonzero components only
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
cap = nonzero("capacity_kw")
n = words(tops)
src = series(tops, 0.001)
lines = series("facility_kw capacity_kw", 0.001)
fill = daily ? "filledcurves x1" : "fillsteps"
ttl(k) = system("echo '".word(titles, k)."' | tr _ ' '")
# only the lines that exist, so no empty legend entry
extra = (daily ? ", lines using 1:(column(hi(1))) with lines lt 8 lw 1 title 'facility: daily max'" : "") . \
        (cap ? sprintf(", lines using 1:%d with %s lt 4 lw 2.5 dt 2 title 'grid capacity'", daily ? lo(2) : m(2), with) : "")
plot for [k = n:1:-1] src using 1:m(k) with @fill fs solid 0.85 noborder lt int(word(colours, k)) title ttl(k) @extra
