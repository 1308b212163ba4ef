/*
 * legal_test.c - the legal library (domain/legal/legal.h): a library
 * file loaded once (the same file again changes nothing), a bad one
 * refused with every problem and nothing written, and what a record
 * cites: its source fields only (not its notes), a number as a whole
 * token ("1318/QĐ-TTg" is not "318/QĐ-TTg", a standard "45:2012/BGTVT"
 * no decision), each criterion through its own sources, and the legal
 * basis without its amending documents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/jval.h"
#include "domain/legal/legal.h"
#include "testdb.h"

static const char library[] =
    "{\"format\": \"ntm-legal/1\", \"documents\": ["
    "{\"slug\": \"qd-318\", \"number\": \"318/QĐ-TTg\", \"kind\": \"decision\","
    " \"issuer\": \"Thủ tướng Chính phủ\", \"date\": \"2022-03-08\","
    " \"title\": \"Bộ tiêu chí xã\", \"in_force\": \"no\","
    " \"replaced_by\": null, \"amended_by\": [\"211/QĐ-TTg\"],"
    " \"verification\": \"verified\", \"recalled\": []},"
    "{\"slug\": \"qd-211\", \"number\": \"211/QĐ-TTg\", \"kind\": \"decision\","
    " \"issuer\": \"Thủ tướng Chính phủ\", \"date\": \"2024-03-01\","
    " \"title\": \"Sửa đổi\", \"in_force\": \"not_known\","
    " \"replaced_by\": null, \"amended_by\": [],"
    " \"verification\": \"verified\", \"recalled\": [\"title\"]},"
    "{\"slug\": \"qd-18-2022\", \"number\": \"18/2022/QĐ-TTg\","
    " \"kind\": \"decision\", \"issuer\": \"Thủ tướng Chính phủ\","
    " \"date\": \"2022-08-02\", \"title\": \"Quy trình xét công nhận\","
    " \"in_force\": \"yes\", \"replaced_by\": null, \"amended_by\": [],"
    " \"verification\": \"verified\", \"recalled\": []},"
    "{\"slug\": \"qd-148\", \"number\": \"148/QĐ-TTg\", \"kind\": \"decision\","
    " \"issuer\": \"Thủ tướng Chính phủ\", \"date\": \"2023-02-24\","
    " \"title\": \"OCOP\", \"in_force\": \"yes\", \"replaced_by\": null,"
    " \"amended_by\": [], \"verification\": \"verified\", \"recalled\": []}"
    "]}";

/* Two documents named twice, a replacing document not in the file, a
 * bad kind and date. */
static const char bad_library[] =
    "{\"format\": \"ntm-legal/1\", \"documents\": ["
    "{\"slug\": \"a\", \"number\": \"1/QĐ-TTg\", \"kind\": \"decision\","
    " \"issuer\": \"x\", \"title\": \"x\", \"in_force\": \"yes\","
    " \"replaced_by\": \"9/QĐ-TTg\", \"verification\": \"verified\","
    " \"recalled\": []},"
    "{\"slug\": \"a\", \"number\": \"1/QĐ-TTg\", \"kind\": \"law\","
    " \"issuer\": \"x\", \"title\": \"x\", \"in_force\": \"yes\","
    " \"date\": \"2024-13-40\", \"verification\": \"verified\","
    " \"recalled\": []}]}";

struct fix {
	char dir[64];
	struct db *db;
	char file[128];
};

static int
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static int
setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	if (f == NULL || testdb_open("legal", f->dir, NULL, &f->db) != 0)
		return -1;
	snprintf(f->file, sizeof(f->file), "%s/documents.json", f->dir);
	*state = f;
	return write_file(f->file, library);
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	int rc = testdb_remove(f->db, f->dir);

	free(f);
	return rc;
}

static const struct audit_actor who = { .username = "(test)" };

static void
test_load_once(void **state)
{
	struct fix *f = *state;
	struct errinfo ei;
	bool loaded = false;
	json_t *list = NULL;

	assert_int_equal(legal_load_file(f->db, &who, f->file, &loaded, &ei),
	    ERR_OK);
	assert_true(loaded);
	assert_int_equal(legal_load_file(f->db, &who, f->file, &loaded, &ei),
	    ERR_OK);
	assert_false(loaded);
	assert_int_equal(legal_list(f->db, "quy trinh", &list, &ei), ERR_OK);
	assert_int_equal(jval_int(list, "total", 0), 4);
	assert_int_equal(jval_int(list, "count", 0), 1);
	assert_string_equal(jval_str(json_array_get(json_object_get(list,
	    "items"), 0), "number"), "18/2022/QĐ-TTg");
	json_decref(list);
}

static void
test_bad_file_refused_whole(void **state)
{
	struct fix *f = *state;
	struct errinfo ei;
	bool loaded = false;
	json_t *list = NULL;

	assert_int_equal(legal_load_file(f->db, &who, f->file, &loaded, &ei),
	    ERR_OK);
	assert_int_equal(write_file(f->file, bad_library), 0);
	assert_int_equal(legal_load_file(f->db, &who, f->file, &loaded, &ei),
	    ERR_INVALID);
	assert_false(loaded);
	assert_string_equal(ei.code, "legal.bad_document");
	/* every problem named at once */
	assert_non_null(strstr(ei.message_en, "the replacing document"));
	assert_non_null(strstr(ei.message_en, "the kind"));
	assert_non_null(strstr(ei.message_en, "a date"));
	assert_non_null(strstr(ei.message_en, "the slug repeats"));
	assert_non_null(strstr(ei.message_en, "the number repeats"));
	assert_int_equal(legal_list(f->db, NULL, &list, &ei), ERR_OK);
	assert_int_equal(jval_int(list, "total", 0), 4);	/* unchanged */
	json_decref(list);
}

/* The numbers of a [{number...}] array, joined by " ". */
static const char *
numbers(const json_t *a, char *buf, size_t n)
{
	const json_t *d;
	size_t i, used = 0;

	buf[0] = '\0';
	json_array_foreach(a, i, d)
		used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? " " : "",
		    jval_str(d, "number"));
	return buf;
}

static void
test_what_a_set_cites(void **state)
{
	struct fix *f = *state;
	struct errinfo ei;
	bool loaded = false;
	json_t *doc, *out = NULL, *items;
	char buf[256];

	assert_int_equal(legal_load_file(f->db, &who, f->file, &loaded, &ei),
	    ERR_OK);
	doc = json_loads("{\"id\": \"s\", \"note\": \"xem 148/QĐ-TTg\","
	    " \"legal_basis\": [{\"document\": \"318/QĐ-TTg\"},"
	    "  {\"document\": \"211/QĐ-TTg\", \"role\": \"amended_by\"}],"
	    " \"criteria\": ["
	    "  {\"id\": \"1\", \"name\": \"A\", \"source\": \"1318/QĐ-TTg; "
	    "QCVN 45:2012/BGTVT\"},"
	    "  {\"id\": \"2\", \"name\": \"B\", \"indicators\": [{\"id\": \"2.1\","
	    "   \"source\": \"QĐ 18/2022/QĐ-TTg (02/08/2022)\","
	    "   \"note\": \"148/QĐ-TTg\"}]}]}", 0, NULL);
	assert_non_null(doc);
	assert_int_equal(legal_cites_in(f->db, "criteria_set", doc, &out, &ei),
	    ERR_OK);
	assert_string_equal(numbers(json_object_get(out, "whole"), buf,
	    sizeof(buf)), "318/QĐ-TTg 211/QĐ-TTg");
	assert_string_equal(numbers(json_object_get(out, "basis"), buf,
	    sizeof(buf)), "318/QĐ-TTg");
	items = json_object_get(out, "items");
	assert_null(json_object_get(items, "1"));
	assert_string_equal(numbers(json_object_get(items, "2"), buf,
	    sizeof(buf)), "18/2022/QĐ-TTg");
	assert_int_equal(json_object_size(items), 1);
	json_decref(out);
	assert_int_equal(legal_cites_in(f->db, "nothing", doc, &out, &ei),
	    ERR_INVALID);
	json_decref(doc);
}

static void
test_unknown_slug(void **state)
{
	struct fix *f = *state;
	struct errinfo ei;
	bool loaded = false;
	json_t *out = NULL;

	assert_int_equal(legal_load_file(f->db, &who, f->file, &loaded, &ei),
	    ERR_OK);
	assert_int_equal(legal_get(f->db, "qd-999", &out, &ei), ERR_NOTFOUND);
	assert_string_equal(ei.field, "slug");
	assert_int_equal(legal_get(f->db, "qd-318", &out, &ei), ERR_OK);
	assert_string_equal(jval_str(json_array_get(json_object_get(
	    json_object_get(out, "document"), "amended_by"), 0), "slug"),
	    "qd-211");
	assert_int_equal(json_array_size(json_object_get(out, "cited_by")), 0);
	json_decref(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_file_refused_whole, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_what_a_set_cites, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_slug, setup,
		    teardown),
	};

	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	legal_index_free();	/* the shared index, for the leak checks */
	return rc;
}
