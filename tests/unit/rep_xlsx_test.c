/*
 * rep_xlsx_test.c - unit tests for domain/reporting/rep_xlsx.c: the
 * template of the shipped monthly form for three communes written and
 * read back equal; cells edited in the test by rewriting the sheet's XML
 * inside the zip (libzip), as a person editing in Excel would leave them -
 * a valid edit read as the new value, and every bad cell (text where a
 * number goes, a negative amount, a formula in an input cell, a removed
 * marker, a computed cell that disagrees) listed at once with its sheet
 * and cell, nothing returned; files that are not workbooks keep
 * xlsxread's error kind; a 100-commune template written and read back,
 * timed (printed; the target is a 100-commune upload stored in
 * under 2 s).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "core/buf.h"
#include "domain/reporting/rep_xlsx.h"
#include "domain/xlsxfile/xlsxread.h"

#define SHEET_PART	"xl/worksheets/sheet1.xml"

static struct rep_form *
load(const char *path)
{
	struct buf b;
	struct rep_form *f = NULL;
	struct errinfo ei;

	buf_init(&b, REP_DOC_MAX);
	assert_int_equal(buf_read_file(&b, path), ERR_OK);
	assert_int_equal(rep_form_parse(buf_cstr(&b), b.len, &f, NULL, &ei),
	    ERR_OK);
	buf_free(&b);
	return f;
}

/* Computed values from a JSON text of entered values of a unit of level. */
static struct rep_value *
values_at(const struct rep_form *f, struct arena *a, const char *level,
    const char *json)
{
	json_error_t je;
	json_t *o = json_loads(json, 0, &je);
	struct rep_value *v = rep_values_new(f, a);
	struct errinfo ei;

	assert_non_null(o);
	if (rep_values_from_json(f, level, o, a, v, NULL, &ei) != ERR_OK)
		fail_msg("%s", ei.message);
	json_decref(o);
	rep_values_compute(f, v);
	return v;
}

static struct rep_value *
values(const struct rep_form *f, struct arena *a, const char *json)
{
	return values_at(f, a, "commune", json);
}

static const char *const FILLED =
    "{\"capital_mobilised\": {\"central\": 1500000000, \"local\": 400000000,"
    " \"community\": 25000000},"
    " \"capital_allocated\": {\"central\": 1200000000, \"local\": 300000000},"
    " \"capital_disbursed\": {\"central\": 900000000, \"local\": 150000000},"
    " \"works_started\": 4, \"works_completed\": 2,"
    " \"difficulties\": \"Thiếu vốn đối ứng; giải phóng mặt bằng chậm.\","
    " \"proposals\": \"Đề nghị tỉnh bố trí vốn sớm.\"}";
static const char *const PARTIAL =
    "{\"capital_allocated\": {\"central\": 800000000},"
    " \"capital_disbursed\": {\"central\": 100000000}, \"works_started\": 1}";

/* n communes of form f for 2026-07, values of the first two given. */
static struct rep_xlsx_unit *
communes(const struct rep_form *f, struct arena *a, size_t n)
{
	struct rep_xlsx_unit *u = arena_alloc(a, n * sizeof(*u));

	for (size_t i = 0; i < n; i++) {
		u[i].name = arena_printf(a, "Xã Thử %zu", i + 1);
		u[i].ref = arena_printf(a, "2025:%05zu", 100 + i);
		u[i].level = "commune";
		assert_int_equal(rep_period_parse("2026-07", "p", &u[i].period,
		    NULL), ERR_OK);
		u[i].vals = i % 3 == 0 ? values(f, a, FILLED) : i % 3 == 1 ?
		    values(f, a, PARTIAL) : NULL;
	}
	return u;
}

/* ---- editing the sheet's XML inside the zip ---------------------------- */

struct book {
	char path[64];
	char *sheet;		/* the sheet part, NUL-terminated, malloc'd */
};

static void
book_open(struct book *bk, const struct buf *xlsx)
{
	FILE *fp;
	int fd, ze;
	zip_t *z;
	zip_file_t *zf;
	zip_stat_t st;

	snprintf(bk->path, sizeof(bk->path), "/tmp/rep-xlsx-test-XXXXXX");
	assert_true((fd = mkstemp(bk->path)) >= 0);
	assert_non_null(fp = fdopen(fd, "wb"));
	assert_int_equal(fwrite(xlsx->data, 1, xlsx->len, fp), xlsx->len);
	fclose(fp);
	assert_non_null(z = zip_open(bk->path, 0, &ze));
	assert_int_equal(zip_stat(z, SHEET_PART, 0, &st), 0);
	assert_non_null(bk->sheet = malloc(st.size + 1));
	assert_non_null(zf = zip_fopen(z, SHEET_PART, 0));
	assert_int_equal(zip_fread(zf, bk->sheet, st.size), (zip_int64_t)st.size);
	bk->sheet[st.size] = '\0';
	zip_fclose(zf);
	zip_discard(z);
}

/* Replace the cell ref (its whole <c> element) by with ("" removes it). */
static void
set_cell(struct book *bk, const char *ref, const char *with)
{
	char key[32], *p, *end, *n;
	size_t len;

	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	for (p = strstr(bk->sheet, key); p != NULL &&
	    strchr(" />", p[strlen(key)]) == NULL; p = strstr(p + 1, key))
		;
	assert_non_null(p);
	end = strchr(p, '>');
	if (end[-1] == '/')
		end++;
	else
		end = strstr(end, "</c>") + 4;
	len = strlen(bk->sheet) - (size_t)(end - p) + strlen(with) + 1;
	assert_non_null(n = malloc(len));
	memcpy(n, bk->sheet, (size_t)(p - bk->sheet));
	snprintf(n + (p - bk->sheet), len - (size_t)(p - bk->sheet), "%s%s",
	    with, end);
	free(bk->sheet);
	bk->sheet = n;
}

/* Put the edited sheet back; the workbook into out (freed first). */
static void
book_close(struct book *bk, struct buf *out)
{
	int ze;
	zip_t *z;
	zip_source_t *src;

	assert_non_null(z = zip_open(bk->path, 0, &ze));
	assert_non_null(src = zip_source_buffer(z, bk->sheet,
	    strlen(bk->sheet), 1));
	assert_true(zip_file_add(z, SHEET_PART, src, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	buf_free(out);
	buf_init(out, 64u << 20);
	assert_int_equal(buf_read_file(out, bk->path), ERR_OK);
	unlink(bk->path);
	bk->sheet = NULL;
}

/* The sheet row of slot (its marker in column A), found by reading. */
static uint32_t
row_of(const struct buf *xlsx, const char *slot)
{
	struct xlsx_book b;
	struct errinfo ei;
	uint32_t row = 0;

	assert_int_equal(xlsx_read(xlsx->data, xlsx->len, NULL, &b, &ei),
	    ERR_OK);
	for (size_t i = 0; i < b.sheets[0].ncells; i++) {
		const struct xlsx_cell *c = &b.sheets[0].cells[i];

		if (c->col == 1 && strcmp(c->text, slot) == 0)
			row = c->row;
	}
	xlsx_free(&b);
	assert_true(row > 0);
	return row;
}

static const char *
ref_of(char out[16], uint32_t row, uint32_t col)
{
	xlsx_cell_ref(row, col, out);
	return out;
}

/* Is there a problem with code whose message names the sheet and cell? */
static bool
has_problem(const struct rep_problems *pr, const char *code, const char *cell)
{
	char at[64];

	snprintf(at, sizeof(at), "ô %s:", cell);
	for (size_t i = 0; i < pr->n; i++)
		if (strcmp(pr->items[i].code, code) == 0 &&
		    strstr(pr->items[i].message, at) != NULL &&
		    strstr(pr->items[i].message, "trang “Báo cáo”") != NULL &&
		    strcmp(pr->items[i].field, "file") == 0)
			return true;
	return false;
}

static void
print_problems(const struct rep_problems *pr)
{
	for (size_t i = 0; i < pr->n; i++)
		printf("  [%s] %s\n", pr->items[i].code, pr->items[i].message);
}

/* ---- tests ------------------------------------------------------------ */

static void
test_round_trip_three_communes(void **state)
{
	(void)state;
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(65536);
	struct rep_xlsx_unit *u = communes(f, a, 3);
	struct rep_xlsx_options opt = { .scope_name = "Tỉnh Thử" };
	struct rep_xlsx_result res;
	struct rep_problems pr;
	struct errinfo ei;
	struct buf out;

	/* an automatic figure is shown, locked, and not read back */
	struct rep_value *v0 = (struct rep_value *)u[0].vals;
	v0[rep_slot(f, "criteria_met")] = (struct rep_value){ .present = true,
	    .automatic = true, .num = 15 };

	buf_init(&out, 16u << 20);
	assert_int_equal(rep_xlsx_write(f, "vi", u, 3, &opt, &out, &ei),
	    ERR_OK);
	assert_true(out.len > 1000);
	rep_problems_init(&pr, a, 50);
	if (rep_xlsx_read(f, out.data, out.len, a, &res, &pr, &ei) != ERR_OK)
		print_problems(&pr);
	assert_int_equal(pr.n, 0);
	assert_int_equal(res.n, 3);
	for (size_t i = 0; i < 3; i++) {
		const struct rep_xlsx_report *r = &res.reports[i];
		char per[REP_PERIOD_TEXT];

		assert_string_equal(r->unit_ref, u[i].ref);
		assert_string_equal(r->level, "commune");
		assert_string_equal(rep_period_format(&r->period, per),
		    "2026-07");
		assert_int_equal(r->col, REP_XLSX_FIRST_COL + i);
		assert_string_equal(r->sheet, "Báo cáo");
		json_t *got = rep_values_json(f, r->vals);
		json_t *want = u[i].vals != NULL ? rep_values_json(f,
		    u[i].vals) : json_object();
		json_object_del(want, "criteria_met");
		if (!json_equal(got, want)) {
			char *g = json_dumps(got, JSON_SORT_KEYS);
			char *w = json_dumps(want, JSON_SORT_KEYS);
			printf("got  %s\nwant %s\n", g, w);
			free(g);
			free(w);
		}
		assert_true(json_equal(got, want));
		json_decref(got);
		json_decref(want);
		/* the values JSON reads again through the engine: every
		 * input slot named, empty ones null */
		assert_true(json_is_null(json_object_get(r->values,
		    "capital_mobilised.credit")));
		assert_null(json_object_get(r->values, "criteria_met"));
		assert_null(json_object_get(r->values, "capital_mobilised"));
		struct rep_value *again = rep_values_new(f, a);
		assert_int_equal(rep_values_from_json(f, r->level, r->values, a,
		    again, NULL, &ei), ERR_OK);
	}
	rep_xlsx_result_free(&res);

	/* English too */
	buf_free(&out);
	buf_init(&out, 16u << 20);
	assert_int_equal(rep_xlsx_write(f, "en", u, 1, NULL, &out, &ei),
	    ERR_OK);
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, NULL,
	    &ei), ERR_OK);
	assert_int_equal(res.n, 1);
	rep_xlsx_result_free(&res);

	/* the markers a store needs before it loads the form version */
	struct xlsx_book b;
	char id[REP_ID_MAX + 1];
	int version;
	assert_int_equal(xlsx_read(out.data, out.len, NULL, &b, &ei), ERR_OK);
	assert_int_equal(rep_xlsx_marker(&b, id, &version, &ei), ERR_OK);
	assert_string_equal(id, "ntm-tien-do-thang");
	assert_int_equal(version, 1);
	xlsx_free(&b);

	/* no unit, too many */
	assert_int_equal(rep_xlsx_write(f, "vi", u, 0, NULL, &out, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.code, "reporting.xlsx_units");
	buf_free(&out);
	arena_free(a);
	rep_form_free(f);
}

static void
test_valid_edit_is_read(void **state)
{
	(void)state;
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(65536);
	struct rep_xlsx_unit *u = communes(f, a, 3);
	struct rep_xlsx_result res;
	struct errinfo ei;
	struct buf out;
	struct book bk;
	char ref[16], cell[256];
	uint32_t central = 0, works = 0, diff = 0;

	buf_init(&out, 16u << 20);
	assert_int_equal(rep_xlsx_write(f, "vi", u, 3, NULL, &out, &ei),
	    ERR_OK);
	central = row_of(&out, "capital_allocated.central");
	works = row_of(&out, "works_started");
	diff = row_of(&out, "difficulties");
	book_open(&bk, &out);
	/* the empty third commune (column G) gets figures; the first's
	 * allocation grows; a yes/no-free text typed; the computed total's
	 * cached value is left stale, as a tool that does not recalculate
	 * leaves it: a formula is Excel's, the engine recomputes */
	snprintf(cell, sizeof(cell), "<c r=\"%s\"><v>2000000000</v></c>",
	    ref_of(ref, central, 5));
	set_cell(&bk, ref, cell);
	snprintf(cell, sizeof(cell), "<c r=\"%s\"><v>7</v></c>",
	    ref_of(ref, works, 7));
	set_cell(&bk, ref, cell);
	snprintf(cell, sizeof(cell), "<c r=\"%s\" t=\"inlineStr\"><is><t>"
	    "Mưa lũ kéo dài</t></is></c>", ref_of(ref, diff, 7));
	set_cell(&bk, ref, cell);
	/* a typed figure in Vietnamese grouping, as text */
	snprintf(cell, sizeof(cell), "<c r=\"%s\" t=\"inlineStr\"><is><t>"
	    "1.250.000</t></is></c>", ref_of(ref, central, 7));
	set_cell(&bk, ref, cell);
	book_close(&bk, &out);

	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, NULL,
	    &ei), ERR_OK);
	assert_int_equal(res.n, 3);
	const struct rep_value *v = res.reports[0].vals;
	assert_true(v[rep_slot(f, "capital_allocated.central")].num ==
	    2000000000.0);
	assert_true(v[rep_slot(f, "capital_allocated")].num == 2300000000.0);
	v = res.reports[2].vals;
	assert_true(v[rep_slot(f, "works_started")].num == 7);
	assert_true(v[rep_slot(f, "capital_allocated.central")].num ==
	    1250000);
	assert_string_equal(v[rep_slot(f, "difficulties")].text,
	    "Mưa lũ kéo dài");
	assert_false(v[rep_slot(f, "works_completed")].present);
	rep_xlsx_result_free(&res);
	buf_free(&out);
	arena_free(a);
	rep_form_free(f);
}

static void
test_every_bad_cell_at_once(void **state)
{
	(void)state;
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(65536);
	struct rep_xlsx_unit *u = communes(f, a, 4);
	struct rep_xlsx_result res;
	struct rep_problems pr;
	struct errinfo ei;
	struct buf out;
	struct book bk;
	char text_at[16], neg_at[16], formula_at[16], total_at[16],
	    marker_at[16], cell[256];
	uint32_t central, local, works, total;

	buf_init(&out, 16u << 20);
	assert_int_equal(rep_xlsx_write(f, "vi", u, 4, NULL, &out, &ei),
	    ERR_OK);
	central = row_of(&out, "capital_allocated.central");
	local = row_of(&out, "capital_disbursed.local");
	works = row_of(&out, "works_started");
	total = row_of(&out, "capital_mobilised");
	book_open(&bk, &out);
	snprintf(cell, sizeof(cell), "<c r=\"%s\" t=\"inlineStr\"><is><t>"
	    "mười triệu</t></is></c>", ref_of(text_at, central, 5));
	set_cell(&bk, text_at, cell);
	snprintf(cell, sizeof(cell), "<c r=\"%s\"><v>-5000000</v></c>",
	    ref_of(neg_at, local, 6));
	set_cell(&bk, neg_at, cell);
	snprintf(cell, sizeof(cell), "<c r=\"%s\"><f>1+2</f><v>3</v></c>",
	    ref_of(formula_at, works, 7));
	set_cell(&bk, formula_at, cell);
	/* a total typed over its formula, not the sum of its parts (checked
	 * in a column whose inputs all read) */
	snprintf(cell, sizeof(cell), "<c r=\"%s\"><v>42</v></c>",
	    ref_of(total_at, total, 8));
	set_cell(&bk, total_at, cell);
	/* the marker of a row removed */
	set_cell(&bk, ref_of(marker_at, row_of(&out, "proposals"), 1), "");
	book_close(&bk, &out);

	rep_problems_init(&pr, a, 50);
	memset(&res, 0xff, sizeof(res));
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, &pr,
	    &ei), ERR_INVALID);
	assert_int_equal(res.n, 0);
	assert_null(res.reports);
	print_problems(&pr);
	assert_true(has_problem(&pr, "reporting.bad_number", text_at));
	assert_true(has_problem(&pr, "reporting.negative", neg_at));
	assert_true(has_problem(&pr, "reporting.xlsx_formula", formula_at));
	assert_true(has_problem(&pr, "reporting.xlsx_computed", total_at));
	bool marker = false;
	for (size_t i = 0; i < pr.n; i++)
		marker |= strcmp(pr.items[i].code, "reporting.xlsx_slot") == 0 &&
		    strstr(pr.items[i].message, "Đề xuất, kiến nghị") != NULL &&
		    strstr(pr.items[i].message_en, "Proposals") != NULL;
	assert_true(marker);
	assert_int_equal(pr.n, 5);
	/* the element is named as the page names it, in both languages */
	for (size_t i = 0; i < pr.n; i++)
		if (strcmp(pr.items[i].code, "reporting.negative") == 0) {
			assert_non_null(strstr(pr.items[i].message,
			    "Vốn đã giải ngân — Ngân sách địa phương"));
			assert_non_null(strstr(pr.items[i].message_en,
			    "cell F"));
		}
	buf_free(&out);
	arena_free(a);
	rep_form_free(f);
}

static void
test_markers(void **state)
{
	(void)state;
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct rep_form *plan = load("forms/ntm-ke-hoach-nam.json");
	struct arena *a = arena_new(65536);
	struct rep_xlsx_unit *u = communes(f, a, 3);
	struct rep_xlsx_result res;
	struct rep_problems pr;
	struct errinfo ei;
	struct buf out, copy;
	struct book bk;

	buf_init(&out, 16u << 20);
	assert_int_equal(rep_xlsx_write(f, "vi", u, 3, NULL, &out, &ei),
	    ERR_OK);
	buf_init(&copy, 16u << 20);
	assert_int_equal(buf_append(&copy, out.data, out.len), ERR_OK);

	/* the period of F and the unit of G removed */
	book_open(&bk, &out);
	set_cell(&bk, "F2", "");
	set_cell(&bk, "G1", "");
	book_close(&bk, &out);
	rep_problems_init(&pr, a, 50);
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, &pr,
	    &ei), ERR_INVALID);
	print_problems(&pr);
	assert_true(has_problem(&pr, "reporting.xlsx_period", "F2"));
	assert_true(has_problem(&pr, "reporting.xlsx_unit", "G1"));
	assert_int_equal(pr.n, 2);

	/* another form, another version */
	rep_problems_init(&pr, a, 50);
	assert_int_equal(rep_xlsx_read(plan, copy.data, copy.len, a, &res,
	    &pr, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "reporting.xlsx_wrong_form");
	book_open(&bk, &copy);
	set_cell(&bk, "C1", "<c r=\"C1\"><v>2</v></c>");
	book_close(&bk, &copy);
	assert_int_equal(rep_xlsx_read(f, copy.data, copy.len, a, &res, NULL,
	    &ei), ERR_INVALID);
	assert_string_equal(ei.code, "reporting.xlsx_wrong_form");
	/* no marker at all */
	book_open(&bk, &copy);
	set_cell(&bk, "A1", "");
	book_close(&bk, &copy);
	assert_int_equal(rep_xlsx_read(f, copy.data, copy.len, a, &res, NULL,
	    &ei), ERR_INVALID);
	assert_string_equal(ei.code, "reporting.xlsx_no_marker");
	assert_string_equal(ei.field, "file");
	buf_free(&out);
	buf_free(&copy);
	arena_free(a);
	rep_form_free(plan);
	rep_form_free(f);
}

/* The annual plan for a commune and its province: elements of one level
 * are locked in the other's column; yes/no typed as words; a blocking
 * rule broken by an edit is named at its cell. */
static void
test_plan_two_levels(void **state)
{
	(void)state;
	struct rep_form *f = load("forms/ntm-ke-hoach-nam.json");
	struct arena *a = arena_new(65536);
	struct rep_xlsx_unit u[2] = {
		{ "Xã Thử", "2025:00100", "commune", { 0 }, NULL },
		{ "Tỉnh Thử", "2025:01", "province", { 0 }, NULL } };
	struct rep_xlsx_result res;
	struct rep_problems pr;
	struct errinfo ei;
	struct buf out;
	struct book bk;
	char cell[256], yes_at[16], na_at[16], total_at[16], plan_at[16];

	for (int i = 0; i < 2; i++)
		assert_int_equal(rep_period_parse("2026", "p", &u[i].period,
		    NULL), ERR_OK);
	u[0].vals = values_at(f, a, "commune", "{\"criteria_target\": 9,"
	    " \"target_ntm\": true, \"target_modern\": false,"
	    " \"capital_plan_total\": 1000000,"
	    " \"capital_plan\": {\"central\": 600000, \"local\": 400000},"
	    " \"works_list\": \"Đường trục xã\"}");
	u[1].vals = values_at(f, a, "province", "{\"communes_target_ntm\": 12,"
	    " \"capital_plan_total\": 5000000,"
	    " \"capital_plan\": {\"central\": 5000000}}");
	buf_init(&out, 16u << 20);
	assert_int_equal(rep_xlsx_write(f, "vi", u, 2, NULL, &out, &ei),
	    ERR_OK);
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, NULL,
	    &ei), ERR_OK);
	assert_int_equal(res.n, 2);
	for (size_t i = 0; i < 2; i++) {
		json_t *got = rep_values_json(f, res.reports[i].vals);
		json_t *want = rep_values_json(f, u[i].vals);
		assert_true(json_equal(got, want));
		json_decref(got);
		json_decref(want);
	}
	assert_string_equal(res.reports[1].level, "province");
	assert_null(json_object_get(res.reports[1].values, "target_ntm"));
	rep_xlsx_result_free(&res);

	/* yes/no typed as a word reads */
	uint32_t yes = row_of(&out, "target_modern");
	uint32_t total = row_of(&out, "capital_plan_total");
	uint32_t plan = row_of(&out, "capital_plan");
	book_open(&bk, &out);
	snprintf(cell, sizeof(cell), "<c r=\"%s\" t=\"inlineStr\"><is><t>"
	    "CÓ</t></is></c>", ref_of(yes_at, yes, 5));
	set_cell(&bk, yes_at, cell);
	book_close(&bk, &out);
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, NULL,
	    &ei), ERR_OK);
	assert_true(res.reports[0].vals[rep_slot(f, "target_modern")].num ==
	    1);
	rep_xlsx_result_free(&res);

	/* a commune's element typed in the province's column; the total
	 * planned no longer the sum of the sources (a blocking rule) */
	book_open(&bk, &out);
	snprintf(cell, sizeof(cell), "<c r=\"%s\" t=\"inlineStr\"><is><t>"
	    "Có</t></is></c>", ref_of(na_at, yes, 6));
	set_cell(&bk, na_at, cell);
	snprintf(cell, sizeof(cell), "<c r=\"%s\"><v>999</v></c>",
	    ref_of(total_at, total, 5));
	set_cell(&bk, total_at, cell);
	book_close(&bk, &out);
	ref_of(plan_at, plan, 5);
	rep_problems_init(&pr, a, 50);
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, &pr,
	    &ei), ERR_INVALID);
	print_problems(&pr);
	assert_true(has_problem(&pr, "reporting.not_for_level", na_at));
	assert_true(has_problem(&pr, "reporting.rule_violated", plan_at));
	assert_int_equal(pr.n, 2);
	buf_free(&out);
	arena_free(a);
	rep_form_free(f);
}

/* What xlsxread refuses keeps its kind: 415, 413, 422. */
static void
test_refused_files_keep_their_kind(void **state)
{
	(void)state;
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(65536);
	struct rep_xlsx_unit *u = communes(f, a, 1);
	struct rep_xlsx_result res;
	struct rep_problems pr;
	struct errinfo ei;
	struct buf out, copy;
	struct book bk;
	const char pdf[] = "%PDF-1.4\n%%EOF\n";

	rep_problems_init(&pr, a, 10);
	assert_int_equal(rep_xlsx_read(f, pdf, sizeof(pdf) - 1, a, &res, &pr,
	    &ei), ERR_MEDIA);
	assert_string_equal(ei.code, "xlsx.not_xlsx");
	assert_int_equal(err_http_status(ei.err), 415);
	assert_int_equal(pr.n, 1);

	buf_init(&out, 16u << 20);
	assert_int_equal(rep_xlsx_write(f, "vi", u, 1, NULL, &out, &ei),
	    ERR_OK);
	buf_init(&copy, 16u << 20);
	assert_int_equal(buf_append(&copy, out.data, out.len), ERR_OK);
	/* a row a million down */
	book_open(&bk, &out);
	set_cell(&bk, "E1", "<c r=\"E1\" t=\"inlineStr\"><is><t>2025:00100"
	    "</t></is></c></row><row r=\"1000000\"><c r=\"A1000000\"><v>1</v>"
	    "</c>");
	book_close(&bk, &out);
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, NULL,
	    &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "xlsx.too_large");
	assert_int_equal(err_http_status(ei.err), 413);
	/* a shared string that is not there */
	book_open(&bk, &copy);
	set_cell(&bk, "E1", "<c r=\"E1\" t=\"s\"><v>99</v></c>");
	book_close(&bk, &copy);
	assert_int_equal(rep_xlsx_read(f, copy.data, copy.len, a, &res, NULL,
	    &ei), ERR_INVALID);
	assert_string_equal(ei.code, "xlsx.bad_string");
	buf_free(&out);
	buf_free(&copy);
	arena_free(a);
	rep_form_free(f);
}

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A province's 100 communes, written and read back; the times printed. */
static void
test_hundred_communes(void **state)
{
	(void)state;
	struct rep_form *f = load("forms/ntm-tien-do-thang.json");
	struct arena *a = arena_new(1 << 20);
	struct rep_xlsx_unit *u = communes(f, a, 100);
	struct rep_xlsx_options opt = { .scope_name = "Tỉnh Thử" };
	const struct rep_value *filled = values(f, a, FILLED);

	for (size_t i = 0; i < 100; i++)	/* every commune has reported */
		u[i].vals = filled;
	struct rep_xlsx_result res;
	struct errinfo ei;
	struct buf out;
	double t0, t1, t2;

	buf_init(&out, 64u << 20);
	t0 = now();
	assert_int_equal(rep_xlsx_write(f, "vi", u, 100, &opt, &out, &ei),
	    ERR_OK);
	t1 = now();
	assert_int_equal(rep_xlsx_read(f, out.data, out.len, a, &res, NULL,
	    &ei), ERR_OK);
	t2 = now();
	assert_int_equal(res.n, 100);
	for (size_t i = 0; i < 100; i++)
		assert_string_equal(res.reports[i].unit_ref, u[i].ref);
	printf("rep_xlsx: 100 communes x %zu slots, all filled: write %.1f ms, "
	    "read %.1f ms, file %zu bytes\n", f->n_slots, (t1 - t0) * 1e3,
	    (t2 - t1) * 1e3, out.len);
	rep_xlsx_result_free(&res);
	buf_free(&out);
	arena_free(a);
	rep_form_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_three_communes),
		cmocka_unit_test(test_valid_edit_is_read),
		cmocka_unit_test(test_every_bad_cell_at_once),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_plan_two_levels),
		cmocka_unit_test(test_refused_files_keep_their_kind),
		cmocka_unit_test(test_hundred_communes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
