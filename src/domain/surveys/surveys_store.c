/*
 * surveys_store.c - questionnaires, campaigns and household codes in the
 * database (responses: surveys_submit.c; results: surveys_results.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/date.h"
#include "core/files.h"
#include "core/stamp.h"
#include "db/db_rows.h"
#include "domain/surveys/surveys_store_internal.h"
#include "domain/units/units.h"

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

enum err
surv_step_row(struct db *db, struct db_stmt *st, enum surv_record what,
    int64_t id, struct errinfo *ei)
{
	int rc = db_step(st, ei);

	if (rc == 1)
		return ERR_OK;
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	if (what == SURV_SURVEY)
		return err_set(ei, ERR_NOTFOUND, "surveys.not_found", "id",
		    "Không có bảng hỏi số %lld",
		    "There is no questionnaire number %lld", (long long)id);
	return err_set(ei, ERR_NOTFOUND, "surveys.campaign_not_found", "id",
	    "Không có đợt khảo sát số %lld",
	    "There is no survey campaign number %lld", (long long)id);
}

enum err
surv_list_done(struct db *db, int rc, json_t *items, int64_t total,
    json_t **out, struct errinfo *ei)
{
	return db_rows_done_object(db, rc, items, total, out, ei);
}

enum err
surv_err_code(struct errinfo *ei, enum surv_code_problem p)
{
	switch (p) {
	case SURV_CODE_MISSING:
		return err_set(ei, ERR_INVALID, "surveys.code_required", "code",
		    "Hãy nhập mã hộ gia đình in trên phiếu",
		    "Please enter your household code: it is printed on the "
		    "sheet you were given");
	case SURV_CODE_MALFORMED:
		return err_set(ei, ERR_NOTFOUND, "surveys.code_unknown", "code",
		    "Mã không đúng. Mã gồm 8 ký tự in trên phiếu, ví dụ "
		    "K7M2-Q9XD", "This code does not look right: it has 8 "
		    "characters, printed on your sheet, for example K7M2-Q9XD");
	case SURV_CODE_UNKNOWN:
		return err_set(ei, ERR_NOTFOUND, "surveys.code_unknown", "code",
		    "Không có mã này trong đợt khảo sát; hãy kiểm tra lại "
		    "phiếu", "We cannot find this code in this survey; please "
		    "check it against your sheet");
	case SURV_CODE_SPENT:
		break;
	}
	return err_set(ei, ERR_CONFLICT, "surveys.code_spent", "code",
	    "Mã này đã được dùng: mỗi hộ chỉ trả lời một lần",
	    "This code has already been used: each household answers once");
}

enum err
surv_err_not_open(struct errinfo *ei, const char *state)
{
	if (strcmp(state, "closed") == 0)
		return err_set(ei, ERR_CONFLICT, "surveys.closed", NULL,
		    "Đợt khảo sát đã kết thúc, không nhận thêm phiếu",
		    "This survey has closed and takes no more answers");
	return err_set(ei, ERR_CONFLICT, "surveys.not_open", NULL,
	    "Đợt khảo sát chưa bắt đầu", "This survey has not opened yet");
}

enum err
surv_err_village(struct errinfo *ei, const char *village)
{
	return err_set(ei, ERR_INVALID, "surveys.bad_village", "village",
	    "Thôn %.40s không thuộc đơn vị của đợt khảo sát",
	    "Village %.40s is not in the unit of the campaign", village);
}

/* ---- questionnaires ---- */

/* Parse text into *def (the caller frees it). */
static enum err
parse_doc(const char *text, size_t len, struct surv_def **def,
    struct errinfo *ei)
{
	if (len > SURV_DOC_MAX)
		return err_set(ei, ERR_LIMIT, "surveys.too_large", "document",
		    "Bảng hỏi quá lớn (tối đa %d KB)",
		    "The questionnaire is too large (at most %d KB)",
		    SURV_DOC_MAX / 1024);
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
	e = rc == 1 ? ERR_OK : rc < 0 ? ei->err : err_set(ei, ERR_DB,
	    "surveys.insert", NULL, "Không lưu được bảng hỏi",
	    "The questionnaire could not be saved");
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
			e = err_set(ei, ERR_NOTFOUND, "surveys.not_found", "id",
			    "Không có bảng hỏi số %lld",
			    "There is no questionnaire number %lld",
			    (long long)id);
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
	enum err e;

	db_bind_int(st, 1, id);
	if ((e = surv_step_row(db, st, SURV_SURVEY, id, ei)) != ERR_OK)
		return e;
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

/* The unit (columns 0 and 1 of statement sid) of record id; *st is left
 * on the row for the caller's other columns (it then ends the reads). */
static enum err
record_unit(struct db *db, enum stmt_id sid, enum surv_record what,
    int64_t id, char structure[16], char code[32], struct db_stmt **st,
    struct errinfo *ei)
{
	enum err e;

	*st = db_stmt(db, sid);
	db_bind_int(*st, 1, id);
	if ((e = surv_step_row(db, *st, what, id, ei)) != ERR_OK)
		return e;
	snprintf(structure, 16, "%s", db_col_text(*st, 0));
	snprintf(code, 32, "%s", db_col_text(*st, 1));
	return ERR_OK;
}

enum err
surv_unit(struct db *db, int64_t id, char structure[16], char code[32],
    bool *is_template, struct errinfo *ei)
{
	struct db_stmt *st;
	enum err e;

	if ((e = record_unit(db, STMT_SURV_UNIT, SURV_SURVEY, id, structure,
	    code, &st, ei)) != ERR_OK)
		return e;
	*is_template = db_col_int(st, 2) != 0;
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
	return surv_list_done(db, rc, items, seen, out, ei);
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
		return err_set(ei, ERR_INVALID, "surveys.read", "file",
		    "Không đọc được %s", "%s could not be read", path);
	if ((e = surv_def_parse(text, len, &def, ei)) != ERR_OK) {
		err_prefix(ei, "%s: ", "%s: ", path);
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

void
surv_campaign_defaults(struct arena *a, const char *structure,
    const char *code, const char *survey_title, struct surv_campaign_in *out)
{
	char today[DATE_LEN], closes[DATE_LEN];
	long days = 0;

	memset(out, 0, sizeof(*out));
	date_today(today);
	(void)date_parse(today, &days);	/* date_today's is always a date */
	date_format(days + SURV_DEFAULT_RUN_DAYS, closes);
	/* A template belongs to the country: its campaign is a commune's or
	 * a province's, which the official names. */
	if (structure != NULL && code != NULL && strcmp(code, "VN") != 0) {
		out->structure = arena_strdup(a, structure);
		out->code = arena_strdup(a, code);
	}
	out->title = arena_printf(a, "%s %.4s", survey_title != NULL ?
	    survey_title : "", today);
	out->min_coverage = SURV_DEFAULT_COVERAGE;
	out->threshold = SURV_DEFAULT_THRESHOLD;
	out->opens_on = arena_strdup(a, today);
	out->closes_on = arena_strdup(a, closes);
	out->posting_days = SURV_DEFAULT_POSTING_DAYS;
	out->mode = "codes";
}

static enum err
check_campaign(const struct surv_campaign_in *in, struct errinfo *ei)
{
	if (in->title == NULL || in->title[0] == '\0' || strlen(in->title) > 300)
		return err_set(ei, ERR_INVALID, "surveys.bad_title", "title",
		    "Cần tên đợt khảo sát (tối đa 300 byte)",
		    "The campaign needs a title (at most 300 bytes)");
	if (in->households <= 0 || in->households > 10000000)
		return err_set(ei, ERR_INVALID, "surveys.bad_households",
		    "households", "Số hộ trong phạm vi phải là số dương",
		    "The households in scope must be a positive number");
	if (!(in->min_coverage >= 0 && in->min_coverage <= 100))
		return err_set(ei, ERR_INVALID, "surveys.bad_percent",
		    "min_coverage", "Tỷ lệ hộ tối thiểu phải trong khoảng 0–100",
		    "The minimum share of households must be between 0 and "
		    "100");
	if (!(in->threshold >= 0 && in->threshold <= 100))
		return err_set(ei, ERR_INVALID, "surveys.bad_percent",
		    "threshold", "Ngưỡng hài lòng phải trong khoảng 0–100",
		    "The satisfaction threshold must be between 0 and 100");
	if (!date_parse_user(in->opens_on, NULL))
		return err_set(ei, ERR_INVALID, "surveys.bad_date", "opens_on",
		    "Ngày mở phải là một ngày có thật, dạng YYYY-MM-DD, "
		    "năm %d–%d", "The opening day must be a real date, "
		    "YYYY-MM-DD, in %d–%d", DATE_USER_MIN_YEAR,
		    DATE_USER_MAX_YEAR);
	if (!date_parse_user(in->closes_on, NULL))
		return err_set(ei, ERR_INVALID, "surveys.bad_date", "closes_on",
		    "Ngày đóng phải là một ngày có thật, dạng YYYY-MM-DD, "
		    "năm %d–%d", "The closing day must be a real date, "
		    "YYYY-MM-DD, in %d–%d", DATE_USER_MIN_YEAR,
		    DATE_USER_MAX_YEAR);
	if (strcmp(in->closes_on, in->opens_on) < 0)
		return err_set(ei, ERR_INVALID, "surveys.bad_date", "closes_on",
		    "Ngày đóng phải sau ngày mở",
		    "The closing day must come after the opening day");
	if (in->posting_days < 0 || in->posting_days > 365)
		return err_set(ei, ERR_INVALID, "surveys.bad_days",
		    "posting_days", "Số ngày niêm yết phải trong khoảng 0–365",
		    "The days the results are posted must be between 0 and 365");
	if (in->mode == NULL || (strcmp(in->mode, "codes") != 0 &&
	    strcmp(in->mode, "open") != 0))
		return err_set(ei, ERR_INVALID, "surveys.bad_mode", "mode",
		    "Cách trả lời phải là \"codes\" (mỗi hộ một mã) hoặc "
		    "\"open\" (mở, không cần mã)",
		    "How people answer must be \"codes\" (a code per household)"
		    " or \"open\" (no code)");
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
		e = err_set(ei, ERR_INVALID, "surveys.bad_unit", "unit",
		    "Khảo sát cho một xã hoặc một tỉnh; %s là cấp %s",
		    "A campaign surveys a commune or a province; %s is a %s",
		    u.full_name, u.level);
		goto done;
	}
	st = db_stmt(db, STMT_SURV_GET);
	db_bind_int(st, 1, in->survey_id);
	if ((e = surv_step_row(db, st, SURV_SURVEY, in->survey_id, ei)) !=
	    ERR_OK) {
		if (e == ERR_NOTFOUND)
			snprintf(ei->field, sizeof(ei->field), "survey_id");
		goto done;
	}
	doc = strdup(db_col_text(st, 6));
	db_end_reads(db);
	if (doc == NULL) {
		e = err_set(ei, ERR_SYS, "surveys.memory", NULL, "Hết bộ nhớ",
		    "Out of memory");
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
	char today[DATE_LEN];

	date_today(today);
	if (closed_at != NULL || strcmp(today, closes_on) > 0)
		return "closed";
	if (strcmp(today, opens_on) < 0)
		return "scheduled";
	return "open";
}

/* date + days, as YYYY-MM-DD (date itself if it is not one). */
static void
add_days(const char *date, int days, char out[DATE_LEN])
{
	long n;

	if (!date_parse(date, &n))
		snprintf(out, DATE_LEN, "%s", date);
	else
		date_format(n + days, out);
}

json_t *
surv_campaign_row_json(struct db_stmt *st)
{
	const char *closed_at = db_col_text(st, 13);
	char posted[DATE_LEN], link[40];

	add_days(db_col_text(st, 10), (int)db_col_int(st, 11), posted);
	snprintf(link, sizeof(link), "/s/%lld", (long long)db_col_int(st, 0));
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?, s:s, s:I, s:f, s:f, "
	    "s:s, s:s, s:I, s:s, s:s, s:s, s:s?, s:s, s:I, s:{s:I, s:I, "
	    "s:I, s:I}}",
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
	    "spent", (json_int_t)db_col_int(st, 16),
	    "cancelled", (json_int_t)db_col_int(st, 19),
	    "live", (json_int_t)(db_col_int(st, 15) - db_col_int(st, 19)));
}

/* Bind the campaign list statement: ids from..to, the scope (structure,
 * code; NULL: all), one page. */
static struct db_stmt *
campaigns_stmt(struct db *db, int64_t from, int64_t to, const char *structure,
    const char *code, int64_t limit, int64_t offset)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_LIST);

	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	db_bind_text(st, 3, structure);
	db_bind_text(st, 4, structure);
	db_bind_text(st, 5, code);
	db_bind_text(st, 6, structure);
	db_bind_text(st, 7, code);
	db_bind_int(st, 8, limit);
	db_bind_int(st, 9, offset);
	return st;
}

/* The copy of the questionnaire campaign id runs, into c's "document". */
static enum err
campaign_document(struct db *db, int64_t id, json_t *c, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	json_t *doc;
	enum err e;

	db_bind_int(st, 1, id);
	if ((e = surv_step_row(db, st, SURV_CAMPAIGN, id, ei)) != ERR_OK)
		return e;
	doc = json_loads(db_col_text(st, 4), 0, NULL);
	json_object_set_new(c, "document", doc ? doc : json_null());
	db_end_reads(db);
	return ERR_OK;
}

static enum err
campaign_read(struct db *db, int64_t id, bool with_document, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = campaigns_stmt(db, id, id, NULL, NULL, 1, 0);
	enum err e;

	if ((e = surv_step_row(db, st, SURV_CAMPAIGN, id, ei)) != ERR_OK)
		return e;
	*out = surv_campaign_row_json(st);
	db_end_reads(db);
	if (with_document && (e = campaign_document(db, id, *out, ei)) !=
	    ERR_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return e;
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
	struct db_stmt *st = campaigns_stmt(db, 1, INT64_MAX, structure, code,
	    limit, offset);
	json_t *items = json_array();
	int64_t total = 0;
	int rc;

	while ((rc = db_step(st, ei)) == 1) {
		json_array_append_new(items, surv_campaign_row_json(st));
		total = db_col_int(st, 18);
	}
	return surv_list_done(db, rc, items, total, out, ei);
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
	return rc == 1 ? ERR_OK : err_set(ei, ERR_NOTFOUND,
	    "surveys.no_campaign", "id", "Bảng hỏi số %lld chưa có đợt khảo "
	    "sát nào", "Questionnaire %lld has no campaign yet",
	    (long long)survey_id);
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
		e = err_set(ei, ERR_CONFLICT, "surveys.closed", NULL,
		    "Đợt khảo sát đã đóng", "The campaign is already closed");
	if (e == ERR_OK) {
		e = audit_record(db, who, "survey.campaign_close", structure,
		    code, NULL, ei, "survey_campaign:%lld", (long long)id);
	}
	/* its results are published now: the dashboards cached on the
	 * token show them (a campaign closed by its date is the next day's
	 * token of those dated pages) */
	if (e == ERR_OK)
		e = db_meta_bump(db, SURV_META_VERSION, ei);
	return db_finish(db, e, ei);
}

enum err
surv_campaign_unit(struct db *db, int64_t id, char structure[16],
    char code[32], struct errinfo *ei)
{
	struct db_stmt *st;
	enum err e;

	if ((e = record_unit(db, STMT_SURV_CAMPAIGN_UNIT, SURV_CAMPAIGN, id,
	    structure, code, &st, ei)) != ERR_OK)
		return e;
	db_end_reads(db);
	return ERR_OK;
}

enum err
surv_results_readable(const char *state, bool organiser, struct errinfo *ei)
{
	if (organiser || (state != NULL && strcmp(state, "closed") == 0))
		return ERR_OK;
	return err_set(ei, ERR_FORBIDDEN, "surveys.not_published", NULL,
	    "Kết quả khảo sát chỉ được công bố sau khi đợt khảo sát kết thúc.",
	    "The results are published once the survey has closed.");
}

/* ---- household codes ---- */

/* No 0/O, 1/I/L: codes are read off paper and typed on phones. */
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

void
surv_code_draw(char out[SURV_CODE_LEN + 1])
{
	for (int i = 0; i < SURV_CODE_LEN; i++)
		out[i] = code_alphabet[randombytes_uniform(
		    sizeof(code_alphabet) - 1)];
	out[SURV_CODE_LEN] = '\0';
}

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
	int64_t batch = 0;
	int rc, made = 0;
	enum err e;

	if (count < 1 || count > SURV_CODES_MAX_BATCH) {
		e = err_set(ei, ERR_INVALID, "surveys.bad_count", "count",
		    "Số mã phải từ 1 đến %d",
		    "The number of codes must be from 1 to %d",
		    SURV_CODES_MAX_BATCH);
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
			e = surv_err_village(ei, village_code);
			goto done;
		}
	} else
		village_code = NULL;
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	if ((e = surv_codes_writable(db, campaign_id, ei)) != ERR_OK)
		goto finish;
	if ((e = surv_codes_room(db, campaign_id, count, ei)) != ERR_OK)
		goto finish;
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

		surv_code_draw(c);
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
		db_bind_int(st, 3, count);
		if ((e = db_exec(st, ei)) == ERR_OK && db_changes(db) != 1)
			e = surv_codes_room(db, campaign_id, count, ei);
	}
	if (e == ERR_OK) {
		e = audit_record(db, who, "survey.codes_issue", structure, code,
		    json_pack("{s:I, s:i, s:s?}", "batch", (json_int_t)batch,
		    "count", count, "village", village_code), ei,
		    "survey_campaign:%lld", (long long)campaign_id);
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
		    "{s:s, s:I, s:s?, s:s?}", "code", db_col_text(st, 0),
		    "batch", (json_int_t)db_col_int(st, 1), "village_code",
		    db_col_text(st, 2), "village_name", db_col_text(st, 3)));
	return surv_list_done(db, rc, items, (int64_t)json_array_size(items),
	    out, ei);
}

enum err
surv_code_batches(struct db *db, int64_t campaign_id, json_t **out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CODE_BATCHES);
	json_t *items = json_array();
	int rc;

	db_bind_int(st, 1, campaign_id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(items, json_pack("{s:I, s:I, s:s?}",
		    "batch", (json_int_t)db_col_int(st, 0),
		    "codes", (json_int_t)db_col_int(st, 1),
		    "village_name", db_col_text(st, 2)));
	return surv_list_done(db, rc, items, (int64_t)json_array_size(items),
	    out, ei);
}

enum err
surv_code_check(struct db *db, int64_t campaign_id, const char *typed,
    struct errinfo *ei)
{
	char code[SURV_CODE_LEN + 1];
	struct db_stmt *st;
	const char *state;
	int rc;
	enum err e;

	st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	db_bind_int(st, 1, campaign_id);
	if ((e = surv_step_row(db, st, SURV_CAMPAIGN, campaign_id, ei)) !=
	    ERR_OK)
		return e;
	state = surv_campaign_state(db_col_text(st, 1), db_col_text(st, 2),
	    db_col_text(st, 3));
	db_end_reads(db);
	if (strcmp(state, "open") != 0)
		return surv_err_not_open(ei, state);
	if (!surv_code_normalise(typed, code))
		return surv_err_code(ei, SURV_CODE_MALFORMED);
	st = db_stmt(db, STMT_SURV_CODE_GET);
	db_bind_int(st, 1, campaign_id);
	db_bind_text(st, 2, code);
	rc = db_step(st, ei);
	if (rc < 0)
		return ei->err;
	if (rc == 0) {
		db_end_reads(db);
		return surv_err_code(ei, SURV_CODE_UNKNOWN);
	}
	/* Whether the code was spent is not said here: this check costs
	 * nothing, and whoever printed the codes could ask it of every one
	 * of them to learn which households have answered.  The submission
	 * says it (surveys.code_spent), and a code tried that way is spent
	 * if it was not (docs/SURVEYS.md). */
	db_end_reads(db);
	return ERR_OK;
}
