// SPDX-License-Identifier: GPL-2.0-only
/*
 * result_load_fast() against result_load(): on every fixture and
 * reference result, and on hand-made texts at the edges of what the
 * pre-pass takes (reals, negatives, integers beyond 2^53 and json_int_t,
 * escaped keys, "samples" outside a metric, samples the checks refuse
 * only once they are taken), the fast tree with its table must be the
 * full tree, value for value; and every malformed text must be refused
 * with the same code and the same message.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "result.h"
#include "stats.h"
#include "t.h"

/*
 * @fast plus @tab equals @full: each taken array holds the values
 * json_number_value() reads from the full one, bit for bit, and with
 * those arrays emptied the trees are equal.
 */
static void same_tree(const char *what, json_t *full, const json_t *fast,
		      const struct result_samples *tab, size_t *taken)
{
	json_t *fp = json_object_get(full, "points");
	const json_t *lp = json_object_get(fast, "points");
	size_t i, k;

	for (i = 0; i < json_array_size(fp); i++) {
		json_t *fm = json_object_get(json_array_get(fp, i), "metrics");
		const json_t *lm =
			json_object_get(json_array_get(lp, i), "metrics");
		void *it;

		for (it = json_object_iter(fm); it;
		     it = json_object_iter_next(fm, it)) {
			const char *key = json_object_iter_key(it);
			json_t *fs = json_object_get(json_object_iter_value(it),
						     "samples");
			const json_t *ls = json_object_get(
				json_object_get(lm, key), "samples");
			const double *v;
			size_t n;

			if (result_samples_get(tab, ls, &v, &n))
				continue; /* left in the tree */
			(*taken)++;
			T_CHECK(n == json_array_size(fs), "%s: %s: %zu vs %zu",
				what, key, n, json_array_size(fs));
			for (k = 0; k < n && k < json_array_size(fs); k++) {
				double d = json_number_value(
					json_array_get(fs, k));

				if (memcmp(&d, &v[k], sizeof(d))) {
					T_CHECK(0,
						"%s: %s[%zu]: %.17g vs %.17g",
						what, key, k, v[k], d);
					break;
				}
			}
			json_array_clear(fs);
		}
	}
	T_CHECK(json_equal(full, fast), "%s: trees differ", what);
}

/*
 * Full and fast loads of @text agree, in success and in failure; and
 * @good says which of the two it is.
 */
static void check_text(const char *what, const char *text, size_t *taken,
		       bool good)
{
	struct db_err ef = { { 0 } }, el = { { 0 } };
	struct result_samples *tab;
	json_t *full, *fast;
	int rf, rl;

	rf = result_load_string(text, what, &full, &ef);
	rl = result_load_fast_buf(text, strlen(text), what, &fast, &tab, &el);
	T_CHECK(rf == rl, "%s: full %d, fast %d (%s | %s)", what, rf, rl,
		ef.msg, el.msg);
	T_CHECK(!rf == good, "%s: %s", what, rf ? ef.msg : "accepted");
	if (!rf && !rl)
		same_tree(what, full, fast, tab, taken);
	else
		T_CHECK(!strcmp(ef.msg, el.msg), "%s: \"%s\" vs \"%s\"", what,
			ef.msg, el.msg);
	json_decref(full);
	json_decref(fast);
	result_samples_free(tab);
}

static void check_file(const char *path, size_t *taken)
{
	struct db_err ef = { { 0 } }, el = { { 0 } };
	struct result_samples *tab;
	json_t *full, *fast;
	int rf, rl;

	rf = result_load(path, &full, &ef);
	rl = result_load_fast(path, &fast, &tab, &el);
	T_CHECK(rf == rl, "%s: full %d, fast %d", path, rf, rl);
	T_CHECK(!strcmp(ef.msg, el.msg), "%s: \"%s\" vs \"%s\"", path, ef.msg,
		el.msg);
	if (!rf && !rl)
		same_tree(path, full, fast, tab, taken);
	json_decref(full);
	json_decref(fast);
	result_samples_free(tab);
}

/* Every *.json in @dir (and one level down): fixtures, bad ones too. */
static size_t check_dir(const char *dir, int depth, size_t *taken)
{
	struct dirent *de;
	size_t files = 0;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char path[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (len > 5 && !strcmp(de->d_name + len - 5, ".json")) {
			check_file(path, taken);
			files++;
		} else if (depth > 0) {
			files += check_dir(path, depth - 1, taken);
		}
	}
	closedir(d);
	return files;
}

#define HEAD                                                                  \
	"{\"schema\": 1, \"tool\": {\"name\": \"daxbench\", \"version\": "    \
	"\"0\"}, \"run_id\": \"r\", \"started\": \"s\", \"complete\": true, " \
	"\"host\": {}, \"target\": {}, \"capabilities\": {}, \"scenario\": "  \
	"{\"name\": \"t\", \"timeout\": 1000000000, \"samples\": [1, 2]}, "   \
	"\"points\": [{\"params\": {}, \"metrics\": {\"busy_scan_calls\": "   \
	"{\"unit\": \"calls\", \"samples\": "
#define TAIL "}}}]}"

static const char *const samples[] = {
	/* taken */
	"[1, 2, 3]",
	"[ 5 ,\n 0, 0, 7 ]",
	"[9007199254740992]",
	"[0]",
	/* left in the tree, and good */
	"[]",
	"[1, -0]",
	"[9007199254740993, 9223372036854775807]",
	/* left in the tree, and refused by the checks */
	"[1.5]",
	"[0.0]",
	"[1E2]",
	"[1e-400]",
	"[-7]",
	"[-9223372036854775808]",
	"[1, \"a\"]",
	"[1, null]",
	"[[1], 2]",
	"{}",
	/* refused by jansson */
	"[01]",
	"[1.]",
	"[-]",
	"[1e]",
	"[9223372036854775808]",
	"[-9223372036854775809]",
	"[1e400]",
	"[1, ]",
	"[1 2]",
	"[1",
	"[1,",
	"[0x10]",
	"[1, 2]} trailing",
	"\"samples\"",
	"[1, 2], \"samples\": [3]",
	"[nan]",
	"[+1]",
};

/*
 * The summary of the samples in @text (JSON) as the writer makes it;
 * that of no values when they are not all counts (the checks refuse
 * them first).
 */
static char *summary_of(const char *text)
{
	json_t *a = json_loads(text, JSON_DECODE_ANY, NULL), *e, *j;
	uint64_t v[8];
	struct summary sum;
	size_t i, n = 0;
	char *out;

	json_array_foreach(a, i, e)
	{
		if (!json_is_integer(e) || json_integer_value(e) < 0 ||
		    n == 8) {
			n = 0;
			break;
		}
		v[n++] = (uint64_t)json_integer_value(e);
	}
	json_decref(a);
	if (stats_summary(v, n, &sum))
		return NULL;
	j = result_summary_json(&sum);
	out = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(j);
	return out;
}

/* A summary of two values 1 and 2, and one of 4 and 5. */
#define SUM12                                                              \
	"\"summary\": {\"n\": 2, \"min\": 1, \"p50\": 1.5, \"p90\": 1.9, " \
	"\"p99\": 1.99, \"p999\": 1.999, \"max\": 2, \"mean\": 1.5, "      \
	"\"stddev\": 0.707106781186548}"
#define SUM45                                                              \
	"\"summary\": {\"n\": 2, \"min\": 4, \"p50\": 4.5, \"p90\": 4.9, " \
	"\"p99\": 4.99, \"p999\": 4.999, \"max\": 5, \"mean\": 4.5, "      \
	"\"stddev\": 0.707106781186548}"
#define TOP                                                                   \
	"{\"schema\": 1, \"tool\": {\"name\": \"daxbench\", \"version\": "    \
	"\"0\"}, \"run_id\": \"r\", \"started\": \"s\", \"complete\": true, " \
	"\"host\": {}, \"target\": {}, \"capabilities\": {}, \"scenario\": {" \
	"\"timeout\": 4}, "

static const char *const whole[] = {
	/* an escaped key is left to jansson, never mistaken */
	TOP "\"points\": [{\"params\": {}, \"metrics\": {\"a\\u0062\": "
	    "{\"unit\": \"ns\", \"sampl\\u0065s\": [1, 2], " SUM12 "}, \"c\": "
	    "{\"unit\": \"ns\", \"samples\": [4, 5], " SUM45 "}}}, "
	    "{\"params\": {}, \"metrics\": {}}, {\"params\": {}, \"metrics\": "
	    "{\"c\": {\"unit\": \"ns\", \"samples\": [4, 5], " SUM45 "}}}]}",
	/* taken samples are checked: against their summary, op_latency's
	 * against the timeout... */
	TOP
	"\"points\": [{\"params\": {}, \"metrics\": {\"op_latency\": "
	"{\"unit\": \"ns\", \"samples\": [1, 2], " SUM12 "}, "
	"\"busy_scan_calls\": {\"unit\": \"calls\", \"samples\": [4, 5], " SUM12
	"}}}]}",
	TOP "\"points\": [{\"params\": {\"timeout\": 5}, \"metrics\": "
	    "{\"op_latency\": {\"unit\": \"ns\", \"samples\": [4, 5], " SUM45
	    "}}}]}",
	/* ... where an older result's stall may match one */
	TOP "\"points\": [{\"params\": {}, \"metrics\": {\"op_latency\": "
	    "{\"unit\": \"ns\", \"samples\": [4, 5], " SUM45 "}}, "
	    "\"stalls\": [{\"waited_ns\": 4}]}]}",
	TOP "\"points\": [{\"params\": {}, \"metrics\": {\"op_latency\": "
	    "{\"unit\": \"ns\", \"samples\": [4, 5], " SUM45 "}}, "
	    "\"stalls\": [{\"waited_ns\": 4}, {\"waited_ns\": 5}]}]}",
	"",
	"   ",
	"[]",
	"{\"points\": [{\"metrics\": {\"m\": {\"samples\": [1]}}}]}",
	"{\"schema\": 1, \"points\": [{\"metrics\": {\"m\": {\"samples\": "
	"[1]}}}], \"points\": []}",
	"{\"schema\": 1, \"points\": [{\"metrics\": {\"m\": {\"samples\": "
	"[1]}}}]",
};

int main(void)
{
	const char *src = getenv("srcdir");
	char text[4096], dir[4096];
	size_t i, taken = 0, files;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char *sum = summary_of(samples[i]);

		T_CHECK(sum, "out of memory");
		snprintf(text, sizeof(text), "%s%s, \"summary\": %s%s", HEAD,
			 samples[i], sum ? sum : "{}", TAIL);
		free(sum);
		check_text(samples[i], text, &taken, i < 7);
	}
	for (i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		check_text(whole[i], whole[i], &taken, i == 0 || i == 4);
	T_CHECK(taken == 7, "%zu arrays taken from the texts, wanted 7", taken);

	if (!src)
		src = ".";
	snprintf(dir, sizeof(dir), "%s/tests/data", src);
	files = check_dir(dir, 1, &taken);
	/* results/reference/FS/KERNEL/ */
	snprintf(dir, sizeof(dir), "%s/results/reference", src);
	files += check_dir(dir, 2, &taken);
	T_CHECK(files > 0, "no fixtures found under %s", src);
	printf("# %zu files, %zu sample arrays taken\n", files, taken);
	check_file("/nonexistent/fast.json", &taken);
	return t_done();
}
