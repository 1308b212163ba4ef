/*
 * surveys.h - citizen satisfaction surveys: the questionnaire format
 * ("ntm-survey/1", docs/SURVEYS.md), answers checked against it, and the
 * statistics of the results.  Pure: no database, no HTTP.  The store
 * (surveys_store.h) keeps surveys, campaigns, household codes, responses
 * and tallies.
 *
 * A questionnaire:
 *   {"format": "ntm-survey/1", "title": "...", "description": "...",
 *    "questions": [
 *      {"id": "q1", "type": "scale5", "text": "...", "required": true,
 *       "satisfied_from": 4},
 *      {"id": "q2", "type": "yesno", "text": "...", "satisfied": "yes"},
 *      {"id": "q3", "type": "single", "text": "...",
 *       "options": [{"id": "a", "text": "..."}, ...], "satisfied": ["a"]},
 *      {"id": "q4", "type": "multi", "options": [...]},
 *      {"id": "q5", "type": "number", "min": 0, "max": 100},
 *      {"id": "q6", "type": "text", "max_length": 2000,
 *       "show_if": {"question": "q2", "equals": "no"}}]}
 * Types: single, multi, scale5 (1..5), yesno ("yes"/"no"), number, text.
 * A question counts for satisfaction when it says which answers are
 * satisfied: "satisfied" (option ids for single/multi - a multi answer is
 * satisfied when any chosen option is -, "yes"/"no" for yesno) or
 * "satisfied_from" (scale5: the lowest satisfied grade).  "show_if" shows a
 * question only when an earlier question's answer equals a value (or is
 * one of "in": [...]); answers to hidden questions are dropped.
 *
 * Validation errors are ERR_INVALID with errinfo.field the JSON path
 * ("questions[2].options[1].id") and a code "surveys.*".
 *
 * Ownership: surv_def_parse returns a definition the caller frees with
 * surv_def_free; it is immutable and may be shared between threads.
 */
#ifndef NTM_DOMAIN_SURVEYS_H
#define NTM_DOMAIN_SURVEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"

#define SURV_FORMAT		"ntm-survey/1"
#define SURV_DOC_MAX		(256 * 1024)	/* bytes of a questionnaire */
#define SURV_QUESTIONS_MAX	100
#define SURV_OPTIONS_MAX	50
#define SURV_ID_MAX		32	/* bytes of a question or option id */
#define SURV_TEXT_MAX		1000	/* bytes of a question's text */
#define SURV_ANSWER_TEXT_MAX	2000	/* default max_length of a text answer */
/* Added with the parser (surveys_def.c): */
#define SURV_TITLE_MAX		300	/* bytes of the title */
#define SURV_DESCRIPTION_MAX	4000	/* bytes of the description */
#define SURV_ANSWER_TEXT_LIMIT	10000	/* the largest max_length allowed */

enum surv_qtype { SURV_SINGLE, SURV_MULTI, SURV_SCALE5, SURV_YESNO,
	SURV_NUMBER, SURV_TEXT };
extern const char *const surv_qtype_names[];	/* "single", ... */

struct surv_option {
	const char *id, *text;
	bool satisfied;
};

struct surv_question {
	const char *id, *text, *help;
	enum surv_qtype type;
	bool required;
	struct surv_option *options;	/* single, multi */
	size_t n_options;
	bool counts;		/* counts for satisfaction */
	int satisfied_from;	/* scale5 */
	bool satisfied_yes;	/* yesno: true "yes", false "no" */
	double min, max;	/* number; has_min/has_max */
	bool has_min, has_max;
	size_t max_length;	/* text, bytes */
	/* show_if: shown only when question show_q's answer is one of
	 * show_values (n_show_values); show_q < 0: always shown. */
	long show_q;
	const char **show_values;
	size_t n_show_values;
};

struct surv_def {
	const char *title, *description;
	struct surv_question *questions;
	size_t n_questions;
	json_t *doc;		/* the validated document (owned) */
	struct arena *arena;	/* private */
};

enum err surv_def_parse(const char *text, size_t len, struct surv_def **out,
    struct errinfo *ei);
/* doc is borrowed (the definition keeps its own reference).  The
 * reference is to a deep copy in which every string is NFC: d->doc is
 * never the caller's object, and the caller's object is never changed. */
enum err surv_def_from_json(json_t *doc, struct surv_def **out,
    struct errinfo *ei);
void surv_def_free(struct surv_def *d);
/* The index of question id in d, or -1. */
long surv_question_index(const struct surv_def *d, const char *id);

/*
 * One question as an official types it in the designer's plain form
 * (surveys_design.c).  Texts are as typed (NFC, checked for length by the
 * caller); numbers are parsed already; NULL or has_* false: not given.
 */
struct surv_question_in {
	const char *type;		/* a name of surv_qtype_names */
	const char *text, *help;
	bool required;
	const char *options;		/* single, multi: one a line */
	const char *satisfied;		/* single, multi: the options that
					 * count as satisfied, one a line,
					 * by text or number (1 = the first) */
	const char *satisfied_yesno;	/* yesno: "Có"/"Không", "yes"/"no" */
	bool has_satisfied_from;	/* scale5: the lowest satisfied grade */
	double satisfied_from;
	bool has_min, has_max;		/* number: the bounds */
	double min, max;
	bool has_max_length;		/* text: the longest answer, bytes */
	double max_length;
	const char *show_question;	/* asked only when this earlier
					 * question ... */
	const char *show_value;		/* ... has this answer: an option's
					 * text, "Có"/"Không", a grade */
};
/*
 * doc (a questionnaire, borrowed, not changed; anything else starts an
 * empty one) with one more question built from in, as a new reference in
 * *out.  The question's id is the first "q<k>" not taken (k from the
 * number of questions + 1), its options "o1".."oN" in the order given;
 * satisfied lines and a condition's answer are turned into option ids,
 * "yes"/"no" (Vietnamese accepted, marks optional) and grades.  Errors
 * are ERR_INVALID naming the field of in: "type", "options" (fewer than 2
 * or more than SURV_OPTIONS_MAX), "satisfied" (not an option),
 * "satisfied_yesno", "satisfied_from" (not 1..5), "max_length" (not
 * 1..SURV_ANSWER_TEXT_LIMIT), "show_question" (no such question),
 * "show_value" (missing).  The document itself is validated when it is
 * stored (surv_def_parse), like one written by hand.
 */
enum err surv_def_add_question(json_t *doc, const struct surv_question_in *in,
    json_t **out, struct errinfo *ei);

/* One checked answer.  present false: not answered (or hidden). */
struct surv_answer {
	bool present;
	const char *text;	/* single, yesno: the option id / "yes"/"no";
				 * text: the NFC text */
	const char **choices;	/* multi: option ids */
	size_t n_choices;
	double number;		/* number */
	int grade;		/* scale5: 1..5 */
	int satisfied;		/* counts: 1 satisfied, 0 not; -1 n/a */
};

/*
 * Check a response ({"q1": 4, "q2": "yes", "q4": ["a","c"], ...}, or the
 * same as form fields: see surv_answers_from_form) against d: unknown
 * question ids and answers to hidden questions are dropped; a required
 * visible question without an answer is ERR_INVALID naming
 * "answers.<id>"; a wrong type, an unknown option, a grade outside 1..5,
 * a number outside min..max or a text over max_length (ERR_LIMIT) names
 * the question too.  out has d->n_questions entries, strings in a.
 */
enum err surv_answers_check(const struct surv_def *d, json_t *answers,
    struct arena *a, struct surv_answer *out, struct errinfo *ei);
/* The answers as the JSON stored with a response (hidden ones left out,
 * and text answers: those are kept as comments alone, apart from the
 * response, so that hiding one hides it everywhere). */
json_t *surv_answers_json(const struct surv_def *d,
    const struct surv_answer *ans);

/*
 * Added with surveys_answers.c: an HTML form's fields (names[i] =
 * values[i], i < n, in the order they came) as the JSON object that
 * surv_answers_check takes.  "a.<question id>" is the answer (a radio
 * button, a <select>, a text box); for a multi question it may repeat,
 * or each option may be a checkbox "a.<question id>.<option id>" whose
 * value is "on" (any value but "", "0", "off", "false", "no").  Empty
 * values are skipped, other fields ("code", "_csrf", ...) and unknown
 * questions ignored; a field repeated for a question that is not multi is
 * ERR_INVALID (surveys.bad_answer, "answers.<id>"), a value that is not
 * UTF-8 ERR_MALFORMED.  Values are passed as strings: the check converts
 * "4", "yes", "91,5".  *out (caller's reference) is NULL on error.
 */
enum err surv_answers_from_form(const struct surv_def *d,
    const char *const *names, const char *const *values, size_t n,
    json_t **out, struct errinfo *ei);

/*
 * Statistics.  A proportion k/n from a sample of n of N households (N 0:
 * unknown, no correction): the 95 % interval is Wilson's score interval
 * with the variance scaled by the finite-population correction
 * (N - n) / (N - 1), i.e. n_eff = n (N - 1) / (N - n); n = N gives a zero
 * width.  All in 0..1.
 */
struct surv_ci {
	double p, lo, hi;
};
struct surv_ci surv_proportion_ci(int64_t k, int64_t n, int64_t N);
/* The same for a rate p (0..1) that is not a count over n - the overall
 * satisfaction, a mean of question rates - taken over n responses. */
struct surv_ci surv_rate_ci(double p, int64_t n, int64_t N);

/*
 * The disclosure rule (surveys_anon.c): what a campaign's results may
 * show without letting anyone - its owner first - single out a
 * household's answers (docs/SURVEYS.md, "Who may see what").  Nothing is
 * shown for a group of fewer than SURV_GROUP_MIN responses: a village
 * with fewer is pooled with the other small villages ("other villages");
 * while that pool has 1..SURV_GROUP_MIN-1 responses the smallest village
 * still shown on its own joins it, so that no group's figures can be
 * recovered by subtracting the others from the whole.
 *
 * responses[i] (i < n): the responses of group candidate i (a village,
 * or the responses of no village).  group[i] is set to i (shown on its
 * own) or SURV_GROUP_POOLED.  Returns false when the campaign as a whole
 * has fewer than SURV_GROUP_MIN responses: then nothing per group, no
 * answer distribution and no individual response may be shown at all.
 */
#define SURV_GROUP_MIN		5
#define SURV_GROUP_POOLED	(-1)
#define SURV_GROUP_POOL_CODE	"*"	/* the pooled group's code */
bool surv_group_villages(const int64_t *responses, size_t n, int *group);

#endif
