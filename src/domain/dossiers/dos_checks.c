/*
 * dos_checks.c - what a transition of a dossier still misses: the live
 * attachments of each kind it requires, and the named checks of the
 * procedure (evaluation_met, satisfaction_met, appraisal_confirmed or
 * appraisal_complete, council_majority, revocation_rule), each failure
 * with a plain Vietnamese sentence saying why and whether a written
 * justification may override it.  Read-only: dos_act.c refuses or takes
 * the transition, dos_view.c shows the same list beside each button.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void
add_missing(struct dos_missing *m, struct arena *a, const char *item,
    bool is_check, bool overridable, const char *message)
{
	json_array_append_new(m->items, json_pack("{s:s, s:s, s:s, s:b}",
	    "item", item, "kind", is_check ? "check" : "attachment",
	    "message", message, "overridable", overridable));
	if (overridable)
		m->overridable = true;
	else
		m->blocking = true;
	if (m->first_item == NULL) {
		m->first_item = arena_strdup(a, item);
		m->first_message = arena_strdup(a, message);
		m->first_is_check = is_check;
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
    json_t **live, char *msg, size_t size, bool *ok, struct errinfo *ei)
{
	const char *status;
	json_int_t met, total;
	size_t unknown;

	if (live_evaluation(db, d, lang, live, ei) != ERR_OK) {
		snprintf(msg, size, "Chưa đánh giá được tiêu chí năm %d: %.200s",
		    d->year, ei->message);
		err_clear(ei);
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
		snprintf(msg, size, "Chưa có số liệu chỉ tiêu năm %d để đánh "
		    "giá tiêu chí", d->year);
	else if (status != NULL && strcmp(status, "incomplete") == 0)
		snprintf(msg, size, "Đánh giá tiêu chí năm %d chưa đủ số liệu: "
		    "%lld/%lld tiêu chí đạt, %zu tiêu chí chưa có số liệu",
		    d->year, (long long)met, (long long)total, unknown);
	else
		snprintf(msg, size, "Đánh giá tiêu chí năm %d chưa đạt: "
		    "%lld/%lld tiêu chí", d->year, (long long)met,
		    (long long)total);
	return ERR_OK;
}

static enum err
check_satisfaction(struct db *db, const struct dos *d, char *msg,
    size_t size, bool *ok, struct errinfo *ei)
{
	struct surv_outcome o;
	char cs[16], cc[32];

	*ok = false;
	if (d->campaign_id <= 0) {
		snprintf(msg, size, "Chưa gắn đợt khảo sát sự hài lòng của "
		    "người dân với hồ sơ");
		return ERR_OK;
	}
	if (surv_campaign_unit(db, d->campaign_id, cs, cc, ei) != ERR_OK ||
	    strcmp(cs, d->structure) != 0 || strcmp(cc, d->code) != 0) {
		err_clear(ei);
		snprintf(msg, size, "Đợt khảo sát số %lld không phải của %s",
		    (long long)d->campaign_id, d->unit_name);
		return ERR_OK;
	}
	if (surv_campaign_outcome(db, d->campaign_id, &o, ei) != ERR_OK) {
		if (ei->err == ERR_DB || ei->err == ERR_UNAVAILABLE)
			return ei->err;
		snprintf(msg, size, "Chưa có kết quả khảo sát: %.200s",
		    ei->message);
		err_clear(ei);
		return ERR_OK;
	}
	if (!o.closed)
		snprintf(msg, size, "Đợt khảo sát sự hài lòng chưa kết thúc "
		    "(%lld phiếu)", (long long)o.responses);
	else if (!o.coverage_met)
		snprintf(msg, size, "Khảo sát sự hài lòng chưa đủ số hộ tham "
		    "gia: %.1f%% số hộ", o.coverage);
	else if (!o.rate_met)
		snprintf(msg, size, "Tỷ lệ người dân hài lòng %.1f%% chưa đạt "
		    "ngưỡng", o.rate);
	else
		*ok = o.met;
	if (!*ok && msg[0] == '\0')
		snprintf(msg, size, "Kết quả khảo sát sự hài lòng chưa đạt");
	return ERR_OK;
}

static enum err
check_appraisal(struct db *db, const struct dos *d, char *msg, size_t size,
    bool *ok, struct errinfo *ei)
{
	const struct crit_set *s;
	struct db_stmt *st;
	size_t confirmed = 0, disputed = 0, total;
	char first[64] = "";
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
			snprintf(first, sizeof(first), "%s", s->criteria[i].id);
	}
	*ok = confirmed == total;
	if (!*ok)
		snprintf(msg, size, "Chưa thẩm tra xác nhận đủ tiêu chí: %zu/%zu "
		    "xác nhận, %zu có ý kiến khác, %zu chưa thẩm tra%s%s%s",
		    confirmed, total, disputed, total - confirmed - disputed,
		    first[0] ? " (đầu tiên: tiêu chí " : "", first,
		    first[0] ? ")" : "");
	return ERR_OK;
}

static enum err
check_council(struct db *db, const struct dos *d,
    const struct wf_transition *t, char *msg, size_t size, bool *ok,
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
		snprintf(msg, size, "Hội đồng chưa đủ số phiếu biểu quyết: "
		    "%d/%d thành viên đã biểu quyết", cast, quorum);
	else if (!*ok)
		snprintf(msg, size, "Chưa quá nửa số phiếu tán thành: %d/%d "
		    "phiếu", approve, cast);
	return ERR_OK;
}

static enum err
check_revocation(struct db *db, const struct dos *d, char *msg, size_t size,
    bool *ok, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_RECOGNITION_HELD);
	int year = 0, trig = 0, failed = 0, total = 0, rc;
	enum err e;

	db_bind_text(st, 1, d->structure);
	db_bind_text(st, 2, d->code);
	db_bind_text(st, 3, d->title);
	if ((rc = db_step(st, ei)) == 1)
		year = (int)db_col_int(st, 1);
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	*ok = false;
	if (rc == 0) {
		snprintf(msg, size, "%s không còn giữ danh hiệu", d->unit_name);
		return ERR_OK;
	}
	if ((e = dos_rule_triggered(db, d->structure, d->code, d->set_id, year,
	    &trig, &failed, &total, ei)) != ERR_OK)
		return e;
	*ok = trig > 0;
	if (!*ok)
		snprintf(msg, size, "Không có đánh giá nào sau năm %d chạm quy "
		    "tắc thu hồi danh hiệu của bộ tiêu chí", year);
	return ERR_OK;
}

enum err
dos_requirements(struct db *db, struct arena *a, const struct dos *d,
    const struct wf_transition *t, const char *lang, json_t **live,
    struct dos_missing *m, struct errinfo *ei)
{
	json_t *own = NULL;
	char msg[320], item[96];
	enum err e = ERR_OK;

	memset(m, 0, sizeof(*m));
	m->items = json_array();
	if (live == NULL)
		live = &own;
	for (size_t i = 0; i < t->req.nattachments; i++) {
		const char *k = t->req.attachments[i];
		const char *name = dos_kind_name(d->proc, k, lang);

		if (dos_count_kind(db, d->id, k) > 0)
			continue;
		snprintf(item, sizeof(item), "attachments.%s", k);
		snprintf(msg, sizeof(msg), "Thiếu tệp đính kèm: %s",
		    name != NULL ? name : k);
		add_missing(m, a, item, false, false, msg);
	}
	for (size_t i = 0; i < t->req.nchecks && e == ERR_OK; i++) {
		const char *c = t->req.checks[i];
		bool ok = true;

		msg[0] = '\0';
		if (strcmp(c, "evaluation_met") == 0)
			e = check_evaluation(db, d, lang, live, msg, sizeof(msg),
			    &ok, ei);
		else if (strcmp(c, "satisfaction_met") == 0)
			e = check_satisfaction(db, d, msg, sizeof(msg), &ok, ei);
		else if (strcmp(c, "appraisal_confirmed") == 0 ||
		    strcmp(c, "appraisal_complete") == 0)
			e = check_appraisal(db, d, msg, sizeof(msg), &ok, ei);
		else if (strcmp(c, "council_majority") == 0)
			e = check_council(db, d, t, msg, sizeof(msg), &ok, ei);
		else if (strcmp(c, "revocation_rule") == 0)
			e = check_revocation(db, d, msg, sizeof(msg), &ok, ei);
		else {
			ok = false;
			snprintf(msg, sizeof(msg), "Kiểm tra \"%s\" chưa được "
			    "hỗ trợ", c);
		}
		if (e != ERR_OK || ok)
			continue;
		snprintf(item, sizeof(item), "checks.%s", c);
		add_missing(m, a, item, true, t->req.justification_may_override &&
		    is_overridable_check(c), msg);
	}
	json_decref(own);
	if (e != ERR_OK) {
		json_decref(m->items);
		m->items = NULL;
	}
	return e;
}
