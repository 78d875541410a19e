// SPDX-License-Identifier: GPL-2.0-only
/*
 * A position table for a JSON text (see jsonpos.h): a small recursive
 * scanner that follows the JSON grammar just closely enough to know
 * where each value and key starts, decodes keys (so that escaped keys
 * get the same path jansson would give them) and skips everything else.
 * It never judges the text; jansson does that.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"

/* Deeper than any scenario; bounds the recursion on hostile input. */
#define JSONPOS_MAX_DEPTH 128

struct jsonpos_entry {
	char *path;
	struct jsonpos_loc key;
	struct jsonpos_loc val;
};

struct jsonpos {
	struct jsonpos_entry *v;
	size_t n, cap;
	bool has_dup;
	size_t dup, dup_first; /* indexes into v */
};

struct scanner {
	const char *p, *end;
	struct jsonpos_loc at;
	struct jsonpos *jp;
	int nomem;
};

static void advance(struct scanner *s)
{
	unsigned char c = (unsigned char)*s->p++;

	if (c == '\n') {
		s->at.line++;
		s->at.col = 1;
	} else if ((c & 0xc0) != 0x80) {
		/* count characters, not UTF-8 continuation bytes */
		s->at.col++;
	}
}

static void skip_ws(struct scanner *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		advance(s);
}

static int add_entry(struct scanner *s, char *path, struct jsonpos_loc key,
		     struct jsonpos_loc val, size_t obj_start)
{
	struct jsonpos *jp = s->jp;
	size_t i;

	if (jp->n == jp->cap) {
		size_t cap = jp->cap ? jp->cap * 2 : 64;
		struct jsonpos_entry *v = realloc(jp->v, cap * sizeof(*v));

		if (!v) {
			free(path);
			s->nomem = 1;
			return -ENOMEM;
		}
		jp->v = v;
		jp->cap = cap;
	}
	if (!jp->has_dup) {
		for (i = obj_start; i < jp->n; i++) {
			if (strcmp(jp->v[i].path, path))
				continue;
			jp->has_dup = true;
			jp->dup = jp->n;
			jp->dup_first = i;
			break;
		}
	}
	jp->v[jp->n].path = path;
	jp->v[jp->n].key = key;
	jp->v[jp->n].val = val;
	jp->n++;
	return 0;
}

static char *join(const char *base, const char *sep, const char *name,
		  size_t nlen)
{
	size_t blen = strlen(base), slen = *base ? strlen(sep) : 0;
	char *r = malloc(blen + slen + nlen + 1);

	if (!r)
		return NULL;
	memcpy(r, base, blen);
	memcpy(r + blen, sep, slen);
	memcpy(r + blen + slen, name, nlen);
	r[blen + slen + nlen] = '\0';
	return r;
}

static int hex4(const char *p, const char *end, unsigned int *v)
{
	int i;

	*v = 0;
	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Scan a string starting at its opening quote. With @out, decode it into
 * a malloc'd buffer (escapes never make a string longer than its source,
 * so the source length is enough). Returns 0 or -1 on malformed text.
 */
/* A "\\uXXXX" escape, a surrogate pair taken whole; @s is past the u. */
static int scan_unicode(struct scanner *s, char *buf, size_t *n)
{
	unsigned int cp, lo;

	if (hex4(s->p, s->end, &cp))
		return -1;
	s->p += 4;
	s->at.col += 4;
	if (cp >= 0xd800 && cp < 0xdc00 && s->end - s->p >= 6 &&
	    s->p[0] == '\\' && s->p[1] == 'u' && !hex4(s->p + 2, s->end, &lo) &&
	    lo >= 0xdc00 && lo < 0xe000) {
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		s->p += 6;
		s->at.col += 6;
	}
	if (buf)
		*n += put_utf8(buf + *n, cp);
	return 0;
}

/* One escape, @s at its backslash; what it stands for into @buf. */
static int scan_escape(struct scanner *s, char *buf, size_t *n)
{
	char c;

	advance(s);
	if (s->p >= s->end)
		return -1;
	c = *s->p;
	advance(s);
	switch (c) {
	case 'b':
		c = '\b';
		break;
	case 'f':
		c = '\f';
		break;
	case 'n':
		c = '\n';
		break;
	case 'r':
		c = '\r';
		break;
	case 't':
		c = '\t';
		break;
	case '"':
	case '\\':
	case '/':
		break;
	case 'u':
		return scan_unicode(s, buf, n);
	default:
		return -1;
	}
	if (buf)
		buf[(*n)++] = c;
	return 0;
}

static int scan_string(struct scanner *s, char **out, size_t *outlen)
{
	const char *start = s->p + 1;
	char *buf = NULL;
	size_t n = 0;

	if (out) {
		buf = malloc((size_t)(s->end - start) + 1);
		if (!buf) {
			s->nomem = 1;
			return -1;
		}
	}
	advance(s);
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\') {
			if (scan_escape(s, buf, &n))
				goto bad;
			continue;
		}
		if (buf)
			buf[n++] = *s->p;
		advance(s);
	}
	if (s->p >= s->end)
		goto bad;
	advance(s); /* the closing quote */
	if (buf) {
		buf[n] = '\0';
		*out = buf;
		*outlen = n;
	}
	return 0;
bad:
	free(buf);
	return -1;
}

static int scan_value(struct scanner *s, const char *path, int depth);

/* Consume @c if it comes next. */
static bool accept(struct scanner *s, char c)
{
	if (s->p >= s->end || *s->p != c)
		return false;
	advance(s);
	return true;
}

/* After an object member or array element: 1 more follow, 0 closed. */
static int after_item(struct scanner *s, char close)
{
	skip_ws(s);
	if (accept(s, ','))
		return 1;
	return accept(s, close) ? 0 : -1;
}

static int scan_object(struct scanner *s, const char *path, int depth)
{
	size_t obj_start = s->jp->n;
	int rc;

	advance(s); /* '{' */
	skip_ws(s);
	if (accept(s, '}'))
		return 0;
	for (;;) {
		struct jsonpos_loc key, val;
		char *name, *child;
		size_t nlen;

		skip_ws(s);
		if (s->p >= s->end || *s->p != '"')
			return -1;
		key = s->at;
		if (scan_string(s, &name, &nlen))
			return -1;
		child = join(path, ".", name, nlen);
		free(name);
		if (!child) {
			s->nomem = 1;
			return -1;
		}
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':') {
			free(child);
			return -1;
		}
		advance(s);
		skip_ws(s);
		val = s->at;
		if (add_entry(s, child, key, val, obj_start))
			return -1;
		if (scan_value(s, child, depth + 1))
			return -1;
		rc = after_item(s, '}');
		if (rc <= 0)
			return rc;
	}
}

static int scan_array(struct scanner *s, const char *path, int depth)
{
	size_t i;
	int rc;

	advance(s); /* '[' */
	skip_ws(s);
	if (accept(s, ']'))
		return 0;
	for (i = 0;; i++) {
		char idx[32], *child;
		int len;

		skip_ws(s);
		len = snprintf(idx, sizeof(idx), "[%zu]", i);
		child = join(path, "", idx, (size_t)len);
		if (!child) {
			s->nomem = 1;
			return -1;
		}
		if (add_entry(s, child, s->at, s->at, s->jp->n))
			return -1;
		if (scan_value(s, child, depth + 1))
			return -1;
		rc = after_item(s, ']');
		if (rc <= 0)
			return rc;
	}
}

static int scan_value(struct scanner *s, const char *path, int depth)
{
	if (depth > JSONPOS_MAX_DEPTH || s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '{':
		return scan_object(s, path, depth);
	case '[':
		return scan_array(s, path, depth);
	case '"':
		return scan_string(s, NULL, NULL);
	default:
		/*
		 * A number or a literal: the grammar is jansson's business.
		 * strchr() finds the terminating NUL too, so a NUL byte is
		 * tested for apart: jansson lets one follow a number or a
		 * literal ("1\0,"), and the scan must go on past it as
		 * jansson does, or every later key loses its position.
		 */
		if (!*s->p || !strchr("-0123456789tfn", *s->p))
			return -1;
		while (s->p < s->end &&
		       (!*s->p || !strchr(",}] \t\r\n", *s->p)))
			advance(s);
		return 0;
	}
}

int jsonpos_scan(const char *text, size_t len, struct jsonpos **out)
{
	struct scanner s = { .p = text, .end = text + len, .at = { 1, 1 } };
	char *root;

	s.jp = calloc(1, sizeof(*s.jp));
	root = strdup("");
	if (!s.jp || !root) {
		free(s.jp);
		free(root);
		return -ENOMEM;
	}
	/* a UTF-8 byte order mark is not a character of the document */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		s.p += 3;
	skip_ws(&s);
	if (s.p < s.end) {
		if (!add_entry(&s, root, s.at, s.at, 0))
			scan_value(&s, "", 0);
	} else {
		free(root);
	}
	if (s.nomem) {
		jsonpos_free(s.jp);
		return -ENOMEM;
	}
	*out = s.jp;
	return 0;
}

int jsonpos_find(const struct jsonpos *jp, const char *path, bool key,
		 struct jsonpos_loc *loc)
{
	size_t i;

	if (!jp)
		return -ENOENT;
	for (i = 0; i < jp->n; i++) {
		if (strcmp(jp->v[i].path, path))
			continue;
		*loc = key ? jp->v[i].key : jp->v[i].val;
		return 0;
	}
	return -ENOENT;
}

int jsonpos_find_near(const struct jsonpos *jp, const char *path, bool key,
		      struct jsonpos_loc *loc)
{
	char *p = strdup(path);
	int rc = -ENOENT;

	if (!p)
		return -ENOMEM;
	for (;;) {
		char *dot, *brk;

		rc = jsonpos_find(jp, p, key, loc);
		if (!rc || !*p)
			break;
		/* an enclosing value is reported where its value starts */
		key = false;
		dot = strrchr(p, '.');
		brk = strrchr(p, '[');
		if (brk && (!dot || brk > dot))
			*brk = '\0';
		else if (dot)
			*dot = '\0';
		else
			*p = '\0';
	}
	free(p);
	return rc;
}

bool jsonpos_duplicate(const struct jsonpos *jp, const char **path,
		       struct jsonpos_loc *loc, struct jsonpos_loc *first)
{
	if (!jp || !jp->has_dup)
		return false;
	*path = jp->v[jp->dup].path;
	*loc = jp->v[jp->dup].key;
	*first = jp->v[jp->dup_first].key;
	return true;
}

void jsonpos_free(struct jsonpos *jp)
{
	size_t i;

	if (!jp)
		return;
	for (i = 0; i < jp->n; i++)
		free(jp->v[i].path);
	free(jp->v);
	free(jp);
}
