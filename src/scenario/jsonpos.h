/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where things are in a JSON text. jansson decodes values but forgets
 * their line and column, and a scenario error that says only "threads:
 * out of range" makes the user hunt for it. jsonpos makes one cheap pass
 * over the same text and records, for every value, its dotted path
 * ("pinners.threads", "sweep.pinners.threads[2]") with the line:column
 * where the value starts and where its key starts. It is tolerant: on
 * malformed text it keeps what it saw and stops, since jansson reports
 * the syntax error itself.
 *
 * Paths: object members are joined with '.', array elements are "[N]",
 * the root is "". A key that holds dots itself (sweep keys do) is used as
 * written, so "sweep.pinners.threads" is the sweep key "pinners.threads".
 * Lines and columns count from 1; columns count characters (UTF-8 code
 * points), as jansson's json_error_t does.
 */
#ifndef DAXBENCH_JSONPOS_H
#define DAXBENCH_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

struct jsonpos;

/** struct jsonpos_loc - a place in the text, 1-based. */
struct jsonpos_loc {
	unsigned int line;
	unsigned int col;
};

/**
 * jsonpos_scan() - record the positions of every value in @text.
 * @text: the JSON text (need not be NUL-terminated).
 * @len: its length in bytes.
 * @out: on success, the table (free with jsonpos_free()).
 *
 * Malformed text is not an error here: the table then holds what came
 * before the fault. Returns 0 or -ENOMEM.
 */
int jsonpos_scan(const char *text, size_t len, struct jsonpos **out);

/**
 * jsonpos_find() - where the value at @path starts (or, with @key, where
 * its key starts; for array elements and the root the two are the same).
 * Returns 0, or -ENOENT when @path was not seen (@loc is then unchanged).
 */
int jsonpos_find(const struct jsonpos *jp, const char *path, bool key,
		 struct jsonpos_loc *loc);

/**
 * jsonpos_find_near() - like jsonpos_find(), but when @path was not seen
 * (a default, a key that is missing) fall back to its nearest enclosing
 * value: "a.b[2].c", then "a.b[2]", "a.b", "a", the root. Always fills
 * @loc when the text had a root value; returns 0 or -ENOENT.
 */
int jsonpos_find_near(const struct jsonpos *jp, const char *path, bool key,
		      struct jsonpos_loc *loc);

/**
 * jsonpos_duplicate() - the first key seen twice in one object.
 * @path: set to its path (points into @jp).
 * @loc: where the second occurrence's key starts.
 * @first: where the first one's key starts.
 * Returns true when there was one.
 */
bool jsonpos_duplicate(const struct jsonpos *jp, const char **path,
		       struct jsonpos_loc *loc, struct jsonpos_loc *first);

/** jsonpos_free() - free @jp (NULL is fine). */
void jsonpos_free(struct jsonpos *jp);

#endif
