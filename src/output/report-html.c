// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.html (see report.h): report.md rendered as one web page that
 * needs nothing else. It renders the Markdown report-md.c and compare
 * write, not Markdown at large: headings, paragraphs, "- " lists, "> "
 * quotes, pipe tables, `code`, **bold**, [links](x), ![images](x) and
 * the <a id="..."></a> lines that give tables and figures their ids.
 * An image is read from the bundle and embedded as a data: URI, so the
 * page loads nothing; every other character of the text is escaped.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

enum block { B_NONE, B_PARA, B_LIST, B_QUOTE, B_TABLE };

struct html {
	FILE *out;
	const char *dir;
	struct db_err *err;
	enum block block;
	char align[32]; /* of the table's columns: 'l' or 'r' */
	bool head; /* the table's first row is being read */
	int rc;
};

static const char style[] =
	"body{font-family:sans-serif;margin:1.5em auto;max-width:1200px;"
	"padding:0 1em;line-height:1.4;color:#222}"
	"table{border-collapse:collapse;margin:.5em 0 1em;font-size:.85em;"
	"display:block;overflow-x:auto}"
	"th,td{border:1px solid #ccc;padding:.2em .5em;white-space:nowrap}"
	"th{background:#f0f0f0;white-space:normal}"
	"td.r,th.r{text-align:right}"
	"code{background:#f4f4f4;padding:0 .2em;font-size:.9em}"
	"img{max-width:100%;height:auto;border:1px solid #ddd;margin-top:.5em}"
	"blockquote{border-left:4px solid #c60;margin:.5em 0;padding:0 1em;"
	"background:#fff6ee}"
	"h2{border-bottom:1px solid #ccc;margin-top:2em}";

static void esc(struct html *h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (s[i]) {
		case '&':
			fputs("&amp;", h->out);
			break;
		case '<':
			fputs("&lt;", h->out);
			break;
		case '>':
			fputs("&gt;", h->out);
			break;
		case '"':
			fputs("&quot;", h->out);
			break;
		default:
			fputc(s[i], h->out);
		}
}

/* @n bytes at @p as base64, the alphabet of RFC 4648. */
static void base64(FILE *out, const unsigned char *p, size_t n)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		fputc(b64[p[i] >> 2], out);
		fputc(b64[(p[i] & 3) << 4 | p[i + 1] >> 4], out);
		fputc(b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6], out);
		fputc(b64[p[i + 2] & 63], out);
	}
	if (n - i == 1) {
		fputc(b64[p[i] >> 2], out);
		fputc(b64[(p[i] & 3) << 4], out);
		fputs("==", out);
	} else if (n - i == 2) {
		fputc(b64[p[i] >> 2], out);
		fputc(b64[(p[i] & 3) << 4 | p[i + 1] >> 4], out);
		fputc(b64[(p[i + 1] & 15) << 2], out);
		fputc('=', out);
	}
}

/* The file @rel of the bundle, whole; malloc'd, *@n its size. */
static unsigned char *slurp(struct html *h, const char *rel, size_t *n)
{
	char *path = db_asprintf("%s/%s", h->dir, rel);
	FILE *f = path ? fopen(path, "rb") : NULL;
	unsigned char *buf = NULL;
	long len;

	if (f && !fseek(f, 0, SEEK_END) && (len = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET)) {
		buf = malloc((size_t)len + 1);
		*n = buf ? fread(buf, 1, (size_t)len, f) : 0;
		if (buf && *n != (size_t)len) {
			free(buf);
			buf = NULL;
		}
	}
	if (!buf && !h->rc)
		h->rc = db_err_set(h->err, path && !f ? -errno : -EIO,
				   "%s: cannot read: %s", path ? path : rel,
				   strerror(path && !f ? errno : EIO));
	if (f)
		fclose(f);
	free(path);
	return buf;
}

/* ![alt](src): the image embedded as a data: URI. */
static void image(struct html *h, const char *alt, size_t nalt, const char *src,
		  size_t nsrc)
{
	char *rel = strndup(src, nsrc);
	const char *dot = rel ? strrchr(rel, '.') : NULL;
	unsigned char *data;
	size_t n = 0;

	data = rel ? slurp(h, rel, &n) : NULL;
	if (!rel && !h->rc)
		h->rc = db_err_set(h->err, -ENOMEM, "out of memory");
	if (data) {
		fputs("<img alt=\"", h->out);
		esc(h, alt, nalt);
		fprintf(h->out, "\" src=\"data:%s;base64,",
			dot && !strcmp(dot, ".svg") ? "image/svg+xml" :
						      "image/png");
		base64(h->out, data, n);
		fputs("\">", h->out);
	}
	free(data);
	free(rel);
}

/* The ']' that closes the '[' at @s (no nesting in our Markdown). */
static const char *closing(const char *s, const char *end, char c)
{
	for (; s < end; s++)
		if (*s == c)
			return s;
	return NULL;
}

static void inline_md(struct html *h, const char *s, size_t n);

/* A link or an image at @s: the bytes it took, or 0 when it is none. */
static size_t link(struct html *h, const char *s, const char *end)
{
	bool img = *s == '!';
	const char *t = s + (img ? 2 : 1), *te = closing(t, end, ']'), *u, *ue;

	if (!te || te + 1 >= end || te[1] != '(')
		return 0;
	u = te + 2;
	ue = closing(u, end, ')');
	if (!ue)
		return 0;
	if (img) {
		image(h, t, (size_t)(te - t), u, (size_t)(ue - u));
		return (size_t)(ue + 1 - s);
	}
	fputs("<a href=\"", h->out);
	esc(h, u, (size_t)(ue - u));
	fputs("\">", h->out);
	inline_md(h, t, (size_t)(te - t));
	fputs("</a>", h->out);
	return (size_t)(ue + 1 - s);
}

/* `code`, **bold**, links and images, \-escapes; the rest escaped. */
static void inline_md(struct html *h, const char *s, size_t n)
{
	const char *end = s + n, *c;
	bool bold = false;
	size_t used;

	while (s < end) {
		if (*s == '`' && (c = closing(s + 1, end, '`'))) {
			fputs("<code>", h->out);
			esc(h, s + 1, (size_t)(c - s - 1));
			fputs("</code>", h->out);
			s = c + 1;
		} else if (*s == '*' && s + 1 < end && s[1] == '*') {
			fputs(bold ? "</strong>" : "<strong>", h->out);
			bold = !bold;
			s += 2;
		} else if ((*s == '[' ||
			    (*s == '!' && s + 1 < end && s[1] == '[')) &&
			   (used = link(h, s, end))) {
			s += used;
		} else if (*s == '\\' && s + 1 < end &&
			   strchr("\\`*_[]()#|-!", s[1])) {
			esc(h, s + 1, 1);
			s += 2;
		} else {
			esc(h, s++, 1);
		}
	}
	if (bold)
		fputs("</strong>", h->out);
}

static void close_block(struct html *h)
{
	static const char *const end[] = { "", "</p>\n", "</ul>\n",
					   "</p></blockquote>\n",
					   "</tbody></table>\n" };

	fputs(end[h->block], h->out);
	h->block = B_NONE;
}

static void open_block(struct html *h, enum block b)
{
	static const char *const start[] = { "", "<p>", "<ul>\n",
					     "<blockquote><p>", "<table>" };

	if (h->block == b)
		return;
	close_block(h);
	fputs(start[b], h->out);
	h->block = b;
	h->head = b == B_TABLE;
}

/* "|---|---:|": the column alignments of the table being read. */
static bool table_rule(struct html *h, const char *s, size_t n)
{
	size_t i, col = 0;

	for (i = 0; i < n; i++)
		if (!strchr("|-: ", s[i]))
			return false;
	for (i = 1; i < n && col < sizeof(h->align); i++)
		if (s[i] == '|')
			h->align[col++] = s[i - 1] == ':' ? 'r' : 'l';
	return true;
}

/* One row of a pipe table: cells split at '|' but not at "\|". */
static void table_row(struct html *h, const char *s, size_t n)
{
	const char *end = s + n, *c = s + 1, *p;
	const char *tag = h->head ? "th" : "td";
	size_t col = 0;

	fputs(h->head ? "<thead><tr>" : "<tr>", h->out);
	while (c < end) {
		for (p = c; p < end && !(*p == '|' && p[-1] != '\\'); p++)
			;
		if (p >= end)
			break;
		while (c < p && *c == ' ')
			c++;
		fprintf(h->out, "<%s%s>", tag,
			col < sizeof(h->align) && h->align[col] == 'r' ?
				" class=\"r\"" :
				"");
		inline_md(h, c, (size_t)(p - c - (p > c && p[-1] == ' ')));
		fprintf(h->out, "</%s>", tag);
		c = p + 1;
		col++;
	}
	fputs(h->head ? "</tr></thead><tbody>\n" : "</tr>\n", h->out);
	h->head = false;
}

/* <a id="ID"></a> alone on a line: kept, the id escaped. */
static bool anchor(struct html *h, const char *s, size_t n)
{
	static const char pre[] = "<a id=\"", post[] = "\"></a>";
	size_t lp = sizeof(pre) - 1, lq = sizeof(post) - 1;

	if (n < lp + lq || strncmp(s, pre, lp) ||
	    strncmp(s + n - lq, post, lq) || memchr(s + lp, '"', n - lp - lq))
		return false;
	close_block(h);
	fputs(pre, h->out);
	esc(h, s + lp, n - lp - lq);
	fprintf(h->out, "%s\n", post);
	return true;
}

static void line(struct html *h, const char *s, size_t n)
{
	size_t k;

	if (!n) {
		close_block(h);
		return;
	}
	if (anchor(h, s, n))
		return;
	for (k = 0; k < n && k < 6 && s[k] == '#'; k++)
		;
	if (k && k < n && s[k] == ' ') {
		close_block(h);
		fprintf(h->out, "<h%zu>", k);
		inline_md(h, s + k + 1, n - k - 1);
		fprintf(h->out, "</h%zu>\n", k);
	} else if (*s == '|') {
		if (h->block == B_TABLE && table_rule(h, s, n))
			return;
		open_block(h, B_TABLE);
		table_row(h, s, n);
	} else if (n > 1 && s[0] == '-' && s[1] == ' ') {
		open_block(h, B_LIST);
		fputs("<li>", h->out);
		inline_md(h, s + 2, n - 2);
		fputs("</li>\n", h->out);
	} else if (*s == '>') {
		k = n > 1 && s[1] == ' ' ? 2 : 1;
		if (h->block == B_QUOTE)
			fputc('\n', h->out);
		open_block(h, B_QUOTE);
		inline_md(h, s + k, n - k);
	} else {
		if (h->block == B_PARA)
			fputc('\n', h->out);
		open_block(h, B_PARA);
		inline_md(h, s, n);
	}
}

int report_html(const char *md, const char *dir, FILE *out, struct db_err *err)
{
	struct html h = { .out = out, .dir = dir, .err = err };
	const char *s = md, *nl;

	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<title>daxbench review report</title>\n"
		"<style>%s</style>\n</head>\n<body>\n",
		style);
	while (*s) {
		nl = strchr(s, '\n');
		if (!nl)
			nl = s + strlen(s);
		line(&h, s, (size_t)(nl - s));
		s = *nl ? nl + 1 : nl;
	}
	close_block(&h);
	fputs("</body>\n</html>\n", out);
	if (h.rc)
		return h.rc;
	return ferror(out) ? -EIO : 0;
}
