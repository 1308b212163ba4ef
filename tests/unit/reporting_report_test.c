/*
 * reporting_report_test.c - reports in the database (rep_report.h,
 * migration 0012): after many writes - new reports, rewrites, cleared
 * values, communes of two provinces, and pre-2025 communes (one split
 * among 2 and one among 4 new ones) carried through the lineage - the
 * aggregates maintained write by write equal those rebuilt from the raw
 * values; a split commune counts exactly once in the province and the
 * nation that hold all its parts; a refused write changes nothing; an
 * approved report is locked (409).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_cold.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"
#include "domain/workflow/workflow.h"
#include "reptestdb.h"

/* A form of pre-2025 communes (the lineage carries it into 2025). */
static const char old_form[] =
    "{\"format\": \"ntm-form/1\", \"id\": \"t-old\", \"version\": 1,"
    " \"title\": \"Biểu thử (trước 2025)\","
    " \"legal_basis\": [{\"document\": \"thử\"}],"
    " \"period_type\": \"month\", \"levels\": [\"commune\", \"province\"],"
    " \"structure\": \"pre2025\", \"years\": {\"from\": 2024, \"to\": 2025},"
    " \"due_days\": 5,"
    " \"breakdowns\": [{\"id\": \"src\", \"name\": \"Nguồn\", \"categories\": ["
    "   {\"id\": \"a\", \"name\": \"A\"}, {\"id\": \"b\", \"name\": \"B\"}]}],"
    " \"elements\": ["
    "  {\"id\": \"money\", \"name\": \"Vốn\", \"kind\": \"money\","
    "   \"breakdown\": \"src\", \"aggregate\": \"sum\"},"
    "  {\"id\": \"rate\", \"name\": \"Tỷ lệ\", \"kind\": \"percent\","
    "   \"aggregate\": \"average\", \"weight\": \"works\"},"
    "  {\"id\": \"works\", \"name\": \"Công trình\", \"kind\": \"number\","
    "   \"aggregate\": \"sum\"}],"
    " \"rules\": [{\"id\": \"r\", \"check\": \"[works] <= 1000\","
    "   \"message\": \"Quá nhiều\", \"message_en\": \"Too many\","
    "   \"blocking\": true}]}";

static int
setup(void **state)
{
	struct errinfo ei;
	int n;

	if (rep_fx_setup(state, "repreport", old_form, false) != 0)
		return -1;
	return wf_import_dir(((struct fx *)*state)->db, "procedures", NULL,
	    &n, &ei) == ERR_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	wf_cache_free();
	return rep_fx_teardown(state);
}

static enum err
put(struct fx *f, const char *form, const char *s, const char *c,
    const char *period, json_t *values)
{
	struct errinfo ei;
	json_t *out = NULL;
	enum err e = rep_report_put(f->db, &officer, form, s, c, period, values,
	    "vi", &out, NULL, &ei);

	json_decref(values);
	json_decref(out);
	return e;
}

/* The dump of form and period, without rows that hold nothing (a value
 * written and then cleared leaves zeros a rebuild does not make). */
static json_t *
dump(struct fx *f, const char *form, const char *period)
{
	struct errinfo ei;
	json_t *all, *kept = json_array(), *row;
	size_t i;

	assert_int_equal(rep_aggregates_dump(f->db, form, period, &all, &ei),
	    ERR_OK);
	json_array_foreach(all, i, row)
		if (json_integer_value(json_object_get(row, "n")) != 0 ||
		    fabs(json_real_value(json_object_get(row, "num"))) > 1e-6 ||
		    fabs(json_real_value(json_object_get(row, "den"))) > 1e-6)
			json_array_append(kept, row);
	json_decref(all);
	return kept;
}

static void
assert_same(json_t *a, json_t *b)
{
	size_t i;

	assert_int_equal(json_array_size(a), json_array_size(b));
	for (i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i), *y = json_array_get(b, i);
		double xn = json_real_value(json_object_get(x, "num"));
		double yn = json_real_value(json_object_get(y, "num"));
		double xd = json_real_value(json_object_get(x, "den"));
		double yd = json_real_value(json_object_get(y, "den"));

		assert_string_equal(json_string_value(json_object_get(x,
		    "code")), json_string_value(json_object_get(y, "code")));
		assert_string_equal(json_string_value(json_object_get(x,
		    "slot")), json_string_value(json_object_get(y, "slot")));
		assert_int_equal(json_integer_value(json_object_get(x, "n")),
		    json_integer_value(json_object_get(y, "n")));
		assert_true(fabs(xn - yn) <= 1e-6 * fmax(1, fabs(yn)));
		assert_true(fabs(xd - yd) <= 1e-9 * fmax(1, fabs(yd)));
	}
}

/* The aggregate figure of slot (element, category or NULL) of a unit. */
static double
figure(struct fx *f, const char *form, const char *s, const char *c,
    const char *period, const char *el, const char *cat)
{
	struct errinfo ei;
	json_t *out, *v;
	double x;

	assert_int_equal(rep_aggregate_get(f->db, form, s, c, period, "vi",
	    &out, &ei), ERR_OK);
	v = json_object_get(json_object_get(out, "values"), el);
	if (cat != NULL)
		v = json_object_get(v, cat);
	x = v == NULL ? NAN : json_number_value(v);
	json_decref(out);
	return x;
}

/* The same figure of the nation computed cold from the reports. */
static double
cold(struct fx *f, const char *form, const char *period, const char *el,
    const char *cat, long *reports)
{
	struct arena *a = arena_new(4096);
	const struct rep_form *fm;
	struct rep_period p;
	struct rep_value *v;
	struct errinfo ei;
	char name[80];
	long slot;
	double x;

	assert_int_equal(rep_form_load(f->db, form, 0, &fm, &ei), ERR_OK);
	assert_int_equal(rep_period_parse(period, "period", &p, &ei), ERR_OK);
	v = rep_values_new(fm, a);
	assert_int_equal(rep_cold_national(f->db, fm, &p, v, reports, &ei),
	    ERR_OK);
	snprintf(name, sizeof(name), "%s%s%s", el, cat ? "." : "",
	    cat ? cat : "");
	slot = rep_slot(fm, name);
	assert_true(slot >= 0);
	x = v[slot].present ? v[slot].num : NAN;
	arena_free(a);
	return x;
}

/* Cold and maintained agree on every figure named (NaN = NaN). */
static void
assert_cold_is_maintained(struct fx *f, const char *form, const char *period,
    const char *const *names, long want_reports)
{
	long reports;

	for (size_t i = 0; names[i] != NULL; i += 2) {
		double m = figure(f, form, "2025", "VN", period, names[i],
		    names[i + 1]);
		double c = cold(f, form, period, names[i], names[i + 1],
		    &reports);

		if (isnan(m))
			assert_true(isnan(c));
		else
			assert_true(fabs(m - c) <= 1e-6 * fmax(1, fabs(m)));
		assert_int_equal(reports, want_reports);
	}
}

static void
test_pack_round_trip(void **state)
{
	struct fx *f = *state;
	struct arena *a = arena_new(4096);
	const struct rep_form *fm;
	struct rep_value *in, *out;
	struct errinfo ei;
	unsigned char *p;
	size_t len;

	assert_int_equal(rep_form_load(f->db, "t-old", 0, &fm, &ei), ERR_OK);
	in = rep_values_new(fm, a);
	out = rep_values_new(fm, a);
	in[0].present = true;
	in[0].num = -1234567.25;
	in[fm->n_slots - 1].present = true;
	in[fm->n_slots - 1].num = 1e15 + 1;
	p = rep_pack(fm, in, a, &len);
	assert_int_equal(len, fm->n_slots * 8);
	/* little-endian whatever the machine: -1234567.25 is C132D687A0000000 */
	assert_int_equal(p[7], 0xC1);
	assert_int_equal(p[0], 0x00);
	assert_true(rep_unpack(fm, p, len, out));
	for (size_t s = 0; s < fm->n_slots; s++) {
		assert_int_equal(out[s].present, in[s].present);
		if (in[s].present)
			assert_true(out[s].num == in[s].num);
	}
	assert_false(rep_unpack(fm, p, len - 8, out));
	arena_free(a);
}

static void
test_maintained_equals_rebuilt(void **state)
{
	struct fx *f = *state;
	static const char *const hn[] = { "00376", "00382", "00385", "00430",
		"00433" };
	static const char *const dn[] = { "20308" };
	struct errinfo ei;
	json_t *kept, *rebuilt;
	long n;
	double sum = 0;

	/* 60 writes: new, rewritten, cleared, in two provinces */
	for (int i = 0; i < 60; i++) {
		const char *c = i % 7 == 6 ? dn[0] : hn[i % 5];
		json_t *v = json_pack("{s:{s:I, s:o}, s:o, s:o}",
		    "capital_allocated", "central", (json_int_t)(1000000 +
		    i * 12345), "local", i % 4 == 0 ? json_null() :
		    json_integer(i * 10), "works_started", i % 6 == 0 ?
		    json_null() : json_integer(i), "works_completed",
		    json_integer(0));

		assert_int_equal(put(f, "ntm-tien-do-thang", "2025", c,
		    "2026-03", v), ERR_OK);
	}
	kept = dump(f, "ntm-tien-do-thang", "2026-03");
	assert_true(json_array_size(kept) > 0);
	assert_int_equal(rep_aggregates_rebuild(f->db, "ntm-tien-do-thang",
	    "2026-03", &n, &ei), ERR_OK);
	assert_int_equal(n, 6);
	rebuilt = dump(f, "ntm-tien-do-thang", "2026-03");
	assert_same(kept, rebuilt);
	json_decref(kept);
	json_decref(rebuilt);

	/* the last write of each commune is what the nation sums */
	for (int k = 0; k < 6; k++) {
		int last = -1;

		for (int i = 0; i < 60; i++)
			if ((i % 7 == 6 ? 5 : i % 5) == k)
				last = i;
		sum += 1000000 + last * 12345;
	}
	assert_true(fabs(figure(f, "ntm-tien-do-thang", "2025", "VN",
	    "2026-03", "capital_allocated", "central") - sum) < 0.5);

	/* cold, from the reports' packs, the month and then the year: May
	 * for three of the six communes (capital is cumulative: the year
	 * takes each commune's latest month) */
	static const char *const names[] = { "capital_allocated", "central",
		"capital_allocated", "local", "works_started", NULL,
		"works_completed", NULL, NULL };
	assert_cold_is_maintained(f, "ntm-tien-do-thang", "2026-03", names, 6);
	for (int k = 0; k < 3; k++)
		assert_int_equal(put(f, "ntm-tien-do-thang", "2025", hn[k],
		    "2026-05", json_pack("{s:{s:I}, s:I}", "capital_allocated",
		    "central", (json_int_t)(5000000 + k), "works_started",
		    (json_int_t)(k + 1))), ERR_OK);
	assert_cold_is_maintained(f, "ntm-tien-do-thang", "2026", names, 9);
	assert_cold_is_maintained(f, "ntm-tien-do-thang", "2026Q2", names, 3);

	/* ntm forms check: none differs, until a maintained row is wrong */
	json_t *out;

	assert_int_equal(rep_cold_check(f->db, "ntm-tien-do-thang", "2026",
	    &out, &ei), ERR_OK);
	assert_int_equal(json_array_size(json_object_get(out, "differences")),
	    0);
	assert_int_equal(json_integer_value(json_object_get(out, "reports")),
	    9);
	json_decref(out);
	assert_int_equal(db_exec_script(f->db, "UPDATE rep_aggregate SET num = "
	    "num + 7 WHERE structure = '2025' AND code = 'VN' AND period = "
	    "'2026-05' AND slot = 'works_started'", &ei), ERR_OK);
	assert_int_equal(rep_cold_check(f->db, "ntm-tien-do-thang", "2026",
	    &out, &ei), ERR_OK);
	assert_int_equal(json_array_size(json_object_get(out, "differences")),
	    1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    out, "differences"), 0)), "works_started");
	json_decref(out);
}

static void
test_lineage(void **state)
{
	struct fx *f = *state;
	/* 00016 split between 2 new communes, 00019 among 4, 10411 whole */
	static const char *const old[] = { "00016", "00019", "10411" };
	struct errinfo ei;
	json_t *kept, *rebuilt;
	long n;

	for (int i = 0; i < 12; i++) {
		json_t *v = json_pack("{s:{s:I, s:I}, s:f, s:I}", "money", "a",
		    (json_int_t)(100 + i), "b", (json_int_t)7, "rate",
		    10.0 + i, "works", (json_int_t)(i % 3 + 1));

		assert_int_equal(put(f, "t-old", "pre2025", old[i % 3],
		    "2025-03", v), ERR_OK);
	}
	kept = dump(f, "t-old", "2025-03");
	assert_int_equal(rep_aggregates_rebuild(f->db, "t-old", "2025-03", &n,
	    &ei), ERR_OK);
	assert_int_equal(n, 3);
	rebuilt = dump(f, "t-old", "2025-03");
	assert_same(kept, rebuilt);
	json_decref(kept);
	json_decref(rebuilt);

	/* last writes: i = 9, 10, 11 -> money.a 109 + 110 + 111; each
	 * commune counts once in Hà Nội (2025) and in the old structure */
	assert_true(fabs(figure(f, "t-old", "2025", "01", "2025-03", "money",
	    "a") - 330) < 1e-6);
	assert_true(fabs(figure(f, "t-old", "2025", "VN", "2025-03", "money",
	    "a") - 330) < 1e-6);
	assert_true(fabs(figure(f, "t-old", "pre2025", "01", "2025-03",
	    "money", "a") - 330) < 1e-6);
	/* the weighted average: weights works 1, 2, 3 of the last writes */
	assert_true(fabs(figure(f, "t-old", "2025", "01", "2025-03", "rate",
	    NULL) - (19.0 * 1 + 20.0 * 2 + 21.0 * 3) / 6) < 1e-9);

	/* cold: the pre-2025 communes carried into the 2025 nation */
	static const char *const names[] = { "money", "a", "money", "b",
		"rate", NULL, "works", NULL, NULL };
	assert_cold_is_maintained(f, "t-old", "2025-03", names, 3);
}

/* One binding principal (the approval's callers). */
static struct principal
one_role(enum role role, const char *code)
{
	struct principal p;

	memset(&p, 0, sizeof(p));
	p.user_id = 0;
	p.username = "t";
	p.full_name = "T";
	p.nroles = 1;
	p.roles[0].role = role;
	p.roles[0].structure = "2025";
	p.roles[0].unit_code = code;
	return p;
}

static enum err
act(struct fx *f, const struct principal *p, const char *action,
    struct errinfo *ei)
{
	struct rep_approval_req req = { action, NULL, -1 };
	json_t *out = NULL;
	enum err e = rep_approval_act(f->db, p, "t-old", "pre2025", "10411",
	    "2025-03", &req, "vi", &out, NULL, ei);

	json_decref(out);
	return e;
}

/* A pre-2025 commune's report (test_lineage saved 10411's March): its
 * commune and district are abolished, so the 2025 commune its area went
 * into submits for it and that commune's province approves; another
 * commune may not (the approval procedure's "successors_act"). */
static void
test_pre2025_approval_by_successors(void **state)
{
	struct fx *f = *state;
	struct arena *a = arena_new(4096);
	struct unit_link *succ;
	struct unit nu;
	struct principal commune, province, other;
	struct errinfo ei;
	size_t ns;

	assert_int_equal(units_successors(f->db, a, "pre2025", "10411", &succ,
	    &ns, &ei), ERR_OK);
	assert_true(ns >= 1);
	assert_int_equal(units_get(f->db, a, "2025", succ[0].code, &nu, &ei),
	    ERR_OK);
	commune = one_role(ROLE_COMMUNE_OFFICER, nu.code);
	province = one_role(ROLE_PROVINCE_OFFICER, nu.parent_code);
	other = one_role(ROLE_COMMUNE_OFFICER, strcmp(nu.code, "00376") == 0 ?
	    "00382" : "00376");
	assert_int_equal(act(f, &other, "submit", &ei), ERR_FORBIDDEN);
	assert_int_equal(act(f, &province, "submit", &ei), ERR_FORBIDDEN);
	assert_int_equal(act(f, &commune, "submit", &ei), ERR_OK);
	assert_int_equal(act(f, &commune, "approve", &ei), ERR_FORBIDDEN);
	assert_int_equal(act(f, &province, "approve", &ei), ERR_OK);
	arena_free(a);
}

static void
test_refused_writes_nothing(void **state)
{
	struct fx *f = *state;
	json_t *before, *after;
	struct rep_problems pr;
	struct arena *a = arena_new(4096);
	struct errinfo ei;
	json_t *out = NULL, *v;

	assert_int_equal(put(f, "t-old", "pre2025", "10411", "2025-04",
	    json_pack("{s:I}", "works", (json_int_t)3)), ERR_OK);
	before = dump(f, "t-old", "2025-04");
	rep_problems_init(&pr, a, 10);
	v = json_pack("{s:I, s:{s:I}}", "works", (json_int_t)5000, "money",
	    "a", (json_int_t)-1);
	assert_int_equal(rep_report_put(f->db, &officer, "t-old", "pre2025",
	    "10411", "2025-04", v, "vi", &out, &pr, &ei), ERR_INVALID);
	assert_null(out);
	assert_int_equal(pr.n, 1);	/* the value first; rules on sound ones */
	json_decref(v);
	v = json_pack("{s:I}", "works", (json_int_t)5000);
	rep_problems_init(&pr, a, 10);
	assert_int_equal(rep_report_put(f->db, &officer, "t-old", "pre2025",
	    "10411", "2025-04", v, "vi", &out, &pr, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "reporting.rule_violated");
	assert_string_equal(ei.field, "values.works");
	json_decref(v);
	after = dump(f, "t-old", "2025-04");
	assert_same(before, after);
	json_decref(before);
	json_decref(after);
	arena_free(a);
}

/* An approved report is locked: 409 naming the state, nothing written
 * (the approval itself comes with the workflow; the state is set here). */
static void
test_approved_is_locked(void **state)
{
	struct fx *f = *state;
	struct errinfo ei;
	json_t *before, *after, *out = NULL, *v;

	assert_int_equal(put(f, "t-old", "pre2025", "10423", "2025-05",
	    json_pack("{s:I}", "works", (json_int_t)2)), ERR_OK);
	assert_int_equal(db_exec_script(f->db, "UPDATE rep_report SET state = "
	    "'approved' WHERE code = '10423' AND period = '2025-05';", &ei),
	    ERR_OK);
	before = dump(f, "t-old", "2025-05");
	v = json_pack("{s:I}", "works", (json_int_t)9);
	assert_int_equal(rep_report_put(f->db, &officer, "t-old", "pre2025",
	    "10423", "2025-05", v, "vi", &out, NULL, &ei), ERR_CONFLICT);
	assert_string_equal(ei.code, "reporting.approved");
	assert_string_equal(ei.field, "state");
	json_decref(v);
	after = dump(f, "t-old", "2025-05");
	assert_same(before, after);
	json_decref(before);
	json_decref(after);
	assert_int_equal(rep_report_get(f->db, "t-old", "pre2025", "10423",
	    "2025-05", "vi", &out, &ei), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out,
	    "values"), "works")), 2);
	assert_int_equal(json_integer_value(json_object_get(out,
	    "history_total")), 1);
	json_decref(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pack_round_trip),
		cmocka_unit_test(test_maintained_equals_rebuilt),
		cmocka_unit_test(test_lineage),
		cmocka_unit_test(test_pre2025_approval_by_successors),
		cmocka_unit_test(test_refused_writes_nothing),
		cmocka_unit_test(test_approved_is_locked),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
