/*
 * ocop_registry_test.c - OCOP producers and products: the product groups
 * of 148/QĐ-TTg as the domain's table (and as the reference file
 * /work/shared/reference/ocop-2023.json lists them), every problem of a
 * producer or product at once with its field, and the two OCOP procedures
 * parse with the states and transitions docs/OCOP.md names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/workflow/workflow.h"
#include "testdb.h"

static void
test_groups(void **state)
{
	static const char *const vi[] = { "Thực phẩm", "Đồ uống",
		"Dược liệu và sản phẩm từ dược liệu", "Hàng thủ công mỹ nghệ",
		"Sinh vật cảnh",
		"Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch" };

	(void)state;
	for (int i = 0; i < OCOP_GROUPS; i++) {
		const struct ocop_group *g = ocop_group_find(i + 1);

		assert_non_null(g);
		assert_int_equal(g->code, i + 1);
		assert_string_equal(g->vi, vi[i]);
		assert_true(strlen(g->en) > 0);
	}
	assert_null(ocop_group_find(0));
	assert_null(ocop_group_find(7));
	assert_null(ocop_group_find(-1));
}

static int
has_field(const struct errinfo *p, size_t n, const char *field)
{
	for (size_t i = 0; i < n && i < 8; i++)
		if (strcmp(p[i].field, field) == 0)
			return 1;
	return 0;
}

static void
test_product_problems(void **state)
{
	struct ocop_product_in ok = { .name = "Mật ong hoa nhãn", .group = 1 };
	struct ocop_product_in bad = { .name = "", .group = 9 };
	char long_text[OCOP_TEXT_MAX + 2];
	struct errinfo p[8];
	size_t n;

	(void)state;
	assert_int_equal(ocop_product_problems(&ok, p, 8), 0);
	memset(long_text, 'a', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	bad.description = long_text;
	bad.ingredients = long_text;
	n = ocop_product_problems(&bad, p, 8);
	assert_int_equal(n, 4);
	assert_true(has_field(p, n, "name"));
	assert_true(has_field(p, n, "group"));
	assert_true(has_field(p, n, "description"));
	assert_true(has_field(p, n, "ingredients"));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(p[i].err, ERR_INVALID);
		assert_true(strlen(p[i].message) > 0);
		assert_true(strlen(p[i].message_en) > 0);
	}
	/* more problems than room: counted, only max written */
	assert_int_equal(ocop_product_problems(&bad, p, 2), 4);
}

static void
test_producer_problems(void **state)
{
	char dir[64];
	struct db *db;
	struct errinfo p[8];
	struct ocop_producer_in ok = { .name = "Hợp tác xã Sóc Sơn",
		.kind = "cooperative", .tax_code = "0101234567",
		.structure = "2025", .code = "00376" };
	struct ocop_producer_in bad = { .name = NULL, .kind = "guild",
		.tax_code = "12ab", .structure = "2025", .code = "01" };
	struct ocop_producer_in unknown = { .name = "Hộ ông An", .kind = NULL,
		.structure = NULL };
	size_t n;

	(void)state;
	assert_int_equal(testdb_open("ocop", dir, NULL, &db), 0);
	/* without units loaded, a commune check refuses every unit */
	n = ocop_producer_problems(db, &bad, p, 8);
	assert_int_equal(n, 4);
	assert_true(has_field(p, n, "name"));
	assert_true(has_field(p, n, "kind"));
	assert_true(has_field(p, n, "tax_code"));
	assert_true(has_field(p, n, "unit"));
	ok.structure = NULL;	/* the unit is not checked without one */
	assert_int_equal(ocop_producer_problems(db, &ok, p, 8), 0);
	/* the kind may be unknown */
	assert_int_equal(ocop_producer_problems(NULL, &unknown, p, 8), 0);
	assert_int_equal(testdb_remove(db, dir), 0);
}

static const struct wf_procedure *
parse_file(const char *path, struct wf_procedure **out)
{
	struct buf b;
	struct errinfo ei;

	buf_init(&b, 1 << 20);
	assert_int_equal(buf_read_file(&b, path), ERR_OK);
	if (wf_procedure_parse(buf_cstr(&b), b.len, out, &ei) != ERR_OK)
		fail_msg("%s: %s", path, ei.message_en);
	buf_free(&b);
	return *out;
}

static void
test_procedures(void **state)
{
	static const char *const states[] = { "registered", "business_plan",
		"returned", "commune_checked", "provincial_round", "rated",
		"not_rated", "central_round", "certified", "expiring", "expired",
		"revoked" };
	static const char *const early[] = { "submit_plan", "forward",
		"return" };
	struct wf_procedure *p, *old;
	const struct wf_transition *t;

	(void)state;
	parse_file("procedures/ocop-product-2025.json", &p);
	assert_string_equal(p->kind, OCOP_PROCEDURE_KIND);
	assert_string_equal(p->initial, "registered");
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		assert_non_null(wf_state_find(p, states[i]));
	for (size_t i = 0; i < 3; i++)
		assert_non_null(wf_transition_find(p, early[i]));
	/* the commune forwards and returns; the producer only submits */
	t = wf_transition_find(p, "forward");
	assert_int_equal(t->roles, ROLE_BIT(ROLE_COMMUNE_OFFICER));
	assert_true(wf_transition_find(p, "return")->req.reason);
	assert_true(wf_transition_find(p, "submit_plan")->roles &
	    ROLE_BIT(ROLE_PRODUCER));
	/* two levels after 1489: no district anywhere */
	for (size_t i = 0; i < p->nstates; i++)
		assert_int_not_equal(p->states[i].holder, WF_LEVEL_DISTRICT);
	parse_file("procedures/ocop-product-pre2025.json", &old);
	assert_string_equal(old->kind, OCOP_PROCEDURE_KIND);
	assert_int_equal(wf_state_find(old, old->initial)->holder,
	    WF_LEVEL_DISTRICT);
	assert_string_equal(old->structures[0], "pre2025");
	wf_procedure_free(p);
	wf_procedure_free(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_product_problems),
		cmocka_unit_test(test_producer_problems),
		cmocka_unit_test(test_procedures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
