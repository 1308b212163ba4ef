/*
 * dossiers_test.c - recognition dossiers over a real SQLite database with
 * the real units and the shipped procedures (pointed at small test
 * criteria sets): a commune's dossier travels from creation to a decision
 * that writes unit_recognition, refused on the way when an attachment or
 * a check is missing (422 naming it), by the wrong role (403), from the
 * wrong state or at a stale row version (409); it is returned and
 * resubmitted; the council votes (one vote per member, re-voting replaces
 * it) and the review cannot close below the quorum; a failed evaluation
 * can be overridden by a justification only where the procedure allows
 * it (2026-2030, not 2021-2025); uploads are judged by their content and
 * their names cleaned; a later evaluation that triggers the revocation
 * rule puts the unit on the watch list, and a revocation case ends the
 * title.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/files.h"
#include "domain/auth/auth.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dossiers.h"
#include "domain/printout/printout.h"
#include "domain/surveys/surveys_export.h"
#include "domain/surveys/surveys_store.h"
#include "domain/units/units.h"
#include "domain/workflow/workflow.h"
#include "testdb.h"

/* Three criteria over pre-2025 rural communes; 3 (income) is a key
 * criterion of the revocation rule: 1 of 3 failed with it is 33 %. */
#define SET_BODY(ID, STRUCT, FROM, TO) \
    "{\"format\":\"ntm-criteria/1\",\"id\":\"" ID "\",\"version\":1," \
    "\"name\":\"Bộ thử\",\"kind\":\"ntm_commune\"," \
    "\"applies_to\":{\"structure\":\"" STRUCT "\",\"level\":\"commune\"}," \
    "\"years\":{\"from\":" FROM ",\"to\":" TO "}," \
    "\"variant_by\":\"none\",\"pass_rule\":{\"type\":\"all\"}," \
    "\"revocation\":{\"fail_share_from\":0.3,\"fail_share_below\":0.5," \
    "\"fail_share_always\":0.5,\"key_criteria\":[\"3\"]}," \
    "\"criteria\":[" \
    "{\"id\":\"1\",\"name\":\"Quy hoạch\",\"indicators\":[" \
    "{\"id\":\"1.1\",\"name\":\"Có quy hoạch\",\"type\":\"boolean\"}]}," \
    "{\"id\":\"2\",\"name\":\"Giao thông\",\"indicators\":[" \
    "{\"id\":\"2.1\",\"name\":\"Đường\",\"type\":\"number\",\"unit\":\"%\"," \
    "\"op\":\">=\",\"thresholds\":[{\"value\":90}]}]}," \
    "{\"id\":\"3\",\"name\":\"Thu nhập\",\"indicators\":[" \
    "{\"id\":\"3.1\",\"name\":\"Thu nhập\",\"type\":\"number\"," \
    "\"unit\":\"triệu đồng/người/năm\",\"op\":\">=\",\"thresholds\":[" \
    "{\"value\":40}]}]}]}"

static const char set_old[] = SET_BODY("t-xa", "pre2025", "2021", "2025");
static const char set_new[] = SET_BODY("t-xa26", "2025", "2026", "2030");

static const char questionnaire[] =
    "{\"format\":\"ntm-survey/1\",\"title\":\"Khảo sát thử\","
    "\"questions\":["
    "{\"id\":\"q1\",\"type\":\"scale5\",\"text\":\"Đường giao thông\","
    "\"required\":true,\"satisfied_from\":4},"
    "{\"id\":\"q2\",\"type\":\"yesno\",\"text\":\"Hài lòng chung?\","
    "\"required\":true,\"satisfied\":\"yes\"}]}";

/* Smallest real files of each type (libmagic reads the bytes). */
static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H',
	'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4,
	0x89, 0, 0, 0, 0x0a, 'I', 'D', 'A', 'T', 0x78, 0x9c, 0x63, 0, 1, 0, 0,
	5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae,
	0x42, 0x60, 0x82,
};
static const char pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>"
    "endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer"
    "<</Root 1 0 R>>\n%%EOF\n";
static const char html[] = "<!DOCTYPE html>\n<html><head><title>x</title>"
    "</head><body><script>alert(1)</script></body></html>\n";

enum { XA, HUYEN, TINH, HD1, HD2, HD3, OTHER, XA26, USERS };
static const struct {
	const char *name;
	enum role role;
	const char *structure, *code;
} users[USERS] = {
	{ "xa00379", ROLE_COMMUNE_OFFICER, "pre2025", "00379" },
	{ "huyen", ROLE_APPRAISER, "pre2025", "016" },
	{ "tinh", ROLE_PROVINCE_OFFICER, "2025", "01" },
	{ "hd1", ROLE_APPRAISER, "2025", "01" },
	{ "hd2", ROLE_APPRAISER, "2025", "01" },
	{ "hd3", ROLE_APPRAISER, "2025", "01" },
	{ "other", ROLE_COMMUNE_OFFICER, "pre2025", "00382" },
	{ "xa26", ROLE_COMMUNE_OFFICER, "2025", "00376" },
};

struct fixture {
	char dir[64];
	struct db *db;
	struct principal p[USERS];
	int64_t campaign;		/* closed, met, of pre2025:00379 */
	int64_t campaign26;		/* of 2025:00376 */
};

/* A procedure file with its sets pointed at the test sets. */
static int
import_procedure(struct db *db, const char *file)
{
	struct errinfo ei;
	struct buf b, out;
	const char *s, *hit;
	bool created;
	int version;

	buf_init(&b, 1 << 20);
	buf_init(&out, 1 << 20);
	if (buf_read_file(&b, file) != ERR_OK)
		return -1;
	for (s = buf_cstr(&b); (hit = strstr(s, "\"ntm-xa-")) != NULL;) {
		const char *end = strchr(hit + 1, '"');

		assert_int_equal(buf_append(&out, s, (size_t)(hit - s)), ERR_OK);
		assert_int_equal(buf_puts(&out, strstr(hit, "2026") != NULL &&
		    strstr(hit, "2026") < end ? "\"t-xa26\"" : strncmp(hit,
		    "\"ntm-xa-2021-2025\"", 18) == 0 ? "\"t-xa\"" : "\"t-xx\""),
		    ERR_OK);
		s = end + 1;
	}
	assert_int_equal(buf_puts(&out, s), ERR_OK);
	if (wf_import(db, NULL, buf_cstr(&out), out.len, "test", &version,
	    &created, &ei) != ERR_OK) {
		fprintf(stderr, "import %s: %s (%s)\n", file, ei.message,
		    ei.field);
		return -1;
	}
	buf_free(&b);
	buf_free(&out);
	return 0;
}

static int64_t
campaign(struct fixture *f, int64_t survey, const char *structure,
    const char *code)
{
	struct surv_campaign_in in = { 0 };
	struct errinfo ei;
	json_t *batch, *c;
	int64_t id;
	size_t i;

	in.survey_id = survey;
	in.structure = structure;
	in.code = code;
	in.title = "Khảo sát sự hài lòng";
	in.households = 2;
	in.min_coverage = 50;
	in.threshold = 80;
	in.opens_on = "2020-01-01";
	in.closes_on = "2099-12-31";
	in.posting_days = 10;
	in.mode = "codes";
	if (surv_campaign_create(f->db, NULL, &in, &id, &ei) != ERR_OK ||
	    surv_codes_issue(f->db, NULL, id, 2, NULL, &batch, &ei) != ERR_OK)
		return -1;
	json_array_foreach(json_object_get(batch, "codes"), i, c) {
		json_t *ans = json_pack("{s:i, s:s}", "q1", 5, "q2", "yes");
		struct surv_submission s = { .campaign_id = id,
		    .code = json_string_value(c), .answers = ans,
		    .channel = "web" };

		if (surv_submit(f->db, &s, &ei) != ERR_OK)
			return -1;
		json_decref(ans);
	}
	json_decref(batch);
	if (surv_campaign_close(f->db, NULL, id, &ei) != ERR_OK)
		return -1;
	return id;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct units_import_stats st = { 0 };
	struct errinfo ei;
	bool created;
	int64_t survey;

	if (f == NULL || testdb_open("dossiers", f->dir, NULL, &f->db) != 0)
		return -1;
	if (db_begin(f->db, &ei) != ERR_OK ||
	    units_import_national(f->db, "data/admin", &st, &ei) != ERR_OK ||
	    crit_store_build_scopes(f->db, &ei) != ERR_OK ||
	    db_commit(f->db, &ei) != ERR_OK ||
	    crit_store_import(f->db, NULL, set_old, strlen(set_old), NULL,
	    NULL, &created, &ei) != ERR_OK ||
	    crit_store_import(f->db, NULL, set_new, strlen(set_new), NULL,
	    NULL, &created, &ei) != ERR_OK) {
		fprintf(stderr, "setup: %s (%s)\n", ei.message, ei.field);
		return -1;
	}
	if (import_procedure(f->db, "procedures/commune-ntm-2021-2025.json") ||
	    import_procedure(f->db, "procedures/commune-ntm-2026-2030.json") ||
	    import_procedure(f->db, "procedures/commune-revocation.json"))
		return -1;
	for (int i = 0; i < USERS; i++) {
		struct principal *p = &f->p[i];

		/* A district appraiser (2021-2025) is stored at its province
		 * until accounts accept appraisers at districts; the
		 * principal carries the district binding either way. */
		bool district = strcmp(users[i].code, "016") == 0;

		if (auth_user_create(f->db, NULL, users[i].name, users[i].name,
		    "mat-khau-thu", users[i].role, users[i].structure,
		    district ? "01" : users[i].code, &p->user_id, &ei) !=
		    ERR_OK) {
			fprintf(stderr, "setup: %s\n", ei.message);
			return -1;
		}
		p->username = users[i].name;
		p->full_name = users[i].name;
		p->nroles = 1;
		p->roles[0].role = users[i].role;
		p->roles[0].structure = users[i].structure;
		p->roles[0].unit_code = users[i].code;
	}
	if (surv_create(f->db, NULL, "pre2025", "00379", questionnaire,
	    strlen(questionnaire), &survey, &ei) != ERR_OK ||
	    (f->campaign = campaign(f, survey, "pre2025", "00379")) < 0 ||
	    (f->campaign26 = campaign(f, survey, "2025", "00376")) < 0) {
		fprintf(stderr, "setup: campaign\n");
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
	unsetenv("NTM_TODAY");
	return rc;
}

/* ---- helpers ---- */

static void
values(struct fixture *f, const char *structure, const char *code,
    const char *set, int year, double income)
{
	struct errinfo ei;
	json_t *v = json_pack("{s:b, s:f, s:f}", "1.1", 1, "2.1", 95.0, "3.1",
	    income);
	enum err e = crit_store_put_values(f->db, NULL, structure, code, set,
	    year, v, &ei);

	if (e != ERR_OK)
		fprintf(stderr, "values: %s (%s)\n", ei.message, ei.field);
	assert_int_equal(e, ERR_OK);
	json_decref(v);
}

static json_t *
get(struct fixture *f, int who, int64_t id)
{
	struct errinfo ei;
	json_t *out = NULL;

	assert_int_equal(dos_get(f->db, &f->p[who], id, "vi", &out, &ei),
	    ERR_OK);
	return out;
}

static int64_t
row_version(struct fixture *f, int64_t id)
{
	json_t *d = get(f, TINH, id);
	int64_t v = json_integer_value(json_object_get(d, "row_version"));

	json_decref(d);
	return v;
}

static const char *
state_of(struct fixture *f, int64_t id, char out[32])
{
	struct errinfo ei;
	json_t *d = NULL;

	assert_int_equal(dos_get(f->db, &f->p[TINH], id, "vi", &d, &ei),
	    ERR_OK);
	snprintf(out, 32, "%s", json_string_value(json_object_get(
	    json_object_get(d, "state"), "id")));
	json_decref(d);
	return out;
}

/* Take transition tr as who at the current row version. */
static enum err
act(struct fixture *f, int who, int64_t id, const char *tr,
    struct dos_action *a, struct errinfo *ei)
{
	struct dos_action plain = { 0 };
	struct errinfo e2;
	json_t *d = NULL;

	if (a == NULL)
		a = &plain;
	a->transition = tr;
	if (a->row_version == 0 && dos_get(f->db, &f->p[TINH], id, "vi", &d,
	    &e2) == ERR_OK) {
		a->row_version = json_integer_value(json_object_get(d,
		    "row_version"));
		json_decref(d);
	}
	return dos_act(f->db, &f->p[who], id, a, ei);
}

static int64_t
attach(struct fixture *f, int who, int64_t id, const char *kind,
    const void *data, size_t len, const char *name)
{
	struct errinfo ei;
	int64_t aid = 0;

	if (dos_attach(f->db, &f->p[who], id, kind, name, data, len, &aid,
	    &ei) != ERR_OK)
		fprintf(stderr, "attach: %s\n", ei.message);
	assert_true(aid > 0);
	return aid;
}

static int64_t
create_old(struct fixture *f, int year)
{
	struct dos_new n = { .structure = "pre2025", .code = "00379",
	    .set_id = "t-xa", .year = year, .title = "ntm" };
	struct errinfo ei;
	int64_t id = 0;

	if (dos_create(f->db, &f->p[XA], &n, &id, &ei) != ERR_OK)
		fprintf(stderr, "create: %s (%s)\n", ei.message, ei.field);
	assert_true(id > 0);
	return id;
}

static void
appraise_all(struct fixture *f, int who, int64_t id, const char *verdict)
{
	struct dos_action a = { 0 };
	struct errinfo ei;

	a.criteria = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}}",
	    "1", "appraisal", verdict, "note", "Khớp hồ sơ",
	    "2", "appraisal", verdict, "note", "Đã kiểm tra thực địa",
	    "3", "appraisal", verdict, "note", "Theo số liệu thống kê");
	assert_int_equal(act(f, who, id, "appraise", &a, &ei), ERR_OK);
	json_decref(a.criteria);
}

static void
vote(struct fixture *f, int who, int64_t id, const char *v)
{
	struct dos_action a = { .vote = v, .opinion = "Ý kiến thành viên" };
	struct errinfo ei;

	assert_int_equal(act(f, who, id, "vote", &a, &ei), ERR_OK);
}

/* Create, attach, submit a 2021-2025 dossier whose evaluation is met. */
static int64_t
submitted_old(struct fixture *f, int year)
{
	struct errinfo ei;
	int64_t id;

	values(f, "pre2025", "00379", "t-xa", year, 60);
	id = create_old(f, year);
	attach(f, XA, id, "self_assessment", pdf, sizeof(pdf) - 1, "bc.pdf");
	attach(f, XA, id, "satisfaction_minutes", pdf, sizeof(pdf) - 1,
	    "mttq.pdf");
	assert_int_equal(dos_update(f->db, &f->p[XA], id, row_version(f, id),
	    f->campaign, NULL, &ei), ERR_OK);
	assert_int_equal(act(f, XA, id, "submit", NULL, &ei), ERR_OK);
	return id;
}

/* ... then appraised, forwarded and voted through to a decision. */
static int64_t
recognised_old(struct fixture *f, int year)
{
	struct dos_action a = { .decision_no = "123/QĐ-UBND",
	    .decision_date = "2024-01-15",
	    .decision_signer = "Chủ tịch UBND thành phố" };
	struct errinfo ei;
	int64_t id = submitted_old(f, year);

	appraise_all(f, HUYEN, id, "confirmed");
	attach(f, HUYEN, id, "appraisal_report", pdf, sizeof(pdf) - 1,
	    "thamtra.pdf");
	assert_int_equal(act(f, HUYEN, id, "forward", NULL, &ei), ERR_OK);
	vote(f, HD1, id, "approve");
	vote(f, HD2, id, "approve");
	vote(f, HD3, id, "approve");
	assert_int_equal(act(f, TINH, id, "close_review", NULL, &ei), ERR_OK);
	assert_int_equal(act(f, TINH, id, "decide", &a, &ei), ERR_OK);
	return id;
}

/* ---- tests ---- */

static void
test_submit_needs_attachments_and_met_evaluation(void **state)
{
	struct fixture *f = *state;
	struct dos_action a = { 0 };
	struct errinfo ei;
	char st[32];
	json_t *d, *act0;
	int64_t id;

	values(f, "pre2025", "00379", "t-xa", 2023, 30);	/* income fails */
	id = create_old(f, 2023);
	assert_string_equal(state_of(f, id, st), "draft");

	/* Nothing attached: the first missing attachment is named. */
	assert_int_equal(act(f, XA, id, "submit", NULL, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "attachments.self_assessment");
	assert_non_null(strstr(ei.message, "Báo cáo kết quả tự đánh giá"));
	/* ... in both languages, the kind's name in each. */
	assert_non_null(strstr(err_message(&ei, "en"),
	    "An attachment is missing"));
	assert_null(strstr(err_message(&ei, "en"), "Thiếu"));

	/* The page shows the button with everything still missing. */
	d = get(f, XA, id);
	act0 = json_array_get(json_object_get(d, "actions"), 0);
	assert_non_null(act0);
	assert_string_equal(json_string_value(json_object_get(act0, "id")),
	    "submit");
	assert_true(json_array_size(json_object_get(act0, "missing")) >= 3);
	assert_false(json_is_true(json_object_get(act0, "may_override")));
	json_decref(d);

	attach(f, XA, id, "self_assessment", pdf, sizeof(pdf) - 1, "bc.pdf");
	attach(f, XA, id, "satisfaction_minutes", png, sizeof(png), "mttq.png");
	assert_int_equal(act(f, XA, id, "submit", NULL, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "checks.evaluation_met");
	assert_non_null(strstr(ei.message, "năm 2023 chưa đạt: 2/3 tiêu chí"));

	/* 2021-2025 does not let a justification override it. */
	a.justification = "Xã đã hoàn thành tiêu chí thu nhập theo số liệu "
	    "mới của Cục Thống kê.";
	assert_int_equal(act(f, XA, id, "submit", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "checks.evaluation_met");

	/* Met, but no satisfaction campaign linked yet. */
	values(f, "pre2025", "00379", "t-xa", 2023, 60);
	assert_int_equal(act(f, XA, id, "submit", NULL, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "checks.satisfaction_met");

	/* A campaign of another commune is refused; its own is accepted. */
	assert_int_equal(dos_update(f->db, &f->p[XA], id, row_version(f, id),
	    f->campaign26, NULL, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "campaign_id");
	assert_int_equal(dos_update(f->db, &f->p[XA], id, row_version(f, id),
	    f->campaign, NULL, &ei), ERR_OK);

	/* Wrong role: the district cannot submit for the commune. */
	assert_int_equal(act(f, HUYEN, id, "submit", NULL, &ei), ERR_FORBIDDEN);
	/* Another commune's officer (whom the router keeps out of the
	 * dossier) is granted nothing by the procedure either. */
	assert_int_equal(dos_get(f->db, &f->p[OTHER], id, "vi", &d, &ei),
	    ERR_OK);
	assert_int_equal(json_array_size(json_object_get(d, "actions")), 0);
	assert_false(json_is_true(json_object_get(d, "may_attach")));
	json_decref(d);

	assert_int_equal(act(f, XA, id, "submit", NULL, &ei), ERR_OK);
	assert_string_equal(state_of(f, id, st), "district_appraisal");

	/* The evaluation and the satisfaction result were frozen. */
	d = get(f, HUYEN, id);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(d, "evaluation"), "snapshot"), "status")), "met");
	assert_true(json_is_true(json_object_get(json_object_get(
	    json_object_get(d, "satisfaction"), "frozen"), "met")));
	json_decref(d);

	/* Not from this state any more. */
	assert_int_equal(act(f, XA, id, "submit", NULL, &ei), ERR_CONFLICT);
	/* One open dossier per unit and title. */
	{
		struct dos_new n = { .structure = "pre2025", .code = "00379",
		    .set_id = "t-xa", .year = 2024, .title = "ntm" };
		int64_t other;

		assert_int_equal(dos_create(f->db, &f->p[XA], &n, &other, &ei),
		    ERR_CONFLICT);
		assert_string_equal(ei.code, "dossiers.exists");
	}
}

static void
test_whole_way_to_recognition(void **state)
{
	struct fixture *f = *state;
	struct dos_action a = { 0 };
	struct dos_filter flt = { 0 };
	struct errinfo ei;
	struct buf pdfout;
	char st[32];
	json_t *d, *reg;
	int64_t id = submitted_old(f, 2023), rv;

	/* The commune cannot appraise; the district can, criterion by
	 * criterion; an unknown criterion is named. */
	a.criteria = json_pack("{s:{s:s}}", "1", "appraisal", "confirmed");
	assert_int_equal(act(f, XA, id, "appraise", &a, &ei), ERR_FORBIDDEN);
	json_decref(a.criteria);
	memset(&a, 0, sizeof(a));
	a.criteria = json_pack("{s:{s:s}}", "9", "appraisal", "confirmed");
	assert_int_equal(act(f, HUYEN, id, "appraise", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "criteria.9");
	json_decref(a.criteria);
	memset(&a, 0, sizeof(a));
	a.criteria = json_pack("{s:{s:s}}", "1", "appraisal", "disputed");
	assert_int_equal(act(f, HUYEN, id, "appraise", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "criteria.1");	/* needs a note */
	json_decref(a.criteria);

	/* Forward needs the district's report, then every criterion
	 * confirmed. */
	assert_int_equal(act(f, HUYEN, id, "forward", NULL, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "attachments.appraisal_report");
	attach(f, HUYEN, id, "appraisal_report", pdf, sizeof(pdf) - 1,
	    "thamtra.pdf");
	appraise_all(f, HUYEN, id, "disputed");
	assert_int_equal(act(f, HUYEN, id, "forward", NULL, &ei), ERR_INVALID);
	/* (the procedure names the check appraisal_complete or, in its
	 * first draft, appraisal_confirmed: both mean the same) */
	assert_memory_equal(ei.field, "checks.appraisal_", 17);

	/* Return with reasons per criterion; the commune resubmits. */
	memset(&a, 0, sizeof(a));
	assert_int_equal(act(f, HUYEN, id, "return", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "note");
	a.note = "Bổ sung minh chứng tiêu chí giao thông";
	a.criteria = json_pack("{s:s}", "2", "Thiếu biên bản nghiệm thu đường");
	assert_int_equal(act(f, HUYEN, id, "return", &a, &ei), ERR_OK);
	json_decref(a.criteria);
	assert_string_equal(state_of(f, id, st), "returned");
	d = get(f, XA, id);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(json_array_get(json_object_get(d, "criteria"), 1),
	    "comments"), 0), "kind")), "return_reason");
	json_decref(d);
	assert_int_equal(act(f, XA, id, "submit", NULL, &ei), ERR_OK);
	appraise_all(f, HUYEN, id, "confirmed");

	/* Two appraisers forward the same version: one wins, one gets 409. */
	rv = row_version(f, id);
	memset(&a, 0, sizeof(a));
	a.row_version = rv;
	assert_int_equal(act(f, HUYEN, id, "forward", &a, &ei), ERR_OK);
	memset(&a, 0, sizeof(a));
	a.row_version = rv;
	assert_int_equal(act(f, TINH, id, "forward", &a, &ei), ERR_CONFLICT);
	assert_string_equal(state_of(f, id, st), "council_review");

	/* The council: two votes are below the quorum of three; a member
	 * voting again replaces their vote; a commune cannot vote. */
	vote(f, HD1, id, "approve");
	vote(f, HD2, id, "reject");
	assert_int_equal(act(f, TINH, id, "close_review", NULL, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "checks.council_majority");
	assert_non_null(strstr(ei.message, "2/3"));
	memset(&a, 0, sizeof(a));
	a.vote = "approve";
	assert_int_equal(act(f, XA, id, "vote", &a, &ei), ERR_FORBIDDEN);
	memset(&a, 0, sizeof(a));
	a.vote = "maybe";
	assert_int_equal(act(f, HD3, id, "vote", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "vote");
	vote(f, HD3, id, "reject");
	assert_int_equal(act(f, TINH, id, "close_review", NULL, &ei),
	    ERR_INVALID);	/* 1 of 3 approve */
	vote(f, HD2, id, "approve");
	d = get(f, TINH, id);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(d, "council"), "tally"), "cast")), 3);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(d, "council"), "tally"), "approve")), 2);
	json_decref(d);
	/* A council member may not close the review: the chair does. */
	assert_int_equal(act(f, HD1, id, "close_review", NULL, &ei),
	    ERR_FORBIDDEN);
	assert_int_equal(act(f, TINH, id, "close_review", NULL, &ei), ERR_OK);

	/* The decision PDF exists only once decided: a reader learns that it
	 * is not decided yet, anyone else nothing. */
	buf_init(&pdfout, 8 << 20);
	assert_int_equal(dos_pdf_decision(f->db, id, true, "vi", &pdfout, &ei),
	    ERR_CONFLICT);
	assert_string_equal(ei.code, "dossiers.not_decided");
	assert_int_equal(dos_pdf_decision(f->db, id, false, "vi", &pdfout,
	    &ei), ERR_NOTFOUND);
	assert_int_equal(pdfout.len, 0);

	/* Decide: number, a date not in the future and the signer. */
	memset(&a, 0, sizeof(a));
	a.decision_date = "2024-01-15";
	a.decision_signer = "Chủ tịch UBND thành phố";
	assert_int_equal(act(f, TINH, id, "decide", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "decision_no");
	a.decision_no = "123/QĐ-UBND";
	a.decision_date = "2999-01-01";
	assert_int_equal(act(f, TINH, id, "decide", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "decision_date");
	a.decision_date = "2024-01-15";
	a.decision_signer = "";
	assert_int_equal(act(f, TINH, id, "decide", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "decision_signer");
	a.decision_signer = "Chủ tịch UBND thành phố";
	assert_int_equal(act(f, TINH, id, "decide", &a, &ei), ERR_OK);
	assert_string_equal(state_of(f, id, st), "recognised");

	/* The title took effect: the criteria module sees it, the public
	 * register lists it. */
	d = NULL;
	assert_int_equal(crit_store_evaluation(f->db, "pre2025", "00379",
	    "t-xa", 2023, 0, "vi", &d, &ei), ERR_OK);
	assert_true(json_is_true(json_object_get(d, "recognised")));
	json_decref(d);
	flt.year = 2023;
	assert_int_equal(dos_register(f->db, &flt, &reg, &ei), ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(reg, "total")), 1);
	d = json_array_get(json_object_get(reg, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(d,
	    "decision_no")), "123/QĐ-UBND");
	assert_int_equal(json_integer_value(json_object_get(d, "dossier_id")),
	    id);
	assert_true(json_is_null(json_object_get(d, "revoked")));
	json_decref(reg);

	/* Closed: no more actions, a new dossier may be opened. */
	d = get(f, XA, id);
	assert_false(json_is_true(json_object_get(d, "is_open")));
	assert_int_equal(json_array_size(json_object_get(d, "actions")), 0);
	assert_true(json_array_size(json_object_get(d, "timeline")) >= 10);
	json_decref(d);

	/* Printable pages in both languages: the summary (for readers: the
	 * router's rule), the decision for all once decided. */
	assert_int_equal(dos_pdf_summary(f->db, id, "vi", &pdfout, &ei),
	    ERR_OK);
	assert_true(pdfout.len > 1000);
	assert_memory_equal(pdfout.data, "%PDF", 4);
	buf_reset(&pdfout);
	assert_int_equal(dos_pdf_summary(f->db, id, "en", &pdfout, &ei),
	    ERR_OK);
	assert_memory_equal(pdfout.data, "%PDF", 4);
	buf_reset(&pdfout);
	assert_int_equal(dos_pdf_decision(f->db, id, false, "vi", &pdfout,
	    &ei), ERR_OK);
	assert_memory_equal(pdfout.data, "%PDF", 4);
	buf_reset(&pdfout);
	assert_int_equal(dos_pdf_decision(f->db, id, false, "en", &pdfout,
	    &ei), ERR_OK);
	assert_memory_equal(pdfout.data, "%PDF", 4);
	buf_free(&pdfout);
}

static void
test_justification_overrides_where_allowed(void **state)
{
	struct fixture *f = *state;
	struct dos_new n = { .structure = "2025", .code = "00376",
	    .set_id = "t-xa26", .year = 2026, .title = "ntm" };
	struct dos_action a = { 0 };
	struct errinfo ei;
	char st[32];
	json_t *d, *sub;
	int64_t id;

	values(f, "2025", "00376", "t-xa26", 2026, 30);
	/* Only the commune's own officer creates it. */
	assert_int_equal(dos_create(f->db, &f->p[XA], &n, &id, &ei),
	    ERR_FORBIDDEN);
	assert_string_equal(ei.code, "dossiers.forbidden");
	assert_int_equal(dos_create(f->db, &f->p[XA26], &n, &id, &ei),
	    ERR_OK);
	attach(f, XA26, id, "self_assessment", pdf, sizeof(pdf) - 1, "a.pdf");
	attach(f, XA26, id, "satisfaction_minutes", pdf, sizeof(pdf) - 1,
	    "b.pdf");
	assert_int_equal(dos_update(f->db, &f->p[XA26], id, row_version(f, id),
	    f->campaign26, NULL, &ei), ERR_OK);

	/* The page says the failed check may be overridden. */
	assert_int_equal(dos_get(f->db, &f->p[XA26], id, "vi", &d, &ei),
	    ERR_OK);
	sub = json_array_get(json_object_get(d, "actions"), 0);
	assert_string_equal(json_string_value(json_object_get(sub, "id")),
	    "submit");
	assert_true(json_is_true(json_object_get(sub, "may_override")));
	json_decref(d);

	assert_int_equal(act(f, XA26, id, "submit", NULL, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "checks.evaluation_met");
	a.justification = "quá ngắn";
	assert_int_equal(act(f, XA26, id, "submit", &a, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "justification");
	memset(&a, 0, sizeof(a));
	a.justification = "Thu nhập năm 2026 theo số liệu sơ bộ của Thống kê "
	    "tỉnh đã đạt 62 triệu đồng.";
	assert_int_equal(act(f, XA26, id, "submit", &a, &ei), ERR_OK);
	assert_string_equal(state_of(f, id, st), "province_appraisal");
	d = get(f, TINH, id);
	assert_string_equal(json_string_value(json_object_get(d,
	    "justification")), a.justification);
	/* The event carries it too. */
	sub = json_array_get(json_object_get(d, "timeline"),
	    json_array_size(json_object_get(d, "timeline")) - 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    sub, "detail"), "justification")), a.justification);
	json_decref(d);
}

static void
test_uploads_judged_by_content(void **state)
{
	struct fixture *f = *state;
	struct dos_file file;
	struct errinfo ei;
	struct arena *ar = arena_new(4096);
	int64_t id = create_old(f, 2022), aid;
	char *big;

	/* A PNG named .pdf is stored as what it is. */
	aid = attach(f, XA, id, "photo", png, sizeof(png), "anh.pdf");
	assert_int_equal(dos_attachment_get(f->db, ar, id, aid, &file, &ei),
	    ERR_OK);
	assert_string_equal(file.mime, "image/png");
	assert_int_equal(file.len, sizeof(png));
	assert_memory_equal(file.data, png, sizeof(png));
	assert_int_equal(strlen(file.sha256), 64);

	/* HTML named .pdf: 415 saying what it is in words, not as a type. */
	assert_int_equal(dos_attach(f->db, &f->p[XA], id, "photo", "x.pdf",
	    html, sizeof(html) - 1, &aid, &ei), ERR_MEDIA);
	assert_non_null(strstr(ei.message, "một trang web"));
	assert_non_null(strstr(ei.message_en, "a web page"));
	assert_null(strstr(ei.message, "text/html"));
	/* Too large: 413; empty: 422; unknown kind: 422. */
	big = calloc(1, DOS_ATTACHMENT_MAX + 1);
	memcpy(big, pdf, sizeof(pdf) - 1);
	assert_int_equal(dos_attach(f->db, &f->p[XA], id, "photo", "big.pdf",
	    big, DOS_ATTACHMENT_MAX + 1, &aid, &ei), ERR_LIMIT);
	free(big);
	assert_int_equal(dos_attach(f->db, &f->p[XA], id, "photo", "e.pdf",
	    pdf, 0, &aid, &ei), ERR_INVALID);
	assert_int_equal(dos_attach(f->db, &f->p[XA], id, "nope", "a.pdf",
	    pdf, sizeof(pdf) - 1, &aid, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "kind");

	/* Path names never survive. */
	aid = attach(f, XA, id, "other", pdf, sizeof(pdf) - 1,
	    "../../etc/passwd");
	assert_int_equal(dos_attachment_get(f->db, ar, id, aid, &file, &ei),
	    ERR_OK);
	assert_null(strchr(file.filename, '/'));
	assert_null(strstr(file.filename, ".."));
	assert_string_equal(file.filename, "passwd");
	aid = attach(f, XA, id, "other", pdf, sizeof(pdf) - 1,
	    "C:\\Users\\a\\..\\Ba\xcc\x81o ca\xcc\x81o\x01.pdf");
	assert_int_equal(dos_attachment_get(f->db, ar, id, aid, &file, &ei),
	    ERR_OK);
	assert_string_equal(file.filename, "Báo cáo.pdf");	/* NFC */
	aid = attach(f, XA, id, "other", pdf, sizeof(pdf) - 1, "...");
	assert_int_equal(dos_attachment_get(f->db, ar, id, aid, &file, &ei),
	    ERR_OK);
	assert_string_equal(file.filename, "tep");

	/* Others: the district may not attach to a draft (the procedure);
	 * a file is found only under its own dossier; only who attached
	 * removes, and history is kept. */
	assert_int_equal(dos_attach(f->db, &f->p[HUYEN], id, "photo", "a.pdf",
	    pdf, sizeof(pdf) - 1, &aid, &ei), ERR_FORBIDDEN);
	assert_string_equal(ei.code, "dossiers.forbidden");
	assert_int_equal(dos_attachment_get(f->db, ar, id + 1000, aid, &file,
	    &ei), ERR_NOTFOUND);
	assert_int_equal(dos_attachment_remove(f->db, &f->p[TINH], id, aid,
	    &ei), ERR_FORBIDDEN);
	assert_int_equal(dos_attachment_remove(f->db, &f->p[XA], id, aid, &ei),
	    ERR_OK);
	assert_int_equal(dos_attachment_remove(f->db, &f->p[XA], id, aid, &ei),
	    ERR_CONFLICT);
	{
		json_t *d = get(f, XA, id);
		json_t *last = json_array_get(json_object_get(d, "attachments"),
		    json_array_size(json_object_get(d, "attachments")) - 1);

		assert_false(json_is_null(json_object_get(last, "removed_at")));
		json_decref(d);
	}
	arena_free(ar);
}

static void
test_overdue_listed_for_level_above(void **state)
{
	struct fixture *f = *state;
	struct dos_filter flt = { .overdue_only = true };
	struct errinfo ei;
	json_t *l;
	int64_t id = submitted_old(f, 2023);

	assert_int_equal(dos_list(f->db, &f->p[HUYEN], &flt, "vi", &l, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 0);
	json_decref(l);
	setenv("NTM_TODAY", "2099-06-01", 1);
	assert_int_equal(dos_list(f->db, &f->p[HUYEN], &flt, "vi", &l, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(l, "items"), 0), "id")), id);
	assert_true(json_is_true(json_object_get(json_object_get(
	    json_array_get(json_object_get(l, "items"), 0), "state"),
	    "overdue")));
	json_decref(l);
	/* Another commune's officer sees none of it. */
	flt.overdue_only = false;
	assert_int_equal(dos_list(f->db, &f->p[OTHER], &flt, "vi", &l, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(l, "total")), 0);
	json_decref(l);
	/* The province sees it, counted by state. */
	assert_int_equal(dos_list(f->db, &f->p[TINH], &flt, "vi", &l, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l,
	    "counts"), "district_appraisal")), 1);
	json_decref(l);
	unsetenv("NTM_TODAY");
}

static void
test_revocation_watch_and_decision(void **state)
{
	struct fixture *f = *state;
	struct dos_filter flt = { 0 };
	struct dos_action a = { 0 };
	struct errinfo ei;
	json_t *w, *reg;
	char st[32];
	int64_t id = recognised_old(f, 2023), rid;

	/* 2024 fine: nothing to watch.  2024 income fails (1 of 3, a key
	 * criterion: the rule holds): the unit is flagged. */
	values(f, "pre2025", "00379", "t-xa", 2024, 60);
	assert_int_equal(dos_watch(f->db, &f->p[TINH], &flt, &w, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(w, "total")), 0);
	json_decref(w);
	values(f, "pre2025", "00379", "t-xa", 2024, 30);
	assert_int_equal(dos_watch(f->db, &f->p[TINH], &flt, &w, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(w, "total")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(w, "items"), 0), "year")), 2024);
	assert_true(json_is_null(json_object_get(json_array_get(
	    json_object_get(w, "items"), 0), "open_case")));
	json_decref(w);
	/* Out of scope: another commune's officer sees nothing. */
	assert_int_equal(dos_watch(f->db, &f->p[OTHER], &flt, &w, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(w, "total")), 0);
	json_decref(w);

	/* The commune cannot open a case; the province can. */
	assert_int_equal(dos_revocation_open(f->db, &f->p[XA], "pre2025",
	    "00379", "ntm", NULL, &rid, &ei), ERR_FORBIDDEN);
	assert_int_equal(dos_revocation_open(f->db, &f->p[TINH], "pre2025",
	    "00379", "ntm", "Đề nghị thu hồi", &rid, &ei), ERR_OK);
	assert_int_equal(dos_watch(f->db, &f->p[TINH], &flt, &w, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(w, "items"), 0), "open_case")), rid);
	json_decref(w);

	assert_int_equal(act(f, TINH, rid, "submit_review", NULL, &ei),
	    ERR_OK);
	vote(f, HD1, rid, "approve");
	vote(f, HD2, rid, "approve");
	vote(f, HD3, rid, "abstain");
	assert_int_equal(act(f, TINH, rid, "close_review", NULL, &ei), ERR_OK);
	a.decision_no = "45/QĐ-UBND";
	a.decision_date = "2025-03-01";
	a.decision_signer = "Chủ tịch UBND thành phố";
	assert_int_equal(act(f, TINH, rid, "decide", &a, &ei), ERR_OK);
	assert_string_equal(state_of(f, rid, st), "revoked");

	/* The title ended with the decision recorded. */
	assert_int_equal(dos_register(f->db, &flt, &reg, &ei), ERR_OK);
	w = json_object_get(json_array_get(json_object_get(reg, "items"), 0),
	    "revoked");
	assert_string_equal(json_string_value(json_object_get(w, "no")),
	    "45/QĐ-UBND");
	assert_string_equal(json_string_value(json_object_get(w, "at")),
	    "2025-03-01");
	json_decref(reg);
	assert_int_equal(dos_watch(f->db, &f->p[TINH], &flt, &w, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(w, "total")), 0);
	json_decref(w);
	/* A second case has nothing to revoke. */
	assert_int_equal(dos_revocation_open(f->db, &f->p[TINH], "pre2025",
	    "00379", "ntm", NULL, &rid, &ei), ERR_CONFLICT);
	(void)id;
}

/* The roll-up's count of flagged units follows the title: a later year
 * evaluated before the decision is flagged once the title is granted. */
static json_int_t
flags_2024(struct fixture *f)
{
	struct errinfo ei;
	json_t *r = NULL;
	json_int_t n;

	assert_int_equal(crit_store_rollup(f->db, "pre2025", "01", "t-xa",
	    2024, "vi", &r, &ei), ERR_OK);
	n = json_integer_value(json_object_get(r, "revocation_flags"));
	json_decref(r);
	return n;
}

static void
test_recognition_flags_earlier_evaluations(void **state)
{
	struct fixture *f = *state;

	values(f, "pre2025", "00379", "t-xa", 2024, 30);
	assert_int_equal(flags_2024(f), 0);	/* no title yet */
	recognised_old(f, 2023);
	assert_int_equal(flags_2024(f), 1);
}

static void
test_revocation_without_rule_needs_justification(void **state)
{
	struct fixture *f = *state;
	struct dos_action a = { 0 };
	struct errinfo ei;
	int64_t rid;

	recognised_old(f, 2023);
	values(f, "pre2025", "00379", "t-xa", 2024, 60);
	assert_int_equal(dos_revocation_open(f->db, &f->p[TINH], "pre2025",
	    "00379", "ntm", NULL, &rid, &ei), ERR_OK);
	assert_int_equal(act(f, TINH, rid, "submit_review", NULL, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "checks.revocation_rule");
	a.justification = "Thanh tra phát hiện số liệu thu nhập năm 2023 bị "
	    "khai tăng.";
	assert_int_equal(act(f, TINH, rid, "submit_review", &a, &ei), ERR_OK);
	/* Dismissed: the title stays. */
	memset(&a, 0, sizeof(a));
	a.note = "Số liệu đã được xác minh lại";
	assert_int_equal(act(f, TINH, rid, "dismiss", &a, &ei), ERR_OK);
	{
		json_t *d = NULL;

		assert_int_equal(crit_store_evaluation(f->db, "pre2025", "00379",
		    "t-xa", 2024, 0, "vi", &d, &ei), ERR_OK);
		assert_true(json_is_true(json_object_get(d, "recognised")));
		json_decref(d);
	}
}

static void
test_comments_and_create_checks(void **state)
{
	struct fixture *f = *state;
	struct dos_new n = { .structure = "pre2025", .code = "00379",
	    .set_id = "t-xa", .year = 2030, .title = "ntm" };
	struct audit_actor who;
	struct errinfo ei;
	int64_t id;
	json_t *d;

	assert_int_equal(dos_create(f->db, &f->p[XA], &n, &id, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "year");
	/* Both languages: the message says the same in English. */
	assert_non_null(strstr(ei.message, "giai đoạn"));
	assert_non_null(strstr(err_message(&ei, "en"), "period"));
	n.year = 2023;
	n.title = "gold";
	assert_int_equal(dos_create(f->db, &f->p[XA], &n, &id, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "title");
	n.title = "ntm";
	/* No one: the procedure grants no one the start. */
	assert_int_equal(dos_create(f->db, NULL, &n, &id, &ei),
	    ERR_FORBIDDEN);
	id = create_old(f, 2023);
	auth_actor(&f->p[HUYEN], &f->p[HUYEN].roles[0], &who);
	assert_int_equal(dos_comment(f->db, &who, id, "3",
	    "Cần số liệu thu nhập của Cục Thống kê", &ei), ERR_OK);
	assert_int_equal(dos_comment(f->db, &who, id, "99", "x", &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "criterion");
	assert_int_equal(dos_comment(f->db, &who, id, NULL, "", &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "body");
	d = get(f, XA, id);
	assert_int_equal(json_array_size(json_object_get(json_array_get(
	    json_object_get(d, "criteria"), 2), "comments")), 1);
	json_decref(d);
	/* Withdraw needs a reason and closes it. */
	assert_int_equal(act(f, XA, id, "withdraw", NULL, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "note");
	{
		struct dos_action a = { .note = "Chưa đủ điều kiện" };

		assert_int_equal(act(f, XA, id, "withdraw", &a, &ei), ERR_OK);
	}
	assert_int_equal(dos_comment(f->db, &who, id, NULL, "muộn", &ei),
	    ERR_CONFLICT);
}

/* What the router and the pages ask of the domain: a dossier's unit, what
 * a new dossier starts from, the names of the states a list counts. */
static void
test_unit_defaults_and_state_names(void **state)
{
	struct fixture *f = *state;
	struct dos_filter flt = { 0 };
	struct dos_defaults dd;
	struct arena *ar = arena_new(1024);
	const char *s, *c;
	struct errinfo ei;
	int64_t id = create_old(f, 2023);
	json_t *l;

	assert_int_equal(dos_unit_of(f->db, ar, id, &s, &c, &ei), ERR_OK);
	assert_string_equal(s, "pre2025");
	assert_string_equal(c, "00379");
	assert_int_equal(dos_unit_of(f->db, ar, id + 1000, &s, &c, &ei),
	    ERR_NOTFOUND);
	assert_string_equal(ei.code, "dossiers.not_found");

	/* The set the applying procedure names; this year, within the set's
	 * period (else its nearest end). */
	setenv("NTM_TODAY", "2026-06-01", 1);
	assert_int_equal(dos_defaults(f->db, "pre2025", "00379", &dd, &ei),
	    ERR_OK);
	assert_string_equal(dd.set_id, "t-xa");
	assert_string_equal(dd.title, "ntm");
	assert_int_equal(dd.year, 2025);
	assert_int_equal(dos_defaults(f->db, "2025", "00376", &dd, &ei),
	    ERR_OK);
	assert_string_equal(dd.set_id, "t-xa26");
	assert_int_equal(dd.year, 2026);
	setenv("NTM_TODAY", "2023-06-01", 1);
	assert_int_equal(dos_defaults(f->db, "2025", "00376", &dd, &ei),
	    ERR_OK);
	assert_int_equal(dd.year, 2026);
	assert_int_equal(dos_defaults(f->db, "pre2025", "00379", &dd, &ei),
	    ERR_OK);
	assert_int_equal(dd.year, 2023);
	unsetenv("NTM_TODAY");
	assert_int_not_equal(dos_defaults(f->db, "2025", "nope", &dd, &ei),
	    ERR_OK);

	/* A list names the states it counts, in its language. */
	assert_int_equal(dos_list(f->db, &f->p[TINH], &flt, "vi", &l, &ei),
	    ERR_OK);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(l,
	    "counts"), "draft")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    l, "state_names"), "draft")), json_string_value(json_object_get(
	    json_object_get(json_array_get(json_object_get(l, "items"), 0),
	    "state"), "name")));
	json_decref(l);
	arena_free(ar);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_submit_needs_attachments_and_met_evaluation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_whole_way_to_recognition,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_justification_overrides_where_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_uploads_judged_by_content,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_overdue_listed_for_level_above, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_revocation_watch_and_decision, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_recognition_flags_earlier_evaluations, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_revocation_without_rule_needs_justification, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_comments_and_create_checks,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unit_defaults_and_state_names, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	/* The printouts filled pango's, cairo's and fontconfig's caches for
	 * the life of the process: release them for the leak checker. */
	printout_shutdown();
	return rc;
}
