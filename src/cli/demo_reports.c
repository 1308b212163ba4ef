/*
 * demo_reports.c - the reporting part of "ntm demo" (issue 15): the
 * annual plan 2026 (forms/ntm-ke-hoach-nam.json) of every commune-level
 * unit of Hà Nội (01) and Đà Nẵng (48) and of the two provinces, and the
 * monthly progress report (forms/ntm-tien-do-thang.json) of those
 * communes for January-October 2026, so that every reporting page has
 * something to show.
 *
 * Every report goes through the store's writer (rep_report_put): the
 * values, their history, the maintained aggregates of the province and
 * the nation and the audit entry are those a user's save makes.  A
 * province's saves share one transaction (rep_report_put joins the
 * caller's): one commit, not one per report.  A commune's report is written
 * and submitted by its own officer, as the procedure requires: the demo's
 * named accounts for three communes (socson, bana, phucthinh), and for
 * every other commune an account "xa-CODE" ("Cán bộ" and the commune's
 * name, the demo's password) made here before the province's reports.
 *
 * The figures are a deterministic function of the unit's code (no clock,
 * no random source), plausible and consistent with the forms' rules:
 * each commune plans its capital by source and the sources add up to the
 * total; a province's plan is its communes' plans plus its own share,
 * and counts the communes aiming at each title; month by month the
 * capital mobilised, allocated and disbursed (cumulative since January)
 * only grow, disbursed <= allocated <= mobilised for every source, works
 * completed <= works started <= works planned.
 *
 * Two communes of Hà Nội stand out (intents[] below): Xã Thư Lâm has no
 * report for September and October ("missing"), Xã Phúc Thịnh's October
 * report is filled and submitted by its officer (phucthinh) twelve days
 * after its due day ("late").  What happens to
 * each report after it is saved - submitted on time, late, approved - is
 * in one place, intent_of() and advance(): the approval procedure is
 * being built alongside, and advance() is where its calls go.
 *
 * Modes (NTM_DEMO_REPORTS, else NTM_DEMO_CRITERIA): "full" (every
 * commune-level unit of the two provinces: 220, 2,420 reports, about two
 * seconds), "sample" (the tests': the 12 communes around Sóc Sơn and Bà
 * Nà, 134 reports, the provinces' plans summing those), "none".
 * Skipped when any progress report exists (ntm demo stays idempotent).
 * A period not open by today's date (rep_form_period_opens; NTM_TODAY
 * moves today) is left out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/arena.h"
#include "core/date.h"
#include "domain/auth/auth_internal.h"
#include "domain/reporting/rep_approval.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"

#define PLAN_FORM	"ntm-ke-hoach-nam"
#define PROGRESS_FORM	"ntm-tien-do-thang"
#define DEMO_YEAR	2026
#define DEMO_MONTHS	10	/* January-October */
#define MILLION		1000000.0
#define UNITS_MAX	1000

static int filled_to;	/* the last month filled (periods not open yet are not) */

/* What becomes of a report once its values are saved. */
enum intent {
	INTENT_APPROVED,	/* submitted on time, approved */
	INTENT_SUBMITTED,	/* submitted on time, awaiting approval */
	INTENT_LATE,		/* filled, submitted after its due day */
	INTENT_MISSING,		/* no report at all */
	INTENT_DRAFT,		/* saved, not submitted (no officer account) */
};

static const char *const intent_names[] = {
	"approved", "submitted", "late", "missing", "draft",
};

/*
 * The exceptions to the rule of intent_of(): (commune, first month, last
 * month, intent).  The lead's completeness page shows them.
 */
static const struct {
	const char *code, *name;
	int from, to;		/* months of DEMO_YEAR */
	enum intent intent;
} intents[] = {
	{ "00475", "Xã Thư Lâm, Hà Nội", 9, 10, INTENT_MISSING },
	{ "00466", "Xã Phúc Thịnh, Hà Nội", 10, 10, INTENT_LATE },
};

/* The demo's provinces, who writes for them, and the communes of the
 * "sample" mode (codes from..to: around Sóc Sơn and Bà Nà). */
static const struct {
	const char *code, *officer, *sample_from, *sample_to;
} provinces[] = {
	{ "01", "hanoi", "00376", "00475" },
	{ "48", "danang", "20308", "20332" },
};

/* Communes whose own officer writes their reports. */
static const struct {
	const char *code, *officer;
} commune_officers[] = {
	{ "00376", "socson" },
	{ "20308", "bana" },
	{ "00466", "phucthinh" },	/* submits its October report late */
};

/*
 * The intent of a report of the progress form for month m (1-12) of a
 * commune, or of the annual plan (m 0): the plans and the months up to
 * August approved, September and October submitted on time and awaiting
 * the province, but for intents[].
 */
static enum intent
intent_of(const char *code, int m)
{
	for (size_t i = 0; i < sizeof(intents) / sizeof(intents[0]); i++)
		if (strcmp(intents[i].code, code) == 0 && m >= intents[i].from &&
		    m <= intents[i].to)
			return intents[i].intent;
	return m <= 8 ? INTENT_APPROVED : INTENT_SUBMITTED;
}

/*
 * The day a report of that intent was (or will be shown as) submitted:
 * on time, a few days after its period (within the form's due days); late,
 * twelve days after its due day.  due is the form's due day.
 */
static long
submitted_on(enum intent in, long period_end, long due, unsigned h)
{
	if (in == INTENT_LATE)
		return due + 12;
	return period_end + 1 + (long)(h % (unsigned)(due - period_end > 0 ?
	    due - period_end : 1));
}

/* The principal of an actor (loaded once per user: a few accounts act). */
static const struct principal *
principal_of(struct db *db, const struct audit_actor *x, struct errinfo *ei)
{
	static struct {
		int64_t id;
		struct principal p;
		struct arena *a;
	} cache[8];
	static size_t n;

	for (size_t i = 0; i < n; i++)
		if (cache[i].id == x->user_id)
			return &cache[i].p;
	if (n == sizeof(cache) / sizeof(cache[0]))
		n = 0;		/* never more than a few: start over */
	if (cache[n].a == NULL)
		cache[n].a = arena_new(4096);
	if (auth_principal_load(db, cache[n].a, x->user_id, &cache[n].p, ei)
	    != ERR_OK)
		return NULL;
	cache[n].id = x->user_id;
	return &cache[n++].p;
}

/* One step of the approval as x (rep_approval.h). */
static enum err
act(struct db *db, const struct audit_actor *x, const char *form,
    const struct unit *u, const char *period, const char *action,
    struct errinfo *ei)
{
	struct rep_approval_req req = { .action = action, .row_version = -1 };
	const struct principal *p = principal_of(db, x, ei);
	struct arena *a;
	struct rep_problems pr;
	json_t *out = NULL;
	enum err e;

	if (p == NULL)
		return ERR_NOTFOUND;
	a = arena_new(4096);
	rep_problems_init(&pr, a, 8);
	e = rep_approval_act(db, p, form, u->structure, u->code, period, &req,
	    "vi", &out, &pr, ei);
	json_decref(out);
	arena_free(a);
	return e;
}

/* Date a report's submission at sub_at and its approval at app_at with
 * statement id (the report's events, then the report: both take the same
 * arguments). */
static enum err
backdate(struct db *db, enum stmt_id id, const char *sub_at,
    const char *app_at, const char *form, const struct unit *u,
    const char *period, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, id);

	db_bind_text(st, 1, sub_at);
	db_bind_text(st, 2, app_at);
	db_bind_text(st, 3, form);
	db_bind_text(st, 4, u->structure);
	db_bind_text(st, 5, u->code);
	db_bind_text(st, 6, period);
	return db_exec(st, ei);
}

/*
 * Take a saved report to its intent: submitted by who (and, for
 * INTENT_APPROVED, approved by the province's officer), then dated as if
 * it had happened on day on (the approval two days later), as
 * demo_dossiers.c back-dates a state, so that on time and late read as
 * such on the completeness pages.  A late report is submitted late.
 */
static enum err
advance(struct db *db, const struct audit_actor *who,
    const struct audit_actor *approver, const char *form,
    const struct unit *u, const char *period, enum intent in, long on,
    long counts[], struct errinfo *ei)
{
	char sub[DATE_LEN], app[DATE_LEN], sub_at[32], app_at[32];
	enum err e;

	/* Only a unit's own officer submits (the procedure's level "unit");
	 * every commune has one (commune_accounts), so a draft here means
	 * an account could not be made. */
	if (in != INTENT_MISSING && (who->unit_code == NULL ||
	    strcmp(who->unit_code, u->code) != 0)) {
		counts[INTENT_DRAFT]++;
		return ERR_OK;
	}
	counts[in]++;
	if (in == INTENT_MISSING)
		return ERR_OK;
	if ((e = act(db, who, form, u, period, "submit", ei)) != ERR_OK)
		return e;
	if (in == INTENT_APPROVED && approver != NULL &&
	    (e = act(db, approver, form, u, period, "approve", ei)) != ERR_OK)
		return e;
	date_format(on, sub);
	date_format(on + 2, app);
	snprintf(sub_at, sizeof(sub_at), "%sT02:30:00Z", sub);
	snprintf(app_at, sizeof(app_at), "%sT08:15:00Z", app);
	if ((e = backdate(db, STMT_REP_DEMO_BACKDATE_EVENTS, sub_at, app_at,
	    form, u, period, ei)) != ERR_OK)
		return e;
	return backdate(db, STMT_REP_DEMO_BACKDATE, sub_at, app_at, form, u,
	    period, ei);
}

/* ---- figures ---- */

/* A number in [0, 1) from a unit's code and a salt: FNV-1a, mixed. */
static double
unit_rand(const char *code, unsigned salt)
{
	unsigned h = 2166136261u ^ salt * 16777619u;

	for (const char *p = code; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return (double)(h % 1000000u) / 1e6;
}

/* Whole millions of đồng below v. */
static double
millions(double v)
{
	return floor(v / MILLION) * MILLION;
}

#define N_SOURCES	6
static const char *const sources[N_SOURCES] = {
	"central", "local", "integrated", "credit", "enterprises", "community",
};

static const char *const works[] = {
	"Nâng cấp đường trục xã", "Kiên cố hóa kênh mương nội đồng",
	"Xây dựng nhà văn hóa thôn", "Cải tạo trường mầm non",
	"Điểm thu gom, xử lý rác thải", "Chợ nông thôn",
	"Nâng cấp trạm y tế xã", "Điện chiếu sáng đường thôn",
};

static const char *const difficulties[] = {
	"Giải phóng mặt bằng đoạn đường trục xã còn chậm.",
	"Nguồn vốn ngân sách địa phương phân bổ muộn.",
	"Giá vật liệu xây dựng tăng, một số gói thầu phải điều chỉnh.",
	"Mưa kéo dài làm chậm tiến độ thi công các công trình.",
	"Thủ tục thanh toán, quyết toán vốn còn kéo dài.",
};

static const char *const proposals[] = {
	"Đề nghị tỉnh sớm phân bổ vốn ngân sách trung ương còn lại.",
	"Đề nghị hướng dẫn thủ tục lồng ghép vốn các chương trình.",
	"Đề nghị hỗ trợ kinh phí xử lý rác thải sinh hoạt.",
};

/* One unit's annual plan, kept to derive its months and its province. */
struct plan {
	const struct unit *u;
	double capital[N_SOURCES];	/* đồng, whole millions */
	int works;
	bool ntm, modern;
};

/* A commune's plan: capital by source (a ward plans less), targets. */
static void
commune_plan(const struct unit *u, struct plan *p)
{
	static const double share[N_SOURCES][2] = {	/* from, spread */
		{ 0.12, 0.08 }, { 0.25, 0.10 }, { 0.25, 0.10 },
		{ 0.00, 0.05 }, { 0.03, 0.07 }, { 0.02, 0.06 },
	};
	double size = u->is_rural ? 4e9 + 26e9 * unit_rand(u->code, 1) :
	    1e9 + 5e9 * unit_rand(u->code, 1);

	memset(p, 0, sizeof(*p));
	p->u = u;
	for (int s = 0; s < N_SOURCES; s++)
		p->capital[s] = millions(size * (share[s][0] + share[s][1] *
		    unit_rand(u->code, 10u + (unsigned)s)));
	p->works = 1 + (int)(unit_rand(u->code, 2) * (u->is_rural ? 8 : 4));
	p->ntm = u->is_rural && unit_rand(u->code, 3) < 0.35;
	p->modern = u->is_rural && !p->ntm && unit_rand(u->code, 4) < 0.08;
}

static json_t *
capital_json(const double c[N_SOURCES], double *total)
{
	json_t *o = json_object();

	*total = 0;
	for (int s = 0; s < N_SOURCES; s++) {
		json_object_set_new(o, sources[s], json_integer((json_int_t)
		    c[s]));
		*total += c[s];
	}
	return o;
}

static char *
works_text(struct arena *a, int n, unsigned from)
{
	char *out = arena_strdup(a, "");

	for (int i = 0; i < n; i++)
		out = arena_printf(a, "%s%s%d. %s", out, i ? "; " : "", i + 1,
		    works[(from + (unsigned)i) % (sizeof(works) /
		    sizeof(works[0]))]);
	return out;
}

static json_t *
plan_values(struct arena *a, const struct plan *p, bool province,
    int n_ntm, int n_modern)
{
	double total;
	json_t *v = json_object();

	json_object_set_new(v, "capital_plan", capital_json(p->capital,
	    &total));
	json_object_set_new(v, "capital_plan_total", json_integer(
	    (json_int_t)total));
	json_object_set_new(v, "works_planned", json_integer(p->works));
	if (province) {
		json_object_set_new(v, "communes_target_ntm",
		    json_integer(n_ntm));
		json_object_set_new(v, "communes_target_modern",
		    json_integer(n_modern));
		json_object_set_new(v, "works_list", json_string(
		    "Các công trình trọng điểm của các xã, phường (theo kế "
		    "hoạch của từng đơn vị) và các tuyến đường liên xã do "
		    "tỉnh đầu tư."));
		json_object_set_new(v, "plan_notes", json_string(
		    "Ưu tiên vốn cho các xã phấn đấu đạt chuẩn trong năm; "
		    "giao chỉ tiêu cho từng xã, kiểm tra tiến độ hằng tháng."));
		return v;
	}
	json_object_set_new(v, "criteria_target", json_integer(p->u->is_rural ?
	    6 + (int)(unit_rand(p->u->code, 5) * 5) : 10));
	json_object_set_new(v, "target_ntm", json_boolean(p->ntm));
	json_object_set_new(v, "target_modern", json_boolean(p->modern));
	json_object_set_new(v, "works_list", json_string(works_text(a,
	    p->works, (unsigned)(unit_rand(p->u->code, 6) * 8))));
	json_object_set_new(v, "plan_notes", json_string(p->ntm ?
	    "Tập trung hoàn thành các tiêu chí còn thiếu để đạt chuẩn nông "
	    "thôn mới trong năm." : "Duy trì và nâng cao chất lượng các "
	    "tiêu chí đã đạt."));
	return v;
}

/* A commune's month m (1-12): cumulative capital, works, texts. */
static json_t *
month_values(const struct plan *p, int m)
{
	const char *code = p->u->code;
	double mob[N_SOURCES], alloc[N_SOURCES], disb[N_SOURCES], total;
	double fm = fmin(1, (m + 1) / 12.0 * (0.85 + 0.3 * unit_rand(code, 20)));
	double fa = fmin(0.95, 0.70 + 0.025 * m);
	double fd = fmin(0.95, (0.10 + 0.075 * m) * (0.8 + 0.3 *
	    unit_rand(code, 21)));
	double pace = 5 + 5 * unit_rand(code, 22);
	int started = (int)fmin(p->works, ceil(p->works * m / pace));
	int completed = (int)fmin(started, floor(p->works * fmax(0, m - 3) /
	    (pace + 2)));
	json_t *v = json_object();

	for (int s = 0; s < N_SOURCES; s++) {
		mob[s] = millions(p->capital[s] * fm);
		alloc[s] = millions(mob[s] * fa);
		disb[s] = millions(alloc[s] * fd);
	}
	json_object_set_new(v, "capital_mobilised", capital_json(mob, &total));
	json_object_set_new(v, "capital_allocated", capital_json(alloc,
	    &total));
	json_object_set_new(v, "capital_disbursed", capital_json(disb,
	    &total));
	json_object_set_new(v, "works_started", json_integer(started));
	json_object_set_new(v, "works_completed", json_integer(completed));
	if (unit_rand(code, 30u + (unsigned)m) < 0.3)
		json_object_set_new(v, "difficulties", json_string(difficulties[
		    (unsigned)(unit_rand(code, 40u + (unsigned)m) * 5)]));
	if (unit_rand(code, 50u + (unsigned)m) < 0.15)
		json_object_set_new(v, "proposals", json_string(proposals[
		    (unsigned)(unit_rand(code, 60u + (unsigned)m) * 3)]));
	return v;
}

/* ---- writing ---- */

/* The account username as an audit actor (user_id 0 when absent). */
static void
actor_of(struct db *db, const char *username, const char *role,
    const char *code, struct audit_actor *out)
{
	struct db_stmt *st = db_stmt(db, STMT_REP_DEMO_USER);

	memset(out, 0, sizeof(*out));
	db_bind_text(st, 1, username);
	if (db_step(st, NULL) == 1)
		out->user_id = db_col_int(st, 0);
	db_end_reads(db);
	out->username = username;
	out->role = role;
	out->structure = "2025";
	out->unit_code = code;
}

/* The username of commune u's officer: the demo's named account, else
 * "xa-CODE" (commune_accounts) in buf. */
static const char *
officer_name(const struct unit *u, char buf[32])
{
	for (size_t j = 0; j < sizeof(commune_officers) /
	    sizeof(commune_officers[0]); j++)
		if (strcmp(commune_officers[j].code, u->code) == 0)
			return commune_officers[j].officer;
	snprintf(buf, 32, "xa-%s", u->code);
	return buf;
}

/*
 * An officer account for every commune of the list that has none, with
 * the demo's password (hashed once: a hash each would add seconds), so
 * that each commune submits its own reports as the procedure requires.
 * Each account is its own transaction (auth_user_create_hashed), made
 * before the province's reports.
 */
static enum err
commune_accounts(struct db *db, const struct unit_list *list, long *made,
    struct errinfo *ei)
{
	char hash[128], buf[32], full[256];
	bool hashed = false;
	struct audit_actor x;
	enum err e;
	int64_t id;

	for (size_t i = 0; i < list->n; i++) {
		const struct unit *u = &list->items[i];
		const char *name = officer_name(u, buf);

		actor_of(db, name, "commune_officer", u->code, &x);
		if (x.user_id != 0)
			continue;
		if (!hashed && (e = auth_password_hash(DEMO_PASSWORD, hash,
		    ei)) != ERR_OK)
			return e;
		hashed = true;
		snprintf(full, sizeof(full), "Cán bộ %s", u->name);
		if ((e = auth_user_create_hashed(db, NULL, name, full, hash,
		    ROLE_COMMUNE_OFFICER, u->structure, u->code, &id, ei)) !=
		    ERR_OK)
			return e;
		(*made)++;
	}
	return ERR_OK;
}

static enum err
save(struct db *db, struct arena *a, const struct audit_actor *who,
    const char *form, const struct unit *u, const char *period,
    json_t *values, struct errinfo *ei)
{
	struct rep_problems pr;
	enum err e;

	rep_problems_init(&pr, a, 8);
	e = rep_report_put(db, who, form, u->structure, u->code, period,
	    values, "vi", NULL, &pr, ei);
	json_decref(values);
	return e;
}

/* The day numbers of period text: its last day and due day under form f,
 * and whether f's report for it may be written today (the store's rule,
 * rep_form_period_opens). */
static void
period_days(const struct rep_form *f, const char *text, long *end,
    long *due, bool *started)
{
	struct rep_period p;
	struct errinfo ei;
	char today[DATE_LEN];
	long day;

	rep_period_parse(text, "period", &p, &ei);
	*end = rep_period_end(&p);
	*due = rep_form_due(f, &p);
	date_parse(date_today(today), &day);
	*started = day >= rep_form_period_opens(f, &p);
}

/* Province k's unit and its commune-level units (the sample's only when
 * sample). */
static enum err
province_units(struct db *db, struct arena *a, size_t k, bool sample,
    struct unit *prov, struct unit_list *list, struct errinfo *ei)
{
	struct unit_query q = { .structure = "2025", .level = "commune",
	    .parent = provinces[k].code, .limit = UNITS_MAX };
	size_t kept = 0;
	enum err e;

	if ((e = units_get(db, a, "2025", provinces[k].code, prov, ei)) !=
	    ERR_OK || (e = units_list(db, a, &q, list, ei)) != ERR_OK ||
	    !sample)
		return e;
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->items[i].code, provinces[k].sample_from) >= 0 &&
		    strcmp(list->items[i].code, provinces[k].sample_to) <= 0)
			list->items[kept++] = list->items[i];
	list->n = kept;
	return ERR_OK;
}

/* One province: its communes' plans and months, then its own plan. */
static enum err
province(struct db *db, struct arena *a, size_t k, struct unit *prov_unit,
    const struct unit_list *units, long counts[], long *written,
    struct errinfo *ei)
{
	struct audit_actor officer, own, approver;
	const struct rep_form *plan_f, *prog_f;
	const struct unit_list list = *units;
	struct unit prov = *prov_unit;
	struct plan *plans, pp;
	char period[16], buf[32];
	long end, due;
	bool started;
	int n_ntm = 0, n_modern = 0;
	enum err e;

	if ((e = rep_form_load(db, PLAN_FORM, 0, &plan_f, ei)) != ERR_OK ||
	    (e = rep_form_load(db, PROGRESS_FORM, 0, &prog_f, ei)) != ERR_OK)
		return e;
	actor_of(db, provinces[k].officer, "province_officer",
	    provinces[k].code, &officer);
	approver = officer;
	plans = arena_alloc(a, (list.n + 1) * sizeof(*plans));
	snprintf(period, sizeof(period), "%d", DEMO_YEAR);
	period_days(plan_f, period, &end, &due, &started);
	if (!started)
		return ERR_OK;
	for (size_t i = 0; i < list.n; i++) {
		const struct unit *u = &list.items[i];
		const struct audit_actor *who = &own;

		actor_of(db, officer_name(u, buf), "commune_officer", u->code,
		    &own);
		commune_plan(u, &plans[i]);
		n_ntm += plans[i].ntm;
		n_modern += plans[i].modern;
		snprintf(period, sizeof(period), "%d", DEMO_YEAR);
		period_days(plan_f, period, &end, &due, &started);
		if ((e = save(db, a, who, PLAN_FORM, u, period, plan_values(a,
		    &plans[i], false, 0, 0), ei)) != ERR_OK ||
		    (e = advance(db, who, &approver, PLAN_FORM, u, period,
		    intent_of(u->code, 0), submitted_on(INTENT_APPROVED, end -
		    365, due, (unsigned)(unit_rand(u->code, 7) * 1000)),
		    counts, ei)) != ERR_OK)
			return e;
		(*written)++;
		for (int m = 1; m <= DEMO_MONTHS; m++) {
			enum intent in = intent_of(u->code, m);

			snprintf(period, sizeof(period), "%d-%02d", DEMO_YEAR,
			    m);
			period_days(prog_f, period, &end, &due, &started);
			if (!started)
				break;
			if (m > filled_to)
				filled_to = m;
			if (in == INTENT_MISSING) {
				counts[in]++;
				continue;
			}
			if ((e = save(db, a, who, PROGRESS_FORM, u, period,
			    month_values(&plans[i], m), ei)) != ERR_OK ||
			    (e = advance(db, who, &approver, PROGRESS_FORM, u,
			    period, in, submitted_on(in, end, due, (unsigned)(
			    unit_rand(u->code, 70u + (unsigned)m) * 1000)),
			    counts, ei)) != ERR_OK)
				return e;
			(*written)++;
		}
	}
	/* The province's plan: its communes' plus its own share (8 %). */
	memset(&pp, 0, sizeof(pp));
	pp.u = &prov;
	for (size_t i = 0; i < list.n; i++) {
		for (int s = 0; s < N_SOURCES; s++)
			pp.capital[s] += plans[i].capital[s];
		pp.works += plans[i].works;
	}
	for (int s = 0; s < N_SOURCES; s++)
		pp.capital[s] += millions(pp.capital[s] * 0.08);
	pp.works += 3;
	snprintf(period, sizeof(period), "%d", DEMO_YEAR);
	period_days(plan_f, period, &end, &due, &started);
	if ((e = save(db, a, &officer, PLAN_FORM, &prov, period, plan_values(a,
	    &pp, true, n_ntm, n_modern), ei)) != ERR_OK ||
	    (e = advance(db, &officer, NULL, PLAN_FORM, &prov, period,
	    INTENT_SUBMITTED, submitted_on(INTENT_SUBMITTED, end - 365, due,
	    7), counts, ei)) != ERR_OK)
		return e;
	(*written)++;
	return ERR_OK;
}

static const char *
reports_mode(const char *mode)
{
	const char *m = getenv("NTM_DEMO_REPORTS");

	return m != NULL && m[0] ? m : mode;
}

int
demo_reports(struct db *db, const char *mode)
{
	struct db_stmt *st;
	struct errinfo ei;
	struct arena *a;
	long counts[5] = { 0 }, written = 0, accounts = 0;
	int64_t n = 0;
	enum err e = ERR_OK;

	err_clear(&ei);
	mode = reports_mode(mode);
	if (strcmp(mode, "none") == 0)
		return EXIT_OK;
	st = db_stmt(db, STMT_REP_DEMO_COUNT);
	db_bind_text(st, 1, PROGRESS_FORM);
	if (db_step(st, NULL) == 1)
		n = db_col_int(st, 0);
	db_end_reads(db);
	if (n > 0)
		return EXIT_OK;		/* the demo reports exist already */
	for (size_t k = 0; k < sizeof(provinces) / sizeof(provinces[0]) &&
	    e == ERR_OK; k++) {
		/* A province's saves in one transaction (each still the
		 * writer's: values, history, aggregates, audit entry): one
		 * commit instead of a thousand. */
		struct unit prov;
		struct unit_list list;

		a = arena_new(256 * 1024);
		if ((e = province_units(db, a, k, strcmp(mode, "sample") == 0,
		    &prov, &list, &ei)) == ERR_OK &&
		    (e = commune_accounts(db, &list, &accounts, &ei)) == ERR_OK &&
		    (e = db_begin(db, &ei)) == ERR_OK)
			e = db_finish(db, province(db, a, k, &prov, &list,
			    counts, &written, &ei), &ei);
		arena_free(a);
	}
	if (e != ERR_OK) {
		if (strcmp(ei.code, "reporting.unknown_form") == 0) {
			printf("Demo reports: the forms are not loaded, left "
			    "out\n");
			return EXIT_OK;
		}
		return cli_fail("demo", &ei);
	}
	printf("Demo reports: %ld saved (annual plan %d of Hà Nội and Đà "
	    "Nẵng and their communes, monthly progress %d-01..%d-%02d); "
	    "%ld %s, %ld %s, %ld %s, %ld %s, %ld %s\n", written, DEMO_YEAR,
	    DEMO_YEAR, DEMO_YEAR, filled_to, counts[INTENT_APPROVED],
	    intent_names[INTENT_APPROVED],
	    counts[INTENT_SUBMITTED], intent_names[INTENT_SUBMITTED],
	    counts[INTENT_LATE], intent_names[INTENT_LATE],
	    counts[INTENT_MISSING], intent_names[INTENT_MISSING],
	    counts[INTENT_DRAFT], intent_names[INTENT_DRAFT]);
	if (accounts > 0)
		printf("  %ld more commune officers, one for each commune "
		    "reporting: xa-CODE (e.g. xa-00382), password %s\n",
		    accounts, DEMO_PASSWORD);
	for (size_t i = 0; i < sizeof(intents) / sizeof(intents[0]) &&
	    filled_to >= intents[i].from; i++)
		printf("  %s: %s for %d-%02d..%d-%02d\n", intents[i].name,
		    intent_names[intents[i].intent], DEMO_YEAR, intents[i].from,
		    DEMO_YEAR, intents[i].to);
	return EXIT_OK;
}
