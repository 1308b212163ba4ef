/*
 * surveys_store.c - questionnaires, campaigns and household codes in the
 * database (responses: surveys_submit.c; results: surveys_results.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/stamp.h"
#include "core/files.h"
#include "domain/surveys/surveys_store_internal.h"
#include "domain/units/units.h"

void
surv_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void
surv_random_id(char out[33])
{
	/* The writer draws an id per response and comment: one getrandom
	 * call per 64 ids instead of one each (a syscall is most of the
	 * cost).  Bytes handed out are wiped from the pool. */
	static _Thread_local unsigned char pool[1024];
	static _Thread_local size_t used = sizeof(pool);
	static const char hex[] = "0123456789abcdef";

	if (used + 16 > sizeof(pool)) {
		randombytes_buf(pool, sizeof(pool));
		used = 0;
	}
	for (size_t i = 0; i < 16; i++) {
		out[2 * i] = hex[pool[used + i] >> 4];
		out[2 * i + 1] = hex[pool[used + i] & 15];
	}
	out[32] = '\0';
	sodium_memzero(pool + used, 16);
	used += 16;
}


/* ---- questionnaires ---- */

/* Parse text; *title from the definition (a new reference in doc). */
static enum err
parse_doc(const char *text, size_t len, struct surv_def **def,
    struct errinfo *ei)
{
	if (len > SURV_DOC_MAX)
		return err_set_vi(ei, ERR_LIMIT, "surveys.too_large", "document",
		    "Bảng hỏi quá lớn (tối đa %d KB)", SURV_DOC_MAX / 1024);
	return surv_def_parse(text, len, def, ei);
}

static enum err
insert_survey(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *text, size_t len,
    bool is_template, int64_t *id, struct errinfo *ei)
{
	struct surv_def *def;
	struct db_stmt *st;
	char now[32];
	char *canon;
	int rc;
	enum err e;

	if ((e = parse_doc(text, len, &def, ei)) != ERR_OK)
		return e;
	canon = json_dumps(def->doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	stamp_now(now);
	st = db_stmt(db, STMT_SURV_INSERT);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, def->title);
	db_bind_text(st, 4, canon);
	db_bind_int(st, 5, is_template);
	db_bind_text(st, 6, now);
	audit_bind_actor(st, 7, who);
	db_bind_text(st, 8, now);
	rc = db_step(st, ei);
	if (rc == 1)
		*id = db_col_int(st, 0);
	e = rc == 1 ? ERR_OK : rc < 0 ? ei->err : err_set_vi(ei, ERR_DB,
	    "surveys.insert", NULL, "Không lưu được bảng hỏi");
	db_end_reads(db);
	if (e == ERR_OK) {
		e = audit_record(db, who, "survey.create", structure, code,
		    NULL, ei, "survey:%lld", (long long)*id);
	}
	free(canon);
	surv_def_free(def);
	return e;
}

enum err
surv_create(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *text, size_t len,
    int64_t *id, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct unit u;
	enum err e;

	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK) {
		arena_free(a);
		snprintf(ei->field, sizeof(ei->field), "unit");
		return e;
	}
	arena_free(a);
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	e = insert_survey(db, who, structure, code, text, len, false, id, ei);
	return db_finish(db, e, ei);
}

enum err
surv_update(struct db *db, const struct audit_actor *who, int64_t id,
    const char *text, size_t len, struct errinfo *ei)
{
	struct surv_def *def;
	struct db_stmt *st;
	char now[32];
	char *canon;
	enum err e;

	if ((e = parse_doc(text, len, &def, ei)) != ERR_OK)
		return e;
	canon = json_dumps(def->doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if ((e = db_begin(db, ei)) == ERR_OK) {
		stamp_now(now);
		st = db_stmt(db, STMT_SURV_UPDATE);
		db_bind_text(st, 1, def->title);
		db_bind_text(st, 2, canon);
		db_bind_text(st, 3, now);
		db_bind_int(st, 4, id);
		if ((e = db_exec(st, ei)) == ERR_OK && db_changes(db) != 1)
			e = err_set_vi(ei, ERR_NOTFOUND, "surveys.not_found", "id",
			    "Không có bảng hỏi số %lld", (long long)id);
		if (e == ERR_OK) {
			e = audit_record(db, who, "survey.update", NULL, NULL,
			    NULL, ei, "survey:%lld", (long long)id);
		}
		e = db_finish(db, e, ei);
	}
	free(canon);
	surv_def_free(def);
	return e;
}

enum err
surv_get(struct db *db, int64_t id, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_GET);
	json_t *doc;
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) != 1) {
		db_end_reads(db);
		return rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "surveys.not_found", "id", "Không có bảng hỏi số %lld",
		    (long long)id);
	}
	doc = json_loads(db_col_text(st, 6), 0, NULL);
	*out = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:b, s:o, s:I, s:s, s:s}",
	    "id", (json_int_t)db_col_int(st, 0), "structure", db_col_text(st, 1),
	    "unit_code", db_col_text(st, 2), "unit_name", db_col_text(st, 3),
	    "title", db_col_text(st, 4), "is_template", db_col_int(st, 5) != 0,
	    "document", doc ? doc : json_null(),
	    "campaigns", (json_int_t)db_col_int(st, 9),
	    "created_at", db_col_text(st, 7), "updated_at", db_col_text(st, 8));
	db_end_reads(db);
	return ERR_OK;
}

enum err
surv_list(struct db *db, surv_visible_fn visible, void *ctx, int64_t limit,
    int64_t offset, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_LIST);
	json_t *items = json_array();
	int64_t seen = 0;
	int rc;

	/* Filtered here: surveys are few (tens per province). */
	while ((rc = db_step(st, ei)) == 1) {
		bool tmpl = db_col_int(st, 5) != 0;

		if (!tmpl && visible != NULL && !visible(ctx, db_col_text(st, 2),
		    db_col_text(st, 3)))
			continue;
		if (seen++ < offset || (int64_t)json_array_size(items) >= limit)
			continue;
		json_array_append_new(items, json_pack(
		    "{s:I, s:s, s:s, s:s, s:s?, s:b, s:I, s:s}",
		    "id", (json_int_t)db_col_int(st, 0), "title",
		    db_col_text(st, 1), "structure", db_col_text(st, 2),
		    "unit_code", db_col_text(st, 3), "unit_name",
		    db_col_text(st, 4), "is_template", tmpl, "campaigns",
		    (json_int_t)db_col_int(st, 6), "updated_at",
		    db_col_text(st, 7)));
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)seen);
	return ERR_OK;
}


/* One template: stored unless one with its title exists. */
static enum err
import_template(struct db *db, const char *path, int *imported,
    struct errinfo *ei)
{
	struct surv_def *def;
	struct db_stmt *st;
	size_t len = 0;
	char *text = file_text(path, SURV_DOC_MAX, &len);
	int64_t id;
	int rc;
	enum err e;

	if (text == NULL)
		return err_set_vi(ei, ERR_INVALID, "surveys.read", "file",
		    "Không đọc được %s", path);
	if ((e = surv_def_parse(text, len, &def, ei)) != ERR_OK) {
		char msg[sizeof(ei->message)];

		snprintf(msg, sizeof(msg), "%s", ei->message);
		err_set_vi(ei, e, ei->code, ei->field, "%s: %s", path, msg);
		free(text);
		return e;
	}
	st = db_stmt(db, STMT_SURV_TEMPLATE_EXISTS);
	db_bind_text(st, 1, def->title);
	rc = db_step(st, ei);
	db_end_reads(db);
	if (rc == 0 && (e = db_begin(db, ei)) == ERR_OK) {
		e = insert_survey(db, NULL, "2025", "VN", text, len, true, &id,
		    ei);
		e = db_finish(db, e, ei);
		*imported += e == ERR_OK;
	} else if (rc < 0)
		e = ei->err;
	surv_def_free(def);
	free(text);
	return e;
}

struct template_dir {
	struct db *db;
	int *imported;
};

static enum err
import_template_cb(void *ctx, const char *path, struct errinfo *ei)
{
	struct template_dir *im = ctx;

	return import_template(im->db, path, im->imported, ei);
}

enum err
surv_templates_import_dir(struct db *db, const char *dir, int *imported,
    struct errinfo *ei)
{
	struct template_dir im = { db, imported };
	enum err e;

	*imported = 0;
	e = files_each(dir, ".json", import_template_cb, &im, ei);
	return e == ERR_NOTFOUND ? ERR_OK : e;	/* no templates shipped */
}

/* ---- campaigns ---- */

/* YYYY-MM-DD into tm (noon UTC); false if not of that form. */
static bool
parse_date(const char *s, struct tm *tm)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 +
	    (s[2] - '0') * 10 + (s[3] - '0') - 1900;
	tm->tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
	tm->tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
	tm->tm_hour = 12;
	return true;
}

bool
surv_date_valid(const char *s)
{
	struct tm tm;
	char back[11];

	if (!parse_date(s, &tm))
		return false;
	timegm(&tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0;	/* refuses 2026-02-30 */
}

static enum err
check_campaign(const struct surv_campaign_in *in, struct errinfo *ei)
{
	if (in->title == NULL || in->title[0] == '\0' || strlen(in->title) > 300)
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_title", "title",
		    "Cần tên đợt khảo sát (tối đa 300 byte)");
	if (in->households <= 0 || in->households > 10000000)
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_households",
		    "households", "Số hộ trong phạm vi phải là số dương");
	if (!(in->min_coverage >= 0 && in->min_coverage <= 100))
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_percent",
		    "min_coverage", "Tỷ lệ hộ tối thiểu phải trong khoảng 0–100");
	if (!(in->threshold >= 0 && in->threshold <= 100))
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_percent",
		    "threshold", "Ngưỡng hài lòng phải trong khoảng 0–100");
	if (!surv_date_valid(in->opens_on))
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_date", "opens_on",
		    "Ngày mở phải có dạng YYYY-MM-DD");
	if (!surv_date_valid(in->closes_on))
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_date", "closes_on",
		    "Ngày đóng phải có dạng YYYY-MM-DD");
	if (strcmp(in->closes_on, in->opens_on) < 0)
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_date", "closes_on",
		    "Ngày đóng phải sau ngày mở");
	if (in->posting_days < 0 || in->posting_days > 365)
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_days",
		    "posting_days", "Số ngày niêm yết phải trong khoảng 0–365");
	if (in->mode == NULL || (strcmp(in->mode, "codes") != 0 &&
	    strcmp(in->mode, "open") != 0))
		return err_set_vi(ei, ERR_INVALID, "surveys.bad_mode", "mode",
		    "Hình thức phải là \"codes\" (mã hộ) hoặc \"open\" (mở)");
	return ERR_OK;
}

enum err
surv_campaign_create(struct db *db, const struct audit_actor *who,
    const struct surv_campaign_in *in, int64_t *id, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct db_stmt *st;
	struct unit u;
	char now[32];
	char *doc = NULL;
	int rc;
	enum err e;

	if ((e = check_campaign(in, ei)) != ERR_OK)
		goto done;
	if ((e = units_get(db, a, in->structure, in->code, &u, ei)) != ERR_OK) {
		snprintf(ei->field, sizeof(ei->field), "unit");
		goto done;
	}
	if (strcmp(u.level, "commune") != 0 && strcmp(u.level, "province") != 0) {
		e = err_set_vi(ei, ERR_INVALID, "surveys.bad_unit", "unit",
		    "Khảo sát cho một xã hoặc một tỉnh; %s là cấp %s",
		    u.full_name, u.level);
		goto done;
	}
	st = db_stmt(db, STMT_SURV_GET);
	db_bind_int(st, 1, in->survey_id);
	if ((rc = db_step(st, ei)) == 1)
		doc = strdup(db_col_text(st, 6));
	db_end_reads(db);
	if (rc != 1 || doc == NULL) {
		e = rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "surveys.not_found", "survey_id", "Không có bảng hỏi số %lld",
		    (long long)in->survey_id);
		goto done;
	}
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	stamp_now(now);
	st = db_stmt(db, STMT_SURV_CAMPAIGN_INSERT);
	db_bind_int(st, 1, in->survey_id);
	db_bind_text(st, 2, in->structure);
	db_bind_text(st, 3, in->code);
	db_bind_text(st, 4, in->title);
	db_bind_text(st, 5, doc);
	db_bind_int(st, 6, in->households);
	db_bind_int(st, 7, (int64_t)(in->min_coverage * 100 + 0.5));
	db_bind_int(st, 8, (int64_t)(in->threshold * 100 + 0.5));
	db_bind_text(st, 9, in->opens_on);
	db_bind_text(st, 10, in->closes_on);
	db_bind_int(st, 11, in->posting_days);
	db_bind_text(st, 12, in->mode);
	db_bind_text(st, 13, now);
	audit_bind_actor(st, 14, who);
	rc = db_step(st, ei);
	if (rc == 1)
		*id = db_col_int(st, 0);
	e = rc == 1 ? ERR_OK : rc < 0 ? ei->err : ERR_DB;
	db_end_reads(db);
	if (e == ERR_OK) {
		e = audit_record(db, who, "survey.campaign_create",
		    in->structure, in->code, NULL, ei, "survey_campaign:%lld",
		    (long long)*id);
	}
	e = db_finish(db, e, ei);
done:
	free(doc);
	arena_free(a);
	return e;
}

const char *
surv_campaign_state(const char *opens_on, const char *closes_on,
    const char *closed_at)
{
	char today[11];

	surv_today(today);
	if (closed_at != NULL || strcmp(today, closes_on) > 0)
		return "closed";
	if (strcmp(today, opens_on) < 0)
		return "scheduled";
	return "open";
}

/* closes_on + days, as YYYY-MM-DD. */
static void
add_days(const char *date, int days, char out[11])
{
	struct tm tm;

	if (!parse_date(date, &tm)) {
		snprintf(out, 11, "%s", date);
		return;
	}
	tm.tm_mday += days;
	timegm(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

json_t *
surv_campaign_row_json(struct db_stmt *st)
{
	const char *closed_at = db_col_text(st, 13);
	char posted[11], link[40];

	add_days(db_col_text(st, 10), (int)db_col_int(st, 11), posted);
	snprintf(link, sizeof(link), "/s/%lld", (long long)db_col_int(st, 0));
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?, s:s, s:I, s:f, s:f, "
	    "s:s, s:s, s:I, s:s, s:s, s:s, s:s?, s:s, s:I, s:{s:I, s:I}}",
	    "id", (json_int_t)db_col_int(st, 0),
	    "survey_id", (json_int_t)db_col_int(st, 1),
	    "title", db_col_text(st, 5),
	    "structure", db_col_text(st, 2), "unit_code", db_col_text(st, 3),
	    "unit_name", db_col_text(st, 4),
	    "mode", db_col_text(st, 12),
	    "households", (json_int_t)db_col_int(st, 6),
	    "min_coverage", (double)db_col_int(st, 7) / 100.0,
	    "threshold", (double)db_col_int(st, 8) / 100.0,
	    "opens_on", db_col_text(st, 9), "closes_on", db_col_text(st, 10),
	    "posting_days", (json_int_t)db_col_int(st, 11),
	    "posted_until", posted,
	    "state", surv_campaign_state(db_col_text(st, 9),
	    db_col_text(st, 10), closed_at),
	    "link", link, "closed_at", closed_at,
	    "created_at", db_col_text(st, 14),
	    "responses", (json_int_t)db_col_int(st, 17),
	    "codes", "issued", (json_int_t)db_col_int(st, 15),
	    "spent", (json_int_t)db_col_int(st, 16));
}

static enum err
campaign_read(struct db *db, int64_t id, bool with_document, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_GET);
	json_t *doc;
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) != 1) {
		db_end_reads(db);
		return rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "surveys.campaign_not_found", "id",
		    "Không có đợt khảo sát số %lld", (long long)id);
	}
	*out = surv_campaign_row_json(st);
	if (with_document) {
		doc = json_loads(db_col_text(st, 18), 0, NULL);
		json_object_set_new(*out, "document", doc ? doc : json_null());
	}
	db_end_reads(db);
	return ERR_OK;
}

enum err
surv_campaign_get(struct db *db, int64_t id, json_t **out, struct errinfo *ei)
{
	return campaign_read(db, id, true, out, ei);
}

enum err
surv_campaign_brief(struct db *db, int64_t id, json_t **out,
    struct errinfo *ei)
{
	return campaign_read(db, id, false, out, ei);
}

enum err
surv_campaign_list(struct db *db, const char *structure, const char *code,
    int64_t limit, int64_t offset, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_LIST);
	json_t *items = json_array();
	int64_t total = 0;
	int rc;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, structure);
	db_bind_text(st, 3, code);
	db_bind_text(st, 4, structure);
	db_bind_text(st, 5, code);
	db_bind_int(st, 6, limit);
	db_bind_int(st, 7, offset);
	while ((rc = db_step(st, ei)) == 1) {
		json_array_append_new(items, surv_campaign_row_json(st));
		total = db_col_int(st, 18);
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)total);
	return ERR_OK;
}

enum err
surv_campaign_newest(struct db *db, int64_t survey_id, int64_t *id,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_NEWEST);
	int rc;

	db_bind_int(st, 1, survey_id);
	rc = db_step(st, ei);
	if (rc == 1)
		*id = db_col_int(st, 0);
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	return rc == 1 ? ERR_OK : err_set_vi(ei, ERR_NOTFOUND,
	    "surveys.no_campaign", "id", "Bảng hỏi số %lld chưa có đợt khảo "
	    "sát nào", (long long)survey_id);
}

enum err
surv_campaign_close(struct db *db, const struct audit_actor *who, int64_t id,
    struct errinfo *ei)
{
	char now[32], structure[16], code[32];
	struct db_stmt *st;
	enum err e;

	if ((e = surv_campaign_unit(db, id, structure, code, ei)) != ERR_OK ||
	    (e = db_begin(db, ei)) != ERR_OK)
		return e;
	stamp_now(now);
	st = db_stmt(db, STMT_SURV_CAMPAIGN_CLOSE);
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, id);
	if ((e = db_exec(st, ei)) == ERR_OK && db_changes(db) != 1)
		e = err_set_vi(ei, ERR_CONFLICT, "surveys.closed", NULL,
		    "Đợt khảo sát đã đóng");
	if (e == ERR_OK) {
		e = audit_record(db, who, "survey.campaign_close", structure,
		    code, NULL, ei, "survey_campaign:%lld", (long long)id);
	}
	return db_finish(db, e, ei);
}

enum err
surv_campaign_unit(struct db *db, int64_t id, char structure[16],
    char code[32], struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_GET);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) != 1) {
		db_end_reads(db);
		return rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "surveys.campaign_not_found", "id",
		    "Không có đợt khảo sát số %lld", (long long)id);
	}
	snprintf(structure, 16, "%s", db_col_text(st, 2));
	snprintf(code, 32, "%s", db_col_text(st, 3));
	db_end_reads(db);
	return ERR_OK;
}

/* ---- household codes ---- */

/* No 0/O, 1/I/L: codes are read off paper and typed on phones. */
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

bool
surv_code_normalise(const char *typed, char out[SURV_CODE_LEN + 1])
{
	size_t n = 0;

	if (typed == NULL)
		return false;
	for (const char *p = typed; *p != '\0'; p++) {
		char c = *p;

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (n == SURV_CODE_LEN || strchr(code_alphabet, c) == NULL ||
		    c == '\0')
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == SURV_CODE_LEN;
}

enum err
surv_codes_issue(struct db *db, const struct audit_actor *who,
    int64_t campaign_id, int count, const char *village_code, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct db_stmt *st;
	json_t *codes = json_array();
	char structure[16], code[32];
	const char *mode, *state;
	int64_t batch = 0;
	int rc, made = 0;
	enum err e;

	if (count < 1 || count > SURV_CODES_MAX_BATCH) {
		e = err_set_vi(ei, ERR_INVALID, "surveys.bad_count", "count",
		    "Số mã phải từ 1 đến %d", SURV_CODES_MAX_BATCH);
		goto done;
	}
	if ((e = surv_campaign_unit(db, campaign_id, structure, code, ei)) !=
	    ERR_OK)
		goto done;
	if (village_code != NULL && village_code[0] != '\0') {
		struct unit v;

		if ((e = units_get(db, a, structure, village_code, &v, ei)) !=
		    ERR_OK || strcmp(v.level, "village") != 0 ||
		    v.parent_code == NULL || strcmp(v.parent_code, code) != 0) {
			e = err_set_vi(ei, ERR_INVALID, "surveys.bad_village",
			    "village", "Thôn %s không thuộc đơn vị của đợt "
			    "khảo sát", village_code);
			goto done;
		}
	} else
		village_code = NULL;
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	db_bind_int(st, 1, campaign_id);
	if ((rc = db_step(st, ei)) != 1) {
		e = rc < 0 ? ei->err : ERR_NOTFOUND;
		goto finish;
	}
	mode = arena_strdup(a, db_col_text(st, 0));
	state = surv_campaign_state(db_col_text(st, 1), db_col_text(st, 2),
	    db_col_text(st, 3));
	db_end_reads(db);
	if (strcmp(mode, "codes") != 0) {
		e = err_set_vi(ei, ERR_CONFLICT, "surveys.open_mode", NULL,
		    "Đợt khảo sát mở không dùng mã hộ");
		goto finish;
	}
	if (strcmp(state, "closed") == 0) {
		e = err_set_vi(ei, ERR_CONFLICT, "surveys.closed", NULL,
		    "Đợt khảo sát đã đóng");
		goto finish;
	}
	st = db_stmt(db, STMT_SURV_CODE_NEXT_BATCH);
	db_bind_int(st, 1, campaign_id);
	if ((rc = db_step(st, ei)) != 1) {
		e = rc < 0 ? ei->err : ERR_DB;
		goto finish;
	}
	batch = db_col_int(st, 0);
	db_end_reads(db);
	while (made < count && e == ERR_OK) {
		char c[SURV_CODE_LEN + 1];

		for (int i = 0; i < SURV_CODE_LEN; i++)
			c[i] = code_alphabet[randombytes_uniform(
			    sizeof(code_alphabet) - 1)];
		c[SURV_CODE_LEN] = '\0';
		st = db_stmt(db, STMT_SURV_CODE_INSERT);
		db_bind_int(st, 1, campaign_id);
		db_bind_text(st, 2, c);
		db_bind_int(st, 3, batch);
		db_bind_text(st, 4, village_code);
		e = db_exec(st, ei);
		if (e == ERR_CONFLICT) {	/* drawn twice: draw again */
			err_clear(ei);
			e = ERR_OK;
			continue;
		}
		if (e == ERR_OK) {
			json_array_append_new(codes, json_string(c));
			made++;
		}
	}
	if (e == ERR_OK) {
		st = db_stmt(db, STMT_SURV_CODE_BATCH_ADD);
		db_bind_int(st, 1, campaign_id);
		db_bind_int(st, 2, batch);
		db_bind_text(st, 3, village_code);
		db_bind_int(st, 4, count);
		e = db_exec(st, ei);
	}
	if (e == ERR_OK) {
		st = db_stmt(db, STMT_SURV_CAMPAIGN_CODES_ADD);
		db_bind_int(st, 1, count);
		db_bind_int(st, 2, campaign_id);
		e = db_exec(st, ei);
	}
	if (e == ERR_OK) {
		e = audit_record(db, who, "survey.codes_issue", structure, code,
		    json_pack("{s:I, s:i}", "batch", (json_int_t)batch, "count",
		    count), ei, "survey_campaign:%lld", (long long)campaign_id);
	}
finish:
	e = db_finish(db, e, ei);
done:
	if (e == ERR_OK)
		*out = json_pack("{s:I, s:O}", "batch", (json_int_t)batch,
		    "codes", codes);
	json_decref(codes);
	arena_free(a);
	return e;
}

enum err
surv_codes_list(struct db *db, int64_t campaign_id, int64_t batch,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CODE_LIST);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, campaign_id);
	db_bind_int(st, 2, batch);
	db_bind_int(st, 3, batch);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, json_pack(
		    "{s:s, s:I, s:s?, s:s?, s:b}", "code", db_col_text(st, 0),
		    "batch", (json_int_t)db_col_int(st, 1), "village_code",
		    db_col_text(st, 2), "village_name", db_col_text(st, 3),
		    "spent", db_col_int(st, 4) != 0));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(items);
		return ei->err;
	}
	*out = json_pack("{s:o, s:I}", "items", items, "total",
	    (json_int_t)json_array_size(items));
	return ERR_OK;
}

enum err
surv_code_check(struct db *db, int64_t campaign_id, const char *typed,
    struct errinfo *ei)
{
	char code[SURV_CODE_LEN + 1];
	struct db_stmt *st;
	const char *state;
	int rc;

	st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	db_bind_int(st, 1, campaign_id);
	if ((rc = db_step(st, ei)) != 1) {
		db_end_reads(db);
		return rc < 0 ? ei->err : err_set_vi(ei, ERR_NOTFOUND,
		    "surveys.campaign_not_found", NULL,
		    "Không có đợt khảo sát này");
	}
	state = surv_campaign_state(db_col_text(st, 1), db_col_text(st, 2),
	    db_col_text(st, 3));
	if (strcmp(state, "open") != 0) {
		db_end_reads(db);
		return err_set_vi(ei, ERR_CONFLICT, strcmp(state, "closed") == 0 ?
		    "surveys.closed" : "surveys.not_open", NULL,
		    strcmp(state, "closed") == 0 ? "Đợt khảo sát đã kết thúc" :
		    "Đợt khảo sát chưa bắt đầu");
	}
	db_end_reads(db);
	if (!surv_code_normalise(typed, code))
		return err_set_vi(ei, ERR_NOTFOUND, "surveys.code_unknown", "code",
		    "Mã không đúng. Mã gồm 8 ký tự in trên phiếu, ví dụ K7M2-Q9XD");
	st = db_stmt(db, STMT_SURV_CODE_GET);
	db_bind_int(st, 1, campaign_id);
	db_bind_text(st, 2, code);
	rc = db_step(st, ei);
	if (rc < 0)
		return ei->err;
	if (rc == 0) {
		db_end_reads(db);
		return err_set_vi(ei, ERR_NOTFOUND, "surveys.code_unknown", "code",
		    "Không có mã này trong đợt khảo sát; hãy kiểm tra lại phiếu");
	}
	rc = (int)db_col_int(st, 1);
	db_end_reads(db);
	if (rc != 0)
		return err_set_vi(ei, ERR_CONFLICT, "surveys.code_spent", "code",
		    "Mã này đã được dùng: mỗi hộ chỉ trả lời một lần");
	return ERR_OK;
}
