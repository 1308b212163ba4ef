/*
 * dos_checks.c - what a transition of a dossier still misses: the live
 * attachments of each kind it requires, and the named checks of the
 * procedure (evaluation_met, satisfaction_met, appraisal_confirmed or
 * appraisal_complete, council_majority, revocation_rule), each failure
 * with a plain sentence in both languages saying why and whether a
 * written justification may override it.  Read-only: dos_act.c refuses or
 * takes the transition, dos_view.c shows the same list beside each button.
 *
 * A check says why it failed by filling a struct errinfo (ERR_INVALID
 * "dossiers.missing"), so the refusal of dos_act is that very error, in
 * both languages, naming the item ("checks.evaluation_met").  A survey
 * result whose numbers are impossible fails satisfaction_met with
 * "dossiers.impossible_survey", which no justification overrides.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/numfmt.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/surveys/surveys_store.h"

static bool
is_overridable_check(const char *name)
{
	return strcmp(name, "evaluation_met") == 0 ||
	    strcmp(name, "satisfaction_met") == 0 ||
	    strcmp(name, "revocation_rule") == 0;
}

int
dos_count_kind(struct db *db, int64_t id, const char *kind)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_ATTACHMENTS_OF);
	int n = 0;

	db_bind_int(st, 1, id);
	while (db_step(st, NULL) == 1)
		n += strcmp(db_col_text(st, 1), kind) == 0 &&
		    db_col_null(st, 9);
	db_end_reads(db);
	return n;
}

/* Say why: ERR_INVALID "dossiers.missing" (the item is named by
 * add_missing). */
static void
why_set(struct errinfo *why, const char *vi, const char *en, ...)
    __attribute__((format(printf, 2, 4), format(printf, 3, 4)));

static void
why_set(struct errinfo *why, const char *vi, const char *en, ...)
{
	va_list ap;

	va_start(ap, en);
	err_setv(why, ERR_INVALID, "dossiers.missing", NULL, vi, en, ap);
	va_end(ap);
}

/* Record item as missing, why it is (the message in lang for the list),
 * and keep the first refusal and the first that nothing overrides. */
static void
add_missing(struct dos_missing *m, const char *item, bool is_check,
    bool overridable, struct errinfo *why, const char *lang)
{
	snprintf(why->field, sizeof(why->field), "%s", item);
	json_array_append_new(m->items, json_pack("{s:s, s:s, s:s, s:b}",
	    "item", item, "kind", is_check ? "check" : "attachment",
	    "message", err_message(why, lang), "overridable", overridable));
	if (m->first.err == ERR_OK)
		m->first = *why;
	if (overridable)
		m->overridable = true;
	else {
		if (!m->blocking)
			m->first_blocking = *why;
		m->blocking = true;
	}
}

/* The live evaluation of d (kept in *live). */
static enum err
live_evaluation(struct db *db, const struct dos *d, const char *lang,
    json_t **live, struct errinfo *ei)
{
	if (*live != NULL)
		return ERR_OK;
	return crit_store_evaluation(db, d->structure, d->code, d->set_id,
	    d->year, 0, lang, live, ei);
}

static enum err
check_evaluation(struct db *db, const struct dos *d, const char *lang,
    json_t **live, struct errinfo *why, bool *ok)
{
	const char *status;
	long long met, total;
	size_t unknown;

	if (live_evaluation(db, d, lang, live, why) != ERR_OK) {
		/* why holds the reason the criteria module gave */
		err_prefix(why, "Chưa đánh giá được tiêu chí năm %d: ",
		    "The criteria of %d cannot be evaluated yet: ", d->year);
		*ok = false;
		return ERR_OK;
	}
	status = json_string_value(json_object_get(*live, "status"));
	met = json_integer_value(json_object_get(*live, "criteria_met"));
	total = json_integer_value(json_object_get(*live, "criteria_total"));
	unknown = json_array_size(json_object_get(*live, "unknown"));
	*ok = status != NULL && strcmp(status, "met") == 0;
	if (*ok)
		return ERR_OK;
	if (!json_is_true(json_object_get(*live, "has_data")))
		why_set(why, "Chưa có số liệu chỉ tiêu năm %d để đánh giá tiêu "
		    "chí", "There are no indicator values of %d to evaluate "
		    "the criteria", d->year);
	else if (status != NULL && strcmp(status, "incomplete") == 0)
		why_set(why, "Đánh giá tiêu chí năm %d chưa đủ số liệu: "
		    "%lld/%lld tiêu chí đạt, %zu tiêu chí chưa có số liệu",
		    "The evaluation of %d lacks values: %lld/%lld criteria "
		    "met, %zu criteria without values", d->year, met, total,
		    unknown);
	else
		why_set(why, "Đánh giá tiêu chí năm %d chưa đạt: %lld/%lld tiêu "
		    "chí", "The evaluation of %d is not met: %lld/%lld "
		    "criteria", d->year, met, total);
	return ERR_OK;
}

/* The numbers of the result, read: ERR_INVALID
 * "dossiers.impossible_survey" in *why when they cannot be. */
static enum err
survey_numbers(struct db *db, int64_t campaign_id,
    const struct surv_outcome *o, struct errinfo *why, struct errinfo *ei)
{
	struct surv_counts c;
	long long n, nn, live;
	enum err e;

	if ((e = surv_campaign_counts(db, campaign_id, &c, ei)) != ERR_OK)
		return e;
	n = (long long)c.responses;
	nn = (long long)c.households;
	live = (long long)(c.codes_issued - c.codes_cancelled);
	if (nn <= 0)
		return err_set(why, ERR_INVALID, "dossiers.impossible_survey",
		    "households", "Kết quả khảo sát không thể có: số hộ trong "
		    "phạm vi là %lld", "The survey result is "
		    "impossible: the households in scope are %lld",
		    nn);
	if (n < 0 || n > nn)
		return err_set(why, ERR_INVALID, "dossiers.impossible_survey",
		    "responses", "Kết quả khảo sát không thể có: số phiếu "
		    "(%lld) nhiều hơn số hộ trong phạm vi "
		    "(%lld), tỷ lệ bao phủ %.1f%%", "The survey "
		    "result is impossible: its responses (%lld) "
		    "exceed the households in scope (%lld), a "
		    "coverage of %.1f%%", n, nn, 100.0 * (double)n /
		    (double)nn);
	if (strcmp(c.mode, "codes") == 0 && (c.codes_cancelled < 0 ||
	    live > nn))
		return err_set(why, ERR_INVALID, "dossiers.impossible_survey",
		    "codes", "Kết quả khảo sát không thể có: %lld mã hộ đang "
		    "dùng được cho %lld hộ; mỗi hộ chỉ có "
		    "một mã", "The survey result is impossible: %lld live "
		    "household codes for %lld households;"
		    " a household has one code", live, nn);
	if (strcmp(c.mode, "codes") == 0 && n > (long long)c.codes_issued)
		return err_set(why, ERR_INVALID, "dossiers.impossible_survey",
		    "responses", "Kết quả khảo sát không thể có: %lld phiếu "
		    "mà chỉ có %lld mã hộ đã cấp",
		    "The survey result is impossible: %lld responses "
		    "from only %lld household codes issued",
		    n, (long long)c.codes_issued);
	if (o != NULL && o->coverage > 100.0 + 1e-9)
		return err_set(why, ERR_INVALID, "dossiers.impossible_survey",
		    "coverage", "Kết quả khảo sát không thể có: tỷ lệ bao phủ "
		    "%.1f%% trên 100%%", "The survey result is "
		    "impossible: a coverage of %.1f%%, above 100%%",
		    o->coverage);
	if (o != NULL && n > 0 && n < nn) {
		struct surv_ci ci = surv_rate_ci(o->rate / 100.0, c.responses,
		    c.households);

		if (!(ci.hi > ci.lo))
			return err_set(why, ERR_INVALID,
			    "dossiers.impossible_survey", "ci", "Kết quả khảo "
			    "sát không thể có: khoảng tin cậy rộng 0 từ "
			    "%lld phiếu của %lld hộ", "The survey result is "
			    "impossible: a confidence interval of width 0 "
			    "from %lld responses of %lld households", n, nn);
	}
	return ERR_OK;
}

/*
 * A survey result whose numbers cannot be (issue 13): more responses than
 * households or than codes ever issued, more live codes than households,
 * coverage above 100 %, a zero-width interval from a sample smaller than
 * the population.  Legacy data may hold such a campaign (codes were not
 * capped before); no justification makes it a result.
 */
enum err
dos_survey_plausible(struct db *db, int64_t campaign_id,
    const struct surv_outcome *o, bool *ok, struct errinfo *why,
    struct errinfo *ei)
{
	enum err e;

	*ok = true;
	if ((e = survey_numbers(db, campaign_id, o, why, ei)) == ERR_INVALID &&
	    strcmp(why->code, "dossiers.impossible_survey") == 0) {
		*ok = false;
		return ERR_OK;
	}
	return e;
}

static enum err
check_satisfaction(struct db *db, const struct dos *d, struct errinfo *why,
    bool *ok, struct errinfo *ei)
{
	struct surv_outcome o;
	char cs[16], cc[32];
	enum err e;

	*ok = false;
	if (d->campaign_id <= 0) {
		why_set(why, "Chưa gắn đợt khảo sát sự hài lòng của người dân "
		    "với hồ sơ", "No satisfaction survey campaign is linked "
		    "to the dossier");
		return ERR_OK;
	}
	if (surv_campaign_unit(db, d->campaign_id, cs, cc, why) != ERR_OK ||
	    strcmp(cs, d->structure) != 0 || strcmp(cc, d->code) != 0) {
		why_set(why, "Đợt khảo sát số %lld không phải của %s",
		    "The survey campaign %lld is not one of %s",
		    (long long)d->campaign_id, d->unit_name);
		return ERR_OK;
	}
	if (surv_campaign_outcome(db, d->campaign_id, &o, ei) != ERR_OK) {
		if (ei->err == ERR_DB || ei->err == ERR_UNAVAILABLE)
			return ei->err;
		*why = *ei;	/* the reason the surveys module gave */
		err_clear(ei);
		err_prefix(why, "Chưa có kết quả khảo sát: ",
		    "The survey has no result yet: ");
		return ERR_OK;
	}
	if ((e = dos_survey_plausible(db, d->campaign_id, &o, ok, why, ei)) !=
	    ERR_OK)
		return e;
	if (!*ok)
		return ERR_OK;	/* why says which number cannot be */
	*ok = false;
	/* Numbers as each language writes them (core/numfmt.h): both
	 * texts get both forms, each prints its own ("%.0s" prints none). */
	char nv[NUMFMT_LEN], ne[NUMFMT_LEN];

	if (!o.closed)
		why_set(why, "Đợt khảo sát sự hài lòng chưa kết thúc (%s%.0s "
		    "phiếu)", "The satisfaction survey is still open (%.0s%s "
		    "responses)", numfmt_int(nv, o.responses, "vi"),
		    numfmt_int(ne, o.responses, "en"));
	else if (!o.coverage_met)
		why_set(why, "Khảo sát sự hài lòng chưa đủ số hộ tham gia: "
		    "%s%.0s số hộ", "Too few households took part in the "
		    "satisfaction survey: %.0s%s of them", numfmt_pct(nv,
		    o.coverage, "vi"), numfmt_pct(ne, o.coverage, "en"));
	else if (!o.rate_met)
		why_set(why, "Tỷ lệ người dân hài lòng %s%.0s chưa đạt ngưỡng",
		    "A satisfaction rate of %.0s%s is below the threshold",
		    numfmt_pct(nv, o.rate, "vi"), numfmt_pct(ne, o.rate, "en"));
	else if (!(*ok = o.met))
		why_set(why, "Kết quả khảo sát sự hài lòng chưa đạt",
		    "The satisfaction survey is not met");
	return ERR_OK;
}

static enum err
check_appraisal(struct db *db, const struct dos *d, struct errinfo *why,
    bool *ok, struct errinfo *ei)
{
	const struct crit_set *s;
	struct db_stmt *st;
	size_t confirmed = 0, disputed = 0, total;
	char first[160] = "";
	enum err e;
	int rc;

	if ((e = crit_store_load(db, d->set_id, 0, &s, ei)) != ERR_OK)
		return e;
	total = s->n_criteria;
	for (size_t i = 0; i < s->n_criteria; i++) {
		st = db_stmt(db, STMT_DOS_CRITERIA_OF);
		db_bind_int(st, 1, d->id);
		while ((rc = db_step(st, ei)) == 1) {
			const char *ap = db_col_text(st, 1);

			if (strcmp(db_col_text(st, 0), s->criteria[i].id) != 0)
				continue;
			if (ap != NULL && strcmp(ap, "confirmed") == 0)
				confirmed++;
			else if (ap != NULL && strcmp(ap, "disputed") == 0)
				disputed++;
			break;
		}
		db_end_reads(db);
		if (rc < 0)
			return ei->err;
		if (first[0] == '\0' && confirmed + disputed < i + 1)
			snprintf(first, sizeof(first), "%s. %s",
			    s->criteria[i].id, s->criteria[i].name);
	}
	*ok = confirmed == total;
	if (*ok)
		return ERR_OK;
	why_set(why, "Chưa thẩm tra xác nhận đủ tiêu chí: %zu/%zu xác nhận, "
	    "%zu có ý kiến khác, %zu chưa thẩm tra", "Not every criterion is "
	    "confirmed: %zu/%zu confirmed, %zu disputed, %zu not appraised",
	    confirmed, total, disputed, total - confirmed - disputed);
	if (first[0] != '\0') {
		char vi[sizeof(why->message) + 200];
		char en[sizeof(why->message_en) + 200];

		snprintf(vi, sizeof(vi), "%s (đầu tiên: tiêu chí %s)",
		    why->message, first);
		snprintf(en, sizeof(en), "%s (the first: criterion %s)",
		    why->message_en, first);
		err_set_texts(why, ERR_INVALID, "dossiers.missing", NULL, vi,
		    en);
	}
	return ERR_OK;
}

static enum err
check_council(struct db *db, const struct dos *d,
    const struct wf_transition *t, struct errinfo *why, bool *ok,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_VOTES_OF);
	int approve = 0, cast = 0, quorum = t->req.quorum > 0 ?
	    t->req.quorum : 1, rc;

	db_bind_int(st, 1, d->id);
	db_bind_int(st, 2, d->council_round);
	while ((rc = db_step(st, ei)) == 1) {
		cast++;
		approve += strcmp(db_col_text(st, 1), "approve") == 0;
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	*ok = cast >= quorum && 2 * approve > cast;
	if (cast < quorum)
		why_set(why, "Hội đồng chưa đủ số phiếu biểu quyết: %d/%d thành "
		    "viên đã biểu quyết", "The council has not reached its "
		    "quorum: %d/%d members have voted", cast, quorum);
	else if (!*ok)
		why_set(why, "Chưa quá nửa số phiếu tán thành: %d/%d phiếu",
		    "No majority approves: %d/%d votes", approve, cast);
	return ERR_OK;
}

static enum err
check_revocation(struct db *db, const struct dos *d, struct errinfo *why,
    bool *ok, struct errinfo *ei)
{
	int year = 0, trig = 0, failed = 0, total = 0, rc;
	enum err e;

	*ok = false;
	if ((rc = dos_title_held(db, d->structure, d->code, d->title, NULL,
	    NULL, &year, NULL, ei)) < 0)
		return ei->err;
	if (rc == 0) {
		why_set(why, "%s không còn giữ danh hiệu",
		    "%s no longer holds the title", d->unit_name);
		return ERR_OK;
	}
	if ((e = dos_rule_triggered(db, d->structure, d->code, d->set_id, year,
	    &trig, &failed, &total, ei)) != ERR_OK)
		return e;
	*ok = trig > 0;
	if (!*ok)
		why_set(why, "Không có đánh giá nào sau năm %d chạm quy tắc thu "
		    "hồi danh hiệu của bộ tiêu chí", "No evaluation after %d "
		    "triggers the revocation rule of the criteria set", year);
	return ERR_OK;
}

/* At least one village of the commune (through the lineage for a
 * pre-2025 one) met its province's smart_village set, as the platform
 * evaluated it (319/QĐ-TTg: a model commune has a smart-village model). */
static enum err
check_smart_village(struct db *db, const struct dos *d, const char *lang,
    struct errinfo *why, bool *ok, struct errinfo *ei)
{
	json_t *sv, *c;
	bool any_set = false;
	size_t i;
	long villages;
	enum err e;

	*ok = false;
	if ((e = crit_store_smart_villages(db, d->structure, d->code, lang, &sv,
	    ei)) != ERR_OK)
		return e;
	json_array_foreach(json_object_get(sv, "communes"), i, c)
		any_set |= json_is_object(json_object_get(c, "set"));
	villages = (long)json_integer_value(json_object_get(sv, "villages"));
	*ok = json_integer_value(json_object_get(sv, "met")) > 0;
	if (!*ok && !any_set)
		why_set(why, "Tỉnh chưa có bộ tiêu chí thôn thông minh trên nền "
		    "tảng để đánh giá các thôn của %s", "The province has no "
		    "smart-village set on the platform to evaluate the villages "
		    "of %s", d->unit_name);
	else if (!*ok)
		why_set(why, "Chưa có thôn nào của %s đạt bộ tiêu chí thôn thông "
		    "minh của tỉnh (%ld thôn)", "No village of %s meets the "
		    "province's smart-village set (%ld villages)", d->unit_name,
		    villages);
	json_decref(sv);
	return ERR_OK;
}

/* Run check c of t on d: *ok, else why says why. */
static enum err
run_check(struct db *db, const struct dos *d, const struct wf_transition *t,
    const char *c, const char *lang, json_t **live, struct errinfo *why,
    bool *ok, struct errinfo *ei)
{
	*ok = true;
	if (strcmp(c, "evaluation_met") == 0)
		return check_evaluation(db, d, lang, live, why, ok);
	if (strcmp(c, "satisfaction_met") == 0)
		return check_satisfaction(db, d, why, ok, ei);
	if (strcmp(c, "appraisal_confirmed") == 0 ||
	    strcmp(c, "appraisal_complete") == 0)
		return check_appraisal(db, d, why, ok, ei);
	if (strcmp(c, "council_majority") == 0)
		return check_council(db, d, t, why, ok, ei);
	if (strcmp(c, "revocation_rule") == 0)
		return check_revocation(db, d, why, ok, ei);
	if (strcmp(c, "smart_village_met") == 0)
		return check_smart_village(db, d, lang, why, ok, ei);
	*ok = false;
	why_set(why, "Kiểm tra \"%s\" chưa được hỗ trợ",
	    "The check \"%s\" is not supported", c);
	return ERR_OK;
}

enum err
dos_requirements(struct db *db, const struct dos *d,
    const struct wf_transition *t, const char *lang, json_t **live,
    struct dos_missing *m, struct errinfo *ei)
{
	struct errinfo why;
	json_t *own = NULL;
	char item[96];
	enum err e = ERR_OK;

	memset(m, 0, sizeof(*m));
	m->items = json_array();
	if (live == NULL)
		live = &own;
	for (size_t i = 0; i < t->req.nattachments; i++) {
		const char *k = t->req.attachments[i];
		const struct wf_text *name = dos_kind_text(d->proc, k);

		if (dos_count_kind(db, d->id, k) > 0)
			continue;
		snprintf(item, sizeof(item), "attachments.%s", k);
		why_set(&why, "Thiếu tệp đính kèm: %s%.0s",
		    "%.0sAn attachment is missing: %s", name ? name->vi : k,
		    name ? name->en : k);
		add_missing(m, item, false, false, &why, lang);
	}
	for (size_t i = 0; i < t->req.nchecks && e == ERR_OK; i++) {
		const char *c = t->req.checks[i];
		bool ok;

		err_clear(&why);
		if ((e = run_check(db, d, t, c, lang, live, &why, &ok, ei)) !=
		    ERR_OK || ok)
			continue;
		snprintf(item, sizeof(item), "checks.%s", c);
		/* An impossible survey result is no result: nothing
		 * overrides it. */
		add_missing(m, item, true, t->req.justification_may_override &&
		    is_overridable_check(c) && strcmp(why.code,
		    "dossiers.impossible_survey") != 0, &why, lang);
	}
	json_decref(own);
	if (e != ERR_OK) {
		json_decref(m->items);
		m->items = NULL;
	}
	return e;
}
