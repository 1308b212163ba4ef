/*
 * dos_watch.c - continuous compliance: the recognised units whose later
 * evaluations trigger the revocation rule of their criteria set, and the
 * public register of titles.
 *
 * The rule (18/2022/QĐ-TTg, as the set's "revocation" block states it:
 * a share of failed criteria at or above fail_share_always, or a key
 * criterion failed with a share in [fail_share_from, fail_share_below))
 * is applied here to the stored evaluations' counts and criteria bits, so
 * a title granted by a dossier is watched at once, whatever the
 * evaluation's stored flag said when it was computed before the title.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/units/units.h"

#define EPS	1e-9

bool
dos_rule_from_bits(const struct crit_set *s, int failed, int total,
    const char *bits)
{
	bool key_failed = false;
	double share;

	if (!s->has_revocation || total <= 0)
		return false;
	share = (double)failed / total;
	for (size_t k = 0; bits != NULL && k < s->n_key_criteria; k++)
		for (size_t i = 0; i < s->n_criteria && i < strlen(bits); i++)
			if (strcmp(s->criteria[i].id, s->key_criteria[k]) == 0 &&
			    bits[i] == '0')
				key_failed = true;
	return share >= s->fail_share_always - EPS || (key_failed &&
	    share >= s->fail_share_from - EPS &&
	    share < s->fail_share_below - EPS);
}

enum err
dos_rule_triggered(struct db *db, const char *structure, const char *code,
    const char *set_id, int after_year, int *year, int *failed, int *total,
    struct errinfo *ei)
{
	struct db_stmt *st;
	struct {
		int year, version, failed, total;
		char bits[128];
	} rows[16];
	size_t n = 0;
	int rc;

	*year = *failed = *total = 0;
	st = db_stmt(db, STMT_DOS_EVALS_AFTER);
	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, set_id);
	db_bind_int(st, 4, after_year);
	while ((rc = db_step(st, ei)) == 1 && n < 16) {
		rows[n].year = (int)db_col_int(st, 0);
		rows[n].version = (int)db_col_int(st, 1);
		rows[n].failed = (int)db_col_int(st, 2);
		rows[n].total = (int)db_col_int(st, 3);
		snprintf(rows[n].bits, sizeof(rows[n].bits), "%s",
		    db_col_text(st, 4) ? db_col_text(st, 4) : "");
		n++;
	}
	db_end_reads(db);
	if (rc < 0)
		return ei->err;
	for (size_t i = 0; i < n; i++) {
		const struct crit_set *s;

		if (crit_store_load(db, set_id, rows[i].version, &s, ei) !=
		    ERR_OK) {
			err_clear(ei);
			continue;
		}
		if (dos_rule_from_bits(s, rows[i].failed, rows[i].total,
		    rows[i].bits)) {
			*year = rows[i].year;
			*failed = rows[i].failed;
			*total = rows[i].total;
			break;
		}
	}
	return ERR_OK;
}


const char *const dos_register_sorts[] = { "name", "title", "year",
	"decided", NULL };
const char *const dos_watch_sorts[] = { "name", "title", "recognised",
	"evaluated", "failed", NULL };

/* The sort of f among words (1-based, negative when descending; 0: the
 * list's own order), or ERR_INVALID naming "sort". */
static enum err
sort_code(const struct dos_filter *f, const char *const words[], int *code,
    struct errinfo *ei)
{
	*code = 0;
	if (f == NULL || f->sort == NULL || f->sort[0] == '\0')
		return ERR_OK;
	for (int i = 0; words[i] != NULL; i++)
		if (strcmp(words[i], f->sort) == 0) {
			*code = f->desc ? -(i + 1) : i + 1;
			return ERR_OK;
		}
	return err_set(ei, ERR_INVALID, "dossiers.bad_sort", "sort",
	    "Không sắp xếp được theo “%s”", "Cannot sort by “%s”", f->sort);
}

void
dos_bind_province(struct db_stmt *st, int first, const char *ps,
    const char *pc)
{
	db_bind_text(st, first, ps);
	db_bind_text(st, first + 1, ps);
	db_bind_text(st, first + 2, pc);
	db_bind_text(st, first + 3, ps);
	db_bind_text(st, first + 4, pc);
}

/* The province filter of f into (*ps, *pc), strings in a; none: NULL. */
static enum err
province_of(struct arena *a, const struct dos_filter *f, const char **ps,
    const char **pc, struct errinfo *ei)
{
	*ps = *pc = NULL;
	if (f == NULL || f->province == NULL || f->province[0] == '\0' ||
	    units_split_ref(a, f->province, ps, pc))
		return ERR_OK;
	return err_set(ei, ERR_INVALID, "dossiers.bad_unit", "province",
	    "Không tìm thấy tỉnh đã chọn: hãy chọn lại trong danh sách",
	    "The province chosen was not found: choose it again from the "
	    "list");
}

/* The rank of a title for sorting: the order of dos_titles. */
static int
title_rank(const char *title)
{
	for (int i = 0; dos_titles[i] != NULL; i++)
		if (strcmp(dos_titles[i], title) == 0)
			return i;
	return 99;
}

/* A watch entry with the sort it is ordered by (qsort has no context). */
struct wrow {
	json_t *it;
	int k;		/* sort_code's; 0: by unit code */
};

/* By name: the folded names of the unit, then of the unit above. */
static int
name_cmp(json_t *a, json_t *b)
{
	int c = strcmp(jval_str(a, "fold"), jval_str(b, "fold"));

	return c != 0 ? c : strcmp(jval_str(a, "parent_fold"), jval_str(b,
	    "parent_fold"));
}

/* Two entries in the order of their k, ties by name, then by unit code
 * and set (the list's own order). */
static int
watch_cmp(const void *pa, const void *pb)
{
	static const char *const nums[] = { NULL, NULL, NULL,
		"recognised_year", "year", "criteria_failed" };
	const struct wrow *ra = pa, *rb = pb;
	json_t *a = ra->it, *b = rb->it;
	int k = ra->k, key = k < 0 ? -k : k, c = 0;

	if (key == 1)
		c = name_cmp(a, b);
	else if (key == 2)
		c = title_rank(jval_str(a, "title")) -
		    title_rank(jval_str(b, "title"));
	else if (key >= 3 && key <= 5) {
		json_int_t x = jval_int(a, nums[key], 0),
		    y = jval_int(b, nums[key], 0);

		c = x < y ? -1 : x > y;
	}
	if (k < 0)
		c = -c;
	if (c == 0 && key > 1)
		c = name_cmp(a, b);
	if (c == 0)
		c = strcmp(jval_str(a, "structure"), jval_str(b, "structure"));
	if (c == 0)
		c = strcmp(jval_str(a, "code"), jval_str(b, "code"));
	return c != 0 ? c : strcmp(jval_str(a, "set_id"), jval_str(b,
	    "set_id"));
}

static int64_t
open_case(struct db *db, const char *structure, const char *code,
    const char *title)
{
	struct db_stmt *st = db_stmt(db, STMT_DOS_OPEN_OF);
	int64_t id = 0;

	db_bind_text(st, 1, structure);
	db_bind_text(st, 2, code);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, "revocation");
	if (db_step(st, NULL) == 1)
		id = db_col_int(st, 0);
	db_end_reads(db);
	return id;
}

/* The unit of a watch entry as the list shows it: {structure, code, name,
 * parent}. */
static json_t *
watch_unit(json_t *it)
{
	json_t *parent = json_object_get(it, "parent");

	return json_pack("{s:O, s:O, s:O, s:O}", "structure",
	    json_object_get(it, "structure"), "code", json_object_get(it,
	    "code"), "name", json_object_get(it, "name"), "parent",
	    parent != NULL ? parent : json_null());
}

enum err
dos_watch(struct db *db, const struct principal *p,
    const struct dos_filter *f, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(16 * 1024);
	const char *ps, *pc;
	struct db_stmt *st;
	json_t *items = json_array(), *pending = json_array(), *it;
	char last[96] = "";
	unsigned roles = f != NULL && f->roles != 0 ? f->roles : ROLES_STAFF;
	struct wrow *hits = NULL;
	size_t i, nhits = 0;
	int64_t limit, offset;
	int rc, k;
	enum err e;

	*out = NULL;
	if ((e = province_of(a, f, &ps, &pc, ei)) != ERR_OK ||
	    (e = sort_code(f, dos_watch_sorts, &k, ei)) != ERR_OK)
		goto out;
	limit = f != NULL && f->limit > 0 ? f->limit : 100;
	offset = f != NULL && f->offset > 0 ? f->offset : 0;
	st = db_stmt(db, STMT_DOS_WATCH_CANDIDATES);
	dos_bind_province(st, 1, ps, pc);
	/* Rows come unit by unit, newest evaluation first: keep them, then
	 * decide (crit_store_load may read the database). */
	while ((rc = db_step(st, ei)) == 1) {
		if (f != NULL && f->title != NULL && f->title[0] &&
		    strcmp(f->title, db_col_text(st, 4)) != 0)
			continue;
		json_array_append_new(pending, json_pack("{s:s, s:s, s:s, s:s?,"
		    " s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:I, s:s, s:s, s:s}",
		    "structure", db_col_text(st, 0), "code", db_col_text(st, 1),
		    "name", db_col_text(st, 2), "parent", db_col_text(st, 3),
		    "title", db_col_text(st, 4), "set_id", db_col_text(st, 5),
		    "recognised_year", (json_int_t)db_col_int(st, 6),
		    "decision_no", db_col_text(st, 7),
		    "year", (json_int_t)db_col_int(st, 8),
		    "version", (json_int_t)db_col_int(st, 9),
		    "criteria_failed", (json_int_t)db_col_int(st, 10),
		    "criteria_total", (json_int_t)db_col_int(st, 11),
		    "bits", db_col_text(st, 12) ? db_col_text(st, 12) : "",
		    "fold", db_col_text(st, 13), "parent_fold",
		    db_col_text(st, 14)));
	}
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	hits = xcalloc(json_array_size(pending) + 1, sizeof(*hits));
	json_array_foreach(pending, i, it) {
		const char *structure = jval_str(it, "structure");
		const char *code = jval_str(it, "code");
		const char *set_id = jval_str(it, "set_id");
		const struct crit_set *s;
		char key[96];

		snprintf(key, sizeof(key), "%s:%s:%s", structure, code, set_id);
		if (strcmp(key, last) == 0)
			continue;	/* a newer year already decided it */
		if (crit_store_load(db, set_id, (int)jval_int(it, "version", 0),
		    &s, ei) != ERR_OK) {
			err_clear(ei);
			continue;
		}
		if (!dos_rule_from_bits(s, (int)jval_int(it, "criteria_failed",
		    0), (int)jval_int(it, "criteria_total", 0), jval_str(it,
		    "bits")))
			continue;
		/* A list shows what lies in the viewer's scope. */
		if (!auth_can(db, p, roles, structure, code, NULL))
			continue;
		snprintf(last, sizeof(last), "%s", key);
		hits[nhits].it = it;
		hits[nhits++].k = k;
	}
	/* Every unit the rule selects is known only now: sort them all, then
	 * take the page (the download takes them all, in the same order). */
	qsort(hits, nhits, sizeof(*hits), watch_cmp);
	for (i = (size_t)offset; i < nhits && (int64_t)json_array_size(items) <
	    limit; i++) {
		int64_t c;

		it = hits[i].it;
		c = open_case(db, jval_str(it, "structure"), jval_str(it, "code"),
		    jval_str(it, "title"));
		json_array_append_new(items, json_pack("{s:o, s:O, s:O, s:O, "
		    "s:O, s:O, s:O, s:O, s:o}",
		    "unit", watch_unit(it), "title", json_object_get(it, "title"),
		    "set_id", json_object_get(it, "set_id"),
		    "recognised_year", json_object_get(it, "recognised_year"),
		    "decision_no", json_object_get(it, "decision_no"),
		    "year", json_object_get(it, "year"),
		    "criteria_failed", json_object_get(it, "criteria_failed"),
		    "criteria_total", json_object_get(it, "criteria_total"),
		    "open_case", c > 0 ? json_integer(c) : json_null()));
	}
	*out = json_pack("{s:O, s:I}", "items", items, "total",
	    (json_int_t)nhits);
out:
	free(hits);
	json_decref(items);
	json_decref(pending);
	arena_free(a);
	return e;
}

enum err
dos_register(struct db *db, const struct dos_filter *f, json_t **out,
    struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	const char *ps, *pc, *title = NULL, *name = NULL, *like = NULL;
	struct db_stmt *st;
	json_t *items = json_array();
	int64_t total = 0, limit, offset;
	int year = 0, rc, k;
	enum err e;

	*out = NULL;
	if ((e = province_of(a, f, &ps, &pc, ei)) != ERR_OK ||
	    (e = sort_code(f, dos_register_sorts, &k, ei)) != ERR_OK)
		goto out;
	if (f != NULL) {
		year = f->year;
		title = f->title != NULL && f->title[0] ? f->title : NULL;
	}
	if (f != NULL && f->name != NULL && f->name[0] != '\0') {
		struct buf b;

		buf_init(&b, 512);
		if (text_fold(f->name, strlen(f->name), &b) != ERR_OK) {
			buf_free(&b);
			e = err_set(ei, ERR_INVALID, "dossiers.bad_name", "name",
			    "Tên cần tìm không đọc được",
			    "The name to search for cannot be read");
			goto out;
		}
		if (b.len > 0) {
			name = arena_printf(a, "%.*s", (int)b.len, b.data);
			like = arena_printf(a, "%%%s%%", name);
		}
		buf_free(&b);
	}
	limit = f != NULL && f->limit > 0 ? f->limit : 100;
	offset = f != NULL && f->offset > 0 ? f->offset : 0;
	st = db_stmt(db, STMT_DOS_REGISTER);
	db_bind_int(st, 1, year);
	db_bind_int(st, 2, year);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, title);
	dos_bind_province(st, 5, ps, pc);
	db_bind_text(st, 10, name);
	db_bind_text(st, 11, like);
	for (int n = 12; n <= 21; n++)
		db_bind_int(st, n, k);
	db_bind_int(st, 22, limit);
	db_bind_int(st, 23, offset);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *revoked = json_null();

		if (!db_col_null(st, 11))
			revoked = json_pack("{s:s?, s:s}", "no",
			    db_col_text(st, 12), "at", db_col_text(st, 11));
		json_array_append_new(items, json_pack("{s:{s:s, s:s, s:s, "
		    "s:s?}, s:s, s:s, s:I, s:s, s:s, s:s?, s:o, s:o}",
		    "unit", "structure", db_col_text(st, 0), "code",
		    db_col_text(st, 1), "name", db_col_text(st, 2), "parent",
		    db_col_text(st, 3), "title", db_col_text(st, 4), "set_id",
		    db_col_text(st, 5), "year", (json_int_t)db_col_int(st, 6),
		    "decision_no", db_col_text(st, 7), "decision_date",
		    db_col_text(st, 8), "signer", db_col_text(st, 9),
		    "dossier_id", db_col_null(st, 10) ? json_null() :
		    json_integer(db_col_int(st, 10)), "revoked", revoked));
		total = db_col_int(st, 13);
	}
	db_end_reads(db);
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	*out = json_pack("{s:O, s:I}", "items", items, "total",
	    (json_int_t)total);
out:
	json_decref(items);
	arena_free(a);
	return e;
}
