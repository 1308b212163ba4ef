/* ocop_internal.h - what the files of src/domain/ocop share. */
#ifndef NTM_DOMAIN_OCOP_INTERNAL_H
#define NTM_DOMAIN_OCOP_INTERNAL_H

#include "domain/ocop/ocop_registry.h"
#include "domain/workflow/workflow.h"

/* The folded search key of s (malloc'd; "" for NULL). */
char *ocop_fold(const char *s);
/* "%key%" of a search (malloc'd), NULL for none. */
char *ocop_like(const char *q);
/* The unit filter of the list statements: 9 parameters from i. */
void ocop_bind_unit(struct db_stmt *st, int i, const char *structure,
    const char *code);
/* One history row inside the caller's transaction. */
enum err ocop_history_add(struct db *db, const struct principal *p,
    int64_t product_id, const char *field, const char *old_value,
    const char *new_value, struct errinfo *ei);

/* A transition of a product's cycle inside the caller's transaction, in
 * two halves so that a caller checks its own input between them in the
 * order users see errors (403 and 409 before 422):
 * ocop_step_check: the product, its instance and procedure, the
 * workflow's check (role, level, state: p's own binding that may) and a
 * reason where the procedure requires one;
 * ocop_step_take: the move with its timeline event (detail: may be NULL),
 * the product's state and its history rows.
 * Callers: ocop_product_act (one user action), the certificates and the
 * evaluation rounds (a step of a larger action). */
struct ocop_step {
	int64_t product_id;
	struct wf_instance inst;
	const struct wf_procedure *proc;
	const struct wf_transition *t;
	const struct role_binding *b;
};
enum err ocop_step_check(struct db *db, struct arena *a,
    const struct principal *p, int64_t id, const char *transition,
    const char *note, struct ocop_step *out, struct errinfo *ei);
enum err ocop_step_take(struct db *db, struct arena *a,
    const struct principal *p, const struct ocop_step *s, const char *note,
    json_t *detail, struct errinfo *ei);

/* Register a product under producer_id in its commune (structure, code)
 * and start its cycle under proc, inside the caller's transaction: the
 * instance, the row and its first history rows.  No check of who may (the
 * caller's: ocop_product_create, the import) and no audit entry. */
enum err ocop_product_insert(struct db *db, const struct principal *p,
    const struct audit_actor *who, const struct wf_procedure *proc,
    int64_t producer_id, const char *structure, const char *code,
    const struct ocop_product_in *in, int64_t *id, struct errinfo *ei);

/* The PNG thumbnail of a JPEG or PNG (ocop_photos.c); its size. */
struct buf;
enum err ocop_thumbnail(const void *data, size_t len, const char *mime,
    int *width, int *height, struct buf *png, struct errinfo *ei);
/* A photo's checks (ocop_photos.c): not empty, at most OCOP_PHOTO_MAX
 * bytes, JPEG or PNG by content (its type into mime); the marketplace's
 * listing photos share them. */
enum err ocop_photo_check(const void *data, size_t len, char mime[128],
    struct errinfo *ei);
/* Bytes stored once by their SHA-256 (into sha) in attachment_blob. */
enum err ocop_blob_put(struct db *db, const void *data, size_t len,
    char sha[65], struct errinfo *ei);

/* What a photo is added to: an OCOP product or a marketplace listing,
 * which keep photos alike (ocop_photo_add_to, ocop_photos.c). */
struct ocop_photo_owner {
	int64_t id;		/* the product's or the listing's */
	/* The owner's unit into structure and code (arena strings), and
	 * the own-record rule for p acting under acting. */
	enum err (*admit)(struct db *db, struct arena *a,
	    const struct principal *p, const struct role_binding *acting,
	    struct ocop_photo_owner *o, struct errinfo *ei);
	const char *structure, *code;
	enum stmt_id count;	/* (id) -> photos[, highest position] */
	int64_t max;		/* photos at most, */
	enum err (*too_many)(struct errinfo *ei);	/* else this error */
	/* The row: (id[, position], filename, mime, size, sha256, width,
	 * height, the thumbnail's sha256, the time, the actor) returning
	 * its id; positioned: a position one past the highest is bound. */
	enum stmt_id insert;
	bool positioned;
	const char *failed;	/* the error code when no row comes back */
	const char *action;	/* the audit entry's, on object "kind:id" */
	const char *kind;
	/* One more write of the same transaction (NULL: none). */
	enum err (*also)(struct db *db, const struct principal *p,
	    const struct ocop_photo_owner *o, const char *filename,
	    struct errinfo *ei);
};
/* Adds a photo to o as p: admitted (o->admit), checked
 * (ocop_photo_check), thumbnailed (ocop_thumbnail), room left (o->max),
 * then one transaction: the bytes and the thumbnail stored once per
 * SHA-256, the row (its id into *photo_id), o->also, the audit entry.
 * An empty filename becomes "anh.jpg" or "anh.png". */
enum err ocop_photo_add_to(struct db *db, const struct principal *p,
    const struct role_binding *acting, struct ocop_photo_owner *o,
    const char *filename, const void *data, size_t len, int64_t *photo_id,
    struct errinfo *ei);
/* The row of a photo's bytes (mime, data, sha256) copied into the arena
 * a, the reads ended; rc is db_step's answer on st.  A missing photo is
 * ERR_NOTFOUND code on field. */
enum err ocop_photo_row(struct db *db, struct db_stmt *st, int rc,
    struct arena *a, const char **mime, void **data, size_t *len,
    const char **sha256, const char *code, const char *field,
    struct errinfo *ei);

#endif
