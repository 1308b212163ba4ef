/*
 * criteria_test.c - unit tests of the criteria engine's API
 * (domain/criteria/criteria.h): what a parsed set holds, the errors of
 * malformed text, entered values from JSON and from text, the formula
 * grammar and long formula chains, the result's JSON shape and
 * explanations, the CSV annex import with its line-numbered errors, and
 * that every shipped set in criteria/ parses.  The rules themselves are
 * exercised by the data-driven cases (criteria_cases_test.c).
 *
 * Documents are written with single quotes (q() turns them into double
 * quotes) to keep them readable.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "domain/criteria/criteria.h"

/* s with every ' turned into " (caller frees). */
static char *
q(const char *s)
{
	char *d = strdup(s), *p;

	assert_non_null(d);
	for (p = d; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	return d;
}

#define HEAD(variant_by) \
	"{'format':'ntm-criteria/1','id':'t','version':3,'name':'Bộ thử'," \
	"'kind':'ntm_commune','applies_to':{'structure':'2025'," \
	"'level':'commune'},'years':{'from':2026,'to':2030}," \
	"'variant_by':'" variant_by "',"

static struct crit_set *
parse_ok(const char *single_quoted)
{
	struct crit_set *s = NULL;
	struct errinfo ei;
	char *t = q(single_quoted);
	enum err e;

	memset(&ei, 0, sizeof(ei));
	e = crit_set_parse(t, strlen(t), &s, &ei);
	if (e != ERR_OK)
		print_error("parse: %s %s: %s\n", ei.code, ei.field, ei.message);
	assert_int_equal(e, ERR_OK);
	assert_non_null(s);
	free(t);
	return s;
}

static void
parse_err(const char *single_quoted, enum err want, const char *field,
    const char *code)
{
	struct crit_set *s = (struct crit_set *)1;
	struct errinfo ei;
	char *t = q(single_quoted);

	memset(&ei, 0, sizeof(ei));
	assert_int_equal(crit_set_parse(t, strlen(t), &s, &ei), want);
	assert_null(s);
	assert_int_equal(ei.err, want);
	assert_string_equal(ei.field, field);
	assert_string_equal(ei.code, code);
	/* The message names the place (when there is one), in both
	 * languages. */
	if (field[0] != '\0') {
		assert_non_null(strstr(ei.message, field));
		assert_non_null(strstr(ei.message_en, field));
	}
	if (want == ERR_INVALID)
		assert_string_not_equal(ei.message, ei.message_en);
	free(t);
}

static const char full_doc[] = HEAD("commune_group")
    "'name_en':'Test set','profile':'demo',"
    "'inputs':[{'id':'hh_total','name':'Tổng số hộ'},{'id':'hh_clean'}],"
    "'pass_rule':{'type':'at_least','count':1},"
    "'revocation':{'fail_share_from':0.3,'fail_share_below':0.5,"
    "  'fail_share_always':0.5,'key_criteria':['2']},"
    "'criteria':["
    " {'id':'1','name':'Quy hoạch','group':'I','indicators':["
    "  {'id':'1.1','name':'Có quy hoạch','type':'boolean','x-extra':1},"
    "  {'id':'1.2','name':'Nước sạch','type':'number','unit':'%','op':'>=',"
    "   'formula':'100 * [hh_clean] / [hh_total]','delegated_to':'province',"
    "   'thresholds':[{'variant':'1','value':95,'status':'verified',"
    "   'source':'QĐ'},{'variant':'2','from_year':2027,'value':null,"
    "   'note':'Tham khảo: 90'}]}],"
    "  'pass_rule':{'type':'at_least','count':1}},"
    " {'id':'2','name':'Giao thông','indicators':["
    "  {'id':'2.1','name':'Mức','type':'enum','values':['A','B','C'],"
    "   'passing':['A','B']},"
    "  {'id':'2.2','name':'Tỷ lệ xã','type':'children_share',"
    "   'of_set':'ntm-xa','status':'met','wording_status':'recalled',"
    "   'op':'>','thresholds':[{'value':80}]},"
    "  {'id':'2.3','name':'Thu nhập','type':'number','op':'>=','min':0,"
    "   'max':500,'thresholds':[]}]}]}";

static void
test_parse_fields(void **state)
{
	struct crit_set *s = parse_ok(full_doc);
	const struct crit_indicator *ind;

	(void)state;
	assert_string_equal(s->id, "t");
	assert_int_equal(s->version, 3);
	assert_string_equal(s->name, "Bộ thử");
	assert_string_equal(s->name_en, "Test set");
	assert_string_equal(s->profile, "demo");
	assert_string_equal(s->kind, "ntm_commune");
	assert_string_equal(s->structure, "2025");
	assert_string_equal(s->level, "commune");
	assert_int_equal(s->n_unit_classes, 0);
	assert_int_equal(s->year_from, 2026);
	assert_int_equal(s->year_to, 2030);
	assert_int_equal(s->variant_by, CRIT_BY_COMMUNE_GROUP);
	assert_int_equal(s->at_least, 1);
	assert_true(s->has_revocation);
	assert_true(s->fail_share_from == 0.3);
	assert_int_equal(s->n_key_criteria, 1);
	assert_string_equal(s->key_criteria[0], "2");
	assert_int_equal(s->n_criteria, 2);
	assert_int_equal(s->n_indicators, 5);
	assert_int_equal(s->n_inputs, 2);
	assert_string_equal(s->inputs[1].name, "hh_clean");	/* id as name */
	assert_string_equal(s->criteria[0].group, "I");
	assert_int_equal(s->criteria[0].at_least, 1);
	assert_int_equal(s->criteria[1].first, 2);
	assert_int_equal(s->criteria[1].n, 3);

	ind = &s->indicators[1];
	assert_string_equal(ind->id, "1.2");
	assert_int_equal(ind->type, CRIT_NUMBER);
	assert_int_equal(ind->op, CRIT_GE);
	assert_true(ind->percent);
	assert_true(ind->delegated);
	assert_non_null(ind->compiled);
	assert_int_equal(ind->n_thresholds, 2);
	assert_string_equal(ind->thresholds[0].variant, "1");
	assert_true(ind->thresholds[0].configured);
	assert_true(ind->thresholds[0].value == 95);
	assert_string_equal(ind->thresholds[0].status, "verified");
	assert_false(ind->thresholds[1].configured);
	assert_int_equal(ind->thresholds[1].from_year, 2027);
	assert_int_equal(ind->thresholds[1].to_year, 0);
	assert_string_equal(ind->thresholds[1].note, "Tham khảo: 90");
	assert_int_equal(ind->criterion, 0);

	ind = &s->indicators[2];
	assert_int_equal(ind->type, CRIT_ENUM);
	assert_int_equal(ind->op, CRIT_OP_NONE);
	assert_int_equal(ind->n_values, 3);
	assert_int_equal(ind->n_passing, 2);
	assert_int_equal(ind->criterion, 1);

	ind = &s->indicators[3];
	assert_int_equal(ind->type, CRIT_CHILDREN_SHARE);
	assert_true(ind->percent);
	assert_string_equal(ind->of_set, "ntm-xa");
	assert_string_equal(ind->child_status, "met");
	assert_string_equal(ind->status, "recalled");

	ind = &s->indicators[4];
	assert_true(ind->has_min && ind->has_max);
	assert_false(ind->percent);
	assert_true(ind->max == 500);

	/* Unknown keys stay in the document. */
	assert_non_null(json_object_get(json_array_get(json_object_get(
	    json_array_get(json_object_get(s->doc, "criteria"), 0),
	    "indicators"), 0), "x-extra"));
	crit_set_free(s);
	crit_set_free(NULL);
}

static void
test_doc_reference(void **state)
{
	struct crit_set *s = NULL;
	struct errinfo ei;
	char *t = q(full_doc);
	json_t *doc = json_loads(t, 0, NULL);

	(void)state;
	assert_non_null(doc);
	assert_int_equal(crit_set_from_json(doc, &s, &ei), ERR_OK);
	assert_ptr_equal(s->doc, doc);
	assert_int_equal(doc->refcount, 2);
	json_decref(doc);
	/* The set still holds the document and its own copies. */
	assert_string_equal(json_string_value(json_object_get(s->doc, "id")),
	    "t");
	assert_string_equal(s->indicators[0].name, "Có quy hoạch");
	crit_set_free(s);
	free(t);
}

static void
test_parse_malformed(void **state)
{
	struct crit_set *s = NULL;
	struct errinfo ei;
	char *big;

	(void)state;
	parse_err("[1, 2]", ERR_INVALID, "", "criteria.bad_value");
	parse_err("{'format': ", ERR_MALFORMED, "", "criteria.bad_json");
	parse_err("{'a': 1, 'a': 2}", ERR_MALFORMED, "", "criteria.bad_json");
	parse_err("{'format': 'ntm-criteria/1', 'id': 'a\\u0000b'}",
	    ERR_MALFORMED, "", "criteria.bad_json");
	parse_err("{}", ERR_INVALID, "format", "criteria.missing_field");
	assert_int_equal(crit_set_parse("{\"x\":\"\xc3\x28\"}", 10, &s, &ei),
	    ERR_MALFORMED);
	assert_string_equal(ei.code, "criteria.bad_utf8");
	big = malloc(CRIT_DOC_MAX + 1);
	assert_non_null(big);
	memset(big, ' ', CRIT_DOC_MAX + 1);
	assert_int_equal(crit_set_parse(big, CRIT_DOC_MAX + 1, &s, &ei),
	    ERR_MALFORMED);
	assert_string_equal(ei.code, "criteria.too_large");
	free(big);
	assert_null(s);
}

static void
test_parse_errors(void **state)
{
	(void)state;
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x'}]}",
	    ERR_INVALID, "criteria[0].indicators", "criteria.missing_field");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'indicators':[{'id':'1.1','name':'a','type':'number','op':'>=',"
	    "'thresholds':[{'value':'95'}]}]}]}", ERR_INVALID,
	    "criteria[0].indicators[0].thresholds[0].value",
	    "criteria.bad_value");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'indicators':[{'id':'1.1','name':'a','type':'boolean'},"
	    "{'id':'1.2','name':'b','type':'boolean'},"
	    "{'id':'1.3','name':'c','type':'boolean'},"
	    "{'id':'1.4','name':'d','type':'number','op':'>=',"
	    "'formula':'[1.1] * 2'}]}]}", ERR_INVALID,
	    "criteria[0].indicators[3].formula", "criteria.bad_reference");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'indicators':[{'id':'A1','name':'a','type':'boolean'}]}]}",
	    ERR_INVALID, "criteria[0].indicators[0].id", "criteria.bad_id");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'indicators':[{'id':'.a','name':'a','type':'boolean'}]}]}",
	    ERR_INVALID, "criteria[0].indicators[0].id", "criteria.bad_id");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'indicators':[{'id':'a','name':'a','type':'boolean',"
	    "'thresholds':[{'value':1}]}]}]}", ERR_INVALID,
	    "criteria[0].indicators[0].thresholds", "criteria.unexpected_field");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'pass_rule':{'type':'most'},'indicators':[]}]}", ERR_INVALID,
	    "criteria[0].pass_rule.type", "criteria.unknown_value");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'pass_rule':{'type':'at_least','count':1},'indicators':[]}]}",
	    ERR_INVALID, "criteria[0].pass_rule.count", "criteria.bad_value");
	parse_err(HEAD("none") "'revocation':{'fail_share_from':0.3,"
	    "'fail_share_below':0.5,'fail_share_always':0,'key_criteria':[]},"
	    "'criteria':[{'id':'1','name':'x','indicators':[]}]}", ERR_INVALID,
	    "revocation.fail_share_always", "criteria.bad_value");
	parse_err(HEAD("none") "'revocation':{'fail_share_from':0.3,"
	    "'fail_share_below':0.5,'fail_share_always':0.5},"
	    "'criteria':[{'id':'1','name':'x','indicators':[]}]}", ERR_INVALID,
	    "revocation.key_criteria", "criteria.missing_field");
	parse_err(HEAD("none") "'inputs':[{'id':'a'},{'id':'a'}],"
	    "'criteria':[{'id':'1','name':'x','indicators':[]}]}", ERR_INVALID,
	    "inputs[1].id", "criteria.duplicate_id");
	parse_err(HEAD("none") "'legal_basis':[{'document':5}],"
	    "'criteria':[{'id':'1','name':'x','indicators':[]}]}", ERR_INVALID,
	    "legal_basis[0].document", "criteria.bad_value");
	parse_err(HEAD("none") "'criteria':[{'id':'1','name':'x',"
	    "'indicators':[{'id':'a','name':'a','type':'number','op':'>=',"
	    "'min':0,'max':10,'thresholds':[{'value':11}]}]}]}", ERR_INVALID,
	    "criteria[0].indicators[0].thresholds[0].value",
	    "criteria.bad_value");
	/* Whole messages, in both languages. */
	{
		struct crit_set *s = NULL;
		struct errinfo ei;
		char *t = q(HEAD("none") "'criteria':[{'id':'1','name':'x'}]}");

		assert_int_equal(crit_set_parse(t, strlen(t), &s, &ei),
		    ERR_INVALID);
		assert_string_equal(ei.message, "criteria[0].indicators: thiếu "
		    "danh sách chỉ tiêu (có thể là [] khi chưa biết)");
		assert_string_equal(ei.message_en, "criteria[0].indicators: the "
		    "list of indicators is missing ([] while they are not "
		    "known)");
		free(t);
		t = q(HEAD("none") "'criteria':[]}");
		assert_int_equal(crit_set_parse(t, strlen(t), &s, &ei),
		    ERR_INVALID);
		assert_string_equal(ei.message_en,
		    "criteria: the list of criteria is empty");
		free(t);
		t = q("[1]");
		assert_int_equal(crit_set_parse(t, strlen(t), &s, &ei),
		    ERR_INVALID);
		assert_string_equal(ei.message, "tài liệu: tài liệu phải là một "
		    "đối tượng JSON");
		assert_string_equal(ei.message_en,
		    "document: the document must be a JSON object");
		free(t);
	}
	/* A year-bounded entry and an unbounded one do not clash. */
	crit_set_free(parse_ok(HEAD("none") "'criteria':[{'id':'1',"
	    "'name':'x','indicators':[{'id':'a','name':'a','type':'number',"
	    "'op':'>=','thresholds':[{'value':1},{'from_year':2027,"
	    "'value':2},{'to_year':2026,'value':3}]}]}]}"));
}

/* A set with one number indicator "n" whose value is formula. */
static struct crit_set *
formula_set(const char *formula, struct errinfo *ei, enum err *e)
{
	char buf[4096];
	struct crit_set *s = NULL;
	char *t;

	snprintf(buf, sizeof(buf), HEAD("none")
	    "'inputs':[{'id':'a'},{'id':'b'},{'id':'c'}],"
	    "'criteria':[{'id':'1','name':'x','indicators':[{'id':'n',"
	    "'name':'n','type':'number','op':'>=','thresholds':[{'value':0}],"
	    "'formula':'%s'}]}]}", formula);
	t = q(buf);
	*e = crit_set_parse(t, strlen(t), &s, ei);
	free(t);
	return s;
}

/* Evaluate formula with a=8, b=2, c=3; return n's value (NAN if none). */
static double
formula_value(const char *formula)
{
	struct crit_value vals[4];
	struct crit_eval_input in;
	struct crit_result r;
	struct errinfo ei;
	struct arena *a = arena_new(1024);
	struct crit_set *s;
	enum err e;
	double x;

	s = formula_set(formula, &ei, &e);
	if (e != ERR_OK)
		print_error("%s: %s %s\n", formula, ei.code, ei.message);
	assert_int_equal(e, ERR_OK);
	memset(vals, 0, sizeof(vals));
	vals[1].present = vals[2].present = vals[3].present = true;
	vals[1].num = 8;
	vals[2].num = 2;
	vals[3].num = 3;
	memset(&in, 0, sizeof(in));
	in.year = 2026;
	in.values = vals;
	assert_int_equal(crit_evaluate(s, &in, a, &r, &ei), ERR_OK);
	x = r.indicators[0].value.present ? r.indicators[0].value.num : NAN;
	crit_set_free(s);
	arena_free(a);
	return x;
}

static void
formula_error(const char *formula, const char *code)
{
	struct errinfo ei;
	enum err e;
	struct crit_set *s = formula_set(formula, &ei, &e);

	if (e == ERR_OK)
		print_error("%s: accepted\n", formula);
	assert_int_equal(e, ERR_INVALID);
	assert_null(s);
	assert_string_equal(ei.field, "criteria[0].indicators[0].formula");
	assert_string_equal(ei.code, code);
}

/* "1+2*(1+2*(...1...))" with n levels, into f. */
static const char *
stacked(char *f, int n)
{
	size_t len = 0;
	int i;

	for (i = 0; i < n; i++)
		len += (size_t)snprintf(f + len, 400 - len, "1+2*(");
	len += (size_t)snprintf(f + len, 400 - len, "1");
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(f + len, 400 - len, ")");
	return f;
}

static void
test_formula_grammar(void **state)
{
	char f[400];

	(void)state;
	assert_true(formula_value("1 + 2 * 3") == 7);
	assert_true(formula_value("(1 + 2) * 3") == 9);
	assert_true(formula_value("[a] - [b] - [c]") == 3);
	assert_true(formula_value("[a] / [b] / 2") == 2);
	assert_true(formula_value("-[b] * -[c]") == 6);
	assert_true(formula_value("2 - -1") == 3);
	assert_true(formula_value("--[a]") == 8);
	assert_true(formula_value("0.5 * [a]") == 4);
	assert_true(formula_value(" 100*[c]/[a] ") == 37.5);
	assert_true(formula_value("[a]*[a]*[a]") == 512);
	assert_true(isnan(formula_value("[a] / ([b] - 2)")));
	formula_error("", "criteria.bad_formula");
	formula_error("1 +", "criteria.bad_formula");
	formula_error("1 2", "criteria.bad_formula");
	formula_error("[", "criteria.bad_formula");
	formula_error("[]", "criteria.bad_formula");
	formula_error("[a", "criteria.bad_formula");
	formula_error("1..2", "criteria.bad_formula");
	formula_error("1.", "criteria.bad_formula");
	formula_error(".5", "criteria.bad_formula");
	formula_error("1e3", "criteria.bad_formula");
	formula_error("a", "criteria.bad_formula");
	formula_error("5 % 2", "criteria.bad_formula");
	formula_error("(1", "criteria.bad_formula");
	formula_error("1)", "criteria.bad_formula");
	formula_error("+1", "criteria.bad_formula");
	formula_error("[zz]", "criteria.unknown_reference");
	formula_error("[n]", "criteria.cycle");
	formula_error("(((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))"
	    "))))))))", "criteria.bad_formula");
	/* 32 levels that each keep two operands waiting need a stack of 65;
	 * 31 levels need 63 and give 2^32 - 1. */
	assert_true(formula_value(stacked(f, 31)) == 4294967295.0);
	formula_error(stacked(f, 32), "criteria.bad_formula");
	/* 32 levels are fine. */
	assert_true(formula_value("((((((((((((((((((((((((((((((((1))))))))))"
	    "))))))))))))))))))))))") == 1);
}

/* A chain of n formula indicators, each the previous one plus 1 (listed
 * last first, so the order must come from the references) over the
 * input i0, or closed into a cycle. */
static char *
chain_doc(size_t n, bool cycle)
{
	size_t cap = 200 * n + 1000, len, i;
	char *d = malloc(cap);

	assert_non_null(d);
	len = (size_t)snprintf(d, cap, HEAD("none") "'inputs':[{'id':'i0'}],"
	    "'criteria':[{'id':'1','name':'x','indicators':[");
	for (i = n; i >= 1; i--)
		len += (size_t)snprintf(d + len, cap - len, "%s{'id':'i%zu',"
		    "'name':'c','type':'number','op':'>=','thresholds':"
		    "[{'value':0}],'formula':'[i%zu] + 1'}",
		    i == n ? "" : ",", i, i == 1 ? (cycle ? n : 0) : i - 1);
	snprintf(d + len, cap - len, "]}]}");
	return d;
}

static void
test_formula_chain(void **state)
{
	const size_t n = 3000;
	struct crit_value *vals;
	struct crit_eval_input in;
	struct crit_result r;
	struct crit_set *s;
	struct errinfo ei;
	struct arena *a = arena_new(4096);
	char *d, *t;
	long slot;

	(void)state;
	d = chain_doc(n, false);
	s = parse_ok(d);
	free(d);
	vals = calloc(crit_slots(s), sizeof(*vals));
	slot = crit_slot(s, "i0");
	assert_int_equal(slot, (long)n);
	vals[slot].present = true;
	vals[slot].num = 0.5;
	memset(&in, 0, sizeof(in));
	in.year = 2030;
	in.values = vals;
	assert_int_equal(crit_evaluate(s, &in, a, &r, &ei), ERR_OK);
	/* indicators[0] is i<n>: x + n. */
	assert_true(r.indicators[0].value.present);
	assert_true(r.indicators[0].value.num == 0.5 + (double)n);
	assert_int_equal(r.status, CRIT_MET);
	free(vals);
	crit_set_free(s);

	d = chain_doc(n, true);
	t = q(d);
	assert_int_equal(crit_set_parse(t, strlen(t), &s, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "criteria.cycle");
	free(t);
	free(d);
	arena_free(a);
}

static void
test_slots_and_variants(void **state)
{
	struct crit_set *s = parse_ok(full_doc);

	(void)state;
	assert_int_equal(crit_slots(s), 7);
	assert_int_equal(crit_slot(s, "1.1"), 0);
	assert_int_equal(crit_slot(s, "2.3"), 4);
	assert_int_equal(crit_slot(s, "hh_total"), 5);
	assert_int_equal(crit_slot(s, "hh_clean"), 6);
	assert_int_equal(crit_slot(s, "1"), -1);	/* a criterion */
	assert_int_equal(crit_slot(s, "nope"), -1);
	assert_int_equal(crit_slot(s, NULL), -1);
	assert_true(crit_variant_valid(s, "1"));
	assert_true(crit_variant_valid(s, "3"));
	assert_false(crit_variant_valid(s, "4"));
	assert_false(crit_variant_valid(s, "DBSH"));
	assert_false(crit_variant_valid(s, NULL));
	s->variant_by = CRIT_BY_REGION7;
	assert_true(crit_variant_valid(s, "DBSCL"));
	assert_true(crit_variant_valid(s, "TDMNPB"));
	assert_false(crit_variant_valid(s, "dbscl"));
	s->variant_by = CRIT_BY_NONE;
	assert_false(crit_variant_valid(s, "1"));
	crit_set_free(s);
}

static void
test_tightens(void **state)
{
	(void)state;
	assert_true(crit_tightens(CRIT_GE, 96, 95));
	assert_true(crit_tightens(CRIT_GE, 95, 95));
	assert_false(crit_tightens(CRIT_GE, 94, 95));
	assert_true(crit_tightens(CRIT_GT, 95.5, 95));
	assert_true(crit_tightens(CRIT_LE, 4, 5));
	assert_false(crit_tightens(CRIT_LE, 6, 5));
	assert_true(crit_tightens(CRIT_LT, 5, 5));
	assert_false(crit_tightens(CRIT_LT, 5.1, 5));
	assert_true(crit_tightens(CRIT_EQ, 5, 5));
	assert_false(crit_tightens(CRIT_EQ, 6, 5));
	assert_true(crit_tightens(CRIT_GE, 0.1 * 3, 0.3));
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(crit_type_names[CRIT_CHILDREN_SHARE],
	    "children_share");
	assert_string_equal(crit_op_names[CRIT_OP_NONE], "");
	assert_string_equal(crit_op_names[CRIT_EQ], "==");
	assert_string_equal(crit_reason_names[CRIT_R_DIV_ZERO], "div_zero");
	assert_string_equal(crit_reason_names[CRIT_R_NOT_CONFIGURED],
	    "not_configured");
	assert_string_equal(crit_status_names[CRIT_INCOMPLETE], "incomplete");
}

/* crit_value_from_json of the JSON text js for slot id: the error code
 * ("" for none). */
static const char *
vj(struct crit_set *s, struct arena *a, const char *id, const char *js,
    struct crit_value *out)
{
	static struct errinfo ei;
	json_t *v = json_loads(js, JSON_DECODE_ANY, NULL);
	long slot = crit_slot(s, id);
	enum err e;

	assert_true(slot >= 0);
	assert_non_null(v);
	memset(&ei, 0, sizeof(ei));
	e = crit_value_from_json(s, (size_t)slot, v, a, out, &ei);
	json_decref(v);
	if (e != ERR_OK) {
		assert_int_equal(e, ERR_INVALID);
		assert_true(strncmp(ei.field, "values.", 7) == 0);
		assert_string_equal(ei.field + 7, id);
	}
	return ei.code;
}

static void
test_value_from_json(void **state)
{
	struct crit_set *s = parse_ok(full_doc);
	struct arena *a = arena_new(1024);
	struct crit_value v;
	json_t *j;

	(void)state;
	assert_string_equal(vj(s, a, "1.1", "true", &v), "");
	assert_true(v.present && v.boolean);
	assert_string_equal(vj(s, a, "1.1", "false", &v), "");
	assert_true(v.present && !v.boolean);
	assert_string_equal(vj(s, a, "1.1", "null", &v), "");
	assert_false(v.present);
	assert_string_equal(vj(s, a, "1.1", "1", &v), "criteria.bad_value");
	assert_string_equal(vj(s, a, "1.2", "95", &v), "criteria.derived");
	assert_string_equal(vj(s, a, "2.1", "\"B\"", &v), "");
	assert_true(v.present);
	assert_string_equal(v.text, "B");
	assert_string_equal(vj(s, a, "2.1", "\"b\"", &v),
	    "criteria.unknown_value");
	assert_string_equal(vj(s, a, "2.1", "2", &v), "criteria.bad_value");
	assert_string_equal(vj(s, a, "2.2", "100", &v), "");
	assert_true(v.present && v.num == 100);
	assert_string_equal(vj(s, a, "2.2", "0", &v), "");
	assert_string_equal(vj(s, a, "2.2", "100.5", &v),
	    "criteria.out_of_range");
	assert_string_equal(vj(s, a, "2.2", "-0.1", &v),
	    "criteria.out_of_range");
	assert_string_equal(vj(s, a, "2.3", "500", &v), "");
	assert_string_equal(vj(s, a, "2.3", "500.01", &v),
	    "criteria.out_of_range");
	assert_string_equal(vj(s, a, "2.3", "true", &v), "criteria.bad_value");
	assert_string_equal(vj(s, a, "hh_total", "123456", &v), "");
	assert_true(v.num == 123456);

	/* Back to JSON: integers stay integers, null when absent. */
	v.present = true;
	v.num = 95;
	j = crit_value_json(s, 4, &v);
	assert_true(json_is_integer(j) && json_integer_value(j) == 95);
	json_decref(j);
	v.num = 91.5;
	j = crit_value_json(s, 4, &v);
	assert_true(json_is_real(j) && json_real_value(j) == 91.5);
	json_decref(j);
	v.boolean = true;
	j = crit_value_json(s, 0, &v);
	assert_true(json_is_true(j));
	json_decref(j);
	v.text = "A";
	j = crit_value_json(s, 2, &v);
	assert_string_equal(json_string_value(j), "A");
	json_decref(j);
	v.present = false;
	j = crit_value_json(s, 4, &v);
	assert_true(json_is_null(j));
	json_decref(j);
	arena_free(a);
	crit_set_free(s);
}

/* crit_value_from_text for id: the error code ("" for none). */
static const char *
vt(struct crit_set *s, struct arena *a, const char *id, const char *text,
    struct crit_value *out)
{
	static struct errinfo ei;
	long slot = crit_slot(s, id);

	assert_true(slot >= 0);
	memset(&ei, 0, sizeof(ei));
	if (crit_value_from_text(s, (size_t)slot, text, a, out, &ei) !=
	    ERR_OK)
		assert_string_equal(ei.field + 7, id);
	return ei.code;
}

static void
test_value_from_text(void **state)
{
	static const char *const yes[] = { "true", "TRUE", "1", "có", "Có",
	    "CÓ", "đạt", "Đạt", "ĐẠT", "Co\xcc\x81" /* NFD */, " dat ", NULL };
	static const char *const no[] = { "false", "0", "không", "Không",
	    "không đạt", "Không Đạt", "chưa đạt", NULL };
	struct crit_set *s = parse_ok(full_doc);
	struct arena *a = arena_new(1024);
	struct crit_value v;
	size_t i;

	(void)state;
	for (i = 0; yes[i] != NULL; i++) {
		assert_string_equal(vt(s, a, "1.1", yes[i], &v), "");
		assert_true(v.present && v.boolean);
	}
	for (i = 0; no[i] != NULL; i++) {
		assert_string_equal(vt(s, a, "1.1", no[i], &v), "");
		assert_true(v.present && !v.boolean);
	}
	assert_string_equal(vt(s, a, "1.1", "  ", &v), "");
	assert_false(v.present);
	assert_string_equal(vt(s, a, "1.1", "", &v), "");
	assert_false(v.present);
	assert_string_equal(vt(s, a, "1.1", "yes", &v), "criteria.bad_value");

	assert_string_equal(vt(s, a, "2.3", "91.5", &v), "");
	assert_true(v.present && v.num == 91.5);
	assert_string_equal(vt(s, a, "2.3", " 91,5 ", &v), "");
	assert_true(v.num == 91.5);
	assert_string_equal(vt(s, a, "2.3", "-0", &v), "");
	assert_string_equal(vt(s, a, "2.3", "-1", &v), "criteria.out_of_range");
	assert_string_equal(vt(s, a, "2.3", "+7", &v), "");
	assert_true(v.num == 7);
	assert_string_equal(vt(s, a, "2.3", "1e3", &v), "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "0x10", &v), "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "1.234,5", &v),
	    "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "inf", &v), "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "nan", &v), "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "12abc", &v),
	    "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", ",5", &v), "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "5.", &v), "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "50%", &v), "criteria.bad_number");
	assert_string_equal(vt(s, a, "2.3", "501", &v),
	    "criteria.out_of_range");
	/* "%" only where the indicator is a percentage. */
	assert_string_equal(vt(s, a, "2.2", "80 %", &v), "");
	assert_true(v.num == 80);
	assert_string_equal(vt(s, a, "2.2", "80,25%", &v), "");
	assert_true(v.num == 80.25);
	assert_string_equal(vt(s, a, "2.2", "101", &v),
	    "criteria.out_of_range");
	/* Enum: exact, or a unique folded match, stored as the set spells it. */
	assert_string_equal(vt(s, a, "2.1", "a", &v), "");
	assert_string_equal(v.text, "A");
	assert_string_equal(vt(s, a, "2.1", "D", &v), "criteria.unknown_value");
	assert_string_equal(vt(s, a, "1.2", "95", &v), "criteria.derived");
	assert_string_equal(vt(s, a, "hh_total", "1200", &v), "");
	assert_true(v.num == 1200);
	arena_free(a);
	crit_set_free(s);
}

static const char *const top_keys[] = { "set_id", "set_version", "year",
	"variant", "status", "criteria_met", "criteria_total", "criteria",
	"failed", "unknown", "revocation_rule", "revocation_flag", NULL };
static const char *const crit_keys[] = { "id", "name", "met", "indicators",
	NULL };
static const char *const ind_keys[] = { "id", "name", "type", "unit",
	"value", "op", "threshold", "threshold_status", "threshold_source",
	"met", "reason", "explanation", "gap", "trace", NULL };

static void
assert_keys(json_t *o, const char *const *keys)
{
	void *it = json_object_iter(o);
	size_t i;

	for (i = 0; keys[i] != NULL; i++) {
		assert_non_null(it);
		assert_string_equal(json_object_iter_key(it), keys[i]);
		it = json_object_iter_next(o, it);
	}
	assert_null(it);
}

/* Evaluate full_doc for group 1, 2027, with the given values. */
static json_t *
eval_full(const char *lang, bool with_values, struct crit_result *rp)
{
	struct crit_set *s = parse_ok(full_doc);
	struct arena *a = arena_new(1024);
	struct crit_value vals[7];
	struct crit_override ovs[5];
	struct crit_eval_input in;
	struct crit_result r;
	struct errinfo ei;
	json_t *j;

	memset(vals, 0, sizeof(vals));
	memset(ovs, 0, sizeof(ovs));
	if (with_values) {
		vals[0].present = vals[0].boolean = true;
		vals[2].present = true;
		vals[2].text = "C";
		vals[3].present = true;
		vals[3].num = 80;
		vals[5].present = vals[6].present = true;
		vals[5].num = 200;
		vals[6].num = 183;
	}
	memset(&in, 0, sizeof(in));
	in.variant = "1";
	in.year = 2027;
	in.values = with_values ? vals : NULL;
	in.overrides = ovs;
	in.recognised = true;
	assert_int_equal(crit_evaluate(s, &in, a, &r, &ei), ERR_OK);
	if (rp != NULL)
		*rp = r;
	j = crit_result_json(s, &in, &r, lang);
	crit_set_free(s);
	arena_free(a);
	return j;
}

static json_t *
ind_of(json_t *res, size_t c, size_t i)
{
	return json_array_get(json_object_get(json_array_get(
	    json_object_get(res, "criteria"), c), "indicators"), i);
}

static const char *
explanation_of(json_t *res, size_t c, size_t i)
{
	return json_string_value(json_object_get(ind_of(res, c, i),
	    "explanation"));
}

static void
test_result_json(void **state)
{
	struct crit_result r;
	json_t *res = eval_full("vi", true, &r), *en;
	size_t i;

	(void)state;
	assert_keys(res, top_keys);
	for (i = 0; i < 2; i++)
		assert_keys(json_array_get(json_object_get(res, "criteria"), i),
		    crit_keys);
	assert_keys(ind_of(res, 0, 0), ind_keys);
	assert_keys(ind_of(res, 1, 1), ind_keys);

	/* 1.2 = 100 * 183 / 200 = 91.5 against 95 for group 1. */
	assert_true(json_real_value(json_object_get(ind_of(res, 0, 1),
	    "value")) == 91.5);
	assert_string_equal(explanation_of(res, 0, 1), "Cần ≥ 95 %, có 91,5: thiếu 3,5");
	assert_string_equal(explanation_of(res, 0, 0), "Đạt");
	assert_string_equal(explanation_of(res, 1, 0),
	    "Chưa đạt: “C”; cần một trong: A, B");
	assert_string_equal(explanation_of(res, 1, 1), "Cần > 80 %, có 80");
	assert_true(json_integer_value(json_object_get(ind_of(res, 1, 1),
	    "gap")) == 0);
	assert_string_equal(explanation_of(res, 1, 2), "Ngưỡng chưa được cấu hình (chờ "
	    "điều phối viên nhập theo văn bản pháp lý)");
	/* Criterion 1 (at_least 1) is met by 1.1; 2 fails: set at_least 1. */
	assert_int_equal(r.criteria_met, 1);
	assert_int_equal(r.criteria_failed, 1);
	assert_int_equal(r.status, CRIT_MET);
	/* 1 of 2 failed = 50% >= always. */
	assert_true(r.revocation_rule);
	assert_true(r.revocation_flag);
	assert_string_equal(json_string_value(json_array_get(
	    json_object_get(res, "failed"), 0)), "2");
	json_decref(res);

	en = eval_full("en", true, NULL);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(en, "criteria"), 0), "name")), "Quy hoạch");
	assert_string_equal(explanation_of(en, 0, 1),
	    "Needs ≥ 95 %, has 91.5: short by 3.5");
	assert_string_equal(explanation_of(en, 0, 0), "Met");
	assert_string_equal(explanation_of(en, 1, 0), "Not met: “C”; passing: A, B");
	assert_string_equal(explanation_of(en, 1, 1), "Needs > 80 %, has 80");
	json_decref(en);

	/* No values at all (values NULL). */
	res = eval_full("vi", false, &r);
	assert_string_equal(explanation_of(res, 0, 0), "Chưa nhập số liệu");
	assert_string_equal(explanation_of(res, 0, 1),
	    "Thiếu số liệu đầu vào của công thức: hh_clean");
	assert_int_equal(r.status, CRIT_INCOMPLETE);
	assert_false(r.revocation_rule);
	json_decref(res);
	res = eval_full("en", false, NULL);
	assert_string_equal(explanation_of(res, 0, 0), "No value entered");
	assert_string_equal(explanation_of(res, 0, 1),
	    "A formula input is missing: hh_clean");
	json_decref(res);
}

static void
test_deterministic(void **state)
{
	json_t *a = eval_full("vi", true, NULL), *b = eval_full("vi", true,
	    NULL);
	char *sa = json_dumps(a, 0), *sb = json_dumps(b, 0);

	(void)state;
	assert_string_equal(sa, sb);
	free(sa);
	free(sb);
	json_decref(a);
	json_decref(b);
}

/* ---- CSV ---- */

static json_t *
meta(const char *variant_by)
{
	char buf[512];
	json_t *m;
	char *t;

	snprintf(buf, sizeof(buf), "{'id':'csv-set','version':1,"
	    "'name':'Từ bảng','kind':'ntm_commune','applies_to':{"
	    "'structure':'2025','level':'commune'},'years':{'from':2026,"
	    "'to':2030},'variant_by':'%s','legal_basis':[{'document':"
	    "'51/2025/QĐ-TTg'}]}", variant_by);
	t = q(buf);
	m = json_loads(t, 0, NULL);
	free(t);
	assert_non_null(m);
	return m;
}

static json_t *
csv_ok(const char *csv, const char *variant_by)
{
	json_t *m = meta(variant_by), *doc = NULL;
	struct errinfo ei;
	enum err e;

	memset(&ei, 0, sizeof(ei));
	e = crit_doc_from_csv(csv, strlen(csv), m, &doc, &ei);
	if (e != ERR_OK)
		print_error("csv: %s %s: %s\n", ei.code, ei.field, ei.message);
	assert_int_equal(e, ERR_OK);
	json_decref(m);
	return doc;
}

static void
test_csv_groups(void **state)
{
	static const char csv[] =
	    "criterion,indicator,name,type,unit,op,1,2,3\r\n"
	    "3,,Phát triển kinh tế nông thôn,,,,,,\r\n"
	    "3,3.1,Tốc độ tăng thu nhập,number,%/năm,>=,\"6,5\",6,\r\n"
	    ",3.2,Có kế hoạch OCOP,boolean,,,Đạt,Đạt,Có\r\n"
	    "\r\n"
	    "8,8.1,Tỷ lệ hộ dùng nước sạch,number,,≥,95%,90 %,85.5\r\n"
	    "3,3.3,Mục tiếp theo,number,,<,1,2,3\r\n";
	json_t *doc = csv_ok(csv, "commune_group"), *c, *ind, *ts;
	struct crit_set *s;
	struct errinfo ei;

	(void)state;
	assert_string_equal(json_string_value(json_object_get(doc, "format")),
	    CRIT_FORMAT);
	assert_non_null(json_object_get(doc, "legal_basis"));
	c = json_object_get(doc, "criteria");
	assert_int_equal(json_array_size(c), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(c, 0), "name")), "Phát triển kinh tế nông thôn");
	/* Criterion 8 has no naming row: its id is its name. */
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(c, 1), "name")), "8");
	/* 3.1, 3.2 and the later 3.3 group under 3. */
	assert_int_equal(json_array_size(json_object_get(json_array_get(c, 0),
	    "indicators")), 3);
	ind = json_array_get(json_object_get(json_array_get(c, 0),
	    "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(ind, "unit")),
	    "%/năm");
	ts = json_object_get(ind, "thresholds");
	assert_int_equal(json_array_size(ts), 3);
	assert_true(json_number_value(json_object_get(json_array_get(ts, 0),
	    "value")) == 6.5);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(ts, 1), "variant")), "2");
	assert_true(json_is_null(json_object_get(json_array_get(ts, 2),
	    "value")));
	ind = json_array_get(json_object_get(json_array_get(c, 0),
	    "indicators"), 1);
	assert_string_equal(json_string_value(json_object_get(ind, "type")),
	    "boolean");
	assert_null(json_object_get(ind, "thresholds"));
	ind = json_array_get(json_object_get(json_array_get(c, 1),
	    "indicators"), 0);
	/* "%" in a cell makes the unit "%"; "≥" is ">=". */
	assert_string_equal(json_string_value(json_object_get(ind, "unit")),
	    "%");
	assert_string_equal(json_string_value(json_object_get(ind, "op")),
	    ">=");
	assert_true(json_number_value(json_object_get(json_array_get(
	    json_object_get(ind, "thresholds"), 2), "value")) == 85.5);
	assert_int_equal(crit_set_from_json(doc, &s, &ei), ERR_OK);
	assert_int_equal(s->n_indicators, 4);
	assert_true(s->indicators[3].percent);
	crit_set_free(s);
	json_decref(doc);
}

static void
test_csv_region_and_none(void **state)
{
	json_t *doc;
	struct crit_set *s;
	struct errinfo ei;

	(void)state;
	doc = csv_ok("criterion,indicator,name,type,unit,op,DBSH,TDMNPB\n"
	    "1,1.1,Nhà ở,number,m²/người,>=,25,14\n", "region7");
	assert_int_equal(crit_set_from_json(doc, &s, &ei), ERR_OK);
	assert_string_equal(s->indicators[0].thresholds[1].variant, "TDMNPB");
	assert_true(s->indicators[0].thresholds[1].value == 14);
	crit_set_free(s);
	json_decref(doc);

	doc = csv_ok("criterion,indicator,name,type,unit,op,value\n"
	    "1,1.1,Nhà ở,number,,<=,5\n", "none");
	assert_int_equal(crit_set_from_json(doc, &s, &ei), ERR_OK);
	assert_null(s->indicators[0].thresholds[0].variant);
	crit_set_free(s);
	json_decref(doc);
}

/*
 * The refusals of the annex table, as data: the table, the variant_by of
 * its meta, and what the error must say - its field (the line), code, the
 * start of the Vietnamese message (the line and column) and of the
 * English one.  A case whose en is NULL checks the Vietnamese alone.
 */
#define H "criterion,indicator,name,type,unit,op,1,2,3\n"

static const struct csv_error_case {
	const char *csv, *variant_by;
	const char *field, *code, *vi, *en;
} csv_error_cases[] = {
	/* The header. */
	{ "", "commune_group", "line 1", "criteria.bad_header",
	  "dòng 1: bảng rỗng", "line 1: the table is empty" },
	{ "criterion,indicator,name,kind,unit,op,1\n", "commune_group",
	  "line 1", "criteria.bad_header", "dòng 1, cột 4: cần cột “type”",
	  "line 1, column 4: the column “type” is needed, not “kind”" },
	{ "criterion,indicator,name,type,unit,op,1,4\n", "commune_group",
	  "line 1", "criteria.unknown_variant", "dòng 1, cột 8: ",
	  "line 1, column 8: “4” is not a commune group (1, 2, 3)" },
	{ "criterion,indicator,name,type,unit,op,1,1\n", "commune_group",
	  "line 1", "criteria.duplicate_value", "dòng 1, cột 8: ",
	  "line 1, column 8: the column “1” is repeated" },
	{ "criterion,indicator,name,type,unit,op\n", "commune_group",
	  "line 1", "criteria.bad_header", "dòng 1: ", "line 1: " },
	{ "criterion,indicator,name,type,unit,op,1\n", "none", "line 1",
	  "criteria.unknown_variant", "dòng 1, cột 7: ", "line 1, column 7: " },
	{ "criterion,indicator,name,type,unit,op,value\n", "region",
	  "variant_by", "criteria.unknown_value", "variant_by: ",
	  "variant_by: must be none, region7 or commune_group" },
	{ H, "commune_group", "line 2", "criteria.empty", "dòng 2: ",
	  "line 2: the table has no criteria" },
	/* The rows. */
	{ H "1,1.1,A,enum,,,x,y,z\n", "commune_group", "line 2",
	  "criteria.unknown_type", "dòng 2, cột 4: ", "line 2, column 4: " },
	{ H "1,1.1,A,,,,x,y,z\n", "commune_group", "line 2",
	  "criteria.missing_field", "dòng 2, cột 4: ", "line 2, column 4: " },
	{ H "1,1.1,A,number,,>=,1,2,3\n1,1.2,B,number,%,>=,1,abc,3\n",
	  "commune_group", "line 3", "criteria.bad_cell",
	  "dòng 3, cột 8: “abc” không phải một số",
	  "line 3, column 8: “abc” is not a number" },
	{ H "1,1.1,A,number,,,1,2,3\n", "commune_group", "line 2",
	  "criteria.missing_field", "dòng 2, cột 6: ", "line 2, column 6: " },
	{ H "1,1.1,A,boolean,,,Không,,\n", "commune_group", "line 2",
	  "criteria.bad_cell", "dòng 2, cột 7: ", "line 2, column 7: " },
	{ H "1,1.1,A,number,m²,>=,5%,,\n", "commune_group", "line 2",
	  "criteria.bad_cell", "dòng 2, cột 5: ", "line 2, column 5: " },
	{ H "1,1.1,A,number,,>=,1,2,3,4\n", "commune_group", "line 2",
	  "criteria.bad_cell", "dòng 2, cột 10: ", "line 2, column 10: " },
	{ H ",1.1,A,boolean,,,,,\n", "commune_group", "line 2",
	  "criteria.missing_field", "dòng 2, cột 1: ", "line 2, column 1: " },
	{ H "1,,Tên,,,,,,\n1,,Tên lại,,,,,,\n", "commune_group", "line 3",
	  "criteria.duplicate_id", "dòng 3, cột 3: ",
	  "line 3, column 3: criterion “1” was already named on line 2" },
	/* Errors of the validator come back at their line and column. */
	{ H "1,1.1,A,boolean,,,,,\n2,2.1,B,boolean,,,,,\n2,1.1,C,boolean,,,,,\n",
	  "commune_group", "line 4", "criteria.duplicate_id",
	  "dòng 4, cột 2: mã “1.1”",
	  "line 4, column 2: the id “1.1” is already used" },
	{ H "1,1.1,A,number,%,>=,1,120,3\n", "commune_group", "line 2",
	  "criteria.bad_value", "dòng 2, cột 8: ",
	  "line 2, column 8: a percentage must be within 0–100" },
	{ H "1,1.1,,boolean,,,,,\n", "commune_group", "line 2",
	  "criteria.empty", "dòng 2, cột 3: ", "line 2, column 3: " },
	{ H "TC 1,1.1,A,boolean,,,,,\n", "commune_group", "line 2",
	  "criteria.bad_id", "dòng 2, cột 1: ", "line 2, column 1: " },
	/* The CSV reader's own errors, at their line. */
	{ H "1,1.1,\"A,boolean,,,,,\n", "commune_group", "line 2",
	  "csv.syntax", "dòng 2, cột 3: ", NULL },
};

#undef H

static void
test_csv_errors(void **state)
{
	size_t i, fails = 0;

	(void)state;
	for (i = 0; i < sizeof(csv_error_cases) / sizeof(csv_error_cases[0]);
	    i++) {
		const struct csv_error_case *c = &csv_error_cases[i];
		json_t *m = meta(c->variant_by), *doc = (json_t *)1;
		struct errinfo ei;
		enum err e;

		memset(&ei, 0, sizeof(ei));
		e = crit_doc_from_csv(c->csv, strlen(c->csv), m, &doc, &ei);
		json_decref(m);
		if (e == ERR_OK || doc != NULL ||
		    strcmp(ei.field, c->field) != 0 ||
		    strcmp(ei.code, c->code) != 0 ||
		    strncmp(ei.message, c->vi, strlen(c->vi)) != 0 ||
		    (c->en != NULL &&
		    strncmp(ei.message_en, c->en, strlen(c->en)) != 0)) {
			print_error("case %zu (%s): got %s %s: %s | %s\n", i,
			    c->code, ei.field, ei.code, ei.message,
			    ei.message_en);
			fails++;
		}
		if (doc != (json_t *)1)
			json_decref(doc);
	}
	assert_int_equal(fails, 0);
	/* The meta's own problems keep their field. */
	{
		json_t *m = meta("none"), *doc = NULL;
		struct errinfo ei;
		const char *c = "criterion,indicator,name,type,unit,op,value\n"
		    "1,1.1,A,boolean,,,\n";

		json_object_set_new(m, "kind", json_string("x"));
		assert_int_equal(crit_doc_from_csv(c, strlen(c), m, &doc, &ei),
		    ERR_INVALID);
		assert_string_equal(ei.field, "kind");
		assert_true(strncmp(ei.message_en, "kind: the value “x” is not "
		    "supported", 30) == 0);
		json_decref(m);
		assert_int_equal(crit_doc_from_csv(c, strlen(c), NULL, &doc,
		    &ei), ERR_INVALID);
		assert_string_equal(ei.field, "meta");
	}
}

/* Every shipped set (criteria/NAME.json and criteria/demo/) parses and
 * evaluates with no values. */
static void
check_dir(const char *dir, int *n)
{
	struct dirent *de;
	char path[1024];
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct crit_set *s = NULL;
		struct crit_eval_input in;
		struct crit_result r;
		struct errinfo ei;
		struct arena *a;
		json_error_t jerr;
		json_t *doc, *res;

		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		assert_non_null(doc = json_load_file(path, 0, &jerr));
		if (crit_set_from_json(doc, &s, &ei) != ERR_OK)
			print_error("%s: %s %s: %s\n", path, ei.code, ei.field,
			    ei.message);
		assert_non_null(s);
		a = arena_new(4096);
		memset(&in, 0, sizeof(in));
		in.year = s->year_to;
		assert_int_equal(crit_evaluate(s, &in, a, &r, &ei), ERR_OK);
		assert_int_not_equal(r.status, CRIT_MET);
		res = crit_result_json(s, &in, &r, "vi");
		json_decref(res);
		arena_free(a);
		crit_set_free(s);
		json_decref(doc);
		(*n)++;
	}
	closedir(d);
}

static void
test_shipped_sets(void **state)
{
	int n = 0;

	(void)state;
	check_dir("criteria", &n);
	check_dir("criteria/demo", &n);
	print_message("shipped criteria sets checked: %d\n", n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_doc_reference),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_formula_grammar),
		cmocka_unit_test(test_formula_chain),
		cmocka_unit_test(test_slots_and_variants),
		cmocka_unit_test(test_tightens),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_value_from_json),
		cmocka_unit_test(test_value_from_text),
		cmocka_unit_test(test_result_json),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_csv_groups),
		cmocka_unit_test(test_csv_region_and_none),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_shipped_sets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
