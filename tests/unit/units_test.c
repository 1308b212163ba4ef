/*
 * units_test.c - the units domain over a real SQLite database in a temp
 * file: importing each layout, the checks that reject a bad row with its
 * file, line and column (and, inside the caller's transaction, leave
 * nothing written), search with and without diacritics and its ranking,
 * lineage both ways, ancestors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/units/units.h"
#include <sqlite3.h>

#include "domain/units/units_internal.h"
#include "testdb.h"

struct fixture {
	char dir[64];
	struct db *db;
	struct arena *a;
};

static const char regions_csv[] =
    "region_code,name_vi,name_en,gso6_code,gso6_name_vi,provinces_63\n"
    "DBSH,Đồng bằng sông Hồng,Red River Delta,DBSH,x,11\n"
    "DHNTB,Duyên hải Nam Trung Bộ,South Central Coast,BTB,x,8\n";

static const char provinces_csv[] =
    "province_code,full_name,name,unit_type,region7_code,region7_name,"
    "region7_rule,regions_of_merged_provinces,merged_from_codes,"
    "merged_from_names,n_communes,n_xa,n_phuong,n_dac_khu\n"
    "01,Thành phố Hà Nội,Hà Nội,Thành phố,DBSH,x,x,x,01,x,2,1,1,0\n"
    "48,Thành phố Đà Nẵng,Đà Nẵng,Thành phố,DHNTB,x,x,x,48,x,2,1,1,0\n";

/* Nẵng in the commune names is written decomposed (NFD) on purpose. */
static const char communes_csv[] =
    "commune_code,full_name,name,unit_type,unit_class,is_rural_commune,"
    "province_code,province_name,n_old_units\n"
    "00004,Phường Ba Đình,Ba Đình,Phường,urban,0,01,Hà Nội,10\n"
    "10105,Xã Đà Lạt Nẵng,Đà Lạt Nẵng,Xã,rural,1,01,Hà Nội,2\n"
    "20194,Phường Hải Châu,Hải Châu,Phường,urban,0,48,Đà Nẵng,5\n"
    "20200,Xã Bà Nà,Bà Nà,Xã,rural,1,48,Đà Nẵng,3\n";

static const char mapping_csv[] =
    "new_commune_code,new_commune_name,new_province_code,old_commune_code,"
    "old_commune_name,old_unit_type,old_district_code,old_district_name,"
    "old_province_code,old_province_name,relation,qa_flag\n"
    "00004,Phường Ba Đình,01,00001,Phường Phúc Xá,Phường,001,x,01,x,full,\n"
    "00004,Phường Ba Đình,01,00013,Phường Quán Thánh,Phường,001,x,01,x,partial,\n"
    "20194,Phường Hải Châu,48,00013,Phường Quán Thánh,Phường,001,x,01,x,partial,\n";

static void
write_file(struct fixture *f, const char *name, const char *text,
    char *path, size_t pathlen)
{
	FILE *fp;

	snprintf(path, pathlen, "%s/%s", f->dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static enum err
import_text(struct fixture *f, const char *name, const char *text,
    struct errinfo *ei)
{
	char path[256];
	struct units_import_stats st = { 0 };
	enum err e;

	write_file(f, name, text, path, sizeof(path));
	assert_int_equal(db_begin(f->db, NULL), ERR_OK);
	e = units_import_file(f->db, path, &st, ei);
	if (e == ERR_OK)
		assert_int_equal(db_commit(f->db, NULL), ERR_OK);
	else
		db_rollback(f->db);
	return e;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct errinfo ei;

	if (testdb_open("units-test", f->dir, NULL, &f->db) != 0)
		return -1;
	f->a = arena_new(64 * 1024);
	*state = f;
	if (import_text(f, "regions.csv", regions_csv, &ei) != ERR_OK ||
	    import_text(f, "provinces.csv", provinces_csv, &ei) != ERR_OK ||
	    import_text(f, "communes.csv", communes_csv, &ei) != ERR_OK ||
	    import_text(f, "mapping.csv", mapping_csv, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s\n", ei.message);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	arena_free(f->a);
	units_search_reset();
	rc = testdb_remove(f->db, f->dir);
	free(f);
	return rc;
}

static int64_t
count_communes(struct fixture *f)
{
	struct unit_counts c;

	assert_int_equal(units_count(f->db, "2025", &c, NULL), ERR_OK);
	return c.communes;
}

static void
test_import_builds_hierarchy(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	struct unit_list anc;

	assert_int_equal(units_get(f->db, f->a, "2025", "20200", &u, NULL), ERR_OK);
	assert_string_equal(u.full_name, "Xã Bà Nà");
	assert_string_equal(u.parent_code, "48");
	assert_string_equal(u.region7_code, "DHNTB");	/* from its province */
	assert_true(u.is_rural);
	assert_int_equal(units_ancestors(f->db, f->a, &u, &anc, NULL), ERR_OK);
	assert_int_equal(anc.n, 2);
	assert_string_equal(anc.items[0].code, "VN");
	assert_string_equal(anc.items[1].code, "48");
	assert_int_equal(units_get(f->db, f->a, "2025", "48", &u, NULL), ERR_OK);
	assert_int_equal(u.children_count, 2);
}

static void
test_unknown_unit_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct unit u;
	struct errinfo ei;

	assert_int_equal(units_get(f->db, f->a, "2025", "99999", &u, &ei),
	    ERR_NOTFOUND);
	assert_string_equal(ei.code, "units.not_found");
	assert_int_equal(units_get(f->db, f->a, "1999", "01", &u, &ei),
	    ERR_NOTFOUND);
	assert_string_equal(ei.field, "structure");
}

static void
search(struct fixture *f, const char *q, struct unit_list *out)
{
	struct unit_query uq = { .structure = "2025", .q = q, .limit = 10 };

	assert_int_equal(units_list(f->db, f->a, &uq, out, NULL), ERR_OK);
}

static void
test_search_folds_and_ranks(void **state)
{
	struct fixture *f = *state;
	static const char *const queries[] = { "da nang", "ĐÀ NẴNG", "Đà Nẵng",
	    "Đà Nẵng" /* NFD */, "  da   NANG " };
	struct unit_list l;

	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		search(f, queries[i], &l);
		/* The province named exactly "Đà Nẵng" before the commune
		 * "Đà Lạt Nẵng", which does not even match "da nang". */
		assert_true(l.n >= 1);
		assert_string_equal(l.items[0].code, "48");
		assert_int_equal(l.total, 1);
	}
	/* A later word of the name matches too, after name prefixes. */
	search(f, "nang", &l);
	assert_int_equal(l.n, 2);
	/* Equal rank: by level, then code. */
	search(f, "ba", &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].code, "00004");	/* "Ba Đình" */
	assert_string_equal(l.items[1].code, "20200");	/* "Bà Nà" */
	/* An exact name beats a prefix of another name. */
	search(f, "ba na", &l);
	assert_string_equal(l.items[0].code, "20200");
	/* A full name ("Phường Hải Châu") matches after names. */
	search(f, "phuong hai", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].code, "20194");
	/* By code. */
	search(f, "20194", &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].full_name, "Phường Hải Châu");
}

static void
test_search_rejects_empty_fold(void **state)
{
	struct fixture *f = *state;
	struct unit_query uq = { .structure = "2025", .q = "!!! ...", .limit = 10 };
	struct unit_list l;
	struct errinfo ei;

	assert_int_equal(units_list(f->db, f->a, &uq, &l, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "q");
}

static void
test_lineage_both_ways(void **state)
{
	struct fixture *f = *state;
	struct unit_link *l;
	size_t n;

	assert_int_equal(units_successors(f->db, f->a, "pre2025", "00013", &l,
	    &n, NULL), ERR_OK);
	assert_int_equal(n, 2);
	assert_string_equal(l[0].code, "00004");
	assert_string_equal(l[0].relation, "partial");
	assert_string_equal(l[1].code, "20194");
	assert_int_equal(units_predecessors(f->db, f->a, "2025", "00004", &l,
	    &n, NULL), ERR_OK);
	assert_int_equal(n, 2);
	/* Old units missing from the unit table keep their recorded name. */
	assert_string_equal(l[0].full_name, "Phường Phúc Xá");
	assert_string_equal(l[0].relation, "full");
}

static void
test_bad_row_names_line_and_column_and_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	int64_t before = count_communes(f);
	static const char bad_parent[] =
	    "structure,code,name,full_name,level,unit_type,parent_code\n"
	    "2025,T1,Thôn 1,Thôn 1,village,Thôn,20200\n"
	    "2025,T2,Thôn 2,Thôn 2,village,Thôn,20200\n"
	    "2025,30001,Xã Mới,Xã Mới,commune,Xã,77\n";

	assert_int_equal(import_text(f, "bad.csv", bad_parent, &ei), ERR_INVALID);
	assert_non_null(strstr(ei.message, "bad.csv: dòng 4, cột 7 (parent_code)"));
	assert_non_null(strstr(ei.message_en,
	    "bad.csv: line 4, column 7 (parent_code): the parent unit '77'"));
	assert_string_equal(ei.field, "parent_code");
	/* The two good villages were rolled back with the bad row. */
	{
		struct unit u;

		assert_int_equal(units_get(f->db, f->a, "2025", "T1", &u, NULL),
		    ERR_NOTFOUND);
	}
	assert_int_equal(count_communes(f), before);
}

static void
test_bad_values_are_named(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	static const struct {
		const char *csv, *where;
	} cases[] = {
		{ "structure,code,name,full_name,level,unit_type,parent_code\n"
		  "2030,T1,A,A,village,Thôn,20200\n", "dòng 2, cột 1 (structure)" },
		{ "structure,code,name,full_name,level,unit_type,parent_code\n"
		  "2025,T 1,A,A,village,Thôn,20200\n", "dòng 2, cột 2 (code)" },
		{ "structure,code,name,full_name,level,unit_type,parent_code\n"
		  "2025,T1,,A,village,Thôn,20200\n", "dòng 2, cột 3 (name)" },
		{ "structure,code,name,full_name,level,unit_type,parent_code\n"
		  "2025,T1,A,A,district,Huyện,48\n", "dòng 2, cột 5 (level)" },
		{ "structure,code,name,full_name,level,unit_type,parent_code\n"
		  "2025,T1,A,A,province,Tỉnh,20200\n", "dòng 2, cột 7 (parent_code)" },
		{ "structure,code,name,full_name,level,unit_type,parent_code,is_rural\n"
		  "2025,T1,A,A,village,Thôn,20200,yes\n", "dòng 2, cột 8 (is_rural)" },
		{ "structure,code,name,full_name,level,unit_type,parent_code\n"
		  "2025,T1,\"A,A,village,Thôn,20200\n", "dòng 2, cột 3" },
		{ "structure,code,name,full_name,level,unit_type\n"
		  "2025,T1,A,A,village,Thôn\n", "thiếu cột 'parent_code'" },
		{ "foo,bar\n1,2\n", "dòng 1, cột 1" },
		{ "structure,code,name,full_name,level,unit_type,parent_code\n"
		  "2025,T1,A,A,village,Thôn,20200\n"
		  "2025,T1,B,B,village,Thôn,20200\n", "dòng 3: mã 2025/T1 đã xuất hiện" },
		{ "province_code,full_name,name,unit_type,region7_code,merged_from_codes\n"
		  "1,Tỉnh X,X,Tỉnh,DBSH,1\n", "dòng 2, cột 1 (province_code)" },
		{ "province_code,full_name,name,unit_type,region7_code,merged_from_codes\n"
		  "02,Tỉnh X,X,Tỉnh,XX,1\n", "dòng 2, cột 5 (region7_code)" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err_clear(&ei);
		assert_int_equal(import_text(f, "c.csv", cases[i].csv, &ei),
		    ERR_INVALID);
		if (strstr(ei.message, cases[i].where) == NULL)
			fail_msg("case %zu: '%s' does not name '%s'", i,
			    ei.message, cases[i].where);
	}
}

static void
test_generic_import_adds_villages(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	struct unit u;
	struct unit_list kids;
	struct unit_query q = { .structure = "2025", .parent = "20200", .limit = 50 };
	struct unit_list found;

	/* The search index is built now, before the import... */
	search(f, "an son", &found);
	assert_int_equal(found.total, 0);
	assert_int_equal(import_text(f, "villages.csv",
	    "structure,code,name,full_name,level,unit_type,parent_code\n"
	    "2025,20200-01,An Sơn,Thôn An Sơn,village,Thôn,20200\n"
	    "2025,20200-02,\"Hòa, Bắc\",\"Thôn Hòa, Bắc\",village,Thôn,20200\n",
	    &ei), ERR_OK);
	assert_int_equal(units_list(f->db, f->a, &q, &kids, NULL), ERR_OK);
	assert_int_equal(kids.total, 2);
	assert_string_equal(kids.items[1].name, "Hòa, Bắc");
	assert_int_equal(units_get(f->db, f->a, "2025", "20200", &u, NULL), ERR_OK);
	assert_int_equal(u.children_count, 2);
	assert_int_equal(units_get(f->db, f->a, "2025", "20200-01", &u, NULL), ERR_OK);
	assert_string_equal(u.region7_code, "DHNTB");
	/* ...and knows it is stale after it. */
	search(f, "an son", &found);
	assert_int_equal(found.total, 1);
	assert_string_equal(found.items[0].code, "20200-01");
}

/* How many search keys unit 2025/code has (a second connection). */
static int
keys_of(struct fixture *f, const char *code)
{
	char path[128];
	sqlite3 *c;
	sqlite3_stmt *st;
	int n = -1;

	snprintf(path, sizeof(path), "%s/t.db", f->dir);
	assert_int_equal(sqlite3_open_v2(path, &c, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(c, "SELECT COUNT(*) FROM unit_search "
	    "WHERE structure = '2025' AND code = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(c);
	return n;
}

/* A unit imported again (renamed) keeps one set of search keys: its old
 * name no longer finds it, the new one finds it once; the first import of
 * all, into an empty table, writes each unit's keys once too. */
static void
test_reimport_keeps_one_set_of_keys(void **state)
{
	struct fixture *f = *state;
	struct errinfo ei;
	struct unit_list found;

	/* Bà Nà: "ba na", "na", the code, "xa ba na"; Việt Nam (written by
	 * the first import, into an empty table): "viet nam", "nam", the
	 * code, the folded full name. */
	assert_int_equal(keys_of(f, "20200"), 4);
	assert_int_equal(keys_of(f, "VN"), 4);
	assert_int_equal(import_text(f, "renamed.csv",
	    "commune_code,full_name,name,unit_type,unit_class,is_rural_commune,"
	    "province_code,province_name,n_old_units\n"
	    "20200,Xã Bà Nà Mới,Bà Nà Mới,Xã,rural,1,48,Đà Nẵng,3\n", &ei),
	    ERR_OK);
	search(f, "ba na moi", &found);
	assert_int_equal(found.total, 1);
	assert_int_equal(keys_of(f, "20200"), 5);	/* and "moi" */
	assert_int_equal(import_text(f, "communes.csv", communes_csv, &ei), ERR_OK);
	search(f, "ba na moi", &found);
	assert_int_equal(found.total, 0);
	assert_int_equal(keys_of(f, "20200"), 4);
	assert_int_equal(keys_of(f, "VN"), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_import_builds_hierarchy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_unit_is_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_folds_and_ranks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_rejects_empty_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lineage_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_row_names_line_and_column_and_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values_are_named, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generic_import_adds_villages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_keeps_one_set_of_keys, setup, teardown),
	};

	return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
