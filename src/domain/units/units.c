/*
 * units.c - reading administrative units: one unit, its ancestors, lists
 * filtered by structure, level and parent, search, lineage, and counts.
 *
 * Search folds the query the way the stored keys were folded (text_fold),
 * so "da nang", "ĐÀ NẴNG" and "Đà Nẵng" are the same query, and reads the
 * in-memory key index of units_search.c: exact matches rank first, then
 * matches from the start of the name, then from a later word, then of the
 * full name.
 */
#include <string.h>

#include "core/text.h"
#include "domain/units/units.h"
#include "domain/units/units_internal.h"

const char *const unit_level_names[UNIT_LEVEL__MAX] = {
	"country", "province", "district", "commune", "village"
};

bool
units_split_ref(struct arena *a, const char *s, const char **structure,
    const char **code)
{
	const char *c = s != NULL ? strchr(s, ':') : NULL;

	if (c == NULL || c == s || c[1] == '\0')
		return false;
	*structure = arena_strndup(a, s, (size_t)(c - s));
	*code = arena_strdup(a, c + 1);
	return true;
}

bool
units_structure_valid(const char *s)
{
	return s != NULL && (strcmp(s, "2025") == 0 || strcmp(s, "pre2025") == 0);
}

int
units_level_from_name(const char *s)
{
	for (int i = 0; s != NULL && i < UNIT_LEVEL__MAX; i++)
		if (strcmp(s, unit_level_names[i]) == 0)
			return i;
	return -1;
}

static const char *
col(struct arena *a, struct db_stmt *st, int i)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? arena_strdup(a, s) : NULL;
}

/* Read a unit row in the column order documented in units.sql. */
static void
unit_from_row(struct arena *a, struct db_stmt *st, struct unit *u)
{
	u->structure = col(a, st, 0);
	u->code = col(a, st, 1);
	u->name = col(a, st, 2);
	u->full_name = col(a, st, 3);
	u->name_en = col(a, st, 4);
	u->level = col(a, st, 5);
	u->unit_type = col(a, st, 6);
	u->unit_class = col(a, st, 7);
	u->parent_code = col(a, st, 8);
	u->region7_code = col(a, st, 9);
	u->is_rural = db_col_int(st, 10) != 0;
	u->children_count = db_col_int(st, 11);
	u->region7_name = col(a, st, 12);
	u->parent_name = col(a, st, 13);
}

enum err
units_get(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit *out, struct errinfo *ei)
{
	struct db_stmt *st;
	int rc;

	if (!units_structure_valid(structure))
		return err_set(ei, ERR_NOTFOUND, "units.bad_structure",
		    "structure", "không có cấu trúc đơn vị hành chính '%.40s' "
		    "(dùng 2025 hoặc pre2025)", "there is no administrative "
		    "structure '%.40s' (use 2025 or pre2025)", structure);
	st = db_stmt(db, STMT_UNITS_GET);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	rc = db_step(st, ei);
	if (rc < 0)
		return ei->err;
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "units.not_found", "code",
		    "không tìm thấy đơn vị hành chính %.40s/%.40s",
		    "administrative unit %.40s/%.40s not found", structure,
		    code);
	unit_from_row(a, st, out);
	db_done(st);	/* copied: no read left open before a write */
	return ERR_OK;
}

enum err
units_ancestors(struct db *db, struct arena *a, const struct unit *u,
    struct unit_list *out, struct errinfo *ei)
{
	struct unit chain[UNIT_LEVEL__MAX];
	const char *parent = u->parent_code;
	size_t n = 0;

	/* At most four levels above a village: a fixed bound also stops a
	 * corrupt cycle in parent codes. */
	while (parent != NULL && n < UNIT_LEVEL__MAX) {
		enum err e = units_get(db, a, u->structure, parent, &chain[n], ei);

		if (e != ERR_OK)
			return e;
		parent = chain[n++].parent_code;
	}
	out->items = arena_alloc(a, sizeof(struct unit) * (n ? n : 1));
	for (size_t i = 0; i < n; i++)
		out->items[i] = chain[n - 1 - i];
	out->n = n;
	out->total = (int64_t)n;
	return ERR_OK;
}

static enum err list_collect(struct db *, struct arena *,
    const struct unit_query *, struct db_stmt *, struct unit_list *,
    struct errinfo *);

/* Collect up to limit unit rows; column 14 carries the total. */
static enum err
collect(struct db_stmt *st, struct arena *a, int64_t limit,
    struct unit_list *out, struct errinfo *ei)
{
	int rc;

	out->items = arena_alloc(a, sizeof(struct unit) * (size_t)(limit ? limit : 1));
	out->n = 0;
	out->total = 0;
	while ((rc = db_step(st, ei)) == 1) {
		if ((int64_t)out->n < limit) {
			unit_from_row(a, st, &out->items[out->n++]);
			out->total = db_col_int(st, 14);
		}
	}
	return rc < 0 ? ei->err : ERR_OK;
}

/* Fold the query as the keys were folded, then search the index. */
static enum err
search(struct db *db, struct arena *a, const struct unit_query *q,
    struct unit_list *out, struct errinfo *ei)
{
	struct buf key;
	char *folded;
	enum err e;

	buf_init(&key, UNITS_QUERY_MAX * 4);
	e = text_fold(q->q, strlen(q->q), &key);
	if (e != ERR_OK) {
		buf_free(&key);
		return err_set(ei, e == ERR_LIMIT ? ERR_INVALID : ERR_MALFORMED,
		    "units.bad_query", "q", "từ khóa tìm kiếm không hợp lệ",
		    "the search words are not valid");
	}
	folded = arena_strndup(a, buf_cstr(&key), key.len);
	buf_free(&key);
	if (folded[0] == '\0')
		return err_set(ei, ERR_INVALID, "units.bad_query", "q",
		    "từ khóa tìm kiếm phải có ít nhất một chữ hoặc số",
		    "the search words must hold at least one letter or digit");
	return units_search(db, a, q, folded, out, ei);
}

/*
 * Collect a page; a page past the end has no row to carry the total, so
 * ask again for the first row only to learn it.
 */
static enum err
list_collect(struct db *db, struct arena *a, const struct unit_query *q,
    struct db_stmt *st, struct unit_list *out, struct errinfo *ei)
{
	enum err e = collect(st, a, q->limit, out, ei);

	if (e == ERR_OK && out->n == 0 && q->offset > 0) {
		struct unit_query first = *q;
		struct unit_list probe;

		first.offset = 0;
		first.limit = 1;
		if ((e = units_list(db, a, &first, &probe, ei)) == ERR_OK)
			out->total = probe.total;
	}
	return e;
}

enum err
units_list(struct db *db, struct arena *a, const struct unit_query *q,
    struct unit_list *out, struct errinfo *ei)
{
	struct db_stmt *st = NULL;
	int limit_at;

	if (q->level != NULL && units_level_from_name(q->level) < 0)
		return err_set(ei, ERR_INVALID, "units.bad_level", "level",
		    "cấp '%.40s' không hợp lệ (country, province, district, "
		    "commune, village)", "level '%.40s' is not valid (country, "
		    "province, district, commune, village)", q->level);
	if (q->q != NULL)
		return search(db, a, q, out, ei);
	if (q->parent != NULL && q->level != NULL) {
		st = db_stmt(db, STMT_UNITS_CHILDREN_AT_LEVEL);
		db_bind_text(st, 1, q->structure);
		db_bind_text(st, 2, q->parent);
		db_bind_text(st, 3, q->level);
		limit_at = 4;
	} else if (q->parent != NULL) {
		st = db_stmt(db, STMT_UNITS_CHILDREN);
		db_bind_text(st, 1, q->structure);
		db_bind_text(st, 2, q->parent);
		db_bind_text(st, 3, q->structure);
		db_bind_text(st, 4, q->parent);
		limit_at = 5;
	} else if (q->level != NULL) {
		st = db_stmt(db, STMT_UNITS_AT_LEVEL);
		db_bind_text(st, 1, q->structure);
		db_bind_text(st, 2, q->level);
		limit_at = 3;
	} else {
		st = db_stmt(db, STMT_UNITS_ALL);
		db_bind_text(st, 1, q->structure);
		limit_at = 2;
	}
	db_bind_int(st, limit_at, q->limit);
	db_bind_int(st, limit_at + 1, q->offset);
	return list_collect(db, a, q, st, out, ei);
}

static enum err
links(struct db *db, struct arena *a, enum stmt_id id, const char *structure,
    const char *code, struct unit_link **out, size_t *n, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, id);
	size_t cap = 8;
	int rc;

	*out = arena_alloc(a, sizeof(**out) * cap);
	*n = 0;
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	while ((rc = db_step(st, ei)) == 1) {
		struct unit_link *l;

		if (*n == cap) {
			struct unit_link *bigger = arena_alloc(a,
			    sizeof(**out) * cap * 2);

			memcpy(bigger, *out, sizeof(**out) * cap);
			*out = bigger;
			cap *= 2;
		}
		l = &(*out)[(*n)++];
		l->structure = col(a, st, 0);
		l->code = col(a, st, 1);
		l->full_name = col(a, st, 2);
		l->level = col(a, st, 3);
		l->relation = col(a, st, 4);
		l->qa_flag = col(a, st, 5);
		l->parent_full_name = col(a, st, 6);
	}
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
units_successors(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit_link **out, size_t *n, struct errinfo *ei)
{
	return links(db, a, STMT_UNITS_SUCCESSORS, structure, code, out, n, ei);
}

enum err
units_predecessors(struct db *db, struct arena *a, const char *structure,
    const char *code, struct unit_link **out, size_t *n, struct errinfo *ei)
{
	return links(db, a, STMT_UNITS_PREDECESSORS, structure, code, out, n, ei);
}

enum err
units_count(struct db *db, const char *structure, struct unit_counts *out,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_UNITS_COUNTS);
	int rc;

	memset(out, 0, sizeof(*out));
	while ((rc = db_step(st, ei)) == 1) {
		const char *s = db_col_text(st, 0), *level = db_col_text(st, 1);
		int64_t n = db_col_int(st, 2);

		if (s == NULL || level == NULL || strcmp(s, structure) != 0)
			continue;
		if (strcmp(level, "province") == 0)
			out->provinces = n;
		else if (strcmp(level, "district") == 0)
			out->districts = n;
		else if (strcmp(level, "commune") == 0) {
			out->communes = n;
			out->rural_communes = db_col_int(st, 3);
		}
	}
	return rc < 0 ? ei->err : ERR_OK;
}
