// SPDX-License-Identifier: GPL-2.0-only
/*
 * SHA-256 against the FIPS 180-2 test vectors, fed whole and a byte at a
 * time (the padding crosses a block boundary in the 448-bit message),
 * and sha256_file() against the same digest of a file's bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sha256.h"
#include "t.h"

static void vector(const char *msg, const char *want)
{
	unsigned char d[SHA256_LEN];
	char hex[SHA256_HEX_LEN], hex1[SHA256_HEX_LEN];
	struct sha256 c;
	size_t i;
	int j;

	sha256_hex(msg, strlen(msg), hex);
	T_CHECK(!strcmp(hex, want), "'%s': %s, want %s", msg, hex, want);
	sha256_init(&c);
	for (i = 0; msg[i]; i++)
		sha256_update(&c, msg + i, 1);
	sha256_final(&c, d);
	for (j = 0; j < SHA256_LEN; j++)
		snprintf(hex1 + 2 * j, 3, "%02x", d[j]);
	T_CHECK(!strcmp(hex1, want), "'%s' bytewise: %s, want %s", msg, hex1,
		want);
}

int main(void)
{
	char tmpl[] = "/tmp/sha256_test.XXXXXX", hex[SHA256_HEX_LEN];
	char *a = malloc(1000000);
	int fd, rc;

	vector("abc", "ba7816bf8f01cfea414140de5dae2223"
		      "b00361a396177a9cb410ff61f20015ad");
	vector("", "e3b0c44298fc1c149afbf4c8996fb924"
		   "27ae41e4649b934ca495991b7852b855");
	vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	       "248d6a61d20638b8e5c026930c3e6039"
	       "a33ce45964ff2167f6ecedd419db06c1");
	/* one million 'a': many blocks through sha256_file() */
	if (!a)
		return T_EXIT_FAIL;
	memset(a, 'a', 1000000);
	fd = mkstemp(tmpl);
	T_CHECK(fd >= 0, "mkstemp");
	if (fd >= 0) {
		T_CHECK(write(fd, a, 1000000) == 1000000, "write");
		close(fd);
		rc = sha256_file(tmpl, hex);
		T_CHECK(rc == 0 && !strcmp(hex,
					   "cdc76e5c9914fb9281a1c7e284d73e67"
					   "f1809a48a497200e046d39ccc7112cd0"),
			"million a: rc %d %s", rc, hex);
		unlink(tmpl);
	}
	T_CHECK(sha256_file("/nonexistent/sha256", hex) == -ENOENT,
		"missing file is -ENOENT");
	free(a);
	return t_done();
}
