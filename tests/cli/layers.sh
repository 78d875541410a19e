#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The layers of src/ include only downward: each file's quoted includes
# are in its own folder, a folder below it (the order of the -I flags in
# Makefile.am, bottom up) or include/; every source and header of src/
# is in a layer's local.mk, so that a tarball holds it (trace-int.h once
# was in no list, and 'make dist' could not build).
. "${top_srcdir}/tests/lib.sh"

s=$top_srcdir/src
order=$(grep -o -- '-I$(top_srcdir)/src/[a-z]*' "$top_srcdir/Makefile.am" |
	sed 's|.*/src/||' | tr '\n' ' ')
[ -n "$order" ] && ok "layers in Makefile.am's -I flags" || fail "no layers in Makefile.am's -I flags"
rank() { i=0; for l in $order; do i=$((i + 1)); [ "$l" = "$1" ] && echo $i && return; done; echo 0; }

for dir in "$s"/*/; do
	l=$(basename "$dir")
	r=$(rank "$l")
	[ "$r" -gt 0 ] && ok "src/$l: a layer of Makefile.am" || fail "src/$l: not a layer of Makefile.am"
	for f in "$dir"*.[ch]; do
		n=${f#"$s/"}
		grep -q "$n" "$dir/local.mk" && ok "$n: listed in src/$l/local.mk" ||
			fail "$n: not listed in src/$l/local.mk"
		for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			case $inc in config.h | git-version.h) continue ;; esac
			[ -e "$top_srcdir/include/$inc" ] && continue
			[ -e "$dir$inc" ] && continue
			found=""
			for other in "$s"/*/; do
				[ -e "$other$inc" ] && found=$(basename "$other")
			done
			if [ -z "$found" ]; then
				fail "$n: includes $inc, which is in no layer"
			elif [ "$(rank "$found")" -gt "$r" ]; then
				fail "$n: includes $found/$inc, a layer above $l"
			else
				ok "$n: includes $found/$inc, not above $l"
			fi
		done
	done
done
t_done
