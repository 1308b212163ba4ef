/*
 * ocop_rounds.h - OCOP evaluation rounds (docs/OCOP.md section 6; issue
 * 16, "What is left" item 1).
 *
 * A round is a council at one level: a province (the officer of that
 * province opens it) or the centre (a coordinator opens it); an
 * administrator or a coordinator may act for the province's officer.  It
 * scores on one scorecard version, for good.  Its members are users with
 * the ocop_evaluator role (of the province, for a provincial round), one
 * of them the chair.  Its products enter in the state the procedure
 * expects: "commune_checked" for a provincial round (the product takes
 * open_provincial), "rated" with OCOP_CENTRAL_MIN points or more at the
 * province for a central round (it takes to_central; one already sent,
 * in "central_round", enters as it is).
 *
 * Each member scores each product independently (ocop_sheet_score: every
 * bad item named, nothing saved), saves drafts and submits once; a member
 * sees the others' sheets of a product only after submitting their own,
 * and anyone else only after the round closed.  The chair closes the
 * round: each product's result is ocop_aggregate of the submitted
 * members' totals (the round never computes a mean of its own), stored on
 * the round and on the product (stars, score), and the product takes its
 * step in the same transaction, with the audit entries and history rows:
 *   province  rate (stars capped at OCOP_PROVINCE_MAX_STARS: the province
 *             rates up to 4 stars; 90 points or more may then go to the
 *             central round), or not_rate below the lowest band;
 *   central   certify_central (5 stars) at OCOP_CENTRAL_MIN or more, else
 *             central_not_5 (the province's stars stay); both issue the
 *             certificate (ocop_certificates.h).
 *
 * The round's own rule decides who acts (its managers, members, chair);
 * the procedure decides whether the product's state allows the step.
 * Errors: 403 "ocop.round_forbidden" (not a manager), "ocop.round_not_
 * member", "ocop.not_chair"; 409 "ocop.round_closed", "ocop.sheet_
 * submitted", "ocop.round_unscored" (naming every product nobody
 * submitted a sheet for), "ocop.round_product_state",
 * "ocop.below_central"; 422 with every problem for bad input.
 */
#ifndef NTM_DOMAIN_OCOP_ROUNDS_H
#define NTM_DOMAIN_OCOP_ROUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"
#include "domain/reporting/reporting.h"	/* struct rep_problems */

#define OCOP_ROUND_NAME_MAX		200	/* bytes */
#define OCOP_PROVINCE_MAX_STARS		4	/* 1489/QĐ-TTg */
#define OCOP_ROUND_MEMBERS_MAX		30	/* as a preview's sheets */
/* The points at the province from which a product goes to the central
 * round, and at the central round 5 stars (1489/QĐ-TTg), in hundredths. */
#define OCOP_CENTRAL_MIN		9000

struct ocop_round_in {
	const char *level;		/* "province" or "central" */
	const char *structure, *code;	/* the province; ignored for central */
	const char *name;
	const char *scorecard_id;	/* NULL: "ocop-148-2023" */
	int scorecard_version;		/* 0: the newest */
	int64_t chair_id;		/* an evaluator: the first member */
};

/* Open a round (every problem of in at once: ERR_INVALID with each in
 * pr; may be NULL).  ERR_FORBIDDEN when p may not open it there. */
enum err ocop_round_open(struct db *db, const struct principal *p,
    const struct ocop_round_in *in, int64_t *id, struct rep_problems *pr,
    struct errinfo *ei);
/* Add an evaluator as a member (a manager of the open round). */
enum err ocop_round_add_member(struct db *db, const struct principal *p,
    int64_t round_id, int64_t user_id, struct errinfo *ei);
/* Add a product in the state the round's level expects; it takes its
 * step of the cycle in the same transaction. */
enum err ocop_round_add_product(struct db *db, const struct principal *p,
    int64_t round_id, int64_t product_id, struct errinfo *ei);
/* A member's sheet for a product: scores {"A": .., ...} or {"items":
 * {..}} as the scorecard allows for the product's group; a draft, or
 * submitted (then never changed).  Every bad score in pr, field
 * "scores.<part>" or "scores.items.<no>". */
enum err ocop_round_sheet_put(struct db *db, const struct principal *p,
    int64_t round_id, int64_t product_id, json_t *scores, bool submit,
    struct rep_problems *pr, struct errinfo *ei);
/* The chair closes the round (see above). */
enum err ocop_round_close(struct db *db, const struct principal *p,
    int64_t round_id, struct errinfo *ei);

/* {id, level, level_name, unit, unit_name, name, scorecard_id,
 * scorecard_version, state, state_name, open, chair_id, chair, opened_at,
 * closed_at, members:[{id, username, full_name, submitted, chair}],
 * products:[{id, name, producer, group, state, state_name, submitted,
 * mean, stars, spread, flagged, outcome, my_sheet}], may_manage,
 * is_member, is_chair} */
enum err ocop_round_get(struct db *db, const struct principal *p,
    int64_t round_id, const char *lang, json_t **out, struct errinfo *ei);
/* {"items":[round without members and products]}: of a unit (structure
 * NULL: any), of a member (0: any). */
enum err ocop_round_list(struct db *db, const char *structure,
    const char *code, int64_t member_id, int64_t limit, int64_t offset,
    const char *lang, json_t **out, struct errinfo *ei);
/* A product's sheets in a round as p may see them: {round_id, product:
 * {id, name, group, group_name, subgroup}, scorecard_id,
 * scorecard_version, open, by_items, items:[{no, name, max}], parts:
 * [{code, name, max}], mine:{scores, parts, total, submitted,
 * submitted_at} or null, others_visible, sheets:[{user_id, full_name,
 * submitted, total, parts, scores}] (totals and scores only when
 * visible)}.  ERR_FORBIDDEN for a caller who is neither member nor
 * manager. */
enum err ocop_round_sheets(struct db *db, const struct principal *p,
    int64_t round_id, int64_t product_id, const char *lang, json_t **out,
    struct errinfo *ei);
/* The round's unit, for the router's scope. */
enum err ocop_round_unit_of(struct db *db, struct arena *a, int64_t round_id,
    const char **structure, const char **code, struct errinfo *ei);
/* The sheets waiting for user_id in open rounds: {"items":[{round_id,
 * round, product_id, product}], "total"} (at most limit items). */
enum err ocop_round_waiting(struct db *db, int64_t user_id, int64_t limit,
    json_t **out, struct errinfo *ei);

/* The evaluators who may sit on a round at (structure, code) (any for
 * the central council): {"items":[{id, full_name}]}. */
enum err ocop_round_evaluators(struct db *db, bool central,
    const char *structure, const char *code, json_t **out,
    struct errinfo *ei);

/* What the rounds add to a step of the cycle's actions route
 * (ocop_product_act, inside its transaction, once the workflow has
 * admitted the step): the steps a round takes itself (open_provincial,
 * rate, not_rate, certify_central, central_not_5) are 409
 * "ocop.round_step"; to_central needs OCOP_CENTRAL_MIN points at the
 * province (409 "ocop.below_central"); certify issues the certificate
 * from the product's last provincial result (409
 * "ocop.no_certificate_stars" below 3 stars). */
enum err ocop_round_step_rule(struct db *db, struct arena *a,
    const struct principal *p, int64_t product_id, const char *transition,
    struct errinfo *ei);

#endif
