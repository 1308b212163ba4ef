/*
 * ocop_registry.h - OCOP producers, products and the early OCOP cycle
 * (docs/OCOP.md sections 1 and 2; issue 16, first slice).
 *
 * A producer (cooperative, enterprise, business household, cooperative
 * group) belongs to a 2025 commune and is represented by accounts with the
 * producer role (ocop_producer_user).  A product belongs to a producer, one
 * of the six groups of 148/QĐ-TTg, and runs the OCOP cycle as a workflow
 * instance (procedures/ocop-product-2025.json; the older three-level path
 * is ocop-product-pre2025.json).  Every change of a product is a history
 * row (who, when, field, old, new), never updated or deleted.
 *
 * The web layer admits a request by role and unit (the router); what this
 * module adds is the producer's own-record rule: a caller acting as a
 * producer writes only the products of a producer it represents.
 * Evaluation rounds, certificates and the public register build on these
 * functions (they take the transitions the procedure declares).
 */
#ifndef NTM_DOMAIN_OCOP_REGISTRY_H
#define NTM_DOMAIN_OCOP_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"

#define OCOP_GROUPS		6
#define OCOP_NAME_MAX		200	/* bytes */
#define OCOP_TEXT_MAX		4000	/* description, plans... */
#define OCOP_PROCEDURE_KIND	"ocop_product"
#define OCOP_PROCEDURE_ID	"ocop-product-2025"
#define OCOP_META_VERSION	"ocop_version"

/* The product groups of 148/QĐ-TTg, in its order (code 1-6). */
struct ocop_group {
	int code;
	const char *vi, *en;
};
extern const struct ocop_group ocop_groups[OCOP_GROUPS];
const struct ocop_group *ocop_group_find(int code);	/* NULL: none */

/* The producer kinds (NULL-terminated); a producer's kind may be NULL. */
extern const char *const ocop_producer_kinds[];

struct ocop_producer_in {
	const char *name, *kind, *address, *phone, *tax_code;
	const char *structure, *code;	/* the commune (2025 structure) */
};

struct ocop_product_in {
	const char *name, *subgroup, *description, *ingredients, *standards;
	const char *business_plan;
	int group;			/* 1-6; 0: missing */
};

/* Every problem of a producer or product at once (each with its field):
 * at most max into out; returns how many. */
size_t ocop_producer_problems(struct db *db, const struct ocop_producer_in *in,
    struct errinfo *out, size_t max);
size_t ocop_product_problems(const struct ocop_product_in *in,
    struct errinfo *out, size_t max);

/* Producers.  link_user (0: none) becomes a representative.  Inside the
 * caller's transaction when one is open (the import), else its own. */
enum err ocop_producer_create(struct db *db, const struct audit_actor *who,
    const struct ocop_producer_in *in, int64_t link_user, int64_t *id,
    struct errinfo *ei);
enum err ocop_producer_update(struct db *db, const struct audit_actor *who,
    int64_t id, const struct ocop_producer_in *in, struct errinfo *ei);
/* {id, name, kind, kind_name, unit:"S:C", commune, address, phone,
 * tax_code, created_at, updated_at, row_version, users:[{id, username}]} */
enum err ocop_producer_get(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei);
/* {"items":[producer without users]}: structure NULL for every unit. */
enum err ocop_producer_list(struct db *db, const char *structure,
    const char *code, const char *q, int64_t limit, int64_t offset,
    const char *lang, json_t **out, struct errinfo *ei);
enum err ocop_producer_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei);
/* [{id, name}] of the producers user represents. */
enum err ocop_producers_of_user(struct db *db, int64_t user_id, json_t **out,
    struct errinfo *ei);
/* Does user represent the producer? */
bool ocop_represents(struct db *db, int64_t producer_id, int64_t user_id);
/* The own-record rule: acting as a producer, p must represent the
 * producer (ERR_FORBIDDEN "ocop.not_yours" otherwise). */
enum err ocop_check_owner(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    struct errinfo *ei);

/* Products. */
struct ocop_filter {
	const char *structure, *code;	/* NULL: every unit */
	int stars, group;		/* 0: any */
	const char *state;		/* NULL: any */
	int64_t producer_id;		/* 0: any */
	const char *q;			/* diacritic-insensitive; NULL: any */
	int64_t limit, offset;
};
/* Start the product's cycle (its state: registered) under the newest
 * procedure of kind ocop_product for the producer's commune. */
enum err ocop_product_create(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t producer_id,
    const struct ocop_product_in *in, int64_t *id, struct errinfo *ei);
/* row_version: the version read (0: any).  Only in an editable state. */
enum err ocop_product_update(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t id,
    const struct ocop_product_in *in, int64_t row_version,
    struct errinfo *ei);
/* {id, producer_id, producer, name, group, group_name, subgroup,
 * description, ingredients, standards, business_plan, unit, commune,
 * state, state_name, stars, score, row_version, created_at, updated_at,
 * editable, timeline:[...], actions:[{id, name, requires_reason}]} */
enum err ocop_product_get(struct db *db, const struct principal *p,
    int64_t id, const char *lang, json_t **out, struct errinfo *ei);
/* {"items":[product summary], "total"} */
enum err ocop_product_list(struct db *db, const struct ocop_filter *f,
    const char *lang, json_t **out, struct errinfo *ei);
/* {"items":[{id, at, username, field, old, new, field_name, old_text,
 * new_text}]} oldest first: old/new as stored (state ids, group numbers,
 * the assessments as JSON), *_text and field_name as people read them in
 * lang. */
enum err ocop_product_history(struct db *db, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei);
enum err ocop_product_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, int64_t *producer_id,
    struct errinfo *ei);

/* The OCOP cycle (ocop_cycle.c).  The commune's four assessments of
 * 1489/QĐ-TTg, each "met" or "not_met", carried by "forward". */
#define OCOP_ASSESSMENTS	4
extern const char *const ocop_assessment_keys[OCOP_ASSESSMENTS];
/* Take transition on product id: the workflow checks role, level and
 * state; "forward" needs the four assessments (object key -> "met" or
 * "not_met"), "return" and the others requiring it a reason (note).  The
 * product's state, a history row and the timeline event in one
 * transaction. */
enum err ocop_product_act(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t id, const char *transition,
    const char *note, json_t *assessments, struct errinfo *ei);

/* Photos (ocop_photos.c): JPEG or PNG by content (libmagic), at most
 * OCOP_PHOTO_MAX bytes and OCOP_PHOTOS_MAX a product, each with a PNG
 * thumbnail at most OCOP_THUMB_PX on its longer side.  ERR_MEDIA
 * "ocop.bad_photo" (field "file") for anything else, or a file that does
 * not decode; the own-record rule as for edits. */
#define OCOP_PHOTO_MAX		(8 * 1024 * 1024)
#define OCOP_PHOTOS_MAX		12
#define OCOP_THUMB_PX		320
struct ocop_photo {
	const char *mime, *sha256;
	void *data;			/* in the arena */
	size_t len;
};
enum err ocop_photo_add(struct db *db, const struct principal *p,
    const struct role_binding *acting, int64_t product_id,
    const char *filename, const void *data, size_t len, int64_t *photo_id,
    struct errinfo *ei);
/* {"items":[{id, filename, mime, size, width, height, created_at, href,
 * thumb_href}]} */
enum err ocop_photo_list(struct db *db, int64_t product_id, json_t **out,
    struct errinfo *ei);
enum err ocop_photo_get(struct db *db, struct arena *a, int64_t product_id,
    int64_t photo_id, bool thumb, struct ocop_photo *out, struct errinfo *ei);

#endif
