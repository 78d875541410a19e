# Core: dispatch, errors, units, statistics helpers shared by every command;
# what a user meets beside the binary: the bash completion of the commands
# and the checks of every man page.
noinst_HEADERS += include/err.h include/nstime.h
dist_check_SCRIPTS = tests/lib.sh
noinst_HEADERS += tests/unit/t.h

check_PROGRAMS += tests/unit/units_test
TESTS += tests/unit/units_test tests/cli/cli.sh
EXTRA_DIST += tests/cli/cli.sh
# the exit codes: daxbench(1)'s table, the pages and --help that list
# them, and each code provoked
TESTS += tests/cli/exitcodes.sh
EXTRA_DIST += tests/cli/exitcodes.sh
# the layers of src/: includes only downward, every file in a local.mk
TESTS += tests/cli/layers.sh
EXTRA_DIST += tests/cli/layers.sh
tests_unit_units_test_SOURCES = tests/unit/units_test.c
tests_unit_units_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

# running external programs (gnuplot, the VM runner's tools)
check_PROGRAMS += tests/unit/child_test
TESTS += tests/unit/child_test
tests_unit_child_test_SOURCES = tests/unit/child_test.c
tests_unit_child_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

# the bash completion, with the path of the installed scenarios written in
completionfile = completion/daxbench
if BASH_COMPLETION
bashcompletion_DATA = $(completionfile)
endif
check_DATA = $(completionfile)
EXTRA_DIST += completion/daxbench.bash.in
CLEANFILES += $(completionfile)
$(completionfile): $(srcdir)/completion/daxbench.bash.in Makefile
	$(AM_V_GEN)$(MKDIR_P) completion && \
	sed -e 's|@scenariosdir[@]|$(scenariosdir)|g' \
		$(srcdir)/completion/daxbench.bash.in >$@.tmp && mv $@.tmp $@
AM_TESTS_ENVIRONMENT += \
	DAXBENCH_COMPLETION='$(abs_top_builddir)/$(completionfile)'; \
	export DAXBENCH_COMPLETION; \
	scenariosdir='$(scenariosdir)'; export scenariosdir;
TESTS += tests/cli/completion.sh tests/cli/man.sh
EXTRA_DIST += tests/cli/completion.sh tests/cli/man.sh

# mkdir -p, for the result writer and the VM runner's cache
check_PROGRAMS += tests/unit/fsutil_test
TESTS += tests/unit/fsutil_test
tests_unit_fsutil_test_SOURCES = tests/unit/fsutil_test.c
tests_unit_fsutil_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

# SHA-256 of scenario files, for the provenance a result records
check_PROGRAMS += tests/unit/sha256_test
TESTS += tests/unit/sha256_test
tests_unit_sha256_test_SOURCES = tests/unit/sha256_test.c
tests_unit_sha256_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit

# The git revision the tool is built from (src/lib/version.c): asked of git
# by make, not configure, so a rebuild after a commit records the new
# one; empty when the source is not a git checkout (a release tarball,
# also when that tarball is unpacked inside some other checkout).
nodist_libdaxbench_a_SOURCES = git-version.h
BUILT_SOURCES = git-version.h
# BUILT_SOURCES covers 'make all' and 'make check'; 'make daxbench' (the
# static check's scan-build) needs the rule spelt out
src/lib/version.$(OBJEXT): git-version.h
CLEANFILES += git-version.h git-version.h.tmp
git-version.h: FORCE
	@rev=; \
	if test -e $(top_srcdir)/.git; then \
		rev=`git -C $(top_srcdir) describe --always --dirty 2>/dev/null` || rev=; \
	fi; \
	printf '#define DAXBENCH_GIT "%s"\n' "$$rev" >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; \
	else mv $@.tmp $@ && echo "  GEN      $@ ($${rev:-not git})"; fi
FORCE:
.PHONY: FORCE

# every command in README runs as shown (or, needing a guest, parses)
TESTS += tests/cli/readme-commands.sh
EXTRA_DIST += tests/cli/readme-commands.sh
