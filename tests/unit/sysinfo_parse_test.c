// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parsers in sysinfo.c that read kernel text (mountinfo, kallsyms),
 * fed malformed lines the kernel never writes but a fuzzer, a container
 * runtime or a future format might. The file is included whole so that
 * its static helpers can be called; the test then links no sysinfo.o
 * from the library, since it defines those symbols itself. A short
 * mountinfo line after a good one used to read a stale field pointer
 * left by the line before (uninitialised array), and a kallsyms line
 * with one space made the parser add 1 to a NULL pointer.
 */
#include "../src/lib/sysinfo.c"
#include "t.h"

static char mi[] = "/tmp/daxbench-mountinfo.XXXXXX";

static void write_mountinfo(const char *text)
{
	FILE *f = fopen(mi, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(mi);
		exit(T_EXIT_FAIL);
	}
}

static void test_mountinfo(void)
{
	struct mount_entry m;
	int fd = mkstemp(mi), rc;

	if (fd < 0) {
		perror(mi);
		exit(T_EXIT_FAIL);
	}
	close(fd);
	/* a good line, then short ones: each must be skipped, not used */
	write_mountinfo("36 1 259:1 / /mnt/p rw,relatime shared:1 - ext4 "
			"/dev/pmem0 rw,dax=always\n"
			"37 1 259:2 / - ext4 /dev/x rw\n"
			"38 1 259:3\n"
			" - \n"
			"\n"
			"39 1 259:4 / /mnt/p/q rw - ext4\n"
			"40 1 259:5 / /mnt/p/r rw\n");
	memset(&m, 0, sizeof(m));
	rc = find_mount_in(mi, "/mnt/p/q/file", &m);
	T_CHECK(rc == 0 && !strcmp(m.point, "/mnt/p"),
		"short lines skipped: rc %d, point '%s'", rc, m.point);
	T_CHECK(!strcmp(m.fstype, "ext4") && !strcmp(m.source, "/dev/pmem0"),
		"fields of the good line: %s %s", m.fstype, m.source);
	T_CHECK(has_option(m.options, "dax=always"), "super options merged: %s",
		m.options);
	write_mountinfo("1 2 3:4\n - \n5 6 7:8 / /x rw -\n");
	T_CHECK(find_mount_in(mi, "/x", &m) == -ENOENT,
		"only malformed lines: no mount");
	T_CHECK(find_mount_in("/nonexistent/mountinfo", "/", &m) == -ENOENT,
		"missing file");
	unlink(mi);
}

static void test_kallsyms(void)
{
	char good[] = "ffffffff81234560 T dax_layout_busy_page_range\n";
	char mod[] = "ffffffffc0001000 t dax_thing\t[nd_pmem]\n";
	char one[] = "ffffffff81234560 T\n", none[] = "garbage\n", empty[] = "";
	char *n;

	n = kallsyms_name(good);
	T_CHECK(n && !strncmp(n, "dax_layout_busy_page_range\n", 27),
		"name: %s", n ? n : "(null)");
	n = kallsyms_name(mod);
	T_CHECK(n && !strncmp(n, "dax_thing\t", 10), "module line");
	T_CHECK(!kallsyms_name(one), "one space: no name");
	T_CHECK(!kallsyms_name(none), "no space: no name");
	T_CHECK(!kallsyms_name(empty), "empty line: no name");
}

int main(void)
{
	test_mountinfo();
	test_kallsyms();
	return t_done();
}
