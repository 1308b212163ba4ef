/*
 * surveys_store_internal.h - what the survey store's files share.  Not
 * for other modules (they use surveys_store.h).
 */
#ifndef NTM_DOMAIN_SURVEYS_STORE_INTERNAL_H
#define NTM_DOMAIN_SURVEYS_STORE_INTERNAL_H

#include "domain/surveys/surveys_store.h"

void surv_random_id(char out[33]);	/* 128 random bits, hex */
/* "scheduled", "open" or "closed" today. */
const char *surv_campaign_state(const char *opens_on, const char *closes_on,
    const char *closed_at);
/* A campaign row (columns of surv_campaign_list in surveys.sql). */
json_t *surv_campaign_row_json(struct db_stmt *st);

/* What a record read by id is, for the error when there is none. */
enum surv_record { SURV_SURVEY, SURV_CAMPAIGN };
/*
 * Step st (its parameters bound, record id among them) to its one row:
 * ERR_OK with the row current (the caller reads it, then db_end_reads);
 * otherwise the reads are ended and the result is the database's error or
 * ERR_NOTFOUND naming "id" ("surveys.not_found" for a questionnaire,
 * "surveys.campaign_not_found" for a campaign).
 */
enum err surv_step_row(struct db *db, struct db_stmt *st,
    enum surv_record what, int64_t id, struct errinfo *ei);
/*
 * The end of a list read that stepped st until rc (0 done, < 0 failed):
 * the reads are ended; on a failure items is released and the error
 * returned, else *out is {"items": items (stolen), "total": total}.
 */
enum err surv_list_done(struct db *db, int rc, json_t *items, int64_t total,
    json_t **out, struct errinfo *ei);

/* The refusals a household reads, said the same wherever they arise (the
 * code check of the form, the submission, the writer). */
enum surv_code_problem { SURV_CODE_MISSING, SURV_CODE_MALFORMED,
	SURV_CODE_UNKNOWN, SURV_CODE_SPENT };
/* surveys.code_required / code_unknown (404) / code_spent (409), field
 * "code". */
enum err surv_err_code(struct errinfo *ei, enum surv_code_problem p);
/* A campaign that takes no answer in state ("closed": surveys.closed,
 * else surveys.not_open), ERR_CONFLICT. */
enum err surv_err_not_open(struct errinfo *ei, const char *state);
/* ERR_INVALID surveys.bad_village naming "village". */
enum err surv_err_village(struct errinfo *ei, const char *village);

/* A new random code (not yet checked against the stored ones). */
void surv_code_draw(char out[SURV_CODE_LEN + 1]);
/* Whether count more codes fit: the live codes (issued minus cancelled)
 * plus count at most the households.  Else ERR_INVALID
 * "surveys.codes_cap" naming "count" and saying how many remain; read in
 * the caller's transaction (surveys_codes.c). */
enum err surv_codes_room(struct db *db, int64_t campaign_id, int count,
    struct errinfo *ei);
/* ERR_OK if codes of the campaign may be issued or replaced now: it uses
 * codes and is not closed.  Else ERR_CONFLICT ("surveys.open_mode", or
 * the not-open error); ERR_NOTFOUND for no such campaign.  Read in the
 * caller's transaction (surveys_codes.c). */
enum err surv_codes_writable(struct db *db, int64_t campaign_id,
    struct errinfo *ei);

#endif
