/*
 * dos_pdf.c - the printable pages of a dossier: the summary (unit, title,
 * set, year, state; the evaluation frozen at submission beside the live
 * one and the appraisal, criterion by criterion; the satisfaction result;
 * the attachments with their SHA-256, so a printed copy can be matched to
 * the stored files; the council's tally; the timeline) and the decision
 * page of a decided dossier.
 *
 * Drawn as surveys_pdf.c draws its sheets: cairo on a PDF surface that
 * streams into the caller's buffer, every text laid out by pango in
 * DejaVu Sans (Vietnamese diacritics shaped by HarfBuzz), on A4 with a
 * cursor that starts a new page when the next block would not fit.  The
 * summary is made from the same view as the page (dos_get), so the two
 * cannot disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jval.h"
#include "core/date.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/stamp.h"
#include "domain/criteria/criteria_store.h"
#include "domain/dossiers/dos_internal.h"
#include "domain/printout/printout.h"

#define PAGE_W		PRINTOUT_A4_W
#define PAGE_H		PRINTOUT_A4_H
#define MARGIN		50.0
#define BODY_W		(PAGE_W - 2 * MARGIN)
#define BOTTOM		(PAGE_H - MARGIN)
#define FONT		"DejaVu Sans,Noto Sans,Sans"

struct pen {
	struct printout doc;
	cairo_t *cr;		/* doc's, for short */
	PangoLayout *layout;
	double y;
	int page;
	const char *footer;
	const char *lang;	/* of every text drawn */
	struct arena *a;	/* the texts, freed by pen_close */
};

/* The text of key in the pen's language. */
static const char *
pen_msg(struct pen *p, const char *key)
{
	return msg_get(p->lang, key);
}

/* The text of key with {1}..{n} = args, in the pen's language. */
static const char *
pen_fmt(struct pen *p, const char *key, const char *const *args, size_t n)
{
	return msg_formata(p->a, p->lang, key, args, n);
}

/* n as decimal text (for pen_fmt), in the pen's arena. */
static const char *
pen_int(struct pen *p, long long n)
{
	return arena_printf(p->a, "%lld", n);
}

static void
pen_footer(struct pen *p)
{
	const char *args[] = { p->footer, pen_int(p, p->page) };
	const char *text = pen_fmt(p, "dos_pdf_page", args, 2);
	PangoFontDescription *fd = pango_font_description_from_string(FONT
	    " 7");

	pango_layout_set_font_description(p->layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->layout, (int)(BODY_W * PANGO_SCALE));
	pango_layout_set_height(p->layout, -1);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
	pango_layout_set_text(p->layout, text, -1);
	cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 14);
	pango_cairo_show_layout(p->cr, p->layout);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void
pen_new_page(struct pen *p)
{
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
	pen_footer(p);
}

/* Lay text out (font size pt, bold, at x offset dx within width w) and
 * return its height without drawing. */
static double
pen_layout(struct pen *p, const char *text, double pt, bool bold, double w,
    PangoAlignment align)
{
	char desc[96];
	PangoFontDescription *fd;
	int width, height;

	snprintf(desc, sizeof(desc), FONT "%s %.1f", bold ? " Bold" : "", pt);
	fd = pango_font_description_from_string(desc);
	pango_layout_set_font_description(p->layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
	pango_layout_set_height(p->layout, -40);
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(p->layout, align);
	pango_layout_set_text(p->layout, text != NULL ? text : "", -1);
	pango_layout_get_size(p->layout, &width, &height);
	return (double)height / PANGO_SCALE;
}

/* A paragraph at the cursor (a new page first if it does not fit). */
static void
pen_para(struct pen *p, const char *text, double pt, bool bold,
    PangoAlignment align, double gap)
{
	double h = pen_layout(p, text, pt, bold, BODY_W, align);

	if (p->y + h > BOTTOM)
		pen_new_page(p);
	h = pen_layout(p, text, pt, bold, BODY_W, align);
	cairo_move_to(p->cr, MARGIN, p->y);
	pango_cairo_show_layout(p->cr, p->layout);
	p->y += h + gap;
}

/* One table row: cells of the given widths (fractions of BODY_W). */
static void
pen_row(struct pen *p, const char *const *cells, const double *widths,
    size_t n, bool bold)
{
	double h = 0, x = MARGIN;

	for (size_t i = 0; i < n; i++) {
		double c = pen_layout(p, cells[i], 8, bold, widths[i] * BODY_W -
		    4, PANGO_ALIGN_LEFT);

		if (c > h)
			h = c;
	}
	if (p->y + h + 3 > BOTTOM)
		pen_new_page(p);
	for (size_t i = 0; i < n; i++) {
		pen_layout(p, cells[i], 8, bold, widths[i] * BODY_W - 4,
		    PANGO_ALIGN_LEFT);
		cairo_move_to(p->cr, x, p->y);
		pango_cairo_show_layout(p->cr, p->layout);
		x += widths[i] * BODY_W;
	}
	p->y += h + 2;
	cairo_set_line_width(p->cr, 0.3);
	cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	cairo_move_to(p->cr, MARGIN, p->y);
	cairo_line_to(p->cr, MARGIN + BODY_W, p->y);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->y += 2;
}

/* Start a document in lang: its metadata title, its footer (set by the
 * caller before the first page is drawn: pen_open draws it). */
static void
pen_open(struct pen *p, struct buf *out, const char *lang,
    struct arena *a, const char *title, const char *footer)
{
	memset(p, 0, sizeof(*p));
	p->lang = lang;
	p->a = a;
	printout_open(&p->doc, out, title);
	p->cr = p->doc.cr;
	p->layout = p->doc.layout;
	p->page = 1;
	p->y = MARGIN;
	p->footer = footer;
	pen_footer(p);
}

static enum err
pen_close(struct pen *p, struct errinfo *ei)
{
	return printout_close(&p->doc, "dossiers.pdf_large", "dossiers.pdf",
	    ei);
}

static const char *
js(json_t *o, const char *key)
{
	const char *s = jval_str(o, key);

	return s != NULL ? s : "";
}

/* A status of an evaluation, a criterion or an appraisal as people read
 * it ("" or none: a dash). */
static const char *
status_text(struct pen *p, const char *s)
{
	static const char *const known[] = { "met", "not_met", "confirmed",
	    "disputed", "incomplete", NULL };

	if (s == NULL || s[0] == '\0')
		return "—";
	for (size_t i = 0; known[i] != NULL; i++)
		if (strcmp(s, known[i]) == 0)
			return pen_msg(p, arena_printf(p->a, "dos_pdf_status_%s",
			    s));
	return pen_msg(p, "dos_pdf_status_unknown");
}

/* A title's name inside a sentence ("nông thôn mới nâng cao"). */
static const char *
title_text(struct pen *p, const char *title)
{
	for (size_t i = 0; title != NULL && dos_titles[i] != NULL; i++)
		if (strcmp(dos_titles[i], title) == 0)
			return pen_msg(p, arena_printf(p->a, "dos_pdf_title_%s",
			    title));
	return title != NULL ? title : "";
}

static long long
jint(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* ---- the summary, part by part (the same view as the page: dos_get) ---- */

/* The dossier's number, procedure, unit, title and set, state. */
static void
summary_header(struct pen *p, json_t *v)
{
	json_t *unit = json_object_get(v, "unit");
	json_t *state = json_object_get(v, "state");
	json_t *set = json_object_get(v, "set");
	const char *unit_name = json_is_string(json_object_get(unit, "parent")) ?
	    arena_printf(p->a, "%s, %s", js(unit, "name"), js(unit, "parent")) :
	    js(unit, "name");
	const char *heading[] = { pen_msg(p, arena_printf(p->a,
	    "dos_pdf_heading_%s", js(v, "kind"))), pen_int(p, jint(v, "id")) };
	const char *u[] = { unit_name, arena_printf(p->a, "%s:%s",
	    js(unit, "structure"), js(unit, "code")) };
	const char *t[] = { title_text(p, js(v, "title")), pen_int(p,
	    jint(v, "year")), js(set, "name"), js(set, "id") };
	const char *st[] = { js(state, "name"), date_display(p->a,
	    js(state, "due_on"), p->lang) };

	pen_para(p, pen_fmt(p, "dos_pdf_numbered", heading, 2), 14, true,
	    PANGO_ALIGN_CENTER, 4);
	pen_para(p, js(json_object_get(v, "procedure"), "name"), 9, false,
	    PANGO_ALIGN_CENTER, 12);
	pen_para(p, pen_fmt(p, "dos_pdf_unit", u, 2), 10, false,
	    PANGO_ALIGN_LEFT, 2);
	pen_para(p, pen_fmt(p, "dos_pdf_title_line", t, 4), 10, false,
	    PANGO_ALIGN_LEFT, 2);
	pen_para(p, pen_fmt(p, json_is_string(json_object_get(state,
	    "due_on")) ? "dos_pdf_state_due" : "dos_pdf_state", st, 2), 10,
	    false, PANGO_ALIGN_LEFT, 10);
}

/* 1. The evaluation frozen at submission beside the live one, and the
 * table of criteria with the appraisal. */
static void
summary_evaluation(struct pen *p, json_t *v)
{
	static const double cw[] = { 0.08, 0.47, 0.15, 0.15, 0.15 };
	json_t *ev = json_object_get(v, "evaluation"), *it;
	json_t *snap = json_object_get(ev, "snapshot");
	json_t *live = json_object_get(ev, "live");
	const char *head[] = { pen_msg(p, "dos_pdf_col_code"), pen_msg(p,
	    "dos_pdf_col_criterion"), pen_msg(p, "dos_pdf_col_frozen"),
	    pen_msg(p, "dos_pdf_col_live"), pen_msg(p, "dos_pdf_col_appraisal") };
	const char *now[] = { status_text(p, js(live, "status")), pen_int(p,
	    jint(live, "criteria_met")), pen_int(p, jint(live,
	    "criteria_total")) };
	size_t i;

	pen_para(p, pen_msg(p, "dos_pdf_s_evaluation"), 11, true,
	    PANGO_ALIGN_LEFT, 3);
	if (json_is_object(snap)) {
		const char *args[] = { date_display(p->a, js(ev, "snapshot_at"),
		    p->lang), status_text(p, js(snap, "status")), pen_int(p,
		    jint(snap, "criteria_met")), pen_int(p, jint(snap,
		    "criteria_total")), now[0], now[1], now[2] };

		pen_para(p, pen_fmt(p, "dos_pdf_eval_frozen", args, 7), 9,
		    false, PANGO_ALIGN_LEFT, 4);
	} else
		pen_para(p, pen_fmt(p, "dos_pdf_eval_live", now, 3), 9, false,
		    PANGO_ALIGN_LEFT, 4);
	pen_row(p, head, cw, 5, true);
	json_array_foreach(json_object_get(v, "criteria"), i, it) {
		const char *cells[] = { js(it, "id"), js(it, "name"),
		    status_text(p, js(it, "snapshot_status")), status_text(p,
		    js(it, "status")), status_text(p, js(it, "appraisal")) };

		pen_row(p, cells, cw, 5, false);
	}
	p->y += 8;
}

/* 2. The satisfaction survey (frozen, else live) and the justification. */
static void
summary_satisfaction(struct pen *p, json_t *v)
{
	json_t *all = json_object_get(v, "satisfaction");
	json_t *sat = json_object_get(all, "frozen");

	pen_para(p, pen_msg(p, "dos_pdf_s_satisfaction"), 11, true,
	    PANGO_ALIGN_LEFT, 3);
	if (!json_is_object(sat))
		sat = json_object_get(all, "live");
	if (json_is_object(sat)) {
		const char *args[] = { pen_int(p, jint(all, "campaign_id")),
		    numfmt_int_a(p->a, jint(sat, "responses"), p->lang),
		    numfmt_int_a(p->a, jint(sat, "households"), p->lang),
		    numfmt_pct_figure_a(p->a, json_number_value(
		    json_object_get(sat, "coverage")), p->lang),
		    numfmt_pct_figure_a(p->a, json_number_value(
		    json_object_get(sat, "rate")), p->lang), pen_msg(p, json_is_true(
		    json_object_get(sat, "met")) ? "dos_pdf_met" :
		    "dos_pdf_not_met"), json_is_true(json_object_get(sat,
		    "closed")) ? "" : pen_msg(p, "dos_pdf_still_open") };

		pen_para(p, pen_fmt(p, "dos_pdf_satisfaction", args, 7), 9,
		    false, PANGO_ALIGN_LEFT, 4);
	} else
		pen_para(p, pen_msg(p, "dos_pdf_no_campaign"), 9, false,
		    PANGO_ALIGN_LEFT, 4);
	if (json_is_string(json_object_get(v, "justification"))) {
		const char *args[] = { js(v, "justification") };

		pen_para(p, pen_fmt(p, "dos_pdf_justification", args, 1), 9,
		    false, PANGO_ALIGN_LEFT, 4);
	}
	p->y += 4;
}

/* 3. The live attachments with their SHA-256. */
static void
summary_attachments(struct pen *p, json_t *v)
{
	static const double aw[] = { 0.25, 0.35, 0.10, 0.30 };
	const char *head[] = { pen_msg(p, "dos_pdf_col_kind"), pen_msg(p,
	    "dos_pdf_col_file"), pen_msg(p, "dos_pdf_col_size"), pen_msg(p,
	    "dos_pdf_col_sha") };
	json_t *it;
	size_t i;

	pen_para(p, pen_msg(p, "dos_pdf_s_files"), 11, true, PANGO_ALIGN_LEFT,
	    3);
	pen_row(p, head, aw, 4, true);
	json_array_foreach(json_object_get(v, "attachments"), i, it) {
		const char *cells[] = { js(it, "kind_name"), js(it, "filename"),
		    numfmt_bytes_a(p->a, jint(it, "size"), p->lang), js(it, "sha256") };

		if (json_is_null(json_object_get(it, "removed_at")))
			pen_row(p, cells, aw, 4, false);
	}
	p->y += 8;
}

/* 4. The council's tally, once a round has opened. */
static void
summary_council(struct pen *p, json_t *v)
{
	json_t *council = json_object_get(v, "council");
	json_t *t = json_object_get(council, "tally");
	const char *args[] = { pen_int(p, jint(council, "round")), pen_int(p,
	    jint(t, "cast")), pen_int(p, jint(t, "approve")), pen_int(p,
	    jint(t, "reject")), pen_int(p, jint(t, "abstain")), pen_int(p,
	    jint(council, "quorum")) };

	if (jint(council, "round") <= 0)
		return;
	pen_para(p, pen_msg(p, "dos_pdf_s_council"), 11, true,
	    PANGO_ALIGN_LEFT, 3);
	pen_para(p, pen_fmt(p, "dos_pdf_council", args, 6), 9, false,
	    PANGO_ALIGN_LEFT, 8);
}

/* The decision, once taken. */
static void
summary_decision(struct pen *p, json_t *v)
{
	json_t *d = json_object_get(v, "decision");
	const char *args[] = { js(d, "no"), date_display(p->a, js(d, "date"),
	    p->lang), js(d, "signer") };

	if (json_is_object(d))
		pen_para(p, pen_fmt(p, "dos_pdf_decision_line", args, 3), 10,
		    true, PANGO_ALIGN_LEFT, 8);
}

/* Every event of the timeline: when, what, who, the note. */
static void
summary_timeline(struct pen *p, json_t *v)
{
	static const double tw[] = { 0.18, 0.27, 0.15, 0.40 };
	const char *head[] = { pen_msg(p, "dos_pdf_col_at"), pen_msg(p,
	    "dos_pdf_col_action"), pen_msg(p, "dos_pdf_col_who"), pen_msg(p,
	    "dos_pdf_col_note") };
	json_t *it;
	size_t i;

	pen_para(p, pen_msg(p, "dos_pdf_s_timeline"), 11, true,
	    PANGO_ALIGN_LEFT, 3);
	pen_row(p, head, tw, 4, true);
	json_array_foreach(json_object_get(v, "timeline"), i, it) {
		const char *at = js(it, "at");
		const char *cells[] = { arena_printf(p->a, "%.10s %.5s", at,
		    strlen(at) > 11 ? at + 11 : ""), js(it,
		    "transition_name")[0] ? js(it, "transition_name") :
		    js(it, "transition"), js(it, "username"), js(it, "note") };

		pen_row(p, cells, tw, 4, false);
	}
}

enum err
dos_pdf_summary(struct db *db, int64_t id, const char *lang,
    struct buf *out, struct errinfo *ei)
{
	struct arena *a;
	struct pen pen;
	const char *args[2];
	char now[32];
	json_t *v;
	enum err e;

	if ((e = dos_get(db, NULL, id, lang, &v, ei)) != ERR_OK)
		return e;
	a = arena_new(16 * 1024);
	stamp_now(now);
	args[0] = arena_printf(a, "%lld", (long long)id);
	args[1] = arena_printf(a, "%.10s %.5s", now, now + 11);
	pen_open(&pen, out, lang, a, msg_formata(a, lang, "dos_pdf_doc_title",
	    args, 1), msg_formata(a, lang, "dos_pdf_footer_summary", args, 2));
	summary_header(&pen, v);
	summary_evaluation(&pen, v);
	summary_satisfaction(&pen, v);
	summary_attachments(&pen, v);
	summary_council(&pen, v);
	summary_decision(&pen, v);
	summary_timeline(&pen, v);
	json_decref(v);
	e = pen_close(&pen, ei);
	arena_free(a);
	return e;
}

/* ---- the decision page ---- */

/* Is d decided: a decision number in a terminal state of outcome
 * "recognised" or "revoked" (what the register publishes)? */
static bool
decided(const struct dos *d)
{
	return d->decision_no != NULL && d->in.terminal &&
	    d->state->outcome != NULL &&
	    (strcmp(d->state->outcome, "recognised") == 0 ||
	    strcmp(d->state->outcome, "revoked") == 0);
}

/* The decision's head: the state's motto, its number and date. */
static void
decision_head(struct pen *p, const struct dos *d)
{
	const char *no[] = { d->decision_no };

	pen_para(p, pen_msg(p, "dos_pdf_republic"), 11, true,
	    PANGO_ALIGN_CENTER, 2);
	pen_para(p, pen_msg(p, "dos_pdf_motto"), 11, true, PANGO_ALIGN_CENTER,
	    16);
	pen_para(p, pen_fmt(p, "dos_pdf_number", no, 1), 10, false,
	    PANGO_ALIGN_LEFT, 2);
	if (d->decision_date != NULL && strlen(d->decision_date) == 10) {
		const char *date[] = { arena_printf(p->a, "%.2s",
		    d->decision_date + 8), arena_printf(p->a, "%.2s",
		    d->decision_date + 5), arena_printf(p->a, "%.4s",
		    d->decision_date) };

		pen_para(p, pen_fmt(p, "dos_pdf_dated", date, 3), 10, false,
		    PANGO_ALIGN_RIGHT, 20);
	}
}

/* What it decides on what grounds, its articles, the signer; set: the
 * criteria set's name (people read names, not identifiers). */
static void
decision_body(struct pen *p, const struct dos *d, const char *set)
{
	const char *outcome = d->state->outcome;
	const char *unit = d->parent_name != NULL ? arena_printf(p->a,
	    "%s, %s", d->unit_name, d->parent_name) : d->unit_name;
	const char *subject[] = { d->unit_name, title_text(p, d->title),
	    pen_int(p, d->year) };
	const char *basis[] = { d->proc->legal_basis };
	const char *dossier[] = { pen_int(p, d->id), wf_text(&d->proc->name,
	    p->lang) };
	const char *art1[] = { unit, title_text(p, d->title), pen_int(p,
	    d->year), set };
	const char *art2[] = { date_display(p->a, d->decision_date, p->lang) };

	pen_para(p, pen_msg(p, "dos_pdf_decision_heading"), 15, true,
	    PANGO_ALIGN_CENTER, 4);
	pen_para(p, pen_fmt(p, arena_printf(p->a, "dos_pdf_subject_%s",
	    outcome), subject, 3), 11, true, PANGO_ALIGN_CENTER, 18);
	if (d->proc->legal_basis != NULL)
		pen_para(p, pen_fmt(p, "dos_pdf_basis", basis, 1), 10, false,
		    PANGO_ALIGN_LEFT, 4);
	pen_para(p, pen_fmt(p, "dos_pdf_basis_dossier", dossier, 2), 10, false,
	    PANGO_ALIGN_LEFT, 12);
	pen_para(p, pen_msg(p, "dos_pdf_decides"), 11, true, PANGO_ALIGN_CENTER,
	    10);
	pen_para(p, pen_fmt(p, arena_printf(p->a, "dos_pdf_article1_%s",
	    outcome), art1, 4), 10, false, PANGO_ALIGN_LEFT, 6);
	pen_para(p, pen_fmt(p, "dos_pdf_article2", art2, 1), 10, false,
	    PANGO_ALIGN_LEFT, 30);
	pen_para(p, pen_msg(p, "dos_pdf_signer"), 10, true, PANGO_ALIGN_RIGHT,
	    40);
	pen_para(p, d->decision_signer != NULL ? d->decision_signer : "", 11,
	    true, PANGO_ALIGN_RIGHT, 30);
	pen_para(p, pen_msg(p, "dos_pdf_disclaimer"), 7, false,
	    PANGO_ALIGN_LEFT, 0);
}

enum err
dos_pdf_decision(struct db *db, int64_t id, bool reader, const char *lang,
    struct buf *out, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	struct pen pen;
	struct dos d;
	const char *args[1];
	enum err e;

	if ((e = dos_load(db, a, id, &d, ei)) != ERR_OK)
		goto out;
	/* Published once decided; before that, only a reader may even
	 * learn that the dossier exists. */
	if (!decided(&d)) {
		if (reader)
			e = err_set(ei, ERR_CONFLICT, "dossiers.not_decided",
			    NULL, "Hồ sơ số %lld chưa có quyết định",
			    "The dossier %lld has no decision yet",
			    (long long)id);
		else
			e = err_set(ei, ERR_NOTFOUND, "dossiers.not_found",
			    "id", "Không có quyết định công bố của hồ sơ số "
			    "%lld", "No decision of dossier %lld is "
			    "published", (long long)id);
		goto out;
	}
	args[0] = arena_printf(a, "%lld", (long long)id);
	pen_open(&pen, out, lang, a, msg_get(lang, "dos_pdf_decision_title"),
	    msg_formata(a, lang, "dos_pdf_footer_decision", args, 1));
	decision_head(&pen, &d);
	{
		const struct crit_set *set;
		struct errinfo ignored;

		decision_body(&pen, &d, crit_store_load(db, d.set_id, 0, &set,
		    &ignored) == ERR_OK ? msg_pick(lang, set->name,
		    set->name_en) : d.set_id);
	}
	e = pen_close(&pen, ei);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}
