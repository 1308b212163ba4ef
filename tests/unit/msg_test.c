/*
 * msg_test.c - the message tables (src/messages/, core/msg.h): every key
 * is unique across the tables and has both a Vietnamese and an English
 * text; every {{t.key}} a template reads and every msg_get(lang, "key")
 * literal in src/ has an entry (a missing one would show the key itself
 * on a page); msg_pick, msg_format and the error messages in both
 * languages (err_set, err_prefix, err_message).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/embed.h"
#include "core/msg.h"

static void
test_keys_unique_and_complete(void **state)
{
	json_t *seen = json_object();

	(void)state;
	for (size_t t = 0; msg_tables[t] != NULL; t++)
		for (const struct msg *m = msg_tables[t]; m->key != NULL; m++) {
			if (json_object_get(seen, m->key) != NULL)
				fail_msg("message key '%s' twice", m->key);
			json_object_set_new(seen, m->key, json_true());
			/* An affix may be empty in one language ("còn" 3
			 * days / 3 days left), never in both. */
			if (m->vi == NULL || m->en == NULL || (m->vi[0] == '\0' &&
			    m->en[0] == '\0'))
				fail_msg("message '%s' lacks a language", m->key);
		}
	assert_true(json_object_size(seen) > 500);
	json_decref(seen);
}

/* Every "{{t.key}}" of every compiled-in template has an entry. */
static void
test_templates_keys_exist(void **state)
{
	const json_t *vi = msg_all("vi");
	int missing = 0, checked = 0;

	(void)state;
	for (const struct embedded_file *f = embedded_files; f->path; f++) {
		const char *p = f->data, *end = f->data + f->size;

		if (strncmp(f->path, "templates/", 10) != 0)
			continue;
		while ((p = strstr(p, "t.")) != NULL) {
			char key[96];
			size_t n = 0;

			if (p > (const char *)f->data && (p[-1] == '{' ||
			    p[-1] == '#' || p[-1] == '^' || p[-1] == ' ')) {
				p += 2;
				while (p + n < end && n < sizeof(key) - 1 &&
				    ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_' ||
				    (p[n] >= '0' && p[n] <= '9')))
					n++;
				memcpy(key, p, n);
				key[n] = '\0';
				if (n > 0 && p + n < end && p[n] == '}') {
					checked++;
					if (json_object_get(vi, key) == NULL) {
						print_error("%s: no message '%s'\n",
						    f->path, key);
						missing++;
					}
				}
			} else
				p += 2;
		}
	}
	assert_true(checked > 300);
	assert_int_equal(missing, 0);
}

static void
test_lookup(void **state)
{
	const char *args[] = { "75 %", "80 %" };
	struct buf b;

	(void)state;
	assert_string_equal(msg_get("en", "nav_home"), "Home");
	assert_string_equal(msg_get("vi", "nav_home"), "Trang chủ");
	assert_string_equal(msg_get(NULL, "nav_home"), "Trang chủ");
	assert_string_equal(msg_get("fr", "nav_home"), "Trang chủ");
	assert_string_equal(msg_get("en", "no_such_key_here"),
	    "no_such_key_here");
	assert_string_equal(msg_pick("en", "Xã", "Commune"), "Commune");
	assert_string_equal(msg_pick("en", "Xã", NULL), "Xã");
	assert_string_equal(msg_pick("en", "Xã", ""), "Xã");
	assert_string_equal(msg_pick("vi", "Xã", "Commune"), "Xã");
	buf_init(&b, 1024);
	/* msg_format on a key with no entry formats the key itself. */
	assert_int_equal(msg_format(&b, "vi", "có {2}, cần {1}; {x} {9}", args,
	    2), ERR_OK);
	assert_string_equal(buf_cstr(&b), "có 80 %, cần 75 %; {x} ");
	buf_free(&b);
}

static void
test_errors_in_both_languages(void **state)
{
	struct errinfo ei;

	(void)state;
	assert_int_equal(err_set(&ei, ERR_INVALID, "x.bad", "year",
	    "năm %d không hợp lệ", "year %d is not valid", 1789), ERR_INVALID);
	assert_string_equal(ei.message, "năm 1789 không hợp lệ");
	assert_string_equal(ei.message_en, "year 1789 is not valid");
	assert_string_equal(err_message(&ei, "en"), "year 1789 is not valid");
	assert_string_equal(err_message(&ei, "vi"), "năm 1789 không hợp lệ");
	err_prefix(&ei, "dòng %d: ", "line %d: ", 3);
	assert_string_equal(ei.message, "dòng 3: năm 1789 không hợp lệ");
	assert_string_equal(ei.message_en, "line 3: year 1789 is not valid");
	assert_string_equal(ei.field, "year");
	assert_string_equal(ei.code, "x.bad");
	err_set_texts(&ei, ERR_NOTFOUND, "x.none", NULL, "không có", "none");
	assert_string_equal(err_message(&ei, "en"), "none");
	assert_string_equal(ei.message, "không có");
}

/* A message cut at the buffer never ends inside a UTF-8 character. */
static void
test_error_cut_keeps_utf8(void **state)
{
	struct errinfo ei;
	char big[600];

	(void)state;
	for (size_t i = 0; i + 3 < sizeof(big); i += 3)
		memcpy(big + i, "\xe1\xbb\x87", 3);	/* ệ */
	big[sizeof(big) - 3] = '\0';
	err_set(&ei, ERR_INVALID, NULL, NULL, "a%s", "ab%s", big);
	assert_true(strlen(ei.message) < sizeof(ei.message));
	assert_int_equal((strlen(ei.message) - 1) % 3, 0);
	assert_int_equal((strlen(ei.message_en) - 2) % 3, 0);
	err_prefix(&ei, "x", "y");
	assert_int_equal((strlen(ei.message) - 2) % 3, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_unique_and_complete),
		cmocka_unit_test(test_templates_keys_exist),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_errors_in_both_languages),
		cmocka_unit_test(test_error_cut_keeps_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
