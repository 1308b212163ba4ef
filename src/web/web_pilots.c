/*
 * web_pilots.c - the register of smart village and commune pilot models
 * over HTTP (domain/pilots/pilots.h; docs/DIGITAL.md section 6):
 *   GET  /pilots                     the register (?province= &kind=
 *                                    &status= &q=), JSON at /api/v1/pilots
 *   GET  /pilots/export.csv|.xlsx    the register's table as a file
 *   GET  /pilots/new                 the form of a new pilot
 *   POST /pilots                     store one (unit in the body)
 *   GET  /pilots/lessons?q=          the lessons learned, searched
 *   GET  /pilots/compare?ids=        2-4 pilots side by side
 *   GET  /pilots/{id}                one pilot: notes, photos, indicators
 *   GET  /pilots/{id}/edit, POST /pilots/{id}   change it
 *   POST /pilots/{id}/notes          a progress note (a photo with a form)
 *   POST /pilots/{id}/notes/{nid}/photos  one more photo (API: the body)
 *   GET  /pilots/{id}/photos/{pid}   a photo
 * Reads are public: lessons are for other communes.  Writes are a commune
 * officer's (own commune), a province officer's (own province), an
 * admin's or coordinator's: the router resolves the pilot's unit (or the
 * body's unit for a new one) and checks it before the handler.
 */
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/url.h"
#include "domain/pilots/pilots.h"
#include "domain/units/units.h"
#include "web/web_internal.h"
#include "web/web_photos.h"

#define PILW_WRITERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
	ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER))
#define PILW_SLOTS	2	/* empty indicator rows of a new pilot's form */

static enum err
resolve_pilot(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	enum err e;

	t->field = "id";
	if ((e = web_path_id(r, "id", "pilots.not_found", &t->id, ei)) !=
	    ERR_OK)
		return e;
	return pilot_unit_of(w->db, r->arena, t->id, &t->structure, &t->code,
	    ei);
}

static const struct scope pilw_scope_pilot = { "pilot", resolve_pilot };

static const char *const kind_choices[] = { "smart_village",
	"smart_commune", NULL };
static const char *const status_choices[] = { "planned", "running",
	"finished", "stopped", NULL };

static const struct qfield list_query[] = {
	{ "province", Q_TEXT, 0, 0, 32, NULL },
	{ "kind", Q_CHOICE, 0, 0, 0, kind_choices },
	{ "status", Q_CHOICE, 0, 0, 0, status_choices },
	{ "q", Q_TEXT, 0, 0, PILOT_QUERY_MAX, NULL },
	QF_LIMIT, QF_OFFSET,
};
static const struct qfield lessons_query[] = {
	{ "q", Q_TEXT, 0, 0, PILOT_QUERY_MAX, NULL },
	QF_LIMIT, QF_OFFSET,
};
static const struct qfield compare_query[] = {
	{ "ids", Q_TEXT, 0, 0, 100, NULL },
};

static const char *
blank_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* The register's filters from the query. */
static void
list_filters(struct web *w, struct pilot_query *q, bool lessons)
{
	memset(q, 0, sizeof(*q));
	q->province = lessons ? NULL : blank_null(web_qtext(w, "province"));
	q->kind = lessons ? NULL : blank_null(web_qtext(w, "kind"));
	q->status = lessons ? NULL : blank_null(web_qtext(w, "status"));
	q->q = blank_null(web_qtext(w, "q"));
	q->lessons = lessons;
	q->limit = web_qint(w, "limit", 50);
	q->offset = web_qint(w, "offset", 0);
}

/* The filter choices of a page, each marked selected. */
static void
mark(json_t *choices, const char *current)
{
	json_t *c;
	size_t i;

	json_array_foreach(choices, i, c)
		json_object_set_new(c, "selected", json_boolean(current !=
		    NULL && strcmp(jval_str(c, "value"), current) == 0));
}

/* The links to the previous and next pages of the register. */
static void
pager(struct req *r, json_t *view, const struct pilot_query *q)
{
	int64_t total = jval_int(view, "total", 0);
	const char *base;
	struct buf b;
	bool ok;

	buf_init(&b, 4096);
	ok = (q->q == NULL || url_query_add(&b, "q", q->q) == ERR_OK) &&
	    (q->province == NULL || url_query_add(&b, "province",
	    q->province) == ERR_OK) && (q->kind == NULL || url_query_add(&b,
	    "kind", q->kind) == ERR_OK) && (q->status == NULL ||
	    url_query_add(&b, "status", q->status) == ERR_OK) &&
	    url_query_add(&b, "limit", arena_printf(r->arena, "%lld",
	    (long long)q->limit)) == ERR_OK;
	base = arena_printf(r->arena, "/pilots?%s", ok ? buf_cstr(&b) : "");
	buf_free(&b);

	if (q->offset > 0)
		json_object_set_new(view, "prev_href", json_string(arena_printf(
		    r->arena, "%s&offset=%lld", base, (long long)(q->offset >
		    q->limit ? q->offset - q->limit : 0))));
	if (q->offset + q->limit < total)
		json_object_set_new(view, "next_href", json_string(arena_printf(
		    r->arena, "%s&offset=%lld", base, (long long)(q->offset +
		    q->limit))));
}

static enum err
list_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct pilot_query q;
	json_t *out;
	enum err e;

	list_filters(w, &q, false);
	if ((e = pilot_list(w->db, r->arena, &q, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	json_object_set_new(view, "filter", json_pack("{s:s?, s:s?, s:s?, s:s?}",
	    "province", q.province, "kind", q.kind, "status", q.status, "q",
	    q.q));
	if (!w->json) {
		pilot_choices(w->db, w->lang, view);
		mark(json_object_get(view, "kinds"), q.kind);
		mark(json_object_get(view, "statuses"), q.status);
		web_unit_choices(r, w, view, "provinces", "province", q.province);
		json_object_set_new(view, "can_write", json_boolean(web_holds(w,
		    PILW_WRITERS)));
		pager(r, view, &q);
		json_object_set_new(view, "export_query", json_string(
		    strchr(web_here(r), '?') != NULL ? strchr(web_here(r), '?') :
		    ""));
	}
	return ERR_OK;
}

static enum err
lessons_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct pilot_query q;
	json_t *out;
	enum err e;

	list_filters(w, &q, true);
	if ((e = pilot_list(w->db, r->arena, &q, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	json_object_set_new(view, "filter", json_pack("{s:s?}", "q", q.q));
	return ERR_OK;
}

/* The register as CSV or XLSX: the table the page shows. */
static enum err
export(struct req *r, struct web *w, bool xlsx, struct errinfo *ei)
{
	struct pilot_query q;
	json_t *out;
	enum err e;

	list_filters(w, &q, false);
	q.limit = 0;
	q.offset = 0;
	if ((e = pilot_list(w->db, r->arena, &q, w->lang, &out, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	e = xlsx ? pilot_list_xlsx(json_object_get(out, "items"), w->lang,
	    &r->out, ei) : pilot_list_csv(json_object_get(out, "items"),
	    w->lang, &r->out, ei);
	json_decref(out);
	if (e != ERR_OK)
		return e;
	r->status = 200;
	r->content_type = xlsx ? "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
	http_add_header(r, "Content-Disposition", xlsx ?
	    "attachment; filename=\"mo-hinh-thi-diem.xlsx\"" :
	    "attachment; filename=\"mo-hinh-thi-diem.csv\"");
	return ERR_OK;
}

static enum err
export_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return export(r, w, false, ei);
}

static enum err
export_xlsx(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return export(r, w, true, ei);
}

/* One field of the body into *out, its refusal a problem of the form. */
static void
field(struct req *r, struct web *w, const char *name, size_t max,
    const char **out)
{
	struct errinfo one;

	if (web_field(r, w, name, max, false, out, &one) != ERR_OK)
		web_problem(w, &one, NULL);
}

/* The indicators of the body: a JSON array "indicators" of objects, or
 * the form's rows indicators.N.* (a row left empty is no indicator). */
static void
indicator_fields(struct req *r, struct web *w, struct pilot_in *in)
{
	static const char *const names[] = { "name", "unit", "before",
		"before_date", "after", "after_date", "dx_indicator" };
	json_t *arr = w->body != NULL ? json_object_get(w->body,
	    "indicators") : NULL;
	size_t n = arr != NULL ? json_array_size(arr) : PILOT_INDICATORS_MAX;

	if (n > PILOT_INDICATORS_MAX + 1)
		n = PILOT_INDICATORS_MAX + 1;
	in->indicators = arena_alloc(r->arena, (n + 1) *
	    sizeof(*in->indicators));
	in->n_indicators = 0;
	for (size_t i = 0; i < n; i++) {
		struct pilot_indicator_in *x = &in->indicators[in->n_indicators];
		const char **dst[] = { &x->name, &x->unit, &x->before,
			&x->before_date, &x->after, &x->after_date,
			&x->dx_indicator };
		bool any = false;

		for (size_t k = 0; k < 7; k++) {
			if (arr != NULL) {
				json_t *v = json_object_get(json_array_get(arr,
				    i), names[k]);

				*dst[k] = json_is_string(v) ?
				    json_string_value(v) : json_is_number(v) ?
				    arena_printf(r->arena, "%.15g",
				    json_number_value(v)) : NULL;
			} else
				field(r, w, arena_printf(r->arena,
				    "indicators.%zu.%s", i + 1, names[k]),
				    PILOT_TITLE_MAX, dst[k]);
			any = any || blank_null(*dst[k]) != NULL;
		}
		if (any || arr != NULL)
			in->n_indicators++;
	}
}

static void
pilot_fields(struct req *r, struct web *w, struct pilot_in *in)
{
	static const struct {
		const char *name;
		size_t max;
		size_t off;
	} texts[] = {
		{ "unit", 64, offsetof(struct pilot_in, unit) },
		{ "kind", 40, offsetof(struct pilot_in, kind) },
		{ "status", 40, offsetof(struct pilot_in, status) },
		{ "title", PILOT_TITLE_MAX, offsetof(struct pilot_in, title) },
		{ "deployed", PILOT_TEXT_MAX, offsetof(struct pilot_in,
		    deployed) },
		{ "cost", 64, offsetof(struct pilot_in, cost) },
		{ "funding", 40, offsetof(struct pilot_in, funding) },
		{ "start_date", 32, offsetof(struct pilot_in, start_date) },
		{ "review_date", 32, offsetof(struct pilot_in, review_date) },
		{ "resp_unit", PILOT_TITLE_MAX, offsetof(struct pilot_in,
		    resp_unit) },
		{ "resp_person", PILOT_TITLE_MAX, offsetof(struct pilot_in,
		    resp_person) },
		{ "worked", PILOT_TEXT_MAX, offsetof(struct pilot_in, worked) },
		{ "not_worked", PILOT_TEXT_MAX, offsetof(struct pilot_in,
		    not_worked) },
		{ "advice", PILOT_TEXT_MAX, offsetof(struct pilot_in, advice) },
	};
	json_t *cost = w->body != NULL ? json_object_get(w->body, "cost") :
	    NULL;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		field(r, w, texts[i].name, texts[i].max, (const char **)(void *)
		    ((char *)in + texts[i].off));
	/* The API may send the cost as a number of đồng. */
	if (json_is_integer(cost))
		in->cost = arena_printf(r->arena, "%lld", (long long)
		    json_integer_value(cost));
	indicator_fields(r, w, in);
}

static void
add_problems(struct web *w, const struct errinfo *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		web_problem(w, &p[i], NULL);
}

/* The pilot of the form or body, and whether it may be saved: every
 * problem of its fields at once (the page lists them all). */
static enum err
pilot_checked(struct req *r, struct web *w, struct pilot_in *in,
    struct errinfo *ei)
{
	struct errinfo probs[PILOT_PROBLEMS_MAX];

	pilot_fields(r, w, in);
	add_problems(w, probs, pilot_problems(w->db, r->arena, in, probs,
	    PILOT_PROBLEMS_MAX));
	return web_problems(w, ei);
}

/* The unit picker of the form, named as the page calls the place. */
static enum err
place_picker(struct req *r, struct web *w, json_t *view, const char *current,
    struct errinfo *ei)
{
	enum err e = web_unit_picker(r, w, view, "unit_picker", "unit",
	    current, NULL, ei);

	if (e == ERR_OK)
		json_object_set_new(json_object_get(view, "unit_picker"),
		    "label", json_string(msg_get(w->lang, "pil_place_pick")));
	return e;
}

/* Indicator row n of the form: what was posted (a refused form shows what
 * was typed), else the stored indicator rec (NULL: an empty row). */
static json_t *
slot_json(struct req *r, size_t n, const json_t *rec, const json_t *dx)
{
	static const char *const names[] = { "name", "unit", "before",
		"before_date", "after", "after_date", "dx_indicator" };
	json_t *s = json_pack("{s:I}", "n", (json_int_t)n);

	for (size_t k = 0; k < 7; k++) {
		const char *posted = http_form(r, arena_printf(r->arena,
		    "indicators.%zu.%s", n, names[k]));
		const json_t *v = rec != NULL ? json_object_get(rec, names[k]) :
		    NULL;

		if (posted != NULL)
			json_object_set_new(s, names[k], json_string(posted));
		else if (json_is_number(v))
			json_object_set_new(s, names[k], json_string(
			    arena_printf(r->arena, "%.15g",
			    json_number_value(v))));
		else if (json_is_string(v))
			json_object_set(s, names[k], (json_t *)v);
	}
	/* the readiness set's indicators, the row's own selected */
	if (json_array_size(dx) > 0) {
		json_t *mine = json_deep_copy(dx);

		mark(mine, jval_str(s, "dx_indicator"));
		json_object_set_new(s, "dx", mine);
	}
	return s;
}

/* The rows of the form: the stored ones, then empty ones up to
 * PILW_SLOTS and one more. */
static json_t *
slots_json(struct req *r, const json_t *stored, const json_t *dx)
{
	size_t n = json_array_size(stored), total = n + 1;
	json_t *a = json_array();

	if (total < PILW_SLOTS)
		total = PILW_SLOTS;
	/* a refused form: every row that was posted */
	for (size_t k = total + 1; k <= PILOT_INDICATORS_MAX; k++)
		if (http_form(r, arena_printf(r->arena, "indicators.%zu.name",
		    k)) != NULL)
			total = k;
	if (total > PILOT_INDICATORS_MAX)
		total = PILOT_INDICATORS_MAX;
	for (size_t i = 0; i < total; i++)
		json_array_append_new(a, slot_json(r, i + 1, i < n ?
		    json_array_get(stored, i) : NULL, dx));
	return a;
}

/* The form of a new pilot (and of a refused one). */
static enum err
new_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	pilot_choices(w->db, w->lang, view);
	json_object_set_new(view, "slots", slots_json(r, NULL, json_object_get(
	    view, "dx_indicators")));
	mark(json_object_get(view, "kinds"), http_form(r, "kind"));
	mark(json_object_get(view, "statuses"), http_form(r, "status") != NULL ?
	    http_form(r, "status") : "running");
	mark(json_object_get(view, "fundings"), http_form(r, "funding"));
	return place_picker(r, w, view, NULL, ei);
}

static enum err
create(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct pilot_in in = { 0 };
	struct audit_actor who;
	json_t *out;
	int64_t id;
	enum err e;

	if ((e = pilot_checked(r, w, &in, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = pilot_create(w->db, &who, &in, &id, ei)) != ERR_OK ||
	    (e = pilot_get(w->db, r->arena, id, w->lang, &out, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "created", out);
	w->redirect = arena_printf(r->arena, "/pilots/%lld?saved=1",
	    (long long)id);
	return ERR_OK;
}

static enum err
pilot_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	int64_t id;
	json_t *out;
	enum err e;

	if ((e = web_path_id(r, "id", "pilots.not_found", &id, ei)) != ERR_OK ||
	    (e = pilot_get(w->db, r->arena, id, w->lang, &out, ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	if (!w->json) {
		const char *s, *c;

		json_object_set_new(view, "can_write", json_boolean(
		    units_split_ref(r->arena, jval_str(view, "unit"), &s, &c) &&
		    web_can(w, PILW_WRITERS, s, c)));
	}
	return ERR_OK;
}

/* The edit form: the pilot's fields as the form's (a refused form: what
 * was typed, which the layout puts in "form" after this). */
static enum err
edit_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	static const char *const fields[] = { "title", "deployed",
		"start_date", "review_date", "resp_unit", "resp_person",
		"worked", "not_worked", "advice" };
	json_t *p, *form;
	const char *kind, *status, *funding;
	enum err e;

	if ((e = pilot_get(w->db, r->arena, w->target.id, w->lang, &p, ei)) !=
	    ERR_OK)
		return e;
	form = json_object();
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		json_object_set(form, fields[i], json_object_get(p, fields[i]));
	json_object_set_new(form, "cost", json_string(arena_printf(r->arena,
	    "%lld", (long long)json_integer_value(json_object_get(p,
	    "cost_vnd")))));
	kind = http_form(r, "kind") != NULL ? http_form(r, "kind") :
	    jval_str(p, "kind");
	status = http_form(r, "status") != NULL ? http_form(r, "status") :
	    jval_str(p, "status");
	funding = http_form(r, "funding") != NULL ? http_form(r, "funding") :
	    jval_str(p, "funding");
	json_object_set_new(view, "form", form);
	pilot_choices(w->db, w->lang, view);
	json_object_set_new(view, "slots", slots_json(r, json_object_get(p,
	    "indicators"), json_object_get(view, "dx_indicators")));
	mark(json_object_get(view, "kinds"), kind);
	mark(json_object_get(view, "statuses"), status);
	mark(json_object_get(view, "fundings"), funding);
	e = place_picker(r, w, view, jval_str(p, "unit"), ei);
	json_object_set_new(view, "pilot", p);
	return e;
}

static enum err
update(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct pilot_in in = { 0 };
	struct audit_actor who;
	const char *us, *uc;
	enum err e;

	if ((e = pilot_checked(r, w, &in, ei)) != ERR_OK)
		return e;
	/* Moving a pilot to a unit outside the caller's scope is a write
	 * there too: the router checked the pilot's present unit only. */
	if (!units_split_ref(r->arena, in.unit, &us, &uc) ||
	    !web_can(w, PILW_WRITERS, us, uc))
		return err_set(ei, ERR_FORBIDDEN, "pilots.forbidden", "unit",
		    "Tài khoản này không quản lý đơn vị đó",
		    "This account does not manage that unit");
	web_actor(w, &who);
	if ((e = pilot_update(w->db, &who, w->target.id, &in, ei)) != ERR_OK)
		return e;
	w->redirect = arena_printf(r->arena, "/pilots/%lld?saved=1",
	    (long long)w->target.id);
	return pilot_page(r, w, view, ei);
}

/* The photos of a note's form: every "file" part with bytes (the page
 * sends one; a form may send more). */
static size_t
form_files(struct req *r, struct pilot_file *files, size_t max)
{
	const char *name = NULL, *type = NULL;
	size_t len = 0;
	const void *data;

	if (!r->is_form || max == 0)
		return 0;
	data = http_form_file(r, "file", &len, &name, &type);
	if (data == NULL || len == 0)
		return 0;
	files[0].name = name;
	files[0].data = data;
	files[0].len = len;
	return 1;
}

static enum err
note_add(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct errinfo probs[8];
	struct pilot_file files[1];
	struct audit_actor who;
	const char *date = NULL, *body = NULL;
	size_t nfiles = form_files(r, files, 1), np = 0;
	int64_t note_id = 0;
	enum err e;

	field(r, w, "date", 32, &date);
	field(r, w, "body", PILOT_TEXT_MAX, &body);
	if ((e = web_problems(w, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	e = pilot_note_add(w->db, r->arena, &who, w->target.id, date, body,
	    files, nfiles, &note_id, probs, 8, &np, ei);
	if (np > 0) {
		add_problems(w, probs, np);
		return web_problems(w, ei);
	}
	if (e != ERR_OK)
		return e;
	json_object_set_new(view, "created", json_pack("{s:I}", "id",
	    (json_int_t)note_id));
	w->redirect = arena_printf(r->arena, "/pilots/%lld?saved=1#notes",
	    (long long)w->target.id);
	return ERR_OK;
}

/* The note's form again (a refused note): the pilot's page. */
static enum err
note_form_view(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	return pilot_page(r, w, view, ei);
}

static enum err
photo_add(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct pilot_file f = { NULL, NULL, 0 };
	struct audit_actor who;
	int64_t nid, pid;
	enum err e;

	if ((e = web_path_id(r, "nid", "pilots.no_note", &nid, ei)) != ERR_OK ||
	    (e = web_photo_upload(r, w, "pilots.bad_upload", &f.data, &f.len,
	    &f.name, ei)) != ERR_OK)
		return e;
	web_actor(w, &who);
	if ((e = pilot_photo_add(w->db, r->arena, &who, w->target.id, nid, &f,
	    &pid, ei)) != ERR_OK)
		return e;
	json_object_set_new(view, "created", json_pack("{s:I, s:s}", "id",
	    (json_int_t)pid, "href", arena_printf(r->arena,
	    "/pilots/%lld/photos/%lld", (long long)w->target.id,
	    (long long)pid)));
	return ERR_OK;
}

static enum err
photo_get(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const char *mime, *sha;
	const void *data;
	size_t len;
	int64_t id, pid;
	enum err e;

	(void)view;
	if ((e = web_path_id(r, "id", "pilots.not_found", &id, ei)) != ERR_OK ||
	    (e = web_path_id(r, "pid", "pilots.no_photo", &pid, ei)) !=
	    ERR_OK ||
	    (e = pilot_photo_get(w->db, r->arena, id, pid, &mime, &sha, &data,
	    &len, ei)) != ERR_OK)
		return e;
	return web_photo_send(r, "public, max-age=86400", mime, sha, data, len);
}

/* The ids of ?ids=1,2&ids=3 (comma-separated, repeated, or both). */
struct ids {
	int64_t v[PILOT_COMPARE_MAX + 1];
	size_t n;
	bool bad;
};

static void
collect_id(void *ctx, const char *name, const char *value)
{
	struct ids *ids = ctx;

	if (strcmp(name, "ids") != 0 || value == NULL)
		return;
	for (const char *s = value; *s;) {
		char *end;
		long long v;

		if (*s == ',' || *s == ' ') {
			s++;
			continue;
		}
		v = strtoll(s, &end, 10);
		if (end == s || v <= 0) {
			ids->bad = true;
			return;
		}
		if (ids->n <= PILOT_COMPARE_MAX)
			ids->v[ids->n] = v;
		ids->n++;
		s = end;
	}
}

static enum err
compare_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	struct ids ids = { .n = 0 };
	json_t *out;
	enum err e;

	http_query_each(r, collect_id, &ids);
	if (ids.bad)
		return err_set(ei, ERR_INVALID, "pilots.bad_ids", "ids",
		    "Hãy chọn các mô hình trong danh sách",
		    "Choose the pilots from the list");
	if ((e = pilot_compare(w->db, r->arena, ids.v, ids.n >
	    PILOT_COMPARE_MAX ? PILOT_COMPARE_MAX + 1 : ids.n, w->lang, &out,
	    ei)) != ERR_OK)
		return e;
	jval_merge(view, out);
	return ERR_OK;
}

const struct route pilots_routes[] = {
	{ .method = "GET", .pattern = "/pilots",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "pilots/list",
	  .fn = list_page, QUERY(list_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/pilots/export.csv",
	  .flags = ROUTE_RAW, .fn = export_csv, QUERY(list_query),
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/pilots/export.xlsx",
	  .flags = ROUTE_RAW, .fn = export_xlsx, QUERY(list_query),
	  .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/pilots/new",
	  .flags = ROUTE_HTML, .tmpl = "pilots/new", .fn = new_page,
	  .roles = PILW_WRITERS },
	{ .method = "POST", .pattern = "/pilots",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "pilots/new",
	  .fn = create, .roles = PILW_WRITERS, .scope = &scope_body_unit,
	  .form_view = new_page },
	{ .method = "GET", .pattern = "/pilots/lessons",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "pilots/lessons",
	  .fn = lessons_page, QUERY(lessons_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/pilots/compare",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "pilots/compare",
	  .fn = compare_page, QUERY(compare_query), .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/pilots/{id}",
	  .flags = ROUTE_HTML | ROUTE_API, .tmpl = "pilots/pilot",
	  .fn = pilot_page, .roles = ROLES_PUBLIC },
	{ .method = "GET", .pattern = "/pilots/{id}/edit",
	  .flags = ROUTE_HTML, .tmpl = "pilots/edit", .fn = edit_page,
	  .roles = PILW_WRITERS, .scope = &pilw_scope_pilot },
	{ .method = "POST", .pattern = "/pilots/{id}",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "pilots/edit",
	  .fn = update, .roles = PILW_WRITERS, .scope = &pilw_scope_pilot,
	  .form_view = edit_page },
	{ .method = "POST", .pattern = "/pilots/{id}/notes",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "pilots/pilot",
	  .fn = note_add, .roles = PILW_WRITERS, .scope = &pilw_scope_pilot,
	  .form_view = note_form_view },
	{ .method = "POST", .pattern = "/pilots/{id}/notes/{nid}/photos",
	  .flags = ROUTE_API, .fn = photo_add, QUERY(web_photo_query),
	  .roles = PILW_WRITERS, .scope = &pilw_scope_pilot },
	{ .method = "GET", .pattern = "/pilots/{id}/photos/{pid}",
	  .flags = ROUTE_RAW | ROUTE_API, .fn = photo_get,
	  .roles = ROLES_PUBLIC },
	{ .method = NULL }
};
