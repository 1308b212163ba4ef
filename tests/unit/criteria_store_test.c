/*
 * criteria_store_test.c - the criteria store over a real SQLite database
 * with the real administrative units (data/admin, from the repo root):
 * entering values re-evaluates the unit; roll-ups kept incrementally equal
 * a rebuild from scratch; pre-2025 results appear in the 2025 provinces
 * through the lineage; a district set counting its communes follows them;
 * provincial thresholds fill but never loosen; an amendment is a new
 * version and the old evaluation stays reproducible; bad input writes
 * nothing; a bulk import lists its bad rows in the caller's language and
 * asks the caller's admission for every row's unit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/criteria/criteria_store.h"
#include "domain/units/units.h"
#include "testdb.h"

struct fixture {
	char dir[64];
	struct db *db;
};

/* Three criteria over pre-2025 rural communes, by region (Hà Nội is DBSH,
 * Đà Nẵng DHNTB); 2.1 is delegated to the province. */
static const char commune_set[] =
    "{\"format\":\"ntm-criteria/1\",\"id\":\"t-xa\",\"version\":1,"
    "\"name\":\"Bộ thử\",\"kind\":\"ntm_commune\","
    "\"applies_to\":{\"structure\":\"pre2025\",\"level\":\"commune\","
    "\"unit_class\":[\"rural\"]},\"years\":{\"from\":2021,\"to\":2025},"
    "\"variant_by\":\"region7\",\"pass_rule\":{\"type\":\"all\"},"
    "\"revocation\":{\"fail_share_from\":0.3,\"fail_share_below\":0.5,"
    "\"fail_share_always\":0.5,\"key_criteria\":[\"3\"]},"
    "\"criteria\":["
    "{\"id\":\"1\",\"name\":\"Quy hoạch\",\"indicators\":["
    "{\"id\":\"1.1\",\"name\":\"Có quy hoạch\",\"type\":\"boolean\"}]},"
    "{\"id\":\"2\",\"name\":\"Giao thông\",\"indicators\":["
    "{\"id\":\"2.1\",\"name\":\"Đường\",\"type\":\"number\",\"unit\":\"%\","
    "\"op\":\">=\",\"delegated_to\":\"province\",\"thresholds\":["
    "{\"variant\":\"DBSH\",\"value\":90},{\"variant\":\"DHNTB\",\"value\":null}]}]},"
    "{\"id\":\"3\",\"name\":\"Thu nhập\",\"indicators\":["
    "{\"id\":\"3.1\",\"name\":\"Thu nhập\",\"type\":\"number\","
    "\"unit\":\"triệu đồng/người/năm\",\"op\":\">=\",\"thresholds\":["
    "{\"value\":40},{\"variant\":\"DBSH\",\"from_year\":2024,\"value\":55}]}]}"
    "]}";

/* A district set: at least 80 % of its communes meet t-xa. */
static const char district_set[] =
    "{\"format\":\"ntm-criteria/1\",\"id\":\"t-huyen\",\"version\":1,"
    "\"name\":\"Huyện thử\",\"kind\":\"ntm_district\","
    "\"applies_to\":{\"structure\":\"pre2025\",\"level\":\"district\"},"
    "\"years\":{\"from\":2021,\"to\":2025},\"variant_by\":\"none\","
    "\"pass_rule\":{\"type\":\"all\"},\"criteria\":["
    "{\"id\":\"xa\",\"name\":\"Xã đạt chuẩn\",\"indicators\":["
    "{\"id\":\"xa.1\",\"name\":\"Tỷ lệ xã đạt chuẩn\","
    "\"type\":\"children_share\",\"of_set\":\"t-xa\",\"status\":\"met\","
    "\"op\":\">=\",\"thresholds\":[{\"value\":80}]}]}]}";

/* Rural communes of Sóc Sơn district (016, Hà Nội) and Hòa Vang (Đà Nẵng). */
static const char *const soc_son[] = { "00379", "00382", "00385", "00388" };
static const char *const hoa_vang = "20308";

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct units_import_stats st = { 0 };
	struct errinfo ei;
	bool created;

	if (f == NULL || testdb_open("critstore", f->dir, NULL, &f->db) != 0)
		return -1;
	if (db_begin(f->db, &ei) != ERR_OK ||
	    units_import_national(f->db, "data/admin", &st, &ei) != ERR_OK ||
	    crit_store_build_scopes(f->db, &ei) != ERR_OK ||
	    db_commit(f->db, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s\n", ei.message);
		return -1;
	}
	if (crit_store_import(f->db, NULL, commune_set, strlen(commune_set),
	    NULL, NULL, &created, &ei) != ERR_OK ||
	    crit_store_import(f->db, NULL, district_set, strlen(district_set),
	    NULL, NULL, &created, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s (%s)\n", ei.message, ei.field);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = testdb_remove(f->db, f->dir);

	free(f);
	return rc;
}

static enum err
put(struct fixture *f, const char *code, int year, const char *values,
    struct errinfo *ei)
{
	json_t *v = json_loads(values, 0, NULL);
	enum err e;

	assert_non_null(v);
	e = crit_store_put_values(f->db, NULL, "pre2025", code, "t-xa", year, v,
	    ei);
	json_decref(v);
	return e;
}

static json_t *
evaluation(struct fixture *f, const char *code, int year, int version)
{
	struct errinfo ei;
	json_t *out = NULL;

	assert_int_equal(crit_store_evaluation(f->db, "pre2025", code, "t-xa",
	    year, version, "vi", &out, &ei), ERR_OK);
	return out;
}

static json_t *
rollup(struct fixture *f, const char *structure, const char *code,
    const char *set, int year)
{
	struct errinfo ei;
	json_t *out = NULL;

	assert_int_equal(crit_store_rollup(f->db, structure, code, set, year,
	    "vi", &out, &ei), ERR_OK);
	return out;
}

static long long
num(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void
test_values_evaluate_and_roll_up(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	json_t *ev, *r, *r25;

	/* Meets all three in 2023 (DBSH: roads >= 90, income >= 40). */
	assert_int_equal(put(f, soc_son[0], 2023,
	    "{\"1.1\":true,\"2.1\":95,\"3.1\":45}", &ei), ERR_OK);
	ev = evaluation(f, soc_son[0], 2023, 0);
	assert_string_equal(json_string_value(json_object_get(ev, "status")),
	    "met");
	assert_int_equal(num(ev, "criteria_met"), 3);
	json_decref(ev);
	/* The same income in 2024 is short: DBSH needs 55 from 2024. */
	assert_int_equal(put(f, soc_son[0], 2024,
	    "{\"1.1\":true,\"2.1\":95,\"3.1\":45}", &ei), ERR_OK);
	ev = evaluation(f, soc_son[0], 2024, 0);
	assert_string_equal(json_string_value(json_object_get(ev, "status")),
	    "not_met");
	assert_int_equal(num(ev, "criteria_met"), 2);
	json_decref(ev);

	r = rollup(f, "pre2025", "016", "t-xa", 2023);
	assert_int_equal(num(r, "evaluated"), 1);
	assert_int_equal(num(r, "met"), 1);
	json_decref(r);
	/* pre-2025 Sóc Sơn lies in 2025 Hà Nội: the lineage carries it. */
	r25 = rollup(f, "2025", "01", "t-xa", 2023);
	assert_int_equal(num(r25, "met"), 1);
	json_decref(r25);
	r = rollup(f, "pre2025", "VN", "t-xa", 2024);
	assert_int_equal(num(r, "not_met"), 1);
	assert_int_equal(json_array_size(json_object_get(r,
	    "close_to_standard")), 1);
	json_decref(r);

	/* Clearing every value removes the evaluation and its count. */
	assert_int_equal(put(f, soc_son[0], 2024,
	    "{\"1.1\":null,\"2.1\":null,\"3.1\":null}", &ei), ERR_OK);
	r = rollup(f, "pre2025", "VN", "t-xa", 2024);
	assert_int_equal(num(r, "evaluated"), 0);
	json_decref(r);
}

static void
test_incremental_equals_rebuild(void **state)
{
	struct fixture *f = *state;
	const char *scopes[][2] = { { "pre2025", "016" }, { "pre2025", "01" },
	    { "pre2025", "VN" }, { "2025", "01" }, { "2025", "VN" },
	    { "pre2025", "48" } };
	json_t *before[6], *after[6];
	struct errinfo ei;
	long units = 0;

	/* A series of edits, some changing status back and forth. */
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < 4; i++) {
			char v[128];

			snprintf(v, sizeof(v), "{\"1.1\":%s,\"2.1\":%d,\"3.1\":%d}",
			    (i + round) % 3 ? "true" : "false",
			    80 + (int)(i * 7 + round * 5) % 20,
			    40 + (int)(i * 11 + round * 3) % 30);
			assert_int_equal(put(f, soc_son[i], 2025, v, &ei), ERR_OK);
		}
	assert_int_equal(put(f, hoa_vang, 2025,
	    "{\"1.1\":true,\"2.1\":50,\"3.1\":60}", &ei), ERR_OK);
	for (size_t i = 0; i < 6; i++)
		before[i] = rollup(f, scopes[i][0], scopes[i][1], "t-xa", 2025);
	assert_int_equal(crit_store_recompute(f->db, "t-xa", 2025, &units, &ei),
	    ERR_OK);
	for (size_t i = 0; i < 6; i++) {
		after[i] = rollup(f, scopes[i][0], scopes[i][1], "t-xa", 2025);
		if (!json_equal(before[i], after[i])) {
			char *b = json_dumps(before[i], JSON_COMPACT);
			char *a = json_dumps(after[i], JSON_COMPACT);

			fprintf(stderr, "%s:%s\nincremental %s\nrebuilt     %s\n",
			    scopes[i][0], scopes[i][1], b, a);
			free(b);
			free(a);
			fail();
		}
		json_decref(before[i]);
		json_decref(after[i]);
	}
	/* Đà Nẵng's roads threshold is not configured: incomplete. */
	{
		json_t *r = rollup(f, "pre2025", "48", "t-xa", 2025);

		assert_int_equal(num(r, "incomplete"), 1);
		json_decref(r);
	}
}

static void
test_district_follows_communes(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	json_t *d;

	for (size_t i = 0; i < 4; i++)
		assert_int_equal(put(f, soc_son[i], 2022,
		    "{\"1.1\":true,\"2.1\":99,\"3.1\":50}", &ei), ERR_OK);
	assert_int_equal(crit_store_evaluation(f->db, "pre2025", "016",
	    "t-huyen", 2022, 0, "vi", &d, &ei), ERR_OK);
	/* 4 of Sóc Sơn's ~25 rural communes: far below 80 %. */
	assert_string_equal(json_string_value(json_object_get(d, "status")),
	    "not_met");
	json_decref(d);
	d = rollup(f, "pre2025", "01", "t-huyen", 2022);
	assert_int_equal(num(d, "evaluated"), 1);
	assert_int_equal(num(d, "not_met"), 1);
	json_decref(d);
}

static void
test_override_fills_never_loosens(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	json_t *ev, *v;

	assert_int_equal(put(f, hoa_vang, 2023,
	    "{\"1.1\":true,\"2.1\":70,\"3.1\":60}", &ei), ERR_OK);
	ev = evaluation(f, hoa_vang, 2023, 0);
	assert_string_equal(json_string_value(json_object_get(ev, "status")),
	    "incomplete");
	json_decref(ev);
	v = json_real(65);
	if (crit_store_override(f->db, NULL, "t-xa", "pre2025", "48", "2.1",
	    NULL, v, "QĐ 1/2023/QĐ-UBND", &ei) != ERR_OK)
		fail_msg("override: %s (%s)", ei.message, ei.field);
	json_decref(v);
	ev = evaluation(f, hoa_vang, 2023, 0);
	assert_string_equal(json_string_value(json_object_get(ev, "status")),
	    "met");
	json_decref(ev);
	/* Hà Nội may not go below the national 90. */
	v = json_real(85);
	assert_int_equal(crit_store_override(f->db, NULL, "t-xa", "pre2025",
	    "01", "2.1", NULL, v, "QĐ 2/2023", &ei), ERR_INVALID);
	assert_string_equal(ei.code, "criteria.loosens");
	/* Without its legal source: refused. */
	assert_int_equal(crit_store_override(f->db, NULL, "t-xa", "pre2025",
	    "01", "2.1", NULL, v, "", &ei), ERR_INVALID);
	assert_string_equal(ei.field, "source_document");
	json_decref(v);
}

static void
test_amendment_is_a_new_version(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	json_t *changes, *ev1, *ev2;
	int version = 0;

	assert_int_equal(put(f, soc_son[1], 2021,
	    "{\"1.1\":true,\"2.1\":92,\"3.1\":45}", &ei), ERR_OK);
	changes = json_loads("{\"2.1\":[{\"variant\":\"DBSH\",\"value\":95},"
	    "{\"variant\":\"DHNTB\",\"value\":null}]}", 0, NULL);
	assert_int_equal(crit_store_amend(f->db, NULL, "t-xa", changes,
	    "QĐ 211/QĐ-TTg", "nâng ngưỡng đường", &version, &ei), ERR_OK);
	json_decref(changes);
	assert_int_equal(version, 2);
	ev2 = evaluation(f, soc_son[1], 2021, 0);
	ev1 = evaluation(f, soc_son[1], 2021, 1);
	assert_string_equal(json_string_value(json_object_get(ev2, "status")),
	    "not_met");
	assert_string_equal(json_string_value(json_object_get(ev1, "status")),
	    "met");
	json_decref(ev1);
	json_decref(ev2);
	/* Re-importing version 1 with other content is refused. */
	{
		char *other = strdup(commune_set);
		char *p = strstr(other, "Bộ thử");
		bool created;

		memcpy(p, "Bộ khác", strlen("Bộ khác") < strlen("Bộ thử") ?
		    strlen("Bộ khác") : strlen("Bộ thử"));
		assert_int_equal(crit_store_import(f->db, NULL, other,
		    strlen(other), NULL, NULL, &created, &ei), ERR_CONFLICT);
		free(other);
		/* The identical document is a no-op. */
		assert_int_equal(crit_store_import(f->db, NULL, commune_set,
		    strlen(commune_set), NULL, NULL, &created, &ei), ERR_OK);
		assert_false(created);
	}
}

static void
test_bad_values_write_nothing(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	json_t *ev;

	assert_int_equal(put(f, soc_son[2], 2022, "{\"2.1\":93}", &ei), ERR_OK);
	/* One good and one bad value: neither is written. */
	assert_int_equal(put(f, soc_son[2], 2022,
	    "{\"2.1\":50,\"3.1\":\"nhiều\"}", &ei), ERR_INVALID);
	assert_string_equal(ei.field, "values.3.1");
	assert_int_equal(put(f, soc_son[2], 2022, "{\"2.1\":120}", &ei),
	    ERR_INVALID);
	assert_int_equal(put(f, soc_son[2], 2022, "{\"9.9\":1}", &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "values.9.9");
	assert_int_equal(put(f, soc_son[2], 2030, "{\"2.1\":50}", &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "year");
	/* Thị trấn Sóc Sơn (00376) is urban: the set does not apply. */
	assert_int_equal(put(f, "00376", 2022, "{\"2.1\":50}", &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "unit");
	ev = evaluation(f, soc_son[2], 2022, 0);
	{
		json_t *c = json_array_get(json_object_get(ev, "criteria"), 1);
		json_t *ind = json_array_get(json_object_get(c, "indicators"), 0);

		assert_true(json_number_value(json_object_get(ind, "value")) ==
		    93.0);
	}
	json_decref(ev);
}

/* The import's admission callback of this test: Sóc Sơn's communes only
 * (what the web layer's router rule would say for a Sóc Sơn officer). */
static bool
soc_son_only(void *ctx, const char *structure, const char *code)
{
	(void)ctx;
	for (size_t i = 0; i < sizeof(soc_son) / sizeof(soc_son[0]); i++)
		if (strcmp(structure, "pre2025") == 0 &&
		    strcmp(code, soc_son[i]) == 0)
			return true;
	return false;
}

/* Import csv as "x.csv" in lang with soc_son_only. */
static enum err
import(struct fixture *f, const char *csv, const char *lang,
    struct crit_import_stats *st, json_t **errors, struct errinfo *ei)
{
	char *copy = strdup(csv);
	FILE *in = fmemopen(copy, strlen(copy), "r");
	enum err e;

	assert_non_null(in);
	e = crit_values_import(f->db, NULL, in, "x.csv", lang, false,
	    soc_son_only, NULL, st, errors, ei);
	fclose(in);
	free(copy);
	return e;
}

static const char *
row_text(json_t *errors, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(errors, i),
	    key));
}

static void
test_import_rows_refused_in_the_callers_language(void **state)
{
	static const char bad[] =
	    "structure,code,set_id,year,indicator,value\n"
	    "pre2025,00379,t-xa,2023,2.1,95\n"
	    "pre2025,20308,t-xa,2023,2.1,95\n"
	    "pre2025,00382,t-xa,abc,2.1,1\n";
	struct fixture *f = *state;
	struct crit_import_stats st;
	struct errinfo ei;
	json_t *errors = NULL, *ev;

	/* A unit outside what the callback admits, and a bad year: every
	 * bad row listed in English, the summary in both languages,
	 * nothing written. */
	assert_int_equal(import(f, bad, "en", &st, &errors, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "criteria.import_rows");
	assert_int_equal(json_array_size(errors), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    errors, 0), "line")), 3);
	assert_string_equal(row_text(errors, 0, "field"), "code");
	assert_true(strncmp(row_text(errors, 0, "message"),
	    "You may not enter values for ", 29) == 0);
	assert_string_equal(row_text(errors, 1, "field"), "year");
	assert_string_equal(row_text(errors, 1, "message"),
	    "The year \"abc\" is not a number");
	assert_true(strncmp(ei.message, "x.csv: 2 dòng lỗi, không ghi dòng "
	    "nào (dòng 3: Không có quyền nhập số liệu cho ", 80) == 0);
	assert_true(strncmp(ei.message_en, "x.csv: 2 bad rows, nothing "
	    "written (line 3: You may not enter values for ", 70) == 0);
	json_decref(errors);
	ev = evaluation(f, soc_son[0], 2023, 0);
	assert_false(json_is_true(json_object_get(ev, "has_data")));
	json_decref(ev);

	/* The same in Vietnamese; then the admitted row alone is written. */
	assert_int_equal(import(f, bad, "vi", &st, &errors, &ei), ERR_INVALID);
	assert_string_equal(row_text(errors, 1, "message"),
	    "Năm \"abc\" không phải số");
	json_decref(errors);
	assert_int_equal(import(f, "code,set_id,year,indicator,value\n"
	    "00379,t-xa,2023,2.1,95\n", "vi", &st, &errors, &ei),
	    ERR_INVALID);
	assert_string_equal(row_text(errors, 0, "field"), "code");
	json_decref(errors);
	assert_int_equal(import(f, "structure,code,set_id,year,indicator,"
	    "value\npre2025,00379,t-xa,2023,2.1,95\n", "vi", &st, &errors,
	    &ei), ERR_OK);
	assert_int_equal(st.rows, 1);
	assert_int_equal(st.units, 1);
	assert_int_equal(json_array_size(errors), 0);
	json_decref(errors);
	ev = evaluation(f, soc_son[0], 2023, 0);
	assert_true(json_is_true(json_object_get(ev, "has_data")));
	json_decref(ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_values_evaluate_and_roll_up,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_incremental_equals_rebuild,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_district_follows_communes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_fills_never_loosens,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_amendment_is_a_new_version,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values_write_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_import_rows_refused_in_the_callers_language, setup,
		    teardown),
	};

	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	crit_store_cache_free();
	return failed;
}
