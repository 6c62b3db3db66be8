/*
 * report_svg.c - run gnuplot once for a report's charts and keep each
 * chart's SVG text, to be inlined in report.html.
 *
 * gnuplot is an external program found on PATH (Debian's gnuplot-nox has
 * the svg terminal). One process draws every chart of a report, each to
 * its own file in a private mkdtemp directory: a process per chart would
 * cost about 30 ms each. Data travel inside the script as datablocks, so
 * the report does not depend on where the CSVs are. The SVG's XML prolog
 * and DOCTYPE are cut: the page inlines the <svg> element itself.
 */
#include "report_svg.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


const char *const report_svg_palette[8] = {
	"#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000",
};

int report_svg_on_path(const char *prog)
{
	const char *path = getenv("PATH");
	if (!path || !path[0])
		path = "/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");
		char buf[4096];
		if (len > 0 && len + strlen(prog) + 2 < sizeof buf) {
			snprintf(buf, sizeof buf, "%.*s/%s", (int)len, path, prog);
			if (access(buf, X_OK) == 0)
				return 1;
		}
		path += len;
		if (*path == ':')
			path++;
	}
	return 0;
}

void report_svg_style(FILE *f)
{
	for (int i = 0; i < 8; i++)
		fprintf(f, "set linetype %d lc rgb '%s' lw 2 pt 7 ps 0.6\n", i + 1,
			report_svg_palette[i]);
	fputs("set linetype cycle 8\n"
	      "set grid lc rgb '#d0d0d0' lw 1\n"
	      "set border lc rgb '#404040'\n"
	      "set key outside below horizontal left Left reverse noautotitle samplen 2\n"
	      "set datafile missing 'NaN'\n",
	      f);
}

int report_svg_begin(struct report_svg *s, struct diag *d)
{
	memset(s, 0, sizeof *s);
	if (!report_svg_on_path("gnuplot")) {
		diag_add(d, "report: gnuplot not found on PATH (Debian: apt-get install gnuplot-nox; "
			    "run and sweep take --no-report)");
		return -1;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(s->dir, sizeof s->dir, "%s/dcsim-report-XXXXXX",
		 tmp && tmp[0] && strlen(tmp) < 40 && !strchr(tmp, '\'') ? tmp : "/tmp");
	if (!mkdtemp(s->dir)) {
		diag_add(d, "report: cannot make a temporary directory in %s", s->dir);
		s->dir[0] = '\0';
		return -1;
	}
	char path[128];
	snprintf(path, sizeof path, "%s/charts.gp", s->dir);
	s->script = fopen(path, "w");
	if (!s->script) {
		diag_add(d, "report: cannot write %s", path);
		return -1;
	}
	return 0;
}

size_t report_svg_chart(struct report_svg *s, int width, int height)
{
	FILE *f = s->script;
	fprintf(f, "reset\n"
		   "set terminal svg size %d,%d noenhanced font 'Helvetica,12' background '#ffffff'\n"
		   "set output '%s/chart_%zu.svg'\n",
		width, height, s->dir, s->n);
	report_svg_style(f);
	return s->n++;
}

static char *read_svg(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = len > 0 ? malloc((size_t)len + 1) : NULL;
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (!buf)
		return NULL;
	buf[len] = '\0';
	char *start = strstr(buf, "<svg");
	if (!start) {
		free(buf);
		return NULL;
	}
	memmove(buf, start, strlen(start) + 1);
	return buf;
}

/* Every chart's ids (gnuplot names its point symbols, patterns and
 * filters the same in every SVG) prefixed "cN_", with the references to
 * them, so the ids of one page stay unique and each chart uses its own
 * definitions. */
static char *prefix_ids(char *svg, size_t chart)
{
	static const char *const marks[] = { "id='", "id=\"", "href='#", "href=\"#", "url(#" };
	char prefix[32];
	int plen = snprintf(prefix, sizeof prefix, "c%zu_", chart);
	size_t n = 0;
	for (size_t m = 0; m < 5; m++)
		for (const char *p = strstr(svg, marks[m]); p; p = strstr(p + 1, marks[m]))
			n++;
	size_t len = strlen(svg);
	char *out = malloc(len + n * (size_t)plen + 1);
	if (!out)
		return svg;
	char *o = out;
	for (const char *p = svg; *p;) {
		size_t m = 0, ml = 0;
		for (; m < 5; m++) {
			ml = strlen(marks[m]);
			if (!strncmp(p, marks[m], ml))
				break;
		}
		if (m < 5) {
			memcpy(o, p, ml);
			o += ml;
			p += ml;
			memcpy(o, prefix, (size_t)plen);
			o += plen;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	free(svg);
	return out;
}

int report_svg_run(struct report_svg *s, struct diag *d)
{
	fputs("unset output\n", s->script);
	if (fclose(s->script) != 0) {
		s->script = NULL;
		diag_add(d, "report: cannot write the gnuplot script");
		return -1;
	}
	s->script = NULL;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "gnuplot '%s/charts.gp' 2>'%s/errors.txt'", s->dir, s->dir);
	int status = system(cmd);
	s->svg = calloc(s->n ? s->n : 1, sizeof *s->svg);
	if (!s->svg) {
		diag_add(d, "report: out of memory");
		return -1;
	}
	char path[128];
	for (size_t i = 0; i < s->n; i++) {
		snprintf(path, sizeof path, "%s/chart_%zu.svg", s->dir, i);
		s->svg[i] = read_svg(path);
		if (s->svg[i])
			s->svg[i] = prefix_ids(s->svg[i], i);
	}
	if (status != 0) {
		snprintf(path, sizeof path, "%s/errors.txt", s->dir);
		FILE *e = fopen(path, "r");
		char line[512];
		diag_add(d, "report: gnuplot failed (status %d)", status);
		for (int k = 0; e && k < 5 && fgets(line, sizeof line, e); k++) {
			line[strcspn(line, "\n")] = '\0';
			diag_add(d, "  gnuplot: %s", line);
		}
		if (e)
			fclose(e);
		return -1;
	}
	return 0;
}

void report_svg_fini(struct report_svg *s)
{
	if (s->script)
		fclose(s->script);
	s->script = NULL;
	if (s->dir[0]) {
		char path[128];
		for (size_t i = 0; i < s->n; i++) {
			snprintf(path, sizeof path, "%s/chart_%zu.svg", s->dir, i);
			remove(path);
		}
		snprintf(path, sizeof path, "%s/charts.gp", s->dir);
		remove(path);
		snprintf(path, sizeof path, "%s/errors.txt", s->dir);
		remove(path);
		rmdir(s->dir);
	}
	for (size_t i = 0; s->svg && i < s->n; i++)
		free(s->svg[i]);
	free(s->svg);
	s->svg = NULL;
	s->n = 0;
	s->dir[0] = '\0';
}
