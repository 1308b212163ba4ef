/*
 * opendata_test.c - the open data files (src/domain/opendata): the CSV of
 * a file (BOM, header, numbers as numbers, null as an empty cell, the
 * formula guard on text only, quoting), every data set of the table built
 * on an empty migrated database with its header fields and rectangular
 * rows, slugs unique and found by opendata_find.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "domain/opendata/opendata.h"
#include "testdb.h"

static void
csv_of_a_file(void **state)
{
	json_t *file = json_loads("{\"columns\":[{\"name\":\"name\",\"type\":"
	    "\"text\"},{\"name\":\"n\",\"type\":\"integer\"},{\"name\":\"x\","
	    "\"type\":\"number\"}],\"rows\":[[\"=1+2\",-3,1.5],[\"a,\\\"b\\\"\","
	    "null,null],[\"@x\",0,-0.25]]}", 0, NULL);
	struct errinfo ei;
	struct buf out;
	static const char want[] = "\xEF\xBB\xBFname,n,x\r\n'=1+2,-3,1.5\r\n"
	    "\"a,\"\"b\"\"\",,\r\n'@x,0,-0.25\r\n";

	(void)state;
	assert_non_null(file);
	buf_init(&out, 1 << 20);
	assert_int_equal(opendata_csv(file, &out, &ei), ERR_OK);
	assert_int_equal(out.len, sizeof(want) - 1);
	assert_memory_equal(out.data, want, sizeof(want) - 1);
	buf_free(&out);
	json_decref(file);
}

static void
every_dataset_builds(void **state)
{
	char dir[64];
	struct db *db;
	struct errinfo ei;

	(void)state;
	assert_int_equal(testdb_open("opendata", dir, NULL, &db), 0);
	for (const struct od_dataset *d = od_datasets; d->slug != NULL; d++) {
		json_t *file, *row;
		size_t i, ncol;

		assert_ptr_equal(opendata_find(d->slug), d);
		for (const struct od_dataset *o = d + 1; o->slug != NULL; o++)
			assert_string_not_equal(o->slug, d->slug);
		assert_int_equal(opendata_build(db, d, "vi", &file, &ei),
		    ERR_OK);
		assert_string_equal(json_string_value(json_object_get(file,
		    "dataset")), d->slug);
		assert_non_null(json_string_value(json_object_get(file,
		    "licence")));
		assert_int_equal(strlen(json_string_value(json_object_get(file,
		    "as_of"))), 10);
		ncol = json_array_size(json_object_get(file, "columns"));
		assert_true(ncol > 1);
		json_array_foreach(json_object_get(file, "rows"), i, row)
			assert_int_equal(json_array_size(row), ncol);
		json_decref(file);
	}
	assert_null(opendata_find("khong-co"));
	assert_int_equal(testdb_remove(db, dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_of_a_file),
		cmocka_unit_test(every_dataset_builds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
