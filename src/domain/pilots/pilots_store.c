/*
 * pilots_store.c - the register of pilot models in the database: a pilot
 * stored or replaced with its indicators in one transaction and its audit
 * entry; one pilot read with its notes, photos and indicators in the
 * reader's language; the register filtered and searched; pilots side by
 * side.  The search key is the folded text of the title, place,
 * deployment and lessons, so "thon thong minh" finds "thôn thông minh";
 * every word of a search must be found in it (a pilot register holds
 * hundreds of rows, not millions: the words are matched here, the
 * filters in the database).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/stamp.h"
#include "db/db_rows.h"
#include "domain/market/market_listings.h"
#include "domain/pilots/pilots_internal.h"
#include "domain/units/units.h"

static const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* A decimal typed as text, stored as "%.15g" (NULL when blank). */
static const char *
stored_number(struct arena *a, const char *s)
{
	double v;

	return pilot_decimal(s, &v) ? arena_printf(a, "%.15g", v) : NULL;
}

/* The search key of in at place name. */
static const char *
search_key(struct arena *a, const struct pilot_in *in, const char *place)
{
	return pilot_fold(a, arena_printf(a, "%s | %s | %s | %s | %s | %s | %s",
	    or_empty(in->title), or_empty(place), or_empty(in->deployed),
	    or_empty(in->resp_unit), or_empty(in->worked),
	    or_empty(in->not_worked), or_empty(in->advice)));
}

static enum err
write_indicators(struct db *db, struct arena *a, int64_t id,
    const struct pilot_in *in, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_PILOTS_INDICATORS_CLEAR);
	enum err e;

	db_bind_int(st, 1, id);
	if ((e = db_exec(st, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < in->n_indicators; i++) {
		const struct pilot_indicator_in *x = &in->indicators[i];
		const char *after = stored_number(a, x->after);

		st = db_stmt(db, STMT_PILOTS_INDICATOR_INSERT);
		db_bind_int(st, 1, id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_text(st, 3, x->name);
		db_bind_text(st, 4, x->unit);
		db_bind_text(st, 5, stored_number(a, x->before));
		db_bind_text(st, 6, x->before_date);
		db_bind_text(st, 7, after);
		db_bind_text(st, 8, after != NULL ? x->after_date : NULL);
		db_bind_text(st, 9, x->dx_indicator != NULL &&
		    x->dx_indicator[0] ? x->dx_indicator : NULL);
		if ((e = db_exec(st, ei)) != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* The audit summary of in: what the register shows, as JSON. */
static json_t *
summary(const struct pilot_in *in, int64_t cost)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:I}",
	    "unit", or_empty(in->unit), "kind", or_empty(in->kind), "status",
	    or_empty(in->status), "title", or_empty(in->title), "cost_vnd",
	    (json_int_t)cost, "funding", or_empty(in->funding), "start_date",
	    or_empty(in->start_date), "review_date", or_empty(in->review_date),
	    "indicators", (json_int_t)in->n_indicators);
}

/* Insert (id 0) or replace pilot *id: in checked, in a transaction. */
static enum err
put(struct db *db, const struct audit_actor *who, int64_t *id,
    const struct pilot_in *in, struct errinfo *ei)
{
	struct arena *a = arena_new(16384);
	struct errinfo probs[1];
	struct pilot_place pl;
	struct unit u;
	struct db_stmt *st;
	char now[STAMP_TIME_LEN];
	const char *status = in->status != NULL && in->status[0] ?
	    in->status : "running";
	bool creating = *id == 0;
	int64_t cost;
	enum err e;
	int rc;

	in = pilot_resolved(db, a, in);
	if (pilot_problems(db, a, in, probs, 1) > 0) {
		*ei = probs[0];
		e = ei->err;
		goto done;
	}
	if ((e = pilot_place_of(db, a, in->unit, &pl, ei)) != ERR_OK ||
	    (e = units_get(db, a, pl.structure, pl.code, &u, ei)) != ERR_OK)
		goto done;
	cost = market_parse_vnd(in->cost);
	stamp_now(now);
	if ((e = db_begin(db, ei)) != ERR_OK)
		goto done;
	st = db_stmt(db, *id == 0 ? STMT_PILOTS_INSERT : STMT_PILOTS_UPDATE);
	db_bind_text(st, 1, pl.structure);
	db_bind_text(st, 2, pl.code);
	db_bind_text(st, 3, pl.province_code);
	db_bind_text(st, 4, in->kind);
	db_bind_text(st, 5, status);
	db_bind_text(st, 6, in->title);
	db_bind_text(st, 7, in->deployed);
	db_bind_int(st, 8, cost);
	db_bind_text(st, 9, in->funding);
	db_bind_text(st, 10, in->start_date);
	db_bind_text(st, 11, in->review_date);
	db_bind_text(st, 12, in->resp_unit);
	db_bind_text(st, 13, in->resp_person);
	db_bind_text(st, 14, or_empty(in->worked));
	db_bind_text(st, 15, or_empty(in->not_worked));
	db_bind_text(st, 16, or_empty(in->advice));
	db_bind_text(st, 17, search_key(a, in, u.full_name));
	if (*id == 0) {
		db_bind_text(st, 18, now);
		audit_bind_actor(st, 19, who);
		db_bind_text(st, 20, now);
		if ((rc = db_step(st, ei)) == 1)
			*id = db_col_int(st, 0);
		db_end_reads(db);
		if (rc != 1)
			e = rc < 0 ? ei->err : err_set(ei, ERR_DB,
			    "pilots.insert", NULL, "Không lưu được mô hình",
			    "The pilot was not stored");
	} else {
		db_bind_text(st, 18, now);
		db_bind_int(st, 19, *id);
		if ((e = db_exec(st, ei)) == ERR_OK && db_changes(db) == 0)
			e = err_set(ei, ERR_NOTFOUND, "pilots.not_found", "id",
			    "Không có mô hình thí điểm này",
			    "There is no such pilot");
	}
	if (e == ERR_OK)
		e = write_indicators(db, a, *id, in, ei);
	if (e == ERR_OK)
		e = audit_record(db, who, creating ?
		    "pilots.create" : "pilots.update", pl.structure, pl.code,
		    summary(in, cost), ei, "pilot:%lld", (long long)*id);
	e = db_finish(db, e, ei);
done:
	arena_free(a);
	return e;
}

enum err
pilot_create(struct db *db, const struct audit_actor *who,
    const struct pilot_in *in, int64_t *id, struct errinfo *ei)
{
	*id = 0;
	return put(db, who, id, in, ei);
}

enum err
pilot_update(struct db *db, const struct audit_actor *who, int64_t id,
    const struct pilot_in *in, struct errinfo *ei)
{
	return put(db, who, &id, in, ei);
}

/* The end of a read of pilot id that stepped once (rc: db_step's
 * answer): its error, "pilots.not_found" when there was no row. */
static enum err
pilot_found(int rc, int64_t id, struct errinfo *ei)
{
	if (rc < 0)
		return ei->err;
	if (rc == 0)
		return err_set(ei, ERR_NOTFOUND, "pilots.not_found", "id",
		    "Không có mô hình thí điểm số %lld",
		    "There is no pilot number %lld", (long long)id);
	return ERR_OK;
}

enum err
pilot_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_PILOTS_UNIT_OF);
	int rc;

	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) == 1) {
		*structure = arena_strdup(a, db_col_text(st, 0));
		*code = arena_strdup(a, db_col_text(st, 1));
	}
	db_end_reads(db);
	return pilot_found(rc, id, ei);
}

/* The words of a label key prefix + value in lang. */
static const char *
label(struct arena *a, const char *lang, const char *prefix,
    const char *value)
{
	return msg_get(lang, arena_printf(a, "%s%s", prefix, or_empty(value)));
}

/* A row of pilots_get / pilots_list (columns 0-20) as JSON in lang. */
static json_t *
row_json(struct db *db, struct arena *a, struct db_stmt *st,
    const char *lang)
{
	const char *funding = db_col_text(st, 9);
	const char *fname = pilot_funding_name(db, funding, lang);
	int64_t cost = db_col_int(st, 8);
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(db_col_int(st, 0)));
	json_object_set_new(o, "unit", json_string(arena_printf(a, "%s:%s",
	    db_col_text(st, 1), db_col_text(st, 2))));
	json_object_set_new(o, "place", json_string(or_empty(db_col_text(st,
	    19))));
	json_object_set_new(o, "province", json_string(or_empty(
	    db_col_text(st, 20))));
	json_object_set_new(o, "province_unit", json_string(arena_printf(a,
	    "%s:%s", db_col_text(st, 1), db_col_text(st, 3))));
	json_object_set_new(o, "kind", json_string(db_col_text(st, 4)));
	json_object_set_new(o, "kind_name", json_string(label(a, lang,
	    "pil_kind_", db_col_text(st, 4))));
	json_object_set_new(o, "status", json_string(db_col_text(st, 5)));
	json_object_set_new(o, "status_name", json_string(label(a, lang,
	    "pil_status_", db_col_text(st, 5))));
	json_object_set_new(o, "title", json_string(db_col_text(st, 6)));
	json_object_set_new(o, "deployed", json_string(db_col_text(st, 7)));
	json_object_set_new(o, "cost_vnd", json_integer(cost));
	json_object_set_new(o, "cost_text", json_string(arena_printf(a,
	    "%s đ", numfmt_int_a(a, cost, lang))));
	json_object_set_new(o, "funding", json_string(funding));
	json_object_set_new(o, "funding_name", json_string(fname != NULL ?
	    fname : "—"));
	json_object_set_new(o, "start_date", json_string(db_col_text(st,
	    10)));
	json_object_set_new(o, "start_text", json_string(date_display(a,
	    db_col_text(st, 10), lang)));
	json_object_set_new(o, "review_date", json_string(db_col_text(st,
	    11)));
	json_object_set_new(o, "review_text", json_string(date_display(a,
	    db_col_text(st, 11), lang)));
	json_object_set_new(o, "resp_unit", json_string(db_col_text(st, 12)));
	json_object_set_new(o, "resp_person", json_string(db_col_text(st,
	    13)));
	json_object_set_new(o, "worked", json_string(db_col_text(st, 14)));
	json_object_set_new(o, "not_worked", json_string(db_col_text(st,
	    15)));
	json_object_set_new(o, "advice", json_string(db_col_text(st, 16)));
	json_object_set_new(o, "has_lessons", json_boolean(
	    db_col_text(st, 14)[0] || db_col_text(st, 15)[0] ||
	    db_col_text(st, 16)[0]));
	json_object_set_new(o, "updated_at", json_string(db_col_text(st,
	    18)));
	return o;
}

/* A stored number in lang ("—" for none). */
static const char *
number_text(struct arena *a, const char *stored, const char *lang)
{
	return stored != NULL ? numfmt_num_a(a, strtod(stored, NULL), lang) :
	    "—";
}

static enum err
indicators_json(struct db *db, struct arena *a, int64_t id,
    const char *lang, json_t *o, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_PILOTS_INDICATORS_OF);
	json_t *arr = json_array();
	int rc;

	db_bind_int(st, 1, id);
	while ((rc = db_step(st, ei)) == 1) {
		const char *b = db_col_text(st, 3), *af = db_col_text(st, 5);
		json_t *x = json_pack("{s:I, s:s, s:s, s:f, s:s, s:s, s:s, s:s}",
		    "position", (json_int_t)db_col_int(st, 0), "name",
		    db_col_text(st, 1), "unit", db_col_text(st, 2), "before",
		    strtod(b, NULL), "before_text", number_text(a, b, lang),
		    "before_date", db_col_text(st, 4), "before_date_text",
		    date_display(a, db_col_text(st, 4), lang), "after_text",
		    number_text(a, af, lang));

		json_object_set_new(x, "dx_indicator", db_col_null(st, 7) ?
		    json_null() : json_string(db_col_text(st, 7)));
		json_object_set_new(x, "after", af != NULL ?
		    json_real(strtod(af, NULL)) : json_null());
		json_object_set_new(x, "after_date", af != NULL ?
		    json_string(db_col_text(st, 6)) : json_null());
		json_object_set_new(x, "after_date_text", json_string(af !=
		    NULL ? date_display(a, db_col_text(st, 6), lang) : "—"));
		if (af != NULL) {
			double d = strtod(af, NULL) - strtod(b, NULL);

			json_object_set_new(x, "change", json_real(d));
			json_object_set_new(x, "change_text", json_string(
			    arena_printf(a, "%s%s", d > 0 ? "+" : "",
			    numfmt_num_a(a, d, lang))));
		} else
			json_object_set_new(x, "change_text", json_string("—"));
		json_array_append_new(arr, x);
	}
	db_end_reads(db);
	if (rc < 0) {
		json_decref(arr);
		return ei->err;
	}
	json_object_set_new(o, "indicators", arr);
	return ERR_OK;
}

/* The notes of pilot id with their photos. */
static enum err
notes_json(struct db *db, struct arena *a, int64_t id, const char *lang,
    json_t *o, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_PILOTS_NOTES_OF);
	json_t *arr = json_array(), *byid = json_object();
	int rc;

	db_bind_int(st, 1, id);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *n = json_pack("{s:I, s:s, s:s, s:s, s:s, s:[]}", "id",
		    (json_int_t)db_col_int(st, 0), "date", db_col_text(st, 1),
		    "date_text", date_display(a, db_col_text(st, 1), lang),
		    "body", db_col_text(st, 2), "author",
		    or_empty(db_col_text(st, 4)), "photos");

		json_object_set(byid, arena_printf(a, "%lld",
		    (long long)db_col_int(st, 0)), n);
		json_array_append_new(arr, n);
	}
	db_end_reads(db);
	if (rc >= 0) {
		st = db_stmt(db, STMT_PILOTS_PHOTOS_OF);
		db_bind_int(st, 1, id);
		while ((rc = db_step(st, ei)) == 1) {
			json_t *n = json_object_get(byid, arena_printf(a, "%lld",
			    (long long)db_col_int(st, 1)));

			if (n != NULL)
				json_array_append_new(json_object_get(n,
				    "photos"), json_pack("{s:I, s:s, s:s}",
				    "id", (json_int_t)db_col_int(st, 0),
				    "filename", db_col_text(st, 2), "href",
				    arena_printf(a, "/pilots/%lld/photos/%lld",
				    (long long)id, (long long)db_col_int(st,
				    0))));
		}
		db_end_reads(db);
	}
	json_decref(byid);
	if (rc < 0) {
		json_decref(arr);
		return ei->err;
	}
	json_object_set_new(o, "notes", arr);
	return ERR_OK;
}

enum err
pilot_get(struct db *db, struct arena *a, int64_t id, const char *lang,
    json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_PILOTS_GET);
	json_t *o = NULL;
	enum err e;
	int rc;

	*out = NULL;
	db_bind_int(st, 1, id);
	if ((rc = db_step(st, ei)) == 1)
		o = row_json(db, a, st, lang);
	db_end_reads(db);
	if ((e = pilot_found(rc, id, ei)) != ERR_OK)
		return e;
	if ((e = indicators_json(db, a, id, lang, o, ei)) != ERR_OK ||
	    (e = notes_json(db, a, id, lang, o, ei)) != ERR_OK) {
		json_decref(o);
		return e;
	}
	*out = o;
	return ERR_OK;
}

/* Is every folded word of q found in key? */
static bool
matches(const char *key, char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(key, words[i]) == NULL)
			return false;
	return true;
}

/* The folded words of q (at most 16) into words. */
static size_t
split_words(struct arena *a, const char *q, char **words, size_t max)
{
	char *f = (char *)pilot_fold(a, q != NULL ? q : "");
	size_t n = 0;

	for (char *s = f; *s && n < max;) {
		size_t len;

		while (*s == ' ' || *s == '\t' || *s == ',' || *s == '.')
			s++;
		len = strcspn(s, " \t,.");
		if (len == 0)
			break;
		words[n++] = arena_strndup(a, s, len);
		s += len;
	}
	return n;
}

enum err
pilot_list(struct db *db, struct arena *a, const struct pilot_query *q,
    const char *lang, json_t **out, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_PILOTS_LIST);
	const char *ps = NULL, *pc = NULL;
	char *words[16];
	size_t nw = split_words(a, q->q, words, 16);
	json_t *items = json_array();
	int64_t total = 0;
	int rc;

	if (q->province != NULL && !units_split_ref(a, q->province, &ps, &pc))
		pc = "-";
	db_bind_text(st, 1, pc);
	db_bind_text(st, 2, pc);
	db_bind_text(st, 3, q->kind);
	db_bind_text(st, 4, q->kind);
	db_bind_text(st, 5, q->status);
	db_bind_text(st, 6, q->status);
	while ((rc = db_step(st, ei)) == 1) {
		json_t *o;

		if (!matches(or_empty(db_col_text(st, 21)), words, nw))
			continue;
		o = row_json(db, a, st, lang);
		if (q->lessons && !json_is_true(json_object_get(o,
		    "has_lessons"))) {
			json_decref(o);
			continue;
		}
		if (total >= q->offset && (q->limit <= 0 || total < q->offset +
		    q->limit))
			json_array_append_new(items, o);
		else
			json_decref(o);
		total++;
	}
	return db_rows_done_object(db, rc, items, total, out, ei);
}

/* One row of the comparison: label key and each pilot's field. */
static void
compare_row(json_t *rows, json_t *pilots, const char *lang, const char *key,
    const char *field)
{
	json_t *vals = json_array(), *p;
	size_t i;

	json_array_foreach(pilots, i, p) {
		const char *v = jval_str(p, field);

		json_array_append_new(vals, json_string(v != NULL && v[0] ? v :
		    "—"));
	}
	json_array_append_new(rows, json_pack("{s:s, s:o}", "label",
	    msg_get(lang, key), "values", vals));
}

enum err
pilot_compare(struct db *db, struct arena *a, const int64_t *ids, size_t n,
    const char *lang, json_t **out, struct errinfo *ei)
{
	static const char *const fields[][2] = {
		{ "pil_place", "place" }, { "pil_province", "province" },
		{ "pil_kind", "kind_name" }, { "pil_status", "status_name" },
		{ "pil_deployed", "deployed" }, { "pil_cost", "cost_text" },
		{ "pil_funding", "funding_name" }, { "pil_start", "start_text" },
		{ "pil_review", "review_text" },
		{ "pil_resp_unit", "resp_unit" },
		{ "pil_worked", "worked" }, { "pil_not_worked", "not_worked" },
		{ "pil_advice", "advice" },
	};
	json_t *pilots, *rows, *p;
	enum err e;

	*out = NULL;
	if (n < 2 || n > PILOT_COMPARE_MAX)
		return err_set(ei, ERR_INVALID, "pilots.compare_count", "ids",
		    "Hãy chọn từ 2 đến %d mô hình để so sánh",
		    "Choose 2 to %d pilots to compare", PILOT_COMPARE_MAX);
	pilots = json_array();
	for (size_t i = 0; i < n; i++) {
		if ((e = pilot_get(db, a, ids[i], lang, &p, ei)) != ERR_OK) {
			json_decref(pilots);
			return e;
		}
		json_object_set_new(p, "notes_count", json_integer((json_int_t)
		    json_array_size(json_object_get(p, "notes"))));
		json_array_append_new(pilots, p);
	}
	rows = json_array();
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		compare_row(rows, pilots, lang, fields[i][0], fields[i][1]);
	*out = json_pack("{s:o, s:o}", "pilots", pilots, "rows", rows);
	return ERR_OK;
}
