// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fast loading of big results: result_load_fast(), for compare and plot.
 * Compare reads results of 10^6 samples and more, and a jansson tree
 * spends ~50 bytes and an allocation on every one of them. A pre-pass
 * finds the arrays at points[i].metrics.M.samples that hold only plain
 * non-negative integers, reads them into doubles and hands jansson the
 * text with "[]" in their place. The pre-pass follows the grammar only
 * as far as it needs to and never judges the text: whenever jansson or
 * the checks (which read the taken samples from the table) refuse the
 * shortened text, the file is loaded again the full way, so that errors
 * (and their line and column) are result_load()'s own.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "result-int.h"

/* Where the scanner is in a result, as far as sample arrays care. */
enum scan_ctx {
	LC_OTHER,
	LC_ROOT,
	LC_POINTS,
	LC_POINT,
	LC_METRICS,
	LC_METRIC,
	LC_SAMPLES,
};

/* Nesting beyond any result; bounds the recursion on hostile input. */
#define SCAN_MAX_DEPTH 64

struct scan {
	const char *p, *end;
	const char *copied; /* the text before this is in out already */
	char *out;
	size_t outlen, outcap;
	struct result_samples *tab;
	size_t point; /* index in points[] of the point being scanned */
	const char *metric; /* key of the metric being scanned */
	size_t metric_len;
	int depth;
	int err; /* -EINVAL: not what a result looks like; -ENOMEM */
};

static void scan_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static const char *scan_ws_at(const char *q, const char *end)
{
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'))
		q++;
	return q;
}

/* A string at s->p: its raw bytes, and whether it has escapes. */
static void scan_string(struct scan *s, const char **str, size_t *len,
			bool *esc)
{
	const char *q = s->p + 1;

	*esc = false;
	while (q < s->end && *q != '"') {
		if (*q == '\\') {
			*esc = true;
			q++;
		}
		q++;
	}
	if (q >= s->end) {
		s->err = -EINVAL;
		return;
	}
	*str = s->p + 1;
	*len = (size_t)(q - *str);
	s->p = q + 1;
}

static bool scan_is_digit(const char *q, const char *end)
{
	return q < end && *q >= '0' && *q <= '9';
}

/* Beyond 2^53 a double no longer holds every integer. */
#define SCAN_MAX_EXACT (1ULL << 53)

/*
 * The end of the sample at @q, with its value in *@v: a plain
 * non-negative integer (no sign, fraction or exponent) of at most 2^53,
 * which a double holds exactly. NULL for anything else: its array is
 * left in the tree, where the checks name what is wrong with it.
 */
static const char *scan_count(const char *q, const char *end, uint64_t *v)
{
	uint64_t acc = 0;

	if (!scan_is_digit(q, end))
		return NULL;
	if (*q == '0')
		q++;
	else
		while (scan_is_digit(q, end)) {
			acc = acc * 10 + (uint64_t)(*q++ - '0');
			if (acc > SCAN_MAX_EXACT)
				return NULL;
		}
	if (q < end && (*q == '.' || *q == 'e' || *q == 'E' || *q == '-' ||
			scan_is_digit(q, end)))
		return NULL;
	*v = acc;
	return q;
}

static int scan_append(struct scan *s, const char *p, size_t len)
{
	if (s->outlen + len + 1 > s->outcap) {
		size_t cap = s->outcap ? s->outcap : 4096;
		char *o;

		while (cap < s->outlen + len + 1)
			cap *= 2;
		o = realloc(s->out, cap);
		if (!o)
			return -ENOMEM;
		s->out = o;
		s->outcap = cap;
	}
	memcpy(s->out + s->outlen, p, len);
	s->outlen += len;
	s->out[s->outlen] = '\0';
	return 0;
}

/*
 * Take the samples array at s->p if it holds one or more samples
 * (scan_count()) and nothing else: true when taken (s->p is past it),
 * false to scan it as any other array (jansson then keeps it, or
 * refuses it).
 */
static bool scan_take(struct scan *s)
{
	const char *q = scan_ws_at(s->p + 1, s->end), *start = q, *e;
	struct result_samples *tab = s->tab;
	size_t n = 0, i;
	uint64_t u;
	double *v;

	/* count first: one allocation of the right size, no regrowing */
	for (;;) {
		e = scan_count(q, s->end, &u);
		if (!e)
			return false;
		n++;
		q = scan_ws_at(e, s->end);
		if (q < s->end && *q == ']')
			break;
		if (q >= s->end || *q != ',')
			return false;
		q = scan_ws_at(q + 1, s->end);
	}
	if (tab->n == tab->cap) {
		size_t cap = tab->cap ? tab->cap * 2 : 16;
		struct samples_ent *ne = realloc(tab->e, cap * sizeof(*ne));

		if (!ne) {
			s->err = -ENOMEM;
			return false;
		}
		tab->e = ne;
		tab->cap = cap;
	}
	v = malloc(n * sizeof(*v));
	if (!v) {
		s->err = -ENOMEM;
		return false;
	}
	for (q = start, i = 0; i < n; i++) {
		e = scan_count(q, s->end, &u);
		v[i] = (double)u;
		q = scan_ws_at(scan_ws_at(e, s->end) + 1, s->end);
	}
	tab->e[tab->n].metric = strndup(s->metric, s->metric_len);
	if (!tab->e[tab->n].metric ||
	    scan_append(s, s->copied, (size_t)(s->p - s->copied)) ||
	    scan_append(s, "[]", 2)) {
		free(tab->e[tab->n].metric);
		free(v);
		s->err = -ENOMEM;
		return false;
	}
	while (*s->p != ']') /* the closing bracket found while counting */
		s->p++;
	s->p++;
	s->copied = s->p;
	tab->e[tab->n].arr = NULL;
	tab->e[tab->n].point = s->point;
	tab->e[tab->n].v = v;
	tab->e[tab->n].n = n;
	tab->n++;
	return true;
}

static void scan_value(struct scan *s, enum scan_ctx ctx);

static enum scan_ctx scan_child(struct scan *s, enum scan_ctx ctx,
				const char *key, size_t len, bool esc)
{
#define KEY_IS(lit) (len == sizeof(lit) - 1 && !memcmp(key, lit, len))
	/* an escaped key may still be one of these: left to jansson then */
	if (esc)
		return LC_OTHER;
	if (ctx == LC_ROOT && KEY_IS("points"))
		return LC_POINTS;
	if (ctx == LC_POINT && KEY_IS("metrics"))
		return LC_METRICS;
	if (ctx == LC_METRICS) {
		s->metric = key;
		s->metric_len = len;
		return LC_METRIC;
	}
	if (ctx == LC_METRIC && KEY_IS("samples"))
		return LC_SAMPLES;
	return LC_OTHER;
#undef KEY_IS
}

/*
 * After a member: true at the @close bracket (passed) or on an error,
 * false past a comma, with the next member to come.
 */
static bool scan_next(struct scan *s, char close)
{
	scan_ws(s);
	if (!s->err && s->p < s->end && *s->p == close) {
		s->p++;
		return true;
	}
	if (!s->err && (s->p >= s->end || *s->p != ','))
		s->err = -EINVAL;
	if (s->err)
		return true;
	s->p++;
	return false;
}

/* Steps into an object or array; true when it closes at once (empty). */
static bool scan_open(struct scan *s, char close)
{
	s->p++;
	scan_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return true;
	}
	return false;
}

static void scan_object(struct scan *s, enum scan_ctx ctx)
{
	const char *key;
	size_t len;
	bool esc;

	if (scan_open(s, '}'))
		return;
	while (!s->err) {
		if (s->p >= s->end || *s->p != '"') {
			s->err = -EINVAL;
			return;
		}
		scan_string(s, &key, &len, &esc);
		if (s->err)
			return;
		scan_ws(s);
		if (s->p >= s->end || *s->p != ':') {
			s->err = -EINVAL;
			return;
		}
		s->p++;
		scan_value(s, scan_child(s, ctx, key, len, esc));
		if (scan_next(s, '}'))
			return;
		scan_ws(s);
	}
}

static void scan_array(struct scan *s, enum scan_ctx ctx)
{
	size_t idx = 0;

	if (ctx == LC_SAMPLES && (scan_take(s) || s->err))
		return;
	if (scan_open(s, ']'))
		return;
	while (!s->err) {
		if (ctx == LC_POINTS)
			s->point = idx++;
		scan_value(s, ctx == LC_POINTS ? LC_POINT : LC_OTHER);
		if (scan_next(s, ']'))
			return;
	}
}

static void scan_value(struct scan *s, enum scan_ctx ctx)
{
	const char *str;
	size_t len;
	bool esc;

	scan_ws(s);
	if (s->p >= s->end || ++s->depth > SCAN_MAX_DEPTH) {
		s->err = -EINVAL;
		return;
	}
	if (*s->p == '{') {
		scan_object(s, ctx);
	} else if (*s->p == '[') {
		scan_array(s, ctx);
	} else if (*s->p == '"') {
		scan_string(s, &str, &len, &esc);
	} else {
		/* a number or literal: its end is all that matters here */
		const char *q = s->p;

		while (q < s->end && !strchr(",]}: \t\n\r\"{[", *q))
			q++;
		if (q == s->p || (q < s->end && !*q))
			s->err = -EINVAL;
		s->p = q;
	}
	s->depth--;
}

/*
 * Parse @len bytes at @text fast, unchecked. Return 0 with *@result and
 * *@tab, 1 when the text must be loaded the full way (jansson refuses
 * the shortened text, or nothing was taken out), or -ENOMEM.
 */
static int fast_parse(const char *text, size_t len, json_t **result,
		      struct result_samples **tab)
{
	struct scan s = { .p = text, .end = text + len, .copied = text };
	const json_t *points;
	json_error_t jerr;
	json_t *r;
	size_t i;
	int rc = 1;

	s.tab = calloc(1, sizeof(*s.tab));
	if (!s.tab)
		return -ENOMEM;
	scan_value(&s, LC_ROOT);
	if (s.err || !s.tab->n) {
		rc = s.err == -ENOMEM ? -ENOMEM : 1;
		goto out;
	}
	if (scan_append(&s, s.copied, (size_t)(s.end - s.copied))) {
		rc = -ENOMEM;
		goto out;
	}
	r = json_loadb(s.out, s.outlen, JSON_REJECT_DUPLICATES, &jerr);
	/* the text is not needed past here: free it before any statistics */
	free(s.out);
	s.out = NULL;
	if (!r)
		goto out;
	points = json_object_get(r, "points");
	for (i = 0; i < s.tab->n; i++) {
		struct samples_ent *e = &s.tab->e[i];
		const json_t *a = json_object_get(
			json_object_get(
				json_object_get(json_array_get(points, e->point),
						"metrics"),
				e->metric),
			"samples");

		if (!json_is_array(a) || json_array_size(a)) {
			json_decref(r); /* cannot happen on valid JSON */
			goto out;
		}
		e->arr = a;
	}
	if (result_samples_index(s.tab)) {
		json_decref(r);
		rc = -ENOMEM;
		goto out;
	}
	*result = r;
	*tab = s.tab;
	s.tab = NULL;
	rc = 0;
out:
	free(s.out);
	result_samples_free(s.tab);
	return rc;
}

/*
 * The checks of what fast_parse() made, which read the samples out of
 * the table: 0, or 1 (both freed) when they refuse it, for the full
 * load to say why.
 */
static int fast_check(const char *origin, json_t **result,
		      struct result_samples **tab)
{
	struct db_err quiet = { 0 };

	if (!result_check(origin, *result, *tab, &quiet))
		return 0;
	json_decref(*result);
	result_samples_free(*tab);
	*result = NULL;
	*tab = NULL;
	return 1;
}

/* fast_parse(), then fast_check(): 0, 1 or -ENOMEM. */
static int fast_load(const char *text, size_t len, const char *origin,
		     json_t **result, struct result_samples **tab)
{
	int rc = fast_parse(text, len, result, tab);

	return rc ? rc : fast_check(origin, result, tab);
}

int result_load_fast_buf(const char *text, size_t len, const char *origin,
			 json_t **result, struct result_samples **tab,
			 struct db_err *err)
{
	json_error_t jerr;
	json_t *r;
	int rc;

	*result = NULL;
	*tab = NULL;
	if (!origin)
		origin = "<string>";
	rc = fast_load(text, len, origin, result, tab);
	if (rc <= 0)
		return rc ? db_err_set(err, rc, "%s: out of memory", origin) :
			    0;
	r = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r)
		return db_err_set(err, -EINVAL, "%s:%d:%d: not valid JSON: %s",
				  origin, jerr.line, jerr.column, jerr.text);
	return result_check_loaded(origin, r, result, err);
}

int result_load_fast(const char *path, json_t **result,
		     struct result_samples **tab, struct db_err *err)
{
	struct stat st;
	void *map;
	int fd, rc;

	*result = NULL;
	*tab = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return result_load(path, result, err);
	/*
	 * mmap, not a malloc'd copy: the pages of the text go back to the
	 * page cache with munmap() before the checks' statistics and
	 * compare's need the memory.
	 */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || !st.st_size) {
		close(fd);
		return result_load(path, result, err);
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return result_load(path, result, err);
	rc = fast_parse(map, (size_t)st.st_size, result, tab);
	munmap(map, (size_t)st.st_size);
	if (!rc)
		rc = fast_check(path, result, tab);
	if (rc < 0)
		return db_err_set(err, rc, "%s: out of memory", path);
	return rc ? result_load(path, result, err) : 0;
}
