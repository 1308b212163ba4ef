/*
 * surveys_store_internal.h - what the survey store's files share.  Not
 * for other modules (they use surveys_store.h).
 */
#ifndef NTM_DOMAIN_SURVEYS_STORE_INTERNAL_H
#define NTM_DOMAIN_SURVEYS_STORE_INTERNAL_H

#include "domain/surveys/surveys_store.h"

void surv_today(char out[11]);		/* UTC date, YYYY-MM-DD */
void surv_random_id(char out[33]);	/* 128 random bits, hex */
bool surv_date_valid(const char *s);	/* a real YYYY-MM-DD date */
/* "scheduled", "open" or "closed" today. */
const char *surv_campaign_state(const char *opens_on, const char *closes_on,
    const char *closed_at);
/* A campaign row (columns of surv_campaign_get in surveys.sql). */
json_t *surv_campaign_row_json(struct db_stmt *st);

#endif
