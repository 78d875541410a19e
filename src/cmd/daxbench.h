/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * daxbench: the command table and the exit codes every subcommand shares.
 * A subcommand is one src/cmd/cmd-<name>.c exporting one struct cmd_entry,
 * listed once in cmd_table[] in src/cmd/daxbench.c.
 */
#ifndef DAXBENCH_H
#define DAXBENCH_H

#include <stdio.h>

/* Exit codes are part of the public interface (daxbench(1), EXIT STATUS). */
enum db_exit {
	DB_EXIT_OK = 0,
	DB_EXIT_REGRESSION = 1, /* compare found a regression, like diff(1) */
	DB_EXIT_USAGE = 2, /* usage, scenario or input error */
	DB_EXIT_SYSTEM = 3, /* cannot create a file, no DAX, guest failed */
	DB_EXIT_NOKERNEL = 4, /* vm: the kernel could not be fetched */
};

struct cmd_entry {
	const char *name;
	const char *summary; /* one line for 'daxbench help' */
	const char *usage; /* full text for 'daxbench help CMD' */
	int (*exec)(int argc, char **argv);
};

extern const struct cmd_entry cmd_info_entry;
extern const struct cmd_entry cmd_validate_entry;
extern const struct cmd_entry cmd_run_entry;
extern const struct cmd_entry cmd_vm_entry;
extern const struct cmd_entry cmd_compare_entry;
extern const struct cmd_entry cmd_plot_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_bisect_entry;

/**
 * db_usage_error() - print "daxbench CMD: MSG" and a usage hint to stderr.
 * Returns DB_EXIT_USAGE so that commands can 'return db_usage_error(...)'.
 */
int db_usage_error(const struct cmd_entry *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * db_wants_help() - true when argv asks for --help/-h; prints the usage.
 */
int db_wants_help(const struct cmd_entry *cmd, int argc, char **argv);

/**
 * db_finish_stdout() - flush stdout; lost output is an error (exit 3).
 */
int db_finish_stdout(const char *cmd, int rc);

#endif
