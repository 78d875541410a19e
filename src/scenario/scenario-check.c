// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rules that tie fields together (offset + length inside the file,
 * alignment for a pmd mapping or a collapse, a solo phase for a method
 * that can have one), checked on each decoded point, so that an invalid
 * sweep combination is reported before anything runs.
 */
#include "config.h"

#include <stdlib.h>

#include "scenario-int.h"

/* scn_decimal_hint() for the value at @path of this point, as written. */
static const char *point_hint(const struct ctx *c, const char *path,
			      uint64_t align, char *buf, size_t len)
{
	char *src = c->raw ? scn_source_path(c, path) : NULL;

	scn_decimal_hint(src ? scn_raw_at(c->raw, src) : NULL, align, buf, len);
	free(src);
	return buf;
}

/* @v, at @path, a whole number of filesystem blocks, as operation @op needs. */
static int check_block(const struct ctx *c, const char *path, uint64_t v,
		       const char *op)
{
	char hint[100];

	if (!(v % FS_BLOCK))
		return 0;
	return scn_fail_at(
		c, path, "operation.type", false,
		"expected a multiple of 4KiB for %s (the filesystem block size under DAX), got %llu%s",
		op, (unsigned long long)v,
		point_hint(c, path, FS_BLOCK, hint, sizeof(hint)));
}

/* The file and the operation: each aligned as it must be, one in the other. */
static int check_file_op(const struct ctx *c, const struct scenario *sc)
{
	const char *op = scenario_op_name(sc->op.type);
	uint64_t size = sc->file.size, end;
	char hint[100];
	int rc;

	if (sc->file.mapping == MAP_PMD && size % MIB2)
		return scn_fail_at(
			c, "file.size", "file.mapping", false,
			"expected a multiple of 2MiB for mapping \"pmd\", got %llu%s",
			(unsigned long long)size,
			point_hint(c, "file.size", MIB2, hint, sizeof(hint)));
	if (sc->op.type == OP_COLLAPSE_RANGE ||
	    sc->op.type == OP_INSERT_RANGE) {
		rc = check_block(c, "operation.offset", sc->op.offset, op);
		if (!rc)
			rc = check_block(c, "operation.length", sc->op.length,
					 op);
		if (rc)
			return rc;
	}
	if (__builtin_add_overflow(sc->op.offset, sc->op.length, &end) ||
	    end > size)
		return scn_fail_at(
			c, "operation.length", "file.size", false,
			"expected operation.offset + operation.length <= file.size (%llu), got %llu + %llu",
			(unsigned long long)size,
			(unsigned long long)sc->op.offset,
			(unsigned long long)sc->op.length);
	if (sc->op.type == OP_COLLAPSE_RANGE && end == size)
		return scn_fail_at(
			c, "operation.length", "file.size", false,
			"expected collapse_range to end before the end of the file (the kernel refuses one that reaches it), got %llu + %llu = file.size",
			(unsigned long long)sc->op.offset,
			(unsigned long long)sc->op.length);
	return 0;
}

/* The pinners: a solo phase, and a region inside the file. */
static int check_pinners(const struct ctx *c, const struct scenario *sc,
			 bool region_null)
{
	const char *m = scenario_method_name(sc->pinners.method);
	uint64_t size = sc->file.size, end;
	char hint[100];

	if (sc->pinners.solo_ns && (sc->pinners.method == PIN_NONE ||
				    sc->pinners.method == PIN_VMSPLICE))
		return scn_fail_at(
			c, "pinners.solo", "pinners.method", false,
			"expected \"0s\" for method \"%s\" (a solo phase needs pinners that pin without ops: odirect, io_uring, io_uring_fixed), got %llu ns",
			m, (unsigned long long)sc->pinners.solo_ns);
	if (!scenario_has_pinners(sc))
		return 0;
	if (sc->pinners.region_offset >= size)
		return scn_fail_at(
			c, "pinners.region.offset", "file.size", false,
			"expected an offset inside the file (< file.size %llu), got %llu",
			(unsigned long long)size,
			(unsigned long long)sc->pinners.region_offset);
	if (sc->pinners.method != PIN_VMSPLICE &&
	    sc->pinners.region_offset % DIO_ALIGN)
		return scn_fail_at(
			c, "pinners.region.offset", "pinners.method", false,
			"expected a multiple of 512 for method \"%s\" (O_DIRECT buffers are block aligned), got %llu%s",
			m, (unsigned long long)sc->pinners.region_offset,
			point_hint(c, "pinners.region.offset", DIO_ALIGN, hint,
				   sizeof(hint)));
	if (!region_null &&
	    (__builtin_add_overflow(sc->pinners.region_offset,
				    sc->pinners.region_length, &end) ||
	     end > size))
		return scn_fail_at(
			c, "pinners.region.length", "file.size", false,
			"expected region.offset + region.length <= file.size (%llu), got %llu + %llu",
			(unsigned long long)size,
			(unsigned long long)sc->pinners.region_offset,
			(unsigned long long)sc->pinners.region_length);
	if (sc->pinners.region_length < sc->pinners.io_size)
		return scn_fail_at(
			c, "pinners.region.length", "pinners.io_size", false,
			"expected a region of at least pinners.io_size (%llu bytes), got %llu%s",
			(unsigned long long)sc->pinners.io_size,
			(unsigned long long)sc->pinners.region_length,
			region_null ? " (null: to the end of the file)" : "");
	return 0;
}

/* The rules that tie fields together, on one decoded point. */
int scn_check_rules(const struct ctx *c, const struct scenario *sc,
		    bool region_null)
{
	int rc = check_file_op(c, sc);

	return rc ? rc : check_pinners(c, sc, region_null);
}
