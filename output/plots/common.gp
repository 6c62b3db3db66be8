# Shared by dcsim's plot scripts (loaded by each; dcsim plot DIR runs them).
# Sets: the output terminal (fmt 'png' or 'pdf'), the Okabe-Ito
# colour-blind-safe palette as line types 1-8 (M. Okabe and K. Ito, "Color
# Universal Design", 2008; B. Wong, Nature Methods 8:441, 2011), the key
# outside the data, and the time axis of timeseries.csv: hours up to 3 days,
# days up to 60, month names past that. Runs longer than 14 days are drawn
# as daily bands (each day's mean, lowest and highest interval), never as
# 8,760 raw points.
#   series(list)  a data source: x, then per series its value (raw) or its
#                 day's mean, min and max (daily); a series is a column name
#                 or names joined by '+' (a stack's top)
#   m(k), lo(k), hi(k)  the column of series k's value / mean, min, max
#   nonzero(c)    1 when column c of timeseries.csv holds a nonzero number
if (!exists("dir")) dir = "results"
if (!exists("fmt")) fmt = "png"
if (!exists("height")) height = 500
f = dir."/timeseries.csv"
if (fmt eq "pdf") {
	set terminal pdfcairo size 11in,(height / 110.0)in noenhanced font "Helvetica,10"
} else {
	set terminal pngcairo size 1200,height noenhanced font "Helvetica,11"
}
set linetype 1 lc rgb "#0072B2" lw 2
set linetype 2 lc rgb "#E69F00" lw 2
set linetype 3 lc rgb "#009E73" lw 2
set linetype 4 lc rgb "#D55E00" lw 2
set linetype 5 lc rgb "#56B4E9" lw 2
set linetype 6 lc rgb "#CC79A7" lw 2
set linetype 7 lc rgb "#F0E442" lw 2
set linetype 8 lc rgb "#000000" lw 2
set linetype cycle 8
set grid lc rgb "#d0d0d0"
set key outside below horizontal left Left reverse samplen 2 noautotitle
set datafile separator whitespace
set datafile missing "NaN"
awk = "awk -F, "
span_h = real(system("(".awk."'NR > 1 { t = $1 + $2 } END { print t + 0 }' '".f."' 2>/dev/null || echo 0) | tail -1"))
daily = span_h > 14 * 24
xunit = span_h <= 72 ? 1.0 : 24.0
m(k) = daily ? 3 * k - 1 : k + 1
lo(k) = 3 * k
hi(k) = 3 * k + 1
nonzero(c) = int(system(sprintf(awk."'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"%s\") k = i } NR > 1 && k && $k != \"\" && $k + 0 != 0 { z = 1; exit } END { print z + 0 }' '%s'", c, f)))
# the awk program behind series(): raw rows, or one row a day
agg = "NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; n = split(s, e, \" \"); next } " . \
      "{ x = $1 / u; dt = $2; day = int($1 / 24); " . \
      "  if (!d) { emit(x); next } " . \
      "  if (NR > 2 && day != cur) flush(); cur = day; " . \
      "  for (k = 1; k <= n; k++) { v = val(k); if (v == \"\") continue; " . \
      "    sum[k] += v * dt; w[k] += dt; if (!(k in mn) || v < mn[k]) mn[k] = v; " . \
      "    if (!(k in mx) || v > mx[k]) mx[k] = v } } " . \
      "END { if (d) flush(); else if (last != \"\") print last } " . \
      "function val(k,   p, q, j, t) { q = split(e[k], p, \"+\"); t = 0; " . \
      "  for (j = 1; j <= q; j++) { if (!(p[j] in h) || $(h[p[j]]) == \"\") return \"\"; " . \
      "    t += $(h[p[j]]) } return t * sc } " . \
      "function emit(x,   k, v, line) { line = x; for (k = 1; k <= n; k++) { v = val(k); " . \
      "  line = line \" \" (v == \"\" ? \"NaN\" : v) } print line; " . \
      "  last = ($1 + $2) / u substr(line, index(line, \" \")) } " . \
      "function flush(   k, line) { line = cur + 0.5; for (k = 1; k <= n; k++) { " . \
      "  if (w[k] > 0) line = line \" \" sum[k] / w[k] \" \" mn[k] \" \" mx[k]; " . \
      "  else line = line \" NaN NaN NaN\"; delete mn[k]; delete mx[k]; sum[k] = 0; w[k] = 0 } " . \
      "  print line }"
series(list, scale) = sprintf("< awk -F, -v s='%s' -v d=%d -v u=%g -v sc=%g '%s' '%s'", \
                              list, daily, daily ? 1 : xunit, scale, agg, f)
# the time axis
set xrange [0:span_h / (daily ? 24 : xunit)]
if (span_h <= 72) {
	set xlabel "time from the start (h)" offset 0,0.6
} else {
	if (span_h <= 60 * 24) {
		set xlabel "time from the start (days)" offset 0,0.6
	} else {
		sd = int(system("grep -o '\"start_day_of_year\":[^,}]*' '".dir."/resolved.json' 2>/dev/null | head -1 | tr -dc 0-9")."0") / 10
		sd = sd < 1 ? 1 : sd
		set xlabel sprintf("month (the run starts on day %d of the year)", sd) offset 0,0.6
		set xtics ()
		mname = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
		mday = "0 31 59 90 120 151 181 212 243 273 304 334"
		do for [y = 0:int(span_h / 24 / 365) + 1] {
			do for [mo = 1:12] {
				x = y * 365 + int(word(mday, mo)) - (sd - 1)
				if (x >= 0 && x <= span_h / 24) { set xtics add (word(mname, mo) x) }
			}
		}
	}
}
with = daily ? "lines" : "steps"
band = daily ? " Daily mean, min, max" : " Interval averages"
