/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the fuzz targets: a NUL-terminated copy of the input (the
 * parsers take C strings), and FUZZ_CHECK, which aborts with a message
 * when a property fails. abort() is what libFuzzer and the replay driver
 * both treat as a crash; assert() would vanish under NDEBUG.
 */
#ifndef DAXBENCH_FUZZ_H
#define DAXBENCH_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inputs larger than this teach nothing new and only slow a run down. */
#define FUZZ_MAX_INPUT (64 << 10)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                             \
	do {                                                              \
		if (!(cond)) {                                            \
			fprintf(stderr,                                   \
				"%s:%d: property failed: %s: ", __FILE__, \
				__LINE__, #cond);                         \
			fprintf(stderr, __VA_ARGS__);                     \
			fputc('\n', stderr);                              \
			abort();                                          \
		}                                                         \
	} while (0)

/* A malloc'd copy of @data with a NUL after it; NULL on no memory. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

#endif
