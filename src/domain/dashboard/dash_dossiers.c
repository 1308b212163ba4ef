/*
 * dash_dossiers.c - the recognition dossiers' panel of a dashboard: the
 * open dossiers of the unit's scope by state (the state's name in the
 * procedure the dossier follows), how many are past their state's
 * deadline, and the titles the public register holds for the scope.
 *
 * Counts are public; which dossiers are late (the communes' names) is an
 * officer's list: only with ctx->staff, and the page links officers to
 * /recognitions/watch and the register /recognitions.  Dossiers are few
 * (one per commune and title at most open), so they are counted in the
 * database on each build; the dashboard itself is cached per version.
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "db/db.h"
#include "domain/dashboard/dash_internal.h"
#include "domain/dossiers/dossiers.h"
#include "domain/workflow/workflow.h"

#define DASH_OVERDUE_MAX	20	/* late dossiers named for staff */

/* The state's name in lang, or its id when the procedure is gone. */
static const char *
state_name(struct db *db, const char *proc, int version, const char *state,
    const char *lang)
{
	const struct wf_procedure *p;
	const struct wf_state *s;
	struct errinfo ei;

	if (wf_load(db, proc, version, &p, &ei) == ERR_OK &&
	    (s = wf_state_find(p, state)) != NULL)
		return wf_text(&s->name, lang);
	return state;
}

/* Bind the scope of c at i (the 5 parameters of dash_dossier_states). */
static void
bind_scope(struct db_stmt *st, int i, const struct dash_ctx *c)
{
	db_bind_int(st, i, c->level == DASH_NATION);
	db_bind_text(st, i + 1, c->structure);
	db_bind_text(st, i + 2, c->code);
	db_bind_text(st, i + 3, c->structure);
	db_bind_text(st, i + 4, c->code);
}

/* Open dossiers by state name (merged across procedures) as bars; their
 * total and the overdue ones in *open, *overdue. */
static enum err
by_state(const struct dash_ctx *c, struct arena *a, const char *today,
    json_t *bars, int64_t *open, int64_t *overdue, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(c->db, STMT_DASH_DOSSIER_STATES);
	json_t *rows = json_array(), *r, *b = NULL;
	size_t i, j;
	int rc;

	*open = *overdue = 0;
	db_bind_text(st, 1, today);
	bind_scope(st, 2, c);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(rows, json_pack("{s:s, s:I, s:s, s:I, "
		    "s:I}", "proc", db_col_text(st, 0), "version",
		    (json_int_t)db_col_int(st, 1), "state", db_col_text(st, 2),
		    "n", (json_int_t)db_col_int(st, 3), "late",
		    (json_int_t)db_col_int(st, 4)));
	db_end_reads(c->db);
	if (rc < 0) {
		json_decref(rows);
		return ei->err;
	}
	/* The procedures are read after the statement is done (wf_load may
	 * use the connection). */
	json_array_foreach(rows, i, r) {
		const char *name = arena_strdup(a, state_name(c->db,
		    jval_str(r, "proc"), (int)jval_int(r, "version", 0),
		    jval_str(r, "state"), c->lang));
		int64_t n = jval_int(r, "n", 0);

		*open += n;
		*overdue += jval_int(r, "late", 0);
		json_array_foreach(bars, j, b)
			if (strcmp(jval_str(b, "label"), name) == 0)
				break;
		if (j < json_array_size(bars))
			json_object_set_new(b, "value", json_integer(jval_int(b,
			    "value", 0) + n));
		else
			json_array_append_new(bars, json_pack("{s:s, s:I}",
			    "label", name, "value", (json_int_t)n));
	}
	json_decref(rows);
	return ERR_OK;
}

/* For staff: the late dossiers named, deadline first. */
static enum err
overdue_table(const struct dash_ctx *c, struct arena *a, const char *today,
    json_t *panel, struct errinfo *ei)
{
	static const char *const keys[] = { "unit", "title", "state",
		"due_on" };
	const char *labels[4] = { msg_get(c->lang, "dash_col_commune"),
		msg_get(c->lang, "dash_col_title"),
		msg_get(c->lang, "dash_col_state"),
		msg_get(c->lang, "dash_col_due") };
	struct db_stmt *st = db_stmt(c->db, STMT_DASH_DOSSIERS_OVERDUE);
	json_t *rows = json_array(), *t, *r;
	size_t i;
	int rc;

	db_bind_text(st, 1, today);
	bind_scope(st, 2, c);
	db_bind_int(st, 7, DASH_OVERDUE_MAX);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(rows, json_pack("{s:I, s:s, s:s?, s:s, "
		    "s:I, s:s, s:I, s:s, s:s}", "id",
		    (json_int_t)db_col_int(st, 0), "unit", db_col_text(st, 1),
		    "parent", db_col_text(st, 2), "title", db_col_text(st, 3),
		    "year", (json_int_t)db_col_int(st, 4), "proc",
		    db_col_text(st, 5), "version", (json_int_t)db_col_int(st, 6),
		    "state", db_col_text(st, 7), "due_on", db_col_text(st, 8)));
	db_end_reads(c->db);
	if (rc < 0) {
		json_decref(rows);
		return ei->err;
	}
	t = dash_table(panel, keys, labels, 4);
	json_object_set_new(panel, "table_title", json_string(msg_get(c->lang,
	    "dash_overdue_list")));
	json_array_foreach(rows, i, r)
		json_array_append_new(json_object_get(t, "rows"), json_pack(
		    "{s:s, s:s, s:s, s:s, s:s}", "unit", jval_str(r, "parent")
		    != NULL ? arena_printf(a, "%s, %s", jval_str(r, "unit"),
		    jval_str(r, "parent")) : jval_str(r, "unit"), "title",
		    arena_printf(a, "%s %lld", msg_get(c->lang, arena_printf(a,
		    "dos_title_%s", jval_str(r, "title"))), (long long)jval_int(
		    r, "year", 0)), "state", state_name(c->db, jval_str(r,
		    "proc"), (int)jval_int(r, "version", 0), jval_str(r,
		    "state"), c->lang), "due_on", date_display(a, jval_str(r,
		    "due_on"), c->lang), "href", arena_printf(a,
		    "/dossiers/%lld", (long long)jval_int(r, "id", 0))));
	json_decref(rows);
	return ERR_OK;
}

/* The titles of the public register in the scope (its total). */
static enum err
titles(const struct dash_ctx *c, struct arena *a, int64_t *n,
    struct errinfo *ei)
{
	struct dos_filter f = { .limit = 1 };
	json_t *out;
	enum err e;

	if (c->level != DASH_NATION)
		f.province = arena_printf(a, "%s:%s", c->structure, c->code);
	if ((e = dos_register(c->db, &f, &out, ei)) != ERR_OK)
		return e;
	*n = jval_int(out, "total", 0);
	json_decref(out);
	return ERR_OK;
}

/* A commune: its titles and their decisions - its own and those of the
 * old communes it was formed from - each with its decision's document
 * when the platform issued it (public, as the register is). */
static enum err
commune_titles(const struct dash_ctx *c, struct arena *a, json_t *p,
    int64_t *n, struct errinfo *ei)
{
	/* the decision is the line under the commune's name: two columns
	 * read on a phone */
	static const char *const keys[] = { "unit", "title" };
	struct db_stmt *st = db_stmt(c->db, STMT_DASH_COMMUNE_TITLES);
	const char *labels[2];
	json_t *t = NULL;
	int rc;

	labels[0] = msg_get(c->lang, "dash_col_commune");
	labels[1] = msg_get(c->lang, "dash_col_title");
	db_bind_text(st, 1, c->structure);
	db_bind_text(st, 2, c->code);
	db_bind_text(st, 3, c->structure);
	db_bind_text(st, 4, c->code);
	*n = 0;
	while ((rc = db_step(st, ei)) == 1) {
		const char *decision = arena_printf(a, "%s %s, %s (%lld)",
		    msg_get(c->lang, "dash_decision"), db_col_text(st, 3), date_display(a, db_col_text(st, 4),
		    c->lang), (long long)db_col_int(st, 2));
		json_t *row;

		if (!db_col_null(st, 6))
			decision = arena_printf(a, "%s — %s %s", decision,
			    msg_get(c->lang, "dash_title_revoked"),
			    db_col_null(st, 7) ? "" : db_col_text(st, 7));
		if (t == NULL)
			t = dash_table(p, keys, labels, 2);
		row = json_pack("{s:s, s:s, s:s, s:s}", "unit", db_col_text(st,
		    0), "title", msg_get(c->lang, arena_printf(a,
		    "dos_title_%s", db_col_text(st, 1))), "decision", decision,
		    "note", decision);
		if (!db_col_null(st, 5))
			json_object_set_new(row, "href", json_string(arena_printf(
			    a, "/dossiers/%lld/decision.pdf",
			    (long long)db_col_int(st, 5))));
		json_array_append_new(json_object_get(t, "rows"), row);
		if (db_col_null(st, 6))
			(*n)++;
	}
	return rc < 0 ? ei->err : ERR_OK;
}

enum err
dash_dossiers(const struct dash_ctx *c, json_t **panel, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	char today[DATE_LEN];
	json_t *bars = json_array(), *p, *links;
	int64_t open, overdue, granted = 0;
	const char *reg;
	enum err e;

	date_today(today);
	if ((e = by_state(c, a, today, bars, &open, &overdue, ei)) != ERR_OK ||
	    (c->level != DASH_COMMUNE &&
	    (e = titles(c, a, &granted, ei)) != ERR_OK))
		goto out;
	/* The register of the unit's province (the nation: all of it). */
	reg = c->level == DASH_NATION ? "/recognitions" : arena_printf(a,
	    "/recognitions?province=%s:%s", c->structure,
	    c->province_code != NULL ? c->province_code : c->code);
	p = dash_panel_new(c, "dossiers", "dash_dossiers", reg);
	*panel = p;
	dash_figure(p, "open", msg_get(c->lang, "dash_dossiers_open"),
	    (double)open, numfmt_int_a(a, open, c->lang), -1, NULL);
	dash_figure(p, "overdue", msg_get(c->lang, "dash_dossiers_overdue"),
	    (double)overdue, numfmt_int_a(a, overdue, c->lang), -1, NULL);
	if (c->level == DASH_COMMUNE &&
	    (e = commune_titles(c, a, p, &granted, ei)) != ERR_OK)
		goto out;
	dash_figure(p, "titles", msg_get(c->lang, "dash_titles"),
	    (double)granted, numfmt_int_a(a, granted, c->lang), -1, NULL);
	links = json_pack("[{s:s, s:s}]", "label", msg_get(c->lang,
	    "dash_link_register"), "href", reg);
	if (c->level != DASH_COMMUNE)
		json_array_append_new(links, json_pack("{s:s, s:s}", "label",
		    msg_get(c->lang, "dash_link_watch"), "href",
		    "/recognitions/watch"));
	json_object_set_new(p, "links", links);
	/* A few dossiers: an axis of whole numbers up to 5, not 0.2 steps. */
	if (json_array_size(bars) > 0)
		json_object_set_new(p, "chart", json_pack("{s:s, s:s, s:i, "
		    "s:O, s:o}", "kind", "bars", "unit", "", "decimals", 0, "bars",
		    bars, "max", open < 5 ? json_integer(5) : json_null()));
	/* a commune's table is its titles; its officers see its late
	 * dossier in their inbox */
	if (c->staff && overdue > 0 && c->level != DASH_COMMUNE)
		e = overdue_table(c, a, today, p, ei);
out:
	json_decref(bars);
	arena_free(a);
	return e;
}
