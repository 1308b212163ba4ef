/*
 * surveys_codes.c - the household codes of a campaign kept within its
 * households: the cap every issuance is checked against, and the
 * cancellation of a lost code with its replacement.
 *
 * A campaign of N households has at most N live codes (issued minus
 * cancelled): a result cannot be inflated by printing more codes than
 * there are households.  A household that lost its sheet gets a new code
 * only by cancelling the old one in the same action, so the live codes
 * stay as many.  The cancellation never asks or tells whether the old code
 * was used (that would tell the campaign's owner which household answered,
 * docs/SURVEYS.md): it always succeeds on a code of the campaign, and a
 * response the old code gave stays counted.  The submission refuses a
 * response beyond the households in any case (surveys_submit.c).
 *
 * Every cancellation is an audit entry in the transaction that makes it;
 * the replacement code itself is not written there (it is the household's
 * secret), only the code cancelled and the reason given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/surveys/surveys_store_internal.h"

enum err
surv_campaign_counts(struct db *db, int64_t campaign_id,
    struct surv_counts *out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_COUNTS);
	enum err e;

	memset(out, 0, sizeof(*out));
	db_bind_int(st, 1, campaign_id);
	if ((e = surv_step_row(db, st, SURV_CAMPAIGN, campaign_id, ei)) !=
	    ERR_OK)
		return e;
	snprintf(out->mode, sizeof(out->mode), "%s", db_col_text(st, 0));
	out->households = db_col_int(st, 1);
	out->codes_issued = db_col_int(st, 2);
	out->codes_cancelled = db_col_int(st, 3);
	out->responses = db_col_int(st, 4);
	db_end_reads(db);
	return ERR_OK;
}

enum err
surv_codes_writable(struct db *db, int64_t campaign_id, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_SURV_CAMPAIGN_STATE);
	const char *state;
	bool codes;
	enum err e;

	db_bind_int(st, 1, campaign_id);
	if ((e = surv_step_row(db, st, SURV_CAMPAIGN, campaign_id, ei)) !=
	    ERR_OK)
		return e;
	codes = strcmp(db_col_text(st, 0), "codes") == 0;
	state = surv_campaign_state(db_col_text(st, 1), db_col_text(st, 2),
	    db_col_text(st, 3));
	db_end_reads(db);
	if (!codes)
		return err_set(ei, ERR_CONFLICT, "surveys.open_mode", NULL,
		    "Đợt khảo sát mở không dùng mã hộ",
		    "An open campaign uses no household codes");
	if (strcmp(state, "closed") == 0)
		return surv_err_not_open(ei, state);
	return ERR_OK;
}

enum err
surv_codes_room(struct db *db, int64_t campaign_id, int count,
    struct errinfo *ei)
{
	struct surv_counts c;
	int64_t live, left;
	enum err e;

	if ((e = surv_campaign_counts(db, campaign_id, &c, ei)) != ERR_OK)
		return e;
	live = c.codes_issued - c.codes_cancelled;
	left = c.households > live ? c.households - live : 0;
	if (count <= left)
		return ERR_OK;
	if (left == 0)
		return err_set(ei, ERR_INVALID, "surveys.codes_cap", "count",
		    "Không thể cấp thêm mã: đợt khảo sát có %lld hộ và đã có "
		    "%lld mã đang dùng được (mỗi hộ một mã). Mã bị mất thì hủy "
		    "và cấp mã thay thế",
		    "No more codes can be issued: the campaign has %lld "
		    "households and %lld live codes already (one code per "
		    "household). Cancel a lost code and issue its replacement "
		    "instead", (long long)c.households, (long long)live);
	return err_set(ei, ERR_INVALID, "surveys.codes_cap", "count",
	    "Chỉ còn cấp được %lld mã: đợt khảo sát có %lld hộ và đã có %lld "
	    "mã đang dùng được (mỗi hộ một mã)",
	    "Only %lld more codes can be issued: the campaign has %lld "
	    "households and %lld live codes already (one code per household)",
	    (long long)left, (long long)c.households, (long long)live);
}

/* The reason of a cancellation: one line of text, no control characters
 * and no bidirectional overrides or isolates (U+202A-E, U+2066-9), which
 * would turn the audit trail's text around where it is shown. */
static enum err
check_reason(const char *reason, struct errinfo *ei)
{
	bool blank = true;

	if (reason == NULL || strlen(reason) > SURV_REASON_MAX)
		goto bad;
	for (const unsigned char *p = (const unsigned char *)reason;
	    *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			goto bad;
		if (p[0] == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa &&
		    p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 &&
		    p[2] <= 0xa9)))
			goto bad;
		if (*p != ' ')
			blank = false;
	}
	if (!blank)
		return ERR_OK;
bad:
	return err_set(ei, ERR_INVALID, "surveys.bad_reason", "reason",
	    "Hãy ghi lý do hủy mã (một dòng, tối đa %d byte), ví dụ: hộ làm "
	    "mất phiếu", "Please give the reason the code is cancelled (one "
	    "line, at most %d bytes), for example: the household lost its "
	    "sheet", SURV_REASON_MAX);
}

enum err
surv_code_replace(struct db *db, const struct audit_actor *who,
    int64_t campaign_id, const char *typed, const char *reason, json_t **out,
    struct errinfo *ei)
{
	char code[SURV_CODE_LEN + 1], fresh[SURV_CODE_LEN + 1];
	char structure[16], unit[32], village[32] = "";
	struct db_stmt *st;
	bool has_village = false;
	int64_t batch = 0;
	int rc;
	enum err e;

	*out = NULL;
	if (typed == NULL || typed[0] == '\0' ||
	    !surv_code_normalise(typed, code))
		return err_set(ei, ERR_INVALID, "surveys.bad_code", "code",
		    "Mã cần hủy phải gồm 8 ký tự như in trên phiếu, ví dụ "
		    "K7M2-Q9XD", "The code to cancel must have the 8 "
		    "characters printed on the sheet, for example K7M2-Q9XD");
	if ((e = check_reason(reason, ei)) != ERR_OK ||
	    (e = surv_campaign_unit(db, campaign_id, structure, unit, ei)) !=
	    ERR_OK || (e = db_begin(db, ei)) != ERR_OK)
		return e;
	if ((e = surv_codes_writable(db, campaign_id, ei)) != ERR_OK)
		goto finish;
	st = db_stmt(db, STMT_SURV_CODE_CANCEL);
	db_bind_int(st, 1, campaign_id);
	db_bind_text(st, 2, code);
	if ((rc = db_step(st, ei)) < 0) {
		e = ei->err;
		goto finish;
	}
	if (rc == 1) {
		batch = db_col_int(st, 0);
		if ((has_village = !db_col_null(st, 1)))
			snprintf(village, sizeof(village), "%s",
			    db_col_text(st, 1));
	}
	db_end_reads(db);
	if (rc == 0) {
		e = err_set(ei, ERR_NOTFOUND, "surveys.code_unknown", "code",
		    "Không có mã %s trong đợt khảo sát (hoặc mã đã bị hủy)",
		    "There is no code %s in this campaign (or it was cancelled "
		    "already)", code);
		goto finish;
	}
	/* Never the code just cancelled; one drawn twice: draw again. */
	do {
		do
			surv_code_draw(fresh);
		while (strcmp(fresh, code) == 0);
		st = db_stmt(db, STMT_SURV_CODE_INSERT);
		db_bind_int(st, 1, campaign_id);
		db_bind_text(st, 2, fresh);
		db_bind_int(st, 3, batch);
		db_bind_text(st, 4, has_village ? village : NULL);
		if ((e = db_exec(st, ei)) == ERR_CONFLICT)
			err_clear(ei);
	} while (e == ERR_CONFLICT);
	if (e != ERR_OK)
		goto finish;
	st = db_stmt(db, STMT_SURV_CAMPAIGN_CODE_REPLACED);
	db_bind_int(st, 1, campaign_id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		goto finish;
	e = audit_record(db, who, "survey.code_replace", structure, unit,
	    json_pack("{s:s, s:I, s:s?, s:s}", "cancelled", code, "batch",
	    (json_int_t)batch, "village", has_village ? village : NULL,
	    "reason", reason), ei, "survey_campaign:%lld",
	    (long long)campaign_id);
finish:
	e = db_finish(db, e, ei);
	if (e == ERR_OK)
		*out = json_pack("{s:s, s:s, s:I}", "code", fresh, "cancelled",
		    code, "batch", (json_int_t)batch);
	return e;
}
