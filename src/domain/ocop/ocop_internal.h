/* ocop_internal.h - what the files of src/domain/ocop share. */
#ifndef NTM_DOMAIN_OCOP_INTERNAL_H
#define NTM_DOMAIN_OCOP_INTERNAL_H

#include "domain/ocop/ocop_registry.h"

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

/* The PNG thumbnail of a JPEG or PNG (ocop_photos.c); its size. */
struct buf;
enum err ocop_thumbnail(const void *data, size_t len, const char *mime,
    int *width, int *height, struct buf *png, struct errinfo *ei);

#endif
