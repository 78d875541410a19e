# Core: dispatch, errors, units, statistics helpers shared by every command.
libdaxbench_a_SOURCES += src/err.c src/units.c src/datadir.c
noinst_HEADERS += include/daxbench.h include/err.h include/units.h \
	include/datadir.h
dist_check_SCRIPTS = tests/lib.sh
noinst_HEADERS += tests/t.h

check_PROGRAMS += tests/units_test
TESTS += tests/units_test tests/cli.sh
EXTRA_DIST += tests/cli.sh
tests_units_test_SOURCES = tests/units_test.c
tests_units_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
