/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SHA-256 (FIPS 180-4), small and dependency-free: a result records the
 * digest of the scenario file it ran, so that two results can be told to
 * come from the same file or not without adding a crypto library.
 */
#ifndef DAXBENCH_SHA256_H
#define DAXBENCH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN (2 * SHA256_LEN + 1)

struct sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	unsigned char buf[64];
	size_t nbuf;
};

/** sha256_init() - start a digest. */
void sha256_init(struct sha256 *c);

/** sha256_update() - hash @n more bytes from @p. */
void sha256_update(struct sha256 *c, const void *p, size_t n);

/** sha256_final() - finish the digest into @out; @c is spent. */
void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN]);

/** sha256_hex() - @n bytes at @p as 64 lowercase hex digits and a NUL. */
void sha256_hex(const void *p, size_t n, char out[SHA256_HEX_LEN]);

/**
 * sha256_file() - the digest of the bytes of the file at @path, as hex.
 * 0 or -errno from open/read.
 */
int sha256_file(const char *path, char out[SHA256_HEX_LEN]);

#endif
