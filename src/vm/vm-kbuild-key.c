// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cache key of a kernel built from source: a digest of everything
 * that decides what the build makes (the source, each patch, the
 * configuration fragments, the compiler), so that a build that exists
 * is found again and never rebuilt, and any change makes a new one.
 */
#include "config.h"

#include <string.h>

#include "sha256.h"
#include "vm-int.h"

/* "NAME VALUE\n" into the digest: a field a line, none run together. */
static void key_line(struct sha256 *c, const char *name, const char *value)
{
	sha256_update(c, name, strlen(name));
	sha256_update(c, " ", 1);
	sha256_update(c, value ? value : "", value ? strlen(value) : 0);
	sha256_update(c, "\n", 1);
}

void vm_kbuild_key(const struct vm_kbuild_id *id,
		   char key[VM_KBUILD_KEY_LEN + 1])
{
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEX_LEN];
	struct sha256 c;
	size_t i;

	sha256_init(&c);
	key_line(&c, "source", id->source_digest);
	for (i = 0; i < id->npatches; i++)
		key_line(&c, "patch", id->patch_sha[i]);
	key_line(&c, "config", id->config_sha);
	key_line(&c, "compiler", id->compiler);
	sha256_final(&c, d);
	sha256_hex(d, sizeof(d), hex);
	memcpy(key, hex, VM_KBUILD_KEY_LEN);
	key[VM_KBUILD_KEY_LEN] = '\0';
}
