#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# compare-kernels --scenario-timeout: one guest per kernel runs the
# scenarios in turn, and the scenarios after one that wedged its guest go
# to a fresh guest, each scenario run once. 'daxbench vm' is played by a
# stand-in that writes what a guest brings back (vm-hung.sh boots the
# real scenario deadline): kernel A wedges in the second scenario, B in
# none, C never reaches its run (a boot that fails, which a fresh guest
# would repeat: not retried).
. "${top_srcdir}/tests/lib.sh"

g=$top_srcdir/tests/vm/guest
real=$DAXBENCH
fake=$T_TMP/daxbench
log=$T_TMP/vm.log
cat >"$fake" <<'SH'
#!/bin/sh
# everything but 'vm' is the real daxbench
[ "$1" = vm ] || exec "$REAL" "$@"
shift
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	case $1 in
	-o) o=$2; shift 2 ;;
	--kernels) k=$2; shift 2 ;;
	--scenario-timeout) st=$2; shift 2 ;;
	*) shift ;;
	esac
done
shift 2	# -- run
echo "$k st=${st:-none}:$(for a; do case $a in *.json) printf ' %s' "$(basename "$a" .json)" ;; esac; done)" >>"$LOG"
d=$o/$k
mkdir -p "$d"
[ "$k" = C ] && { echo "DAXBENCH-VM: FAIL no pmem" >"$d/console.log"; exit 3; }
echo "DAXBENCH-VM: RUN run $*" >"$d/console.log"
for a; do
	case $a in *.json) ;; *) continue ;; esac
	name=$("$REAL" validate --print "$a" | sed -n 's/^  "name": "\(.*\)",$/\1/p')
	if [ "$k" = A ] && [ "$name" = guest-forever ] && [ ! -e "$LOG.wedged" ]; then
		: >"$LOG.wedged"
		echo '{"complete": false}' >"$d/$name-20261207T000000Z-0000000$$.json"
		exit 3
	fi
	echo '{"complete": true}' >"$d/$name-20261207T000000Z-0000000$$.json"
done
SH
chmod +x "$fake"

expect_rc 3 env DAXBENCH="$fake" REAL="$real" LOG="$log" \
	"$top_srcdir/scripts/compare-kernels" --repeat-runs 1 \
	--scenario-timeout 5m "$T_TMP/res" A,B,C --timeout 50m -- run -q \
	"$g/mapping.json" "$g/forever.json" "$g/hold.json" "$g/io.json"
want='A st=5m: mapping forever hold io
A st=5m: hold io
B st=5m: mapping forever hold io
C st=5m: mapping forever hold io'
[ "$(cat "$log")" = "$want" ] && ok "a fresh guest for the scenarios after the wedged one, none for a failed boot" || fail "guests: $(cat "$log")"
n() { ls "$T_TMP/res/$1"/*.json 2>/dev/null | wc -l; }
[ "$(n A)" = 4 ] && [ "$(n B)" = 4 ] && [ "$(n C)" = 0 ] && ok "each scenario's result once" || fail "results: A $(n A), B $(n B), C $(n C)"
expect_match '"complete": false' "$(cat "$T_TMP/res/A"/guest-forever-*.json)" "the wedged scenario's incomplete result is kept"
expect_match 'a fresh guest for the scenarios left:.*hold.json.*io.json' "$T_ERR" "says why a guest was added"

# one guest per scenario and one per kernel in turn exclude each other
expect_rc 2 "$top_srcdir/scripts/compare-kernels" --each-scenario \
	--scenario-timeout 5m "$T_TMP/o2" A,B -- run "$g/mapping.json"
t_done
