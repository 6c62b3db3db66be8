/*
 * report_html.c - report.html of a results directory: the page around a
 * run's or a sweep's sections (report_html_run.c, report_html_sweep.c).
 *
 * The page is one file that opens offline and prints: inline CSS, inline
 * SVG from gnuplot (report_svg.c), no script, no font or image from
 * anywhere, no http(s) URL (tests/report_check.sh checks in chromium).
 * Every text that comes from a file (names, descriptions, CSV cells) is
 * escaped. The sections are collected first, as HTML blocks and figure
 * placeholders, then gnuplot runs once and the page is written with
 * atomic_file, so a report is whole or absent.
 */
#include "report_html.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "report_html_int.h"

static const char page_css[] =
	"body{font-family:Helvetica,Arial,sans-serif;color:#222;max-width:1000px;"
	"margin:1.5em auto;padding:0 1em;line-height:1.4}"
	"h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;"
	"padding-bottom:.15em;margin-top:1.6em}h3{font-size:1.05em;margin:.2em 0}"
	".question{font-size:1.1em;color:#333}.meta{color:#666;font-size:.9em}"
	"table{border-collapse:collapse;margin:.5em 0;font-size:.9em}"
	"th,td{border:1px solid #ccc;padding:.2em .5em}th{background:#eef3f8;text-align:left}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}td.sub{padding-left:1.6em}"
	".wide{overflow-x:auto}figure{margin:1em 0;page-break-inside:avoid;break-inside:avoid}"
	"figure svg{max-width:100%;height:auto;display:block}"
	"figcaption{font-size:.9em;color:#444;margin-top:.3em}"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:.5em 1em}"
	"@media print{body{max-width:none;margin:0}h2{page-break-after:avoid}"
	".wide{overflow:visible}.wide table{font-size:.7em}}";

void page_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

void page_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

void gp_string(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; s && *s; s++) {
		if (*s == '\'')
			fputc('\'', f);
		if (*s != '\n' && *s != '\r')
			fputc(*s, f);
	}
	fputc('\'', f);
}

void gp_datum(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++)
		if (*s != '\n' && *s != '\r')
			fputc(*s == '"' ? '\'' : *s, f);
	fputc('"', f);
}

static struct page_block *page_add(struct page *p)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct page_block *b = realloc(p->blocks, cap * sizeof *b);
		if (!b) {
			p->failed = 1;
			return NULL;
		}
		p->blocks = b;
		p->cap = cap;
	}
	struct page_block *b = &p->blocks[p->n++];
	memset(b, 0, sizeof *b);
	b->chart = -1;
	return b;
}

static char *dup_text(const char *s)
{
	char *t = malloc(strlen(s) + 1);
	return t ? strcpy(t, s) : NULL;
}

void page_html(struct page *p, const char *fmt, ...)
{
	struct page_block *b = page_add(p);
	if (!b)
		return;
	va_list ap;
	va_start(ap, fmt);
	int len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	b->html = malloc((size_t)len + 1);
	if (!b->html) {
		p->failed = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(b->html, (size_t)len + 1, fmt, ap);
	va_end(ap);
}

FILE *page_block_open(struct page *p, struct page_stream *s)
{
	s->buf = NULL;
	s->len = 0;
	FILE *f = open_memstream(&s->buf, &s->len);
	if (!f)
		p->failed = 1;
	return f;
}

void page_block_close(struct page *p, struct page_stream *s, FILE *f)
{
	if (fclose(f) != 0 || !s->buf) {
		p->failed = 1;
		free(s->buf);
		return;
	}
	struct page_block *b = page_add(p);
	if (b)
		b->html = s->buf;
	else
		free(s->buf);
}

void page_text(struct page *p, const char *text)
{
	struct page_stream st;
	FILE *f = page_block_open(p, &st);
	if (!f)
		return;
	page_escape(f, text);
	page_block_close(p, &st, f);
}

void page_section(struct page *p, const char *title)
{
	struct page_stream st;
	FILE *f = page_block_open(p, &st);
	if (!f)
		return;
	fputs("<h2>", f);
	page_escape(f, title);
	fputs("</h2>\n", f);
	page_block_close(p, &st, f);
}

FILE *page_figure(struct page *p, int width, int height, const char *title,
		  const char *caption)
{
	struct page_block *b = page_add(p);
	if (b) {
		b->chart = (long)report_svg_chart(&p->svg, width, height);
		b->title = dup_text(title);
		b->caption = dup_text(caption);
	}
	return p->svg.script;
}

void page_number(char *buf, size_t size, double v, int decimals)
{
	if (isnan(v)) {
		buf[0] = '\0';
		return;
	}
	if (decimals < 0) { /* as many as the magnitude asks for */
		double a = fabs(v);
		decimals = a == 0 || a >= 1000 ? 0 : a >= 100 ? 1 : a >= 1 ? 3 : 4;
		if (a != 0 && a < 1e-3) {
			snprintf(buf, size, "%.3g", v);
			return;
		}
		if (v == floor(v) && a < 1e15)
			decimals = 0;
	}
	snprintf(buf, size, "%.*f", decimals, v);
}

void page_table(struct page *p, const struct report_table *t, size_t max_rows)
{
	struct page_stream st;
	FILE *f = page_block_open(p, &st);
	if (!f)
		return;
	fputs("<div class=\"wide\"><table>\n<tr>", f);
	for (size_t c = 0; c < t->n_cols; c++) {
		fputs("<th>", f);
		page_escape(f, t->names[c]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	size_t rows = max_rows && max_rows < t->n_rows ? max_rows : t->n_rows;
	for (size_t r = 0; r < rows; r++) {
		fputs("<tr>", f);
		for (size_t c = 0; c < t->n_cols; c++) {
			double v = report_table_num(t, r, (long)c);
			char num[64];
			if (!isnan(v)) {
				page_number(num, sizeof num, v, -1);
				fprintf(f, "<td class=\"n\">%s</td>", num);
			} else {
				fputs("<td>", f);
				page_escape(f, report_table_text(t, r, (long)c));
				fputs("</td>", f);
			}
		}
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
	if (rows < t->n_rows)
		fprintf(f, "<p class=\"meta\">First %zu of %zu rows.</p>\n", rows, t->n_rows);
	page_block_close(p, &st, f);
}

static int exists(const char *dir, const char *name)
{
	char path[8800];
	struct stat st;
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return 0;
	return stat(path, &st) == 0;
}

static void write_figure(FILE *f, const struct page *p, const struct page_block *b)
{
	const char *svg = b->chart >= 0 && p->svg.svg ? p->svg.svg[b->chart] : NULL;
	fputs("<figure>\n<h3>", f);
	page_escape(f, b->title);
	fputs("</h3>\n", f);
	if (svg)
		fputs(svg, f);
	else
		fputs("<p class=\"meta\">(chart missing: gnuplot drew nothing)</p>", f);
	fputs("\n<figcaption>", f);
	page_escape(f, b->caption);
	fputs("</figcaption>\n</figure>\n", f);
}

static void write_page(FILE *f, const struct page *p, int sweep)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	      f);
	page_escape(f, p->meta.name[0] ? p->meta.name : "dcsim report");
	fprintf(f, " - dcsim %s report</title>\n<style>%s</style>\n</head>\n<body>\n<h1>",
		sweep ? "sweep" : "run", page_css);
	page_escape(f, p->meta.name[0] ? p->meta.name : "dcsim results");
	fputs("</h1>\n<p class=\"question\">", f);
	page_escape(f, p->meta.description[0] ? p->meta.description
			: sweep ? "(the sweep's base scenario has no description)"
				: "(the scenario has no description)");
	fprintf(f, "</p>\n<p class=\"meta\">dcsim %s report of ", sweep ? "sweep" : "run");
	page_escape(f, p->dir);
	fputs("/</p>\n", f);
	for (size_t i = 0; i < p->n; i++) {
		const struct page_block *b = &p->blocks[i];
		if (b->chart >= 0)
			write_figure(f, p, b);
		else if (b->html)
			fputs(b->html, f);
	}
	fputs("<p class=\"meta\">Made by dcsim from the CSV files beside this page; charts "
	      "drawn by gnuplot.</p>\n</body>\n</html>\n",
	      f);
}

static void page_fini(struct page *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->blocks[i].html);
		free(p->blocks[i].title);
		free(p->blocks[i].caption);
	}
	free(p->blocks);
	report_svg_fini(&p->svg);
	resolved_meta_fini(&p->meta);
}

static int write_one(const char *dir, int sweep, struct diag *d)
{
	struct page p;
	memset(&p, 0, sizeof p);
	p.dir = dir;
	p.d = d;
	resolved_meta_read(dir, &p.meta);
	int rc = -1;
	if (report_svg_begin(&p.svg, d) != 0)
		goto done;
	size_t before = d->count;
	if ((sweep ? report_sweep_sections(&p) : report_run_sections(&p)) != 0 || p.failed) {
		if (p.failed)
			diag_oom(d, "%s: out of memory building the report", dir);
		else if (d->count == before)
			diag_add(d, "%s: cannot build the report", dir);
		if (!diag_is_oom(d))
			rc = REPORT_BAD_RESULTS;
		goto done;
	}
	if (report_svg_run(&p.svg, d) != 0)
		goto done;
	struct atomic_file a;
	if (atomic_file_open(&a, dir, "report.html", d) != 0)
		goto done;
	write_page(a.f, &p, sweep);
	rc = atomic_file_commit(&a, d);
done:
	page_fini(&p);
	return rc;
}

int report_html_write(const char *dir, struct diag *d)
{
	if (exists(dir, "points.csv") && exists(dir, "sweep.json")) {
		/* the kept runs first: the sweep's page links to them */
		char runs[8800];
		snprintf(runs, sizeof runs, "%s/runs", dir);
		DIR *rd = opendir(runs);
		struct dirent *e;
		int rc = 0;
		while (rd && rc == 0 && (e = readdir(rd)) != NULL) {
			snprintf(runs, sizeof runs, "%s/runs/%s", dir, e->d_name);
			if (!strncmp(e->d_name, "run_", 4) && exists(runs, "summary.csv"))
				rc = write_one(runs, 0, d);
		}
		if (rd)
			closedir(rd);
		return rc == 0 ? write_one(dir, 1, d) : rc;
	}
	if (!exists(dir, "summary.csv")) {
		diag_add(d, "%s: no dcsim results here (summary.csv of a run, "
			    "or points.csv and sweep.json of a sweep)", dir);
		return REPORT_BAD_RESULTS;
	}
	return write_one(dir, 0, d);
}
