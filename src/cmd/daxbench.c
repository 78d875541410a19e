// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench: measure how DAX layout breaking (truncate / fallocate waiting
 * for get_user_pages() pins through dax_layout_busy_page*()) behaves and
 * what it costs. This file only dispatches: every subcommand lives in its
 * own src/cmd-<name>.c and is listed once in cmd_table[].
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "daxbench.h"
#include "version.h"

/* Sorted by how a user meets them: look, check, measure, analyse. */
static const struct cmd_entry *const cmd_table[] = {
	&cmd_info_entry,    &cmd_validate_entry,
	&cmd_run_entry,	    &cmd_vm_entry,
	&cmd_compare_entry, &cmd_plot_entry,
	&cmd_report_entry,  &cmd_export_entry,
	&cmd_bisect_entry,  NULL,
};

static const char *prog_usage =
	"usage: daxbench [--version] [--help] <command> [<args>]\n"
	"\n"
	"Measure DAX layout-break waits and busy-page scan cost.\n"
	"\n"
	"Commands:\n";

static void print_main_usage(FILE *f)
{
	const struct cmd_entry *const *c;

	fputs(prog_usage, f);
	for (c = cmd_table; *c; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fputs("\nSee 'daxbench help <command>' or man daxbench(1).\n"
	      "Exit status: 0 ok, 1 regression found (compare, report), 2 usage\n"
	      "or input error, 3 system error, 4 vm: the kernel could not be\n"
	      "fetched; 125 bisect: cannot test this kernel, 128 bisect: stop.\n"
	      "Each command's --help lists the codes it gives; daxbench(1)\n"
	      "has the table.\n",
	      f);
}

static const struct cmd_entry *find_cmd(const char *name)
{
	const struct cmd_entry *const *c;

	for (c = cmd_table; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}

int db_usage_error(const struct cmd_entry *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "daxbench %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'daxbench %s --help'.\n", cmd->name);
	return DB_EXIT_USAGE;
}

int db_wants_help(const struct cmd_entry *cmd, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(cmd->usage, stdout);
			return 1;
		}
	}
	return 0;
}

int db_finish_stdout(const char *cmd, int rc)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "daxbench %s: stdout: %s\n", cmd,
			strerror(errno ? errno : EIO));
		return DB_EXIT_SYSTEM;
	}
	return rc;
}

static int do_help(int argc, char **argv)
{
	const struct cmd_entry *c;

	if (argc < 2) {
		print_main_usage(stdout);
		return db_finish_stdout("help", DB_EXIT_OK);
	}
	c = find_cmd(argv[1]);
	if (!c) {
		fprintf(stderr, "daxbench help: unknown command '%s'\n",
			argv[1]);
		return DB_EXIT_USAGE;
	}
	fputs(c->usage, stdout);
	return db_finish_stdout("help", DB_EXIT_OK);
}

int main(int argc, char **argv)
{
	const struct cmd_entry *c;

	if (argc < 2) {
		print_main_usage(stderr);
		return DB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		const char *git = db_git_revision();

		if (git)
			printf("daxbench %s (git %s)\n", PACKAGE_VERSION, git);
		else
			printf("daxbench %s\n", PACKAGE_VERSION);
		return db_finish_stdout("version", DB_EXIT_OK);
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return do_help(1, argv);
	if (!strcmp(argv[1], "help"))
		return do_help(argc - 1, argv + 1);
	c = find_cmd(argv[1]);
	if (!c) {
		fprintf(stderr,
			"daxbench: '%s' is not a command. "
			"See 'daxbench --help'.\n",
			argv[1]);
		return DB_EXIT_USAGE;
	}
	if (db_wants_help(c, argc - 1, argv + 1))
		return db_finish_stdout(c->name, DB_EXIT_OK);
	return c->exec(argc - 1, argv + 1);
}
