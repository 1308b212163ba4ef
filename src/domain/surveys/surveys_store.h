/*
 * surveys_store.h - surveys, campaigns, household codes, responses and
 * results in the database.
 *
 * A survey is a questionnaire (surveys.h) owned by a unit; officials of
 * that unit's scope edit it.  A campaign runs a copy of it for one unit
 * (a commune, or a province over its communes) between two dates, with
 * the number of households in scope, the minimum coverage and the
 * satisfaction threshold.  In "codes" mode every response spends a
 * one-time household code; in "open" mode (pilots) anyone may answer, a
 * client at most SURV_OPEN_PER_HOUR times an hour.  Either way the
 * responses never exceed the households, nor the live codes (issued minus
 * cancelled) the households (surveys_codes.c).
 *
 * Responses are durable before they are acknowledged: surv_submit returns
 * after the transaction holding the response has committed.  When the
 * submission queue runs (surv_queue_start, in ntm serve), concurrent
 * submissions share transactions - one commit, one fsync, for everything
 * that arrived meanwhile (group commit) - and the tallies of a batch are
 * added once.  Without the queue (commands, tests) each submission is its
 * own transaction.  Two submissions of one code: exactly one is stored,
 * the other is ERR_CONFLICT "surveys.code_spent".
 *
 * Who may call what is the router's rule (web/web.h): the web layer finds
 * a questionnaire's or a campaign's unit with surv_unit and
 * surv_campaign_unit, and the store never decides whether a caller is
 * allowed.  What it does state is the programme's publication rule
 * (surv_results_readable).  Writers pass the actor for the audit trail
 * (responses are not audited: they are anonymous).  Results (json_t) are
 * new references the caller releases.
 */
#ifndef NTM_DOMAIN_SURVEYS_STORE_H
#define NTM_DOMAIN_SURVEYS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/surveys/surveys.h"

#define SURV_CODES_MAX_BATCH	5000	/* codes per request */
#define SURV_CODE_LEN		8	/* characters, shown as XXXX-XXXX */
#define SURV_OPEN_PER_HOUR	20	/* open-mode responses per client */
#define SURV_META_VERSION	"surveys_version"	/* bumped when a
							 * campaign is closed
							 * by hand: its results
							 * are published */
/* The tally row (village "", answer "") counting a campaign's responses
 * sent online; ("", "", "") counts them all (web and paper codes). */
#define SURV_TALLY_WEB		"#web"

/* ---- surveys (questionnaires) ---- */

/* Store a questionnaire (text: an ntm-survey/1 document) owned by the
 * unit (structure, code).  ERR_INVALID with the JSON path when bad. */
enum err surv_create(struct db *db, const struct audit_actor *who,
    const char *structure, const char *code, const char *text, size_t len,
    int64_t *id, struct errinfo *ei);
/* Replace its questionnaire (campaigns keep their own copy). */
enum err surv_update(struct db *db, const struct audit_actor *who,
    int64_t id, const char *text, size_t len, struct errinfo *ei);
/* {"id","structure","unit_code","unit_name","title","is_template",
 *  "document", "campaigns": N, "created_at","updated_at"} */
enum err surv_get(struct db *db, int64_t id, json_t **out,
    struct errinfo *ei);
/* The unit owning questionnaire id and whether it is a template (a
 * template belongs to the country, 2025:VN); ERR_NOTFOUND
 * "surveys.not_found". */
enum err surv_unit(struct db *db, int64_t id, char structure[16],
    char code[32], bool *is_template, struct errinfo *ei);
/* Surveys of units visible to the caller (visible NULL: all) and every
 * template: {"items":[{id, title, structure, unit_code, unit_name,
 * is_template, campaigns, updated_at}], "total"}. */
typedef bool (*surv_visible_fn)(void *ctx, const char *structure,
    const char *code);
enum err surv_list(struct db *db, surv_visible_fn visible, void *ctx,
    int64_t limit, int64_t offset, json_t **out, struct errinfo *ei);
/* The templates shipped in surveys/templates/ (init): stored once, owned
 * by the country (2025:VN), is_template 1. */
enum err surv_templates_import_dir(struct db *db, const char *dir,
    int *imported, struct errinfo *ei);

/* ---- campaigns ---- */

struct surv_campaign_in {
	int64_t survey_id;
	const char *structure, *code;	/* the unit surveyed */
	const char *title;
	int64_t households;		/* in scope, > 0 */
	double min_coverage;		/* percent of households, 0..100 */
	double threshold;		/* percent satisfied, 0..100 */
	const char *opens_on, *closes_on;	/* YYYY-MM-DD, inclusive */
	int posting_days;		/* results posted publicly, days */
	const char *mode;		/* "codes" or "open" */
};

/*
 * The programme's defaults of a new campaign of a questionnaire owned by
 * (structure, code) and titled survey_title, from the practice the
 * reference describes (ntm-ocop-facts.md §4): 90 % of the households
 * satisfied, results posted for 10 days, about 20 days to answer from
 * today, one code per household.  The share of households that must
 * answer differs by level and province: 70 % is a starting point the
 * official changes.  The unit is the questionnaire's, unless that is the
 * country (a template): then structure and code are NULL and the official
 * names the commune or province.  households is 0 (the official counts
 * them).  The title is "<survey title> <year>"; strings are in a.
 */
#define SURV_DEFAULT_THRESHOLD		90
#define SURV_DEFAULT_COVERAGE		70
#define SURV_DEFAULT_POSTING_DAYS	10
#define SURV_DEFAULT_RUN_DAYS		20
void surv_campaign_defaults(struct arena *a, const char *structure,
    const char *code, const char *survey_title, struct surv_campaign_in *out);

/* ERR_INVALID naming the field: an unknown survey, a unit that is not a
 * commune or province, households <= 0, a percentage outside 0..100,
 * dates not YYYY-MM-DD or closes_on before opens_on, an unknown mode. */
enum err surv_campaign_create(struct db *db, const struct audit_actor *who,
    const struct surv_campaign_in *in, int64_t *id, struct errinfo *ei);
/*
 * {"id","survey_id","title","structure","unit_code","unit_name",
 *  "households","min_coverage","threshold","opens_on","closes_on",
 *  "posting_days","posted_until","mode","state","responses",
 *  "codes": {"issued","spent"}, "link": "/s/ID", "document"}
 * state: "scheduled" (before opens_on), "open", "closed" (after closes_on
 * or closed by hand); today is date_today's (core/date.h).
 */
enum err surv_campaign_get(struct db *db, int64_t id, json_t **out,
    struct errinfo *ei);
/* The same without the questionnaire (no "document"): what a submission
 * needs, without reading or parsing the copy of the questionnaire. */
enum err surv_campaign_brief(struct db *db, int64_t id, json_t **out,
    struct errinfo *ei);
/* Campaigns of units inside the scope (structure, code) - NULL: all -
 * newest first: {"items":[...without document...], "total"}. */
enum err surv_campaign_list(struct db *db, const char *structure,
    const char *code, int64_t limit, int64_t offset, json_t **out,
    struct errinfo *ei);
/* The newest campaign of a survey; ERR_NOTFOUND if it has none. */
enum err surv_campaign_newest(struct db *db, int64_t survey_id, int64_t *id,
    struct errinfo *ei);
/* Close now (ERR_CONFLICT if already closed). */
enum err surv_campaign_close(struct db *db, const struct audit_actor *who,
    int64_t id, struct errinfo *ei);
/* The unit of a campaign (the scope of its routes, the dossiers' checks):
 * one row read by key; ERR_NOTFOUND "surveys.campaign_not_found". */
enum err surv_campaign_unit(struct db *db, int64_t id, char structure[16],
    char code[32], struct errinfo *ei);

/* ---- household codes ---- */

/* Issue count (1..SURV_CODES_MAX_BATCH) new codes, for a village of the
 * campaign's unit (village_code NULL: none), in a new batch.
 * *out: {"batch": B, "codes": ["K7M2Q9XD", ...]} (codes without the dash).
 * ERR_CONFLICT for an "open" campaign or a closed one; ERR_INVALID
 * "surveys.codes_cap" naming "count" when the live codes would exceed the
 * households (the message says how many remain). */
enum err surv_codes_issue(struct db *db, const struct audit_actor *who,
    int64_t campaign_id, int count, const char *village_code, json_t **out,
    struct errinfo *ei);
/*
 * Cancel the household code `code` of a campaign (lost, damaged) and issue
 * its replacement in the same batch and village, in one transaction with
 * its audit entry ("survey.code_replace": the code cancelled, the reason).
 * The live codes stay as many; codes_issued and codes_cancelled both grow
 * by one.  Whether the code had been used is neither asked nor told: the
 * cancellation succeeds either way, and a response it gave stays counted.
 * A cancelled code is unknown from then on.  reason: 1..SURV_REASON_MAX
 * bytes.  *out: {"code": the replacement, "batch": B}.  Errors:
 * ERR_INVALID naming "code" (malformed) or "reason"; ERR_NOTFOUND
 * "surveys.code_unknown" naming "code" (no such live code); ERR_CONFLICT
 * for an open-mode or closed campaign.
 */
#define SURV_REASON_MAX	500
enum err surv_code_replace(struct db *db, const struct audit_actor *who,
    int64_t campaign_id, const char *code, const char *reason, json_t **out,
    struct errinfo *ei);

/* The counts a campaign's result rests on, read by key: for the caps and
 * for the dossiers' plausibility check. */
struct surv_counts {
	char mode[8];			/* "codes" / "open" */
	int64_t households;
	int64_t codes_issued;		/* ever, cancelled ones included */
	int64_t codes_cancelled;
	int64_t responses;
};
enum err surv_campaign_counts(struct db *db, int64_t campaign_id,
    struct surv_counts *out, struct errinfo *ei);

/* {"items":[{"code","batch","village_code","village_name"}], "total"} of
 * one batch (0: all), for printing again: never whether a code was spent
 * (docs/SURVEYS.md, "Who may see what"). */
enum err surv_codes_list(struct db *db, int64_t campaign_id, int64_t batch,
    json_t **out, struct errinfo *ei);
/* {"items":[{"batch","codes","village_name"}], "total"}: the batches of a
 * campaign, with the number of codes their sheets print, to print a
 * batch again; never how many of them were spent. */
enum err surv_code_batches(struct db *db, int64_t campaign_id, json_t **out,
    struct errinfo *ei);
/* A code as typed ("k7m2 q9xd", "K7M2-Q9XD") in canonical form; false if
 * it cannot be one. */
bool surv_code_normalise(const char *typed, char out[SURV_CODE_LEN + 1]);
/* Whether a code belongs to the campaign, now open: ERR_NOTFOUND
 * "surveys.code_unknown", ERR_CONFLICT "surveys.closed"; for the form's
 * first step.  A spent code passes: only the submission, which spends
 * the code when it was not, says "surveys.code_spent" - a free check
 * would tell whoever holds the printed codes which households answered. */
enum err surv_code_check(struct db *db, int64_t campaign_id,
    const char *code, struct errinfo *ei);

/* ---- responses ---- */

struct surv_submission {
	int64_t campaign_id;
	const char *code;	/* as typed (codes mode; ignored in open mode) */
	json_t *answers;	/* {"q1": 4, ...} (surv_answers_check) */
	const char *channel;	/* "web" or "paper" (data entry) */
	const char *client_key;	/* who (the address), for open mode's hourly
				 * limit: only its keyed hash is stored */
};

/* Check and store one response (see the top of this file).  The code is
 * read in "codes" mode only, the client key in "open" mode only.  Errors:
 * ERR_NOTFOUND unknown campaign or code; ERR_CONFLICT spent code, a
 * campaign not open (surveys.closed / surveys.not_open) or one whose
 * responses have reached its households (surveys.full); ERR_INVALID or
 * ERR_LIMIT naming "answers.<id>"; ERR_RATE in open mode past the limit.
 * Nothing is stored on any error. */
enum err surv_submit(struct db *db, const struct surv_submission *s,
    struct errinfo *ei);

/* A campaign's questionnaire, parsed once per process and kept (do not
 * free it): for reading form fields on every submission. */
enum err surv_campaign_def(struct db *db, int64_t campaign_id,
    const struct surv_def **out, struct errinfo *ei);

/* The group-commit writer: a thread with its own connection to
 * db_target.  Started by ntm serve; surv_submit uses it while it runs. */
enum err surv_queue_start(const char *db_target, struct errinfo *ei);
void surv_queue_stop(void);

/* ---- results ---- */

/*
 * The results from the tallies (constant time in the number of
 * responses): the JSON documented in surveys_export.h, with "comments"
 * (visible ones, at most 50) when with_comments; the texts of yes/no
 * answers in lang.  The disclosure rule applies to everyone, organisers
 * included ("published", "suppressed", "min_group"): until the campaign
 * has closed, and after it with fewer than SURV_GROUP_MIN responses, the
 * results are counts only - responses, coverage, the responses and codes
 * of each village - and "rate", "ci", "rate_met", "met" are null, the
 * questions have no counts and there are no comments: nothing that one
 * household's answer changes.  Published, "villages" are the groups of
 * surv_group_villages, each with its rate.
 */
enum err surv_results(struct db *db, int64_t campaign_id, bool with_comments,
    const char *lang, json_t **out, struct errinfo *ei);
/*
 * The publication rule: a campaign's results are public once it has
 * closed (state "closed"); until then only its organisers - the officials
 * whose scope holds its unit - read them (counts only, surv_results), and
 * they alone ever see hidden comments.  ERR_OK
 * when a reader (organiser or not) may read the results of a campaign in
 * state, else ERR_FORBIDDEN "surveys.not_published".
 */
enum err surv_results_readable(const char *state, bool organiser,
    struct errinfo *ei);

/* The one function other modules use (recognition dossiers).  Until the
 * campaign has closed only the counts are filled (rate, ci, rate_met and
 * met stay 0/false): a live rate would tell its owner how each answer
 * went. */
struct surv_outcome {
	int64_t responses, households;
	double coverage, rate;		/* percent */
	struct surv_ci ci;		/* of the rate, 0..1 */
	bool coverage_met, rate_met, met;
	bool closed;			/* final: the campaign has closed */
};
enum err surv_campaign_outcome(struct db *db, int64_t campaign_id,
    struct surv_outcome *out, struct errinfo *ei);

/*
 * The individual responses, for exports, once the campaign has closed
 * (ERR_CONFLICT "surveys.not_closed" before): {"items": [{"village",
 * <answers>...}], "total", "suppressed", "min_group"}, in a random order,
 * with no time and no free text (that is in the comments alone); "village"
 * is the code of the response's group by the disclosure rule
 * (surv_group_villages: the village's own code, SURV_GROUP_POOL_CODE for
 * the pooled small villages, "" for no village).  Fewer than
 * SURV_GROUP_MIN responses in all: no items, "suppressed" true.
 */
enum err surv_responses(struct db *db, int64_t campaign_id, json_t **out,
    struct errinfo *ei);

/* Free-text comments: {"items":[{"id","question_id","village","body",
 * "hidden"}],"total"}; hidden ones only when include_hidden; "village"
 * the group's code as for surv_responses.  Only once the campaign has
 * closed (ERR_CONFLICT "surveys.not_closed"), and none when it has fewer
 * than SURV_GROUP_MIN responses.  Hiding and showing (the organisers')
 * also waits for the close. */
enum err surv_comments(struct db *db, int64_t campaign_id,
    bool include_hidden, int64_t limit, int64_t offset, json_t **out,
    struct errinfo *ei);
enum err surv_comment_hide(struct db *db, const struct audit_actor *who,
    int64_t campaign_id, const char *comment_id, bool hidden,
    struct errinfo *ei);

/*
 * surv_submit in two steps, for a caller that must not wait in place (the
 * web layer, which suspends the HTTP connection instead).
 *
 * surv_submit_prepare checks the submission in the caller's thread (every
 * refusal that needs no write) and makes the job.  Then exactly one of:
 * surv_submit_wait (what surv_submit does: queue it, wait for the commit,
 * free it) or, only while surv_queue_running(), surv_submit_queue: the
 * writer calls done(arg, result, its errinfo) on its own thread once the
 * job's batch has committed (or been refused), then frees the job.  done
 * must be quick and must not submit.
 */
struct surv_job;
typedef void (*surv_done_fn)(void *arg, enum err e,
    const struct errinfo *ei);
bool surv_queue_running(void);
enum err surv_submit_prepare(struct db *db, const struct surv_submission *s,
    struct surv_job **out, struct errinfo *ei);
enum err surv_submit_wait(struct db *db, struct surv_job *j,
    struct errinfo *ei);
void surv_submit_queue(struct surv_job *j, surv_done_fn done, void *arg);
/* Does prepared job j spend a household code (a "codes" campaign)? */
bool surv_job_spends_code(const struct surv_job *j);

#endif
