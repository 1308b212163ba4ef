/*
 * criteria_score.c - the weighted score and level of a scored set
 * (issue 19: digital readiness).  Contract in criteria.h (crit_score,
 * crit_score_json); the rules are in docs/CRITERIA.md, "Scoring".
 *
 * STUB (lead's contract commit): the engine branch implements it.
 */
#include "domain/criteria/criteria.h"

const char *const crit_observed_names[] = {
	"reports_on_time_share", "dossiers_on_time_share",
	"ocop_producers_selling_share", "market_online_orders",
	"survey_online_share", "smart_villages_met", NULL
};

enum err
crit_score(const struct crit_set *s, const struct crit_result *r,
    struct arena *a, struct crit_score *out, struct errinfo *ei)
{
	(void)s; (void)r; (void)a; (void)out;
	return err_set(ei, ERR_INVALID, "criteria.not_scored", "scoring",
	    "chưa có", "not implemented yet");
}

json_t *
crit_score_json(const struct crit_set *s, const struct crit_result *r,
    const struct crit_score *sc, const char *lang)
{
	(void)s; (void)r; (void)sc; (void)lang;
	return json_null();
}
