// SPDX-License-Identifier: GPL-2.0-only
/*
 * A reader of just enough BTF (see btf.h), after the format in the
 * kernel's Documentation/bpf/btf.rst: a header, then the types, each a
 * 12-byte struct btf_type and a tail whose size its kind gives, then the
 * strings. Type ids count from 1 in file order.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "fsutil.h"

#define BTF_MAGIC 0xeB9F

enum {
	K_INT = 1,
	K_ARRAY = 3,
	K_STRUCT = 4,
	K_UNION = 5,
	K_ENUM = 6,
	K_TYPEDEF = 8,
	K_VOLATILE = 9,
	K_CONST = 10,
	K_RESTRICT = 11,
	K_FUNC_PROTO = 13,
	K_VAR = 14,
	K_DATASEC = 15,
	K_DECL_TAG = 17,
	K_TYPE_TAG = 18,
	K_ENUM64 = 19,
	K_MAX = 19,
};

struct btf_hdr {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, type_off, type_len, str_off, str_len;
};

struct btf_type {
	uint32_t name_off, info, size_or_type;
};

struct btf_member {
	uint32_t name_off, type, offset;
};

struct btf {
	const char *strs;
	uint32_t str_len;
	const struct btf_type **types; /* by id; [0] is void */
	uint32_t ntypes;
};

static unsigned int kind(const struct btf_type *t)
{
	return (t->info >> 24) & 0x1f;
}

static unsigned int vlen(const struct btf_type *t)
{
	return t->info & 0xffff;
}

/* The bytes after a type's struct btf_type; -1 for an unknown kind. */
static long tail(const struct btf_type *t)
{
	switch (kind(t)) {
	case K_INT:
	case K_VAR:
	case K_DECL_TAG:
		return 4;
	case K_ARRAY:
		return 12;
	case K_STRUCT:
	case K_UNION:
	case K_DATASEC:
	case K_ENUM64:
		return 12L * vlen(t);
	case K_ENUM:
	case K_FUNC_PROTO:
		return 8L * vlen(t);
	default:
		return kind(t) <= K_MAX ? 0 : -1;
	}
}

static const char *name(const struct btf *b, uint32_t off)
{
	return off < b->str_len ? b->strs + off : "";
}

static int index_types(struct btf *b, const char *p, uint32_t len)
{
	const char *end = p + len;
	uint32_t cap = 1024;
	long n;

	b->types = malloc(cap * sizeof(*b->types));
	if (!b->types)
		return -ENOMEM;
	b->types[0] = NULL;
	b->ntypes = 1;
	while (p < end) {
		const struct btf_type *t = (const void *)p;

		if (end - p < (long)sizeof(*t) || (n = tail(t)) < 0 ||
		    end - p - (long)sizeof(*t) < n)
			return -EINVAL;
		if (b->ntypes == cap) {
			const struct btf_type **m;

			cap *= 2;
			m = realloc(b->types, cap * sizeof(*m));
			if (!m)
				return -ENOMEM;
			b->types = m;
		}
		b->types[b->ntypes++] = t;
		p += sizeof(*t) + n;
	}
	return 0;
}

/* Through typedefs and qualifiers to what a type id stands for. */
static const struct btf_type *resolve(const struct btf *b, uint32_t id)
{
	int hops;

	for (hops = 0; hops < 32 && id && id < b->ntypes; hops++) {
		const struct btf_type *t = b->types[id];

		switch (kind(t)) {
		case K_TYPEDEF:
		case K_VOLATILE:
		case K_CONST:
		case K_RESTRICT:
		case K_TYPE_TAG:
			id = t->size_or_type;
			continue;
		default:
			return t;
		}
	}
	return NULL;
}

/* @member in struct/union @t, at bit @base; through anonymous members. */
static int find_member(const struct btf *b, const struct btf_type *t,
		       const char *member, uint32_t base, uint32_t *off,
		       uint32_t *size)
{
	const struct btf_member *m = (const void *)(t + 1);
	bool bitfields = t->info >> 31;
	unsigned int i;

	for (i = 0; i < vlen(t); i++) {
		const struct btf_type *mt = resolve(b, m[i].type);
		uint32_t bit = base + (bitfields ? m[i].offset & 0xffffff :
						   m[i].offset);
		const char *n = name(b, m[i].name_off);

		if (!*n && mt &&
		    (kind(mt) == K_STRUCT || kind(mt) == K_UNION) &&
		    !find_member(b, mt, member, bit, off, size))
			return 0;
		if (strcmp(n, member))
			continue;
		if (bit % 8 || (bitfields && m[i].offset >> 24))
			return -EOPNOTSUPP;
		*off = bit / 8;
		*size = mt ? mt->size_or_type : 0;
		return 0;
	}
	return -ENOENT;
}

static const struct btf_type *find_struct(const struct btf *b,
					  const char *sname)
{
	uint32_t id;

	for (id = 1; id < b->ntypes; id++) {
		const struct btf_type *t = b->types[id];

		if (kind(t) == K_STRUCT && !strcmp(name(b, t->name_off), sname))
			return t;
	}
	return NULL;
}

static int parse(struct btf *b, const char *buf, size_t len)
{
	const struct btf_hdr *h = (const void *)buf;
	const char *data;
	size_t dlen;

	if (len < sizeof(*h) || h->magic != BTF_MAGIC || h->hdr_len > len ||
	    h->hdr_len % 4)
		return -EINVAL;
	data = buf + h->hdr_len;
	dlen = len - h->hdr_len;
	if ((size_t)h->type_off + h->type_len > dlen ||
	    (size_t)h->str_off + h->str_len > dlen || h->type_off % 4)
		return -EINVAL;
	b->strs = data + h->str_off;
	b->str_len = h->str_len;
	return index_types(b, data + h->type_off, h->type_len);
}

int btf_offsets(const char *path, const char *sname, const char *const *members,
		size_t n, uint32_t *offs, uint32_t *sizes)
{
	struct btf b = { 0 };
	const struct btf_type *t;
	size_t len, i;
	uint32_t size;
	char *buf;
	int rc;

	rc = fsutil_read_all(path, &buf, &len);
	if (rc)
		return rc;
	rc = parse(&b, buf, len);
	t = rc ? NULL : find_struct(&b, sname);
	if (!rc && !t)
		rc = -ENOENT;
	for (i = 0; !rc && i < n; i++) {
		rc = find_member(&b, t, members[i], 0, &offs[i], &size);
		if (!rc && sizes)
			sizes[i] = size;
	}
	free(b.types);
	free(buf);
	return rc;
}
