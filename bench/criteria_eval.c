/*
 * bench/criteria_eval.c - how long the criteria engine takes to evaluate
 * every commune of the country, with the database out of the way.
 *
 *   build/bench/criteria_eval DB [SET_ID] [YEAR] [PASSES]
 *     SET_ID  default ntm-xa-2021-2025 (its newest version)
 *     YEAR    default 2025
 *     PASSES  default 50
 *
 * Loads the set (crit_store_load), the units it applies to
 * (crit_store_units_of_set: every rural pre-2025 commune for the default
 * set) and each unit's evaluation inputs for YEAR (crit_unit_get +
 * crit_input_load, the store's internal header: the same reads a
 * re-evaluation does), timing those database reads as one figure.  Then
 * it evaluates all of them in memory PASSES times (crit_evaluate; each
 * result in a small arena of its own, dropped once its status is counted,
 * as a recompute does) and prints the median pass and the time per
 * commune, with the met / not met / incomplete counts as a check that the
 * work was done.  A reference line times the same with every result of a
 * pass kept in memory until the pass ends (~5 KB a commune): the
 * allocator's and the page faults' share of a pass.  Part of
 * bench/criteria.sh, which compares the figures with the targets;
 * this program only measures.
 *
 * Exit status: 0 done, 1 the database or the set could not be read, 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "domain/criteria/criteria_store_internal.h"

#define PASSES_MAX	10000
#define KEPT_PASSES	10	/* passes of the reference that keeps results */

/* Milliseconds of clock id (CLOCK_MONOTONIC: wall time;
 * CLOCK_PROCESS_CPUTIME_ID: the time this process ran, which other load on
 * the machine does not lengthen - much). */
static double
clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
now_ms(void)
{
	return clock_ms(CLOCK_MONOTONIC);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A whole number in [lo, hi] from arg, or -1. */
static long
parse_long(const char *arg, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

static int
fail(const char *what, const struct errinfo *ei)
{
	fprintf(stderr, "criteria_eval: %s: %s\n", what, ei->message);
	return 1;
}

/* The median of the n (> 0) values of v, which it sorts. */
static double
median(double *v, long n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Evaluate the n units of in (codes in rows, for messages) passes times,
 * after one pass not counted (caches, the allocator's free lists), storing
 * each pass's wall milliseconds in ms[], its CPU milliseconds in cpu[] and
 * the last pass's status counts in counts[].  keep false: each evaluation
 * in an arena of its own, freed once its status is counted, as a recompute
 * does (it keeps a summary, not the result); keep true: every result of a
 * pass in one arena freed at the end of the pass (*kept: its bytes), the
 * cost of holding them all.
 * Returns 0, or 1 with the error on stderr.
 */
static int
time_passes(const struct crit_set *s, const struct crit_eval_input *in,
    const struct crit_unit_row *rows, size_t n, long passes, bool keep,
    double *ms, double *cpu, long counts[3], size_t *kept)
{
	struct errinfo ei;

	for (long p = 0; p <= passes; p++) {
		struct arena *pa = keep ? arena_new(4 * 1024 * 1024) : NULL;
		long c[3] = { 0, 0, 0 };
		double t0 = now_ms(), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);

		for (size_t i = 0; i < n; i++) {
			struct arena *ua = keep ? pa : arena_new(16 * 1024);
			struct crit_result res;
			enum err e = crit_evaluate(s, &in[i], ua, &res, &ei);

			if (e == ERR_OK)
				c[res.status]++;
			if (!keep)
				arena_free(ua);
			if (e != ERR_OK) {
				arena_free(pa);
				return fail(rows[i].code, &ei);
			}
		}
		if (p > 0) {
			ms[p - 1] = now_ms() - t0;
			cpu[p - 1] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		}
		if (keep)
			*kept = arena_used(pa);
		arena_free(pa);
		memcpy(counts, c, sizeof(c));
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *set_id = argc > 2 ? argv[2] : "ntm-xa-2021-2025";
	long year = argc > 3 ? parse_long(argv[3], 1900, 2200) : 2025;
	long passes = argc > 4 ? parse_long(argv[4], 1, PASSES_MAX) : 50;
	struct arena *a = NULL;
	struct db *db = NULL;
	const struct crit_set *s;
	struct crit_unit_row *rows;
	struct crit_eval_input *inputs = NULL;
	double *pass_ms = NULL, *cpu_ms = NULL, t0, t_set, t_units, t_inputs;
	double med, cpu_med, kept_med;
	size_t n = 0, with_data = 0, kept = 0;
	long kept_passes;
	long counts[3] = { 0, 0, 0 };
	struct errinfo ei;
	int rc = 1;

	if (argc < 2 || argc > 5 || year < 0 || passes < 0) {
		fprintf(stderr, "usage: criteria_eval DB [SET_ID] [YEAR] "
		    "[PASSES 1..%d]\n", PASSES_MAX);
		return 2;
	}
	err_clear(&ei);
	if (cli_open_db(argv[1], &db, &ei) != ERR_OK)
		return fail(argv[1], &ei);
	a = arena_new(1024 * 1024);

	/* ---- the database reads ---- */
	t0 = now_ms();
	if (crit_store_load(db, set_id, 0, &s, &ei) != ERR_OK) {
		fail(set_id, &ei);
		goto out;
	}
	t_set = now_ms() - t0;
	t0 = now_ms();
	if (crit_store_units_of_set(db, a, s, &rows, &n, &ei) != ERR_OK) {
		fail("units of the set", &ei);
		goto out;
	}
	t_units = now_ms() - t0;
	if (n == 0) {
		fprintf(stderr, "criteria_eval: %s applies to no unit in %s\n",
		    set_id, argv[1]);
		goto out;
	}
	inputs = arena_alloc(a, n * sizeof(*inputs));
	t0 = now_ms();
	for (size_t i = 0; i < n; i++) {
		struct crit_unit u;
		bool has_data;

		if (crit_unit_get(db, a, s->structure, rows[i].code, &u,
		    &ei) != ERR_OK ||
		    crit_input_load(db, a, s, &u, (int)year, &inputs[i],
		    &has_data, &ei) != ERR_OK) {
			fail(rows[i].code, &ei);
			goto out;
		}
		with_data += has_data;
	}
	t_inputs = now_ms() - t0;
	printf("set: %s v%d (%s%s), %zu indicators in %zu criteria, "
	    "loaded in %.1f ms\n", s->id, s->version,
	    s->profile ? "profile " : "", s->profile ? s->profile : "no profile",
	    s->n_indicators, s->n_criteria, t_set);
	printf("database reads: %zu units of the set in %.1f ms; their %ld "
	    "inputs in %.0f ms (%.0f us per commune; %zu with stored values)\n",
	    n, t_units, year, t_inputs, t_inputs * 1e3 / (double)n, with_data);

	/* ---- the in-memory evaluation ---- */
	pass_ms = calloc((size_t)passes, sizeof(*pass_ms));
	cpu_ms = calloc((size_t)passes, sizeof(*cpu_ms));
	if (pass_ms == NULL || cpu_ms == NULL)
		abort();
	if (time_passes(s, inputs, rows, n, passes, false, pass_ms, cpu_ms,
	    counts, &kept) != 0)
		goto out;
	med = median(pass_ms, passes);
	cpu_med = median(cpu_ms, passes);
	printf("results: %ld met, %ld not met, %ld incomplete\n",
	    counts[CRIT_MET], counts[CRIT_NOT_MET], counts[CRIT_INCOMPLETE]);
	printf("in-memory evaluation: %zu communes, %.2f ms per pass "
	    "(%.2f us per commune), median of %ld (min %.2f, max %.2f); "
	    "target < 20 ms\n", n, med, med * 1e3 / (double)n, passes,
	    pass_ms[0], pass_ms[passes - 1]);
	printf("  CPU time of a pass: %.2f ms median (min %.2f): the wall "
	    "time less the waits for a core\n", cpu_med, cpu_ms[0]);
	/* Reference: every result of a pass kept until the pass ends. */
	kept_passes = passes < KEPT_PASSES ? passes : KEPT_PASSES;
	if (time_passes(s, inputs, rows, n, kept_passes, true, pass_ms, cpu_ms,
	    counts, &kept) != 0)
		goto out;
	kept_med = median(pass_ms, kept_passes);
	printf("  reference, every result of a pass kept in one arena "
	    "(%.1f MB): %.2f ms per pass, median of %ld\n",
	    (double)kept / (1024.0 * 1024.0), kept_med, kept_passes);
	/* One line for scripts. */
	printf("bench-criteria-eval units=%zu with_data=%zu met=%ld "
	    "pass_ms=%.3f us_per_unit=%.3f cpu_ms=%.3f kept_ms=%.3f "
	    "load_ms=%.1f passes=%ld\n", n, with_data, counts[CRIT_MET], med,
	    med * 1e3 / (double)n, cpu_med, kept_med, t_units + t_inputs,
	    passes);
	rc = 0;
out:
	free(pass_ms);
	free(cpu_ms);
	arena_free(a);
	db_close(db);
	return rc;
}
