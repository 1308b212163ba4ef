/*
 * bench/reports_load.c - the in-process half of bench/reports.sh (issue
 * 15): a year of monthly progress reports for every 2025 commune, the
 * national annual aggregate computed cold from the reports and read
 * from the maintained aggregates, and a 100-commune XLSX upload stored.
 *
 *   build/bench/reports_load DB setup PASSWORD
 *     An admin account "bench" (2025:VN) with PASSWORD, for the HTTP reads.
 *   build/bench/reports_load DB fill FORM YEAR MONTHS
 *     Monthly reports of FORM for every commune-level 2025 unit, months 1
 *     to MONTHS of YEAR.  The raw rows are written as rep_report_put
 *     writes them - the rep_report row (draft), each entered slot's value
 *     as the literal the writer stores (the engine's rep_values_from_json,
 *     rep_values_compute, rep_value_json) and its history row (old NULL)
 *     - with the store's own statements, and the report's packed figures
 *     (rep_pack_write), one transaction per period; then
 *     the maintained aggregates of each period by the store's
 *     rep_aggregates_rebuild.  No audit entry per report (a user's save
 *     has one).  Then a check that the rows are the writer's: for three
 *     communes of the last month, rep_report_put with the same values
 *     changes nothing, and a change and its undoing through the writer
 *     leave the national aggregate as the rebuild made it.
 *   build/bench/reports_load DB cold FORM YEAR [RUNS] [MONTH] [LAST]
 *     The national annual aggregate computed from the reports themselves
 *     (rep_cold_national: every report of the year read with its packed
 *     figures, one row a report; each month summed with rep_acc_add, the
 *     months combined by rep_over_time).  RUNS (5) times; the first
 *     and the median.  The same for MONTH (12) alone.  The capital
 *     disbursed of each against the maintained aggregate of MONTH and of
 *     LAST (12), the last month filled (the year's capital is its last
 *     month's).
 *   build/bench/reports_load DB maintained FORM PERIOD [RUNS]
 *     rep_aggregate_get of the nation (2025:VN) for PERIOD, RUNS (1000)
 *     times: the median and mean ms per read.
 *   build/bench/reports_load DB xlsx FORM PROVINCE PERIOD [N]
 *     N (100) communes of PROVINCE with new values for PERIOD:
 *     rep_xlsx_write makes the workbook (timed), then the upload is timed
 *     as a route would store it: rep_xlsx_read, then rep_report_put of
 *     every report read, all in one transaction (everything stored or
 *     nothing).
 *
 * Every mode ends with one line "bench-reports-MODE k=v ..." for the
 * script.  This program only measures; bench/reports.sh compares.
 * Exit status: 0 done, 1 failed (message on stderr), 2 usage.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/stamp.h"
#include "domain/auth/auth.h"
#include "domain/reporting/rep_cold.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/reporting/rep_xlsx.h"
#include "domain/units/units.h"

#define UNITS_MAX	5000
#define SLOTS_MAX	(2 * REP_ID_MAX + 2)
#define MONTHS_MAX	12
#define SEQ_MAX		64	/* slots remembered in row order */
#define MILLION		1000000.0
#define N_SOURCES	6

static const char *const sources[N_SOURCES] = {
	"central", "local", "integrated", "credit", "enterprises", "community",
};

static const struct audit_actor bench_actor = {
	.user_id = 0, .username = "bench", .role = "admin",
	.structure = "2025", .unit_code = "VN"
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n == 0 ? NAN : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

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
	fprintf(stderr, "reports_load: %s: %s (%s, field %s)\n", what,
	    ei->message, ei->code, ei->field);
	return 1;
}

/* ---- the figures: a commune's month, a deterministic function ---- */

static double
unit_rand(const char *code, unsigned salt)
{
	unsigned h = 2166136261u ^ salt * 16777619u;

	for (const char *p = code; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return (double)(h % 1000000u) / 1e6;
}

static double
millions(double v)
{
	return floor(v / MILLION) * MILLION;
}

static json_t *
capital_json(const double c[N_SOURCES])
{
	json_t *o = json_object();

	for (int s = 0; s < N_SOURCES; s++)
		json_object_set_new(o, sources[s], json_integer((json_int_t)
		    c[s]));
	return o;
}

/*
 * Commune code's month m of the progress form (capital cumulative since
 * January, disbursed <= allocated <= mobilised by source, works
 * completed <= started), as demo_reports.c makes them; bump moves every
 * figure (a new upload).
 */
static json_t *
month_values(const char *code, int m, int bump)
{
	static const double share[N_SOURCES][2] = {
		{ 0.12, 0.08 }, { 0.25, 0.10 }, { 0.25, 0.10 },
		{ 0.00, 0.05 }, { 0.03, 0.07 }, { 0.02, 0.06 },
	};
	double size = 2e9 + 26e9 * unit_rand(code, 1) + 1e8 * bump;
	double mob[N_SOURCES], alloc[N_SOURCES], disb[N_SOURCES];
	double fm = fmin(1, (m + 1) / 12.0 * (0.85 + 0.3 * unit_rand(code, 20)));
	double fa = fmin(0.95, 0.70 + 0.025 * m);
	double fd = fmin(0.95, (0.10 + 0.075 * m) * (0.8 + 0.3 *
	    unit_rand(code, 21)));
	int works = 1 + (int)(unit_rand(code, 2) * 8) + bump;
	double pace = 5 + 5 * unit_rand(code, 22);
	int started = (int)fmin(works, ceil(works * m / pace));
	int completed = (int)fmin(started, floor(works * fmax(0, m - 3) /
	    (pace + 2)));
	json_t *v = json_object();

	for (int s = 0; s < N_SOURCES; s++) {
		double plan = millions(size * (share[s][0] + share[s][1] *
		    unit_rand(code, 10u + (unsigned)s)));

		mob[s] = millions(plan * fm);
		alloc[s] = millions(mob[s] * fa);
		disb[s] = millions(alloc[s] * fd);
	}
	json_object_set_new(v, "capital_mobilised", capital_json(mob));
	json_object_set_new(v, "capital_allocated", capital_json(alloc));
	json_object_set_new(v, "capital_disbursed", capital_json(disb));
	json_object_set_new(v, "works_started", json_integer(started));
	json_object_set_new(v, "works_completed", json_integer(completed));
	if (unit_rand(code, 30u + (unsigned)m) < 0.3)
		json_object_set_new(v, "difficulties", json_string(
		    "Giải phóng mặt bằng còn chậm; vốn địa phương phân bổ muộn."));
	if (unit_rand(code, 50u + (unsigned)m) < 0.15)
		json_object_set_new(v, "proposals", json_string(
		    "Đề nghị tỉnh sớm phân bổ vốn ngân sách trung ương còn lại."));
	return v;
}

/* ---- the communes ---- */

static enum err
communes(struct db *db, struct arena *a, const char *parent, size_t max,
    struct unit_list *out, struct errinfo *ei)
{
	struct unit_query q = { .structure = "2025", .level = "commune",
	    .parent = parent, .limit = (int64_t)max };

	return units_list(db, a, &q, out, ei);
}

/* Is slot one a person enters (as rep_report.c decides it)? */
static bool
slot_entered(const struct rep_form *f, size_t slot)
{
	long cat;
	const struct rep_element *el = rep_slot_element(f, slot, &cat);

	if (el == NULL || el->formula != NULL ||
	    el->auto_source != REP_AUTO_NONE)
		return false;
	return el->breakdown == NULL ? cat < 0 : cat >= 0;
}

/* ---- setup ---- */

static int
run_setup(struct db *db, int ac, char **av)
{
	struct errinfo ei;
	int64_t id;

	(void)ac;
	err_clear(&ei);
	if (auth_user_create(db, NULL, "bench", "Bench (reports)", av[0],
	    ROLE_ADMIN, "2025", "VN", &id, &ei) != ERR_OK &&
	    strcmp(ei.code, "users.username_taken") != 0)
		return fail("setup", &ei);
	printf("bench-reports-setup user=bench\n");
	return 0;
}

/* ---- fill ---- */

/* One report's raw rows, as the writer writes them. */
static enum err
put_raw(struct db *db, struct arena *a, const struct rep_form *f,
    const char *code, const char *period, json_t *values, const char *now,
    long *n_values, struct errinfo *ei)
{
	struct rep_value *vals = rep_values_new(f, a);
	struct db_stmt *st;
	char name[SLOTS_MAX];
	int64_t id;
	enum err e;

	if ((e = rep_values_from_json(f, "commune", values, a, vals, NULL,
	    ei)) != ERR_OK)
		return e;
	rep_values_compute(f, vals);
	if ((e = rep_validate(f, "commune", vals, false, a, NULL, NULL, NULL,
	    ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_REP_REPORT_INSERT);
	db_bind_text(st, 1, f->id);
	db_bind_int(st, 2, f->version);
	db_bind_text(st, 3, "2025");
	db_bind_text(st, 4, code);
	db_bind_text(st, 5, period);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, now);
	if (db_step(st, ei) != 1)
		return ERR_DB;
	id = db_col_int(st, 0);
	db_end_reads(db);
	for (size_t s = 0; s < f->n_slots; s++) {
		json_t *j;
		char *lit;

		if (!slot_entered(f, s) || !vals[s].present)
			continue;
		j = rep_value_json(f, s, &vals[s]);
		lit = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
		json_decref(j);
		rep_slot_name(f, s, name, sizeof(name));
		st = db_stmt(db, STMT_REP_VALUE_UPSERT);
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, lit);
		db_bind_text(st, 4, now);
		if ((e = db_exec(st, ei)) != ERR_OK) {
			free(lit);
			return e;
		}
		st = db_stmt(db, STMT_REP_VALUE_HISTORY_ADD);
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, NULL);
		db_bind_text(st, 4, lit);
		db_bind_text(st, 5, now);
		audit_bind_actor(st, 6, &bench_actor);
		db_bind_text(st, 7, bench_actor.role);
		db_bind_text(st, 8, bench_actor.structure);
		db_bind_text(st, 9, bench_actor.unit_code);
		db_bind_text(st, 10, "draft");
		free(lit);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
		(*n_values)++;
	}
	return rep_pack_write(db, f, id, vals, ei);
}

/* The national aggregate of form and period through the store. */
static json_t *
national(struct db *db, const char *form, const char *period)
{
	struct errinfo ei;
	json_t *out = NULL;

	if (rep_aggregate_get(db, form, "2025", "VN", period, "vi", &out,
	    &ei) != ERR_OK)
		return NULL;
	return out;
}

/* Through the writer, for three communes of period: the same values
 * again change nothing; a change and its undoing leave the national
 * aggregate as it was.  *same (0/1). */
static enum err
writer_check(struct db *db, const char *form, const struct unit_list *l,
    int m, const char *period, int *same, struct errinfo *ei)
{
	json_t *before = national(db, form, period), *after, *out;
	const struct rep_form *f;
	long changed = 0;
	enum err e = ERR_OK;

	for (size_t k = 0; k < 3 && k < l->n && e == ERR_OK; k++) {
		const char *code = l->items[k * (l->n / 3)].code;
		json_t *v = month_values(code, m, 0);

		e = rep_report_put(db, &bench_actor, form, "2025", code, period,
		    v, "vi", &out, NULL, ei);
		json_decref(v);
		if (e != ERR_OK)
			break;
		changed += (long)json_object_size(json_object_get(out,
		    "changed"));
		json_decref(out);
		v = month_values(code, m, 3);
		if ((e = rep_report_put(db, &bench_actor, form, "2025", code,
		    period, v, "vi", NULL, NULL, ei)) == ERR_OK) {
			json_decref(v);
			v = month_values(code, m, 0);
			e = rep_report_put(db, &bench_actor, form, "2025", code,
			    period, v, "vi", NULL, NULL, ei);
		}
		json_decref(v);
	}
	after = national(db, form, period);
	/* The writer also stores the platform's figures (rep_auto.h), which
	 * the bulk fill leaves out: compared on the entered elements. */
	if (rep_form_load(db, form, 0, &f, ei) == ERR_OK)
		for (size_t i = 0; i < f->n_elements; i++)
			if (f->elements[i].auto_source != REP_AUTO_NONE) {
				if (before != NULL)
					json_object_del(json_object_get(before,
					    "values"), f->elements[i].id);
				if (after != NULL)
					json_object_del(json_object_get(after,
					    "values"), f->elements[i].id);
			}
	*same = e == ERR_OK && changed == 0 && before != NULL &&
	    after != NULL && json_equal(json_object_get(before, "values"),
	    json_object_get(after, "values"));
	json_decref(before);
	json_decref(after);
	return e;
}

static int
run_fill(struct db *db, int ac, char **av)
{
	const char *form_id = av[0];
	long year = parse_long(av[1], 2000, 2100);
	long months = parse_long(av[2], 1, MONTHS_MAX);
	struct arena *a = arena_new(1 << 20), *ra;
	const struct rep_form *f;
	struct unit_list l;
	struct errinfo ei;
	char period[32], now[32];
	long n_values = 0, reports = 0, rebuilt;
	double t0, raw_ms = 0, rebuild_ms = 0;
	int same = 0;
	enum err e;

	(void)ac;
	err_clear(&ei);
	if (year < 0 || months < 0)
		return 2;
	if ((e = rep_form_load(db, form_id, 0, &f, &ei)) != ERR_OK ||
	    (e = communes(db, a, NULL, UNITS_MAX, &l, &ei)) != ERR_OK)
		return fail("fill", &ei);
	stamp_now(now);
	for (int m = 1; m <= months; m++) {
		snprintf(period, sizeof(period), "%ld-%02d", year, m);
		t0 = now_ms();
		if ((e = db_begin(db, &ei)) != ERR_OK)
			return fail("fill", &ei);
		ra = arena_new(1 << 20);
		for (size_t i = 0; i < l.n && e == ERR_OK; i++) {
			json_t *v = month_values(l.items[i].code, m, 0);

			e = put_raw(db, ra, f, l.items[i].code, period, v, now,
			    &n_values, &ei);
			json_decref(v);
			if (i % 500 == 499) {
				arena_free(ra);
				ra = arena_new(1 << 20);
			}
			reports++;
		}
		arena_free(ra);
		if ((e = db_finish(db, e, &ei)) != ERR_OK)
			return fail("fill", &ei);
		raw_ms += now_ms() - t0;
		t0 = now_ms();
		if ((e = rep_aggregates_rebuild(db, form_id, period, &rebuilt,
		    &ei)) != ERR_OK)
			return fail("rebuild", &ei);
		rebuild_ms += now_ms() - t0;
		fprintf(stderr, "reports_load: %s: %zu reports, %ld rebuilt "
		    "(%.1f s so far)\n", period, l.n, rebuilt, (raw_ms +
		    rebuild_ms) / 1e3);
	}
	snprintf(period, sizeof(period), "%ld-%02ld", year, months);
	if ((e = writer_check(db, form_id, &l, (int)months, period, &same,
	    &ei)) != ERR_OK)
		return fail("writer check", &ei);
	printf("bench-reports-fill units=%zu reports=%ld values=%ld "
	    "raw_s=%.2f rebuild_s=%.2f same_as_writer=%s\n", l.n, reports,
	    n_values, raw_ms / 1e3, rebuild_ms / 1e3, same ? "yes" : "NO");
	arena_free(a);
	return same ? 0 : 1;
}

/* ---- cold ---- */

/*
 * The national aggregate of form f for period (a month, or the year) from
 * the reports themselves (rep_cold_national: one row a report, its pack);
 * *ms the time, *rows the reports read; figures into out.
 */
static enum err
cold_once(struct db *db, const struct rep_form *f, const char *period,
    struct rep_value *out, double *ms, long *rows, struct errinfo *ei)
{
	struct rep_period p;
	double t0 = now_ms();
	enum err e;

	if ((e = rep_period_parse(period, "period", &p, ei)) != ERR_OK)
		return e;
	e = rep_cold_national(db, f, &p, out, rows, ei);
	*ms = now_ms() - t0;
	return e;
}

static double
slot_num(const struct rep_form *f, const struct rep_value *v,
    const char *name)
{
	long s = rep_slot(f, name);

	return s >= 0 && v[s].present ? v[s].num : NAN;
}

/* The sum of a broken-down element's categories in a values object. */
static double
json_parts_sum(json_t *values, const char *element)
{
	json_t *parts = json_object_get(values, element), *v;
	const char *k;
	double sum = 0;

	if (!json_is_object(parts))
		return NAN;
	json_object_foreach(parts, k, v)
		sum += json_number_value(v);
	return sum;
}

static int
run_cold(struct db *db, int ac, char **av)
{
	long year = parse_long(av[1], 2000, 2100);
	long runs = ac > 2 ? parse_long(av[2], 1, 1000) : 5;
	long month = ac > 3 ? parse_long(av[3], 1, 12) : 12;
	long last = ac > 4 ? parse_long(av[4], 1, 12) : 12;
	struct arena *a = arena_new(64 * 1024);
	const struct rep_form *f;
	struct rep_value *vals;
	struct errinfo ei;
	double *t, first = 0, mfirst = 0, ms, *tm, year_disbursed, mval;
	long rows = 0, mrows = 0;
	json_t *maint;
	char period[32];

	err_clear(&ei);
	if (year < 0 || runs < 0 || month < 0 || last < 0)
		return 2;
	if (rep_form_load(db, av[0], 0, &f, &ei) != ERR_OK)
		return fail("cold", &ei);
	vals = rep_values_new(f, a);
	t = calloc((size_t)runs, sizeof(*t));
	tm = calloc((size_t)runs, sizeof(*tm));
	for (long r = 0; r < runs; r++) {
		snprintf(period, sizeof(period), "%ld", year);
		if (cold_once(db, f, period, vals, &ms, &rows, &ei) != ERR_OK)
			return fail("cold", &ei);
		t[r] = ms;
		if (r == 0)
			first = ms;
	}
	year_disbursed = slot_num(f, vals, "capital_disbursed");
	for (long r = 0; r < runs; r++) {
		snprintf(period, sizeof(period), "%ld-%02ld", year, month);
		if (cold_once(db, f, period, vals, &ms, &mrows, &ei) != ERR_OK)
			return fail("cold", &ei);
		tm[r] = ms;
		if (r == 0)
			mfirst = ms;
	}
	/* Cold against maintained: the month alone against its aggregate;
	 * the year (capital: its last month's figures) against the
	 * aggregate of month last, the last month filled. */
	snprintf(period, sizeof(period), "%ld-%02ld", year, month);
	maint = national(db, av[0], period);
	mval = maint ? json_parts_sum(json_object_get(maint, "values"),
	    "capital_disbursed") : NAN;
	json_decref(maint);
	snprintf(period, sizeof(period), "%ld-%02ld", year, last);
	maint = national(db, av[0], period);
	printf("bench-reports-cold rows=%ld first_ms=%.1f median_ms=%.1f "
	    "month_rows=%ld month_first_ms=%.1f month_median_ms=%.1f "
	    "year_disbursed=%.0f last_maintained_disbursed=%.0f "
	    "month_disbursed=%.0f month_maintained_disbursed=%.0f\n", rows,
	    first, median(t, (size_t)runs), mrows, mfirst, median(tm,
	    (size_t)runs), year_disbursed, maint ? json_parts_sum(
	    json_object_get(maint, "values"), "capital_disbursed") : NAN,
	    slot_num(f, vals, "capital_disbursed"), mval);
	json_decref(maint);
	free(t);
	free(tm);
	arena_free(a);
	return 0;
}

/* ---- maintained ---- */

static int
run_maintained(struct db *db, int ac, char **av)
{
	long runs = ac > 2 ? parse_long(av[2], 1, 1000000) : 1000;
	struct errinfo ei;
	double *t, sum = 0, t0;
	json_t *out;

	err_clear(&ei);
	if (runs < 0)
		return 2;
	t = calloc((size_t)runs, sizeof(*t));
	for (long r = 0; r < runs; r++) {
		t0 = now_ms();
		if (rep_aggregate_get(db, av[0], "2025", "VN", av[1], "vi",
		    &out, &ei) != ERR_OK)
			return fail("maintained", &ei);
		t[r] = now_ms() - t0;
		sum += t[r];
		if (r + 1 < runs)
			json_decref(out);
	}
	printf("bench-reports-maintained runs=%ld median_ms=%.4f mean_ms=%.4f "
	    "reports=%lld\n", runs, median(t, (size_t)runs), sum / (double)runs,
	    (long long)json_integer_value(json_object_get(out, "reports")));
	json_decref(out);
	free(t);
	return 0;
}

/* ---- xlsx ---- */

static int
run_xlsx(struct db *db, int ac, char **av)
{
	long n = ac > 3 ? parse_long(av[3], 1, 1000) : 100;
	struct arena *a = arena_new(1 << 20);
	const struct rep_form *f;
	struct rep_xlsx_unit *xu;
	struct rep_xlsx_options opt = { 0 };
	struct rep_xlsx_result res = { 0 };
	struct rep_problems pr;
	struct rep_period p;
	struct unit prov;
	struct unit_list l;
	struct errinfo ei;
	struct buf out;
	double t0, write_ms, read_ms, store_ms;
	long changed = 0;
	enum err e;

	err_clear(&ei);
	if (n < 0)
		return 2;
	if (rep_form_load(db, av[0], 0, &f, &ei) != ERR_OK ||
	    units_get(db, a, "2025", av[1], &prov, &ei) != ERR_OK ||
	    communes(db, a, av[1], (size_t)n, &l, &ei) != ERR_OK ||
	    rep_period_parse(av[2], "period", &p, &ei) != ERR_OK)
		return fail("xlsx", &ei);
	xu = arena_alloc(a, l.n * sizeof(*xu));
	for (size_t i = 0; i < l.n; i++) {
		struct rep_value *vals = rep_values_new(f, a);
		json_t *v = month_values(l.items[i].code, p.index, 1);

		if (rep_values_from_json(f, "commune", v, a, vals, NULL, &ei) !=
		    ERR_OK)
			return fail("xlsx values", &ei);
		json_decref(v);
		rep_values_compute(f, vals);
		xu[i].name = l.items[i].full_name;
		xu[i].ref = arena_printf(a, "2025:%s", l.items[i].code);
		xu[i].level = "commune";
		xu[i].period = p;
		xu[i].vals = vals;
	}
	opt.scope_name = prov.full_name;
	buf_init(&out, 64u << 20);
	t0 = now_ms();
	if (rep_xlsx_write(f, "vi", xu, l.n, &opt, &out, &ei) != ERR_OK)
		return fail("xlsx write", &ei);
	write_ms = now_ms() - t0;
	/* The upload, as a route stores it. */
	t0 = now_ms();
	rep_problems_init(&pr, a, 200);
	if ((e = rep_xlsx_read(f, out.data, out.len, a, &res, &pr, &ei)) !=
	    ERR_OK)
		return fail("xlsx read", &ei);
	read_ms = now_ms() - t0;
	/* Everything stored or nothing: one transaction the saves join. */
	if (db_begin(db, &ei) != ERR_OK)
		return fail("xlsx store", &ei);
	for (size_t i = 0; i < res.n; i++) {
		const char *code = strchr(res.reports[i].unit_ref, ':');
		char period[REP_PERIOD_TEXT];
		json_t *view;

		rep_period_format(&res.reports[i].period, period);
		if (rep_report_put(db, &bench_actor, av[0], "2025", code + 1,
		    period, res.reports[i].values, "vi", &view, &pr, &ei) !=
		    ERR_OK) {
			db_finish(db, ERR_INVALID, &ei);
			return fail("xlsx store", &ei);
		}
		changed += json_object_size(json_object_get(view, "changed")) >
		    0;
		json_decref(view);
	}
	if (db_finish(db, ERR_OK, &ei) != ERR_OK)
		return fail("xlsx commit", &ei);
	store_ms = now_ms() - t0;
	printf("bench-reports-xlsx units=%zu bytes=%zu write_ms=%.1f "
	    "read_ms=%.1f stored_ms=%.1f reports_changed=%ld\n", res.n, out.len,
	    write_ms, read_ms, store_ms, changed);
	rep_xlsx_result_free(&res);
	buf_free(&out);
	arena_free(a);
	return 0;
}

static const struct mode {
	const char *name;
	int min, max;
	int (*fn)(struct db *, int, char **);
} modes[] = {
	{ "setup", 1, 1, run_setup },
	{ "fill", 3, 3, run_fill },
	{ "cold", 2, 5, run_cold },
	{ "maintained", 2, 3, run_maintained },
	{ "xlsx", 3, 4, run_xlsx },
};

int
main(int argc, char **argv)
{
	const struct mode *m = NULL;
	struct db *db = NULL;
	struct errinfo ei;
	int rc;

	for (size_t i = 0; argc >= 3 && i < sizeof(modes) / sizeof(*modes); i++)
		if (strcmp(argv[2], modes[i].name) == 0)
			m = &modes[i];
	if (m == NULL || argc - 3 < m->min || argc - 3 > m->max)
		goto usage;
	if (sodium_init() < 0) {
		fputs("reports_load: libsodium failed to start\n", stderr);
		return 1;
	}
	err_clear(&ei);
	if (cli_open_db(argv[1], &db, &ei) != ERR_OK)
		return fail(argv[1], &ei);
	rc = m->fn(db, argc - 3, argv + 3);
	db_close(db);
	if (rc != 2)
		return rc;
usage:
	fprintf(stderr, "usage: reports_load DB setup PASSWORD\n"
	    "       reports_load DB fill FORM YEAR MONTHS\n"
	    "       reports_load DB cold FORM YEAR [RUNS] [MONTH] [LAST]\n"
	    "       reports_load DB maintained FORM PERIOD [RUNS]\n"
	    "       reports_load DB xlsx FORM PROVINCE PERIOD [N]\n");
	return 2;
}
