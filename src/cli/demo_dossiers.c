/*
 * demo_dossiers.c - the recognition part of "ntm demo": three dossiers
 * that show the workflow at its main points, taken through dos_act by the
 * demo accounts exactly as the pages would take them.
 *
 *  - Xã Sóc Sơn (2025:00376), 2026-2030: submitted, in the province's
 *    appraisal (its evaluation is not met yet and its survey still open:
 *    submitted with a written justification, which 2026-2030 allows);
 *  - Xã Phú Cường (pre2025:00442, old Sóc Sơn district), 2021-2025: the
 *    whole way - satisfaction survey, district appraisal, council of three,
 *    the chairman's decision - recognised and on the public register;
 *  - Xã Bà Nà (2025:20308), 2026-2030: submitted, with its deadline passed
 *    (the start of its state is moved back: the one demo-only write).
 *
 * Runs after the demo accounts exist; skipped when any dossier exists
 * (ntm demo stays idempotent) and with NTM_DEMO_CRITERIA=none.  A step
 * that cannot be taken (an account missing) leaves the rest and says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/date.h"
#include "domain/auth/auth_internal.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dossiers.h"
#include "domain/surveys/surveys_store.h"

#define SET_2021	"ntm-xa-2021-2025"
#define SET_2026	"ntm-xa-2026-2030"

/* A small but real PDF (libmagic: application/pdf). */
static const char demo_pdf[] =
    "%PDF-1.4\n"
    "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
    "/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    "4 0 obj<</Length 58>>stream\n"
    "BT /F1 18 Tf 72 760 Td (Tai lieu minh hoa - demo) Tj ET\n"
    "endstream endobj\n"
    "5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";

static const char questionnaire[] =
    "{\"format\":\"ntm-survey/1\",\"title\":\"Lấy ý kiến sự hài lòng của "
    "người dân (minh họa)\",\"questions\":["
    "{\"id\":\"q1\",\"type\":\"scale5\",\"text\":\"Mức độ hài lòng với kết "
    "quả xây dựng nông thôn mới của xã\",\"required\":true,"
    "\"satisfied_from\":4},"
    "{\"id\":\"q2\",\"type\":\"yesno\",\"text\":\"Ông/bà có hài lòng "
    "chung không?\",\"required\":true,\"satisfied\":\"yes\"}]}";

struct actor {
	const char *username;
	struct principal p;
	bool ok;
};

static bool
load(struct db *db, struct arena *a, struct actor *x)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_DEMO_USER);
	struct errinfo ei;
	int64_t id = 0;

	db_bind_text(st, 1, x->username);
	if (db_step(st, NULL) == 1)
		id = db_col_int(st, 0);
	db_end_reads(db);
	x->ok = id > 0 && auth_principal_load(db, a, id, &x->p, &ei) == ERR_OK;
	if (!x->ok)
		printf("Demo dossiers: no account %s, its steps are left out\n",
		    x->username);
	return x->ok;
}

static enum err
step(struct db *db, struct actor *x, int64_t id, struct dos_action *act,
    const char *transition, struct errinfo *ei)
{
	json_t *d;
	enum err e;

	if (!x->ok)
		return err_set(ei, ERR_FORBIDDEN, "demo.no_account", NULL,
		    "thiếu tài khoản %s", "the account %s is missing",
		    x->username);
	if ((e = dos_get(db, &x->p, id, "vi", &d, ei)) != ERR_OK)
		return e;
	act->transition = transition;
	act->row_version = json_integer_value(json_object_get(d,
	    "row_version"));
	json_decref(d);
	return dos_act(db, &x->p, id, act, ei);
}

static enum err
attach(struct db *db, struct actor *x, int64_t id, const char *kind,
    const char *name, struct errinfo *ei)
{
	int64_t aid;

	return dos_attach(db, &x->p, id, kind, name, demo_pdf,
	    sizeof(demo_pdf) - 1, &aid, ei);
}

/* The newest campaign of a unit, 0 if none. */
static int64_t
campaign_of(struct db *db, const char *structure, const char *code)
{
	struct errinfo ei;
	json_t *l, *it;
	int64_t id = 0;
	size_t i;

	if (surv_campaign_list(db, structure, code, 50, 0, &l, &ei) != ERR_OK)
		return 0;
	json_array_foreach(json_object_get(l, "items"), i, it)
		if (strcmp(json_string_value(json_object_get(it, "unit_code")),
		    code) == 0 && id == 0)
			id = json_integer_value(json_object_get(it, "id"));
	json_decref(l);
	return id;
}

/* A closed survey of a pre-2025 commune with 27 of 30 households
 * answering, all but one satisfied. */
static enum err
old_campaign(struct db *db, const char *code, const char *name, int64_t *id,
    struct errinfo *ei)
{
	struct surv_campaign_in in = { 0 };
	char opens[11], closes[11], title[160];
	time_t now = time(NULL);
	struct tm tm;
	json_t *batch, *c;
	int64_t survey;
	size_t i;
	enum err e;

	gmtime_r(&now, &tm);
	strftime(opens, sizeof(opens), "%Y-01-01", &tm);
	strftime(closes, sizeof(closes), "%Y-12-31", &tm);
	snprintf(title, sizeof(title), "Lấy ý kiến sự hài lòng của người dân "
	    "xã %s (minh họa)", name);
	if ((e = surv_create(db, NULL, "pre2025", code, questionnaire,
	    strlen(questionnaire), &survey, ei)) != ERR_OK)
		return e;
	in.survey_id = survey;
	in.structure = "pre2025";
	in.code = code;
	in.title = title;
	in.households = 30;
	in.min_coverage = 60;
	in.threshold = 90;
	in.opens_on = opens;
	in.closes_on = closes;
	in.posting_days = 10;
	in.mode = "codes";
	if ((e = surv_campaign_create(db, NULL, &in, id, ei)) != ERR_OK ||
	    (e = surv_codes_issue(db, NULL, *id, 30, NULL, &batch, ei)) !=
	    ERR_OK)
		return e;
	json_array_foreach(json_object_get(batch, "codes"), i, c) {
		json_t *ans;
		struct surv_submission s = { .campaign_id = *id,
		    .code = json_string_value(c), .channel = "paper" };

		if (i >= 27)
			break;
		ans = json_pack("{s:i, s:s}", "q1", i == 5 ? 3 : 4 + (int)(i % 2),
		    "q2", i == 5 ? "no" : "yes");
		s.answers = ans;
		e = surv_submit(db, &s, ei);
		json_decref(ans);
		if (e != ERR_OK)
			break;
	}
	json_decref(batch);
	return e == ERR_OK ? surv_campaign_close(db, NULL, *id, ei) : e;
}

/* A 2026-2030 dossier of a 2025 commune, submitted to the province. */
static enum err
dossier_2026(struct db *db, struct actor *x, const char *code, int64_t *id,
    struct errinfo *ei)
{
	struct dos_new n = { .structure = "2025", .code = code,
	    .set_id = SET_2026, .year = 2026, .title = "ntm",
	    .note = "Hồ sơ minh họa (demo)" };
	struct dos_action a = { 0 };
	enum err e;

	n.campaign_id = campaign_of(db, "2025", code);
	if ((e = dos_create(db, &x->p, &n, id, ei)) != ERR_OK ||
	    (e = attach(db, x, *id, "self_assessment",
	    "bao-cao-tu-danh-gia.pdf", ei)) != ERR_OK ||
	    (e = attach(db, x, *id, "satisfaction_minutes",
	    "bao-cao-mttq.pdf", ei)) != ERR_OK)
		return e;
	a.justification = "Hồ sơ minh họa: số liệu năm 2026 còn đang cập "
	    "nhật; xã đề nghị tỉnh thẩm định sớm (demo).";
	return step(db, x, *id, &a, "submit", ei);
}

/* The whole way for a pre-2025 commune met in 2025 without a title. */
static enum err
dossier_2021(struct db *db, struct actor *xa, struct actor *huyen,
    struct actor *council[3], struct actor *tinh, const char *code,
    int64_t *id, struct errinfo *ei)
{
	struct dos_new n = { .structure = "pre2025", .code = code,
	    .set_id = SET_2021, .year = 2025, .title = "ntm",
	    .note = "Hồ sơ minh họa (demo)" };
	const struct crit_set *s;
	struct dos_action a = { 0 };
	char today[DATE_LEN];
	enum err e;

	if ((e = crit_store_load(db, SET_2021, 0, &s, ei)) != ERR_OK ||
	    (e = old_campaign(db, code, "Phú Cường", &n.campaign_id, ei)) !=
	    ERR_OK || (e = dos_create(db, &xa->p, &n, id, ei)) != ERR_OK ||
	    (e = attach(db, xa, *id, "self_assessment",
	    "bao-cao-tu-danh-gia.pdf", ei)) != ERR_OK ||
	    (e = attach(db, xa, *id, "satisfaction_minutes",
	    "bao-cao-mttq.pdf", ei)) != ERR_OK ||
	    (e = step(db, xa, *id, &a, "submit", ei)) != ERR_OK)
		return e;
	if (!huyen->ok)
		return err_set(ei, ERR_FORBIDDEN, "demo.no_account", NULL,
		    "thiếu tài khoản huyen (thẩm định viên cấp huyện)",
		    "the account huyen (the district's appraiser) is missing");
	memset(&a, 0, sizeof(a));
	a.criteria = json_object();
	for (size_t i = 0; i < s->n_criteria; i++)
		json_object_set_new(a.criteria, s->criteria[i].id, json_pack(
		    "{s:s, s:s}", "appraisal", "confirmed", "note",
		    "Đã đối chiếu hồ sơ và kiểm tra thực tế (minh họa)"));
	e = step(db, huyen, *id, &a, "appraise", ei);
	json_decref(a.criteria);
	if (e != ERR_OK || (e = attach(db, huyen, *id, "appraisal_report",
	    "bao-cao-tham-tra-huyen.pdf", ei)) != ERR_OK)
		return e;
	memset(&a, 0, sizeof(a));
	if ((e = step(db, huyen, *id, &a, "forward", ei)) != ERR_OK)
		return e;
	for (int k = 0; k < 3; k++) {
		memset(&a, 0, sizeof(a));
		a.vote = "approve";
		a.opinion = "Đồng ý đề nghị công nhận (minh họa)";
		if ((e = step(db, council[k], *id, &a, "vote", ei)) != ERR_OK)
			return e;
	}
	memset(&a, 0, sizeof(a));
	a.note = "Hội đồng thống nhất đề nghị công nhận";
	if ((e = step(db, tinh, *id, &a, "close_review", ei)) != ERR_OK)
		return e;
	memset(&a, 0, sizeof(a));
	a.decision_no = "DEMO-15/QĐ-UBND";
	a.decision_date = date_today(today);
	a.decision_signer = "Chủ tịch UBND thành phố Hà Nội (minh họa)";
	return step(db, tinh, *id, &a, "decide", ei);
}

/* Move the current state of dossier id back so its deadline has passed. */
static enum err
backdate(struct db *db, int64_t id, struct errinfo *ei)
{
	struct db_stmt *st;
	char since[32], due[11];
	time_t now = time(NULL), then = now - 25 * 86400;
	struct tm tm;
	enum err e;

	gmtime_r(&then, &tm);
	strftime(since, sizeof(since), "%Y-%m-%dT08:00:00Z", &tm);
	then = now - 5 * 86400;
	gmtime_r(&then, &tm);
	strftime(due, sizeof(due), "%Y-%m-%d", &tm);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_DOS_DEMO_BACKDATE);
	db_bind_text(st, 1, since);
	db_bind_text(st, 2, due);
	db_bind_int(st, 3, id);
	e = db_exec(st, ei);
	return db_finish(db, e, ei);
}

/* One demo dossier's line: what it shows and where, or (e not ERR_OK)
 * why it was left out. */
static void
report(const char *what, enum err e, int64_t id, const struct errinfo *ei)
{
	if (e == ERR_OK)
		printf("Demo dossier: %s (/dossiers/%lld)\n", what,
		    (long long)id);
	else
		printf("Demo dossier left out: %s: %s\n", what,
		    err_message(ei, "en"));
}

int
demo_dossiers(struct db *db, const char *mode)
{
	struct arena *a;
	struct actor socson = { .username = "socson" };
	struct actor bana = { .username = "bana" };
	struct actor phucuong = { .username = "phucuong" };
	struct actor huyen = { .username = "huyen" };
	struct actor thamdinh = { .username = "thamdinh" };
	struct actor hd2 = { .username = "hoidong2" };
	struct actor hd3 = { .username = "hoidong3" };
	struct actor hanoi = { .username = "hanoi" };
	struct actor *council[3] = { &thamdinh, &hd2, &hd3 };
	struct db_stmt *st;
	struct errinfo ei;
	int64_t n = 0, id = 0;
	enum err e;

	if (strcmp(mode, "none") == 0)
		return EXIT_OK;
	st = db_stmt(db, STMT_DOS_DEMO_COUNT);
	if (db_step(st, NULL) == 1)
		n = db_col_int(st, 0);
	db_end_reads(db);
	if (n > 0)
		return EXIT_OK;		/* the demo dossiers exist already */
	a = arena_new(16 * 1024);
	load(db, a, &socson);
	load(db, a, &bana);
	load(db, a, &phucuong);
	load(db, a, &huyen);
	load(db, a, &thamdinh);
	load(db, a, &hd2);
	load(db, a, &hd3);
	load(db, a, &hanoi);
	/* each step before its report: an argument list would read id
	 * before the call that sets it */
	if (socson.ok) {
		e = dossier_2026(db, &socson, "00376", &id, &ei);
		report("Xã Sóc Sơn 2026-2030, in the province's appraisal",
		    e, id, &ei);
	}
	if (phucuong.ok) {
		e = dossier_2021(db, &phucuong, &huyen, council, &hanoi,
		    "00442", &id, &ei);
		report("Xã Phú Cường (old Sóc Sơn district) 2021-2025, "
		    "recognised (see also /recognitions)", e, id, &ei);
	}
	if (bana.ok) {
		if ((e = dossier_2026(db, &bana, "20308", &id, &ei)) == ERR_OK)
			e = backdate(db, id, &ei);
		report("Xã Bà Nà 2026-2030, overdue in the province's appraisal",
		    e, id, &ei);
	}
	arena_free(a);
	return EXIT_OK;
}
