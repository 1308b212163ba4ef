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

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/stamp.h"
#include "domain/dossiers/dos_internal.h"

#define PAGE_W		595.0	/* points */
#define PAGE_H		842.0
#define MARGIN		50.0
#define BODY_W		(PAGE_W - 2 * MARGIN)
#define BOTTOM		(PAGE_H - MARGIN)
#define FONT		"DejaVu Sans,Noto Sans,Sans"

static const struct {
	const char *id, *vi, *en;
} title_names[] = {
	{ "ntm", "nông thôn mới", "New Rural" },
	{ "advanced", "nông thôn mới nâng cao", "advanced New Rural" },
	{ "model", "nông thôn mới kiểu mẫu", "model New Rural" },
	{ "modern", "nông thôn mới hiện đại", "modern New Rural" },
};

const char *
dos_title_name(const char *title, const char *lang)
{
	for (size_t i = 0; i < sizeof(title_names) / sizeof(title_names[0]);
	    i++)
		if (title != NULL && strcmp(title_names[i].id, title) == 0)
			return lang != NULL && strcmp(lang, "en") == 0 ?
			    title_names[i].en : title_names[i].vi;
	return title != NULL ? title : "";
}

struct sink {
	struct buf *out;
	int full;
};

static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct sink *s = closure;

	if (buf_append(s->out, data, length) != ERR_OK) {
		s->full = 1;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

struct pen {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	double y;
	int page;
	const char *footer;
};

static void
pen_footer(struct pen *p)
{
	char text[256];
	PangoFontDescription *fd = pango_font_description_from_string(FONT
	    " 7");

	snprintf(text, sizeof(text), "%s · trang %d", p->footer, p->page);
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

static void
pen_open(struct pen *p, struct sink *sink, const char *title,
    const char *footer)
{
	cairo_font_options_t *fo;

	memset(p, 0, sizeof(*p));
	p->surface = cairo_pdf_surface_create_for_stream(sink_write, sink,
	    PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
	    title);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
	    "ntm");
	p->cr = cairo_create(p->surface);
	p->layout = pango_cairo_create_layout(p->cr);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(
	    pango_layout_get_context(p->layout), fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pango_layout_get_context(p->layout),
	    72);
	pango_layout_context_changed(p->layout);
	p->page = 1;
	p->y = MARGIN;
	p->footer = footer;
	pen_footer(p);
}

static enum err
pen_close(struct pen *p, struct sink *sink, struct buf *out, size_t start,
    struct errinfo *ei)
{
	cairo_status_t st;

	g_object_unref(p->layout);
	st = cairo_status(p->cr);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (sink->full || st != CAIRO_STATUS_SUCCESS) {
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		return sink->full ? err_set_vi(ei, ERR_LIMIT, "dossiers.pdf_large",
		    NULL, "Bản in quá lớn") : err_set_vi(ei, ERR_SYS,
		    "dossiers.pdf", NULL, "Không tạo được bản in: %s",
		    cairo_status_to_string(st));
	}
	return ERR_OK;
}

static const char *
js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

static const char *
status_vi(const char *s)
{
	if (s == NULL || s[0] == '\0')
		return "—";
	if (strcmp(s, "met") == 0)
		return "Đạt";
	if (strcmp(s, "not_met") == 0)
		return "Chưa đạt";
	if (strcmp(s, "confirmed") == 0)
		return "Xác nhận";
	if (strcmp(s, "disputed") == 0)
		return "Có ý kiến khác";
	if (strcmp(s, "incomplete") == 0)
		return "Chưa đủ số liệu";
	return "Chưa rõ";
}

/* "2026-03-05" as "05/03/2026" into out. */
static const char *
dmy(const char *iso, char out[16])
{
	if (iso == NULL || strlen(iso) < 10) {
		snprintf(out, 16, "%s", iso != NULL ? iso : "");
		return out;
	}
	snprintf(out, 16, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	return out;
}

static void
summary(struct pen *p, json_t *v)
{
	json_t *unit = json_object_get(v, "unit"), *ev, *snap, *live, *it;
	json_t *state = json_object_get(v, "state"), *sat, *council;
	static const double cw[] = { 0.08, 0.47, 0.15, 0.15, 0.15 };
	static const double aw[] = { 0.25, 0.35, 0.10, 0.30 };
	static const double tw[] = { 0.18, 0.27, 0.15, 0.40 };
	char line[1024], d1[16];
	size_t i;

	snprintf(line, sizeof(line), "%s số %lld",
	    strcmp(js(v, "kind"), "revocation") == 0 ?
	    "HỒ SƠ THU HỒI DANH HIỆU" : "HỒ SƠ ĐỀ NGHỊ XÉT, CÔNG NHẬN",
	    (long long)json_integer_value(json_object_get(v, "id")));
	pen_para(p, line, 14, true, PANGO_ALIGN_CENTER, 4);
	snprintf(line, sizeof(line), "%s", js(json_object_get(v, "procedure"),
	    "name"));
	pen_para(p, line, 9, false, PANGO_ALIGN_CENTER, 12);
	snprintf(line, sizeof(line), "Đơn vị: %s%s%s (%s:%s)",
	    js(unit, "name"), json_is_string(json_object_get(unit, "parent")) ?
	    ", " : "", js(unit, "parent"), js(unit, "structure"),
	    js(unit, "code"));
	pen_para(p, line, 10, false, PANGO_ALIGN_LEFT, 2);
	snprintf(line, sizeof(line), "Danh hiệu: %s · năm %lld · bộ tiêu chí "
	    "%s (%s)", dos_title_name(js(v, "title"), "vi"),
	    (long long)json_integer_value(json_object_get(v, "year")),
	    js(json_object_get(v, "set"), "name"),
	    js(json_object_get(v, "set"), "id"));
	pen_para(p, line, 10, false, PANGO_ALIGN_LEFT, 2);
	snprintf(line, sizeof(line), "Trạng thái: %s%s%s", js(state, "name"),
	    json_is_string(json_object_get(state, "due_on")) ? " · hạn " : "",
	    json_is_string(json_object_get(state, "due_on")) ?
	    dmy(js(state, "due_on"), d1) : "");
	pen_para(p, line, 10, false, PANGO_ALIGN_LEFT, 10);

	ev = json_object_get(v, "evaluation");
	snap = json_object_get(ev, "snapshot");
	live = json_object_get(ev, "live");
	pen_para(p, "1. Kết quả đánh giá tiêu chí", 11, true, PANGO_ALIGN_LEFT,
	    3);
	if (json_is_object(snap))
		snprintf(line, sizeof(line), "Khi trình (%s): %s, %lld/%lld tiêu "
		    "chí đạt.  Hiện tại: %s, %lld/%lld.",
		    dmy(js(ev, "snapshot_at"), d1), status_vi(js(snap, "status")),
		    (long long)json_integer_value(json_object_get(snap,
		    "criteria_met")), (long long)json_integer_value(
		    json_object_get(snap, "criteria_total")),
		    status_vi(js(live, "status")), (long long)json_integer_value(
		    json_object_get(live, "criteria_met")),
		    (long long)json_integer_value(json_object_get(live,
		    "criteria_total")));
	else
		snprintf(line, sizeof(line), "Chưa trình (chưa chốt số liệu). "
		    "Hiện tại: %s, %lld/%lld tiêu chí đạt.",
		    status_vi(js(live, "status")), (long long)json_integer_value(
		    json_object_get(live, "criteria_met")),
		    (long long)json_integer_value(json_object_get(live,
		    "criteria_total")));
	pen_para(p, line, 9, false, PANGO_ALIGN_LEFT, 4);
	{
		const char *head[] = { "Mã", "Tiêu chí", "Khi trình",
			"Hiện tại", "Thẩm tra" };

		pen_row(p, head, cw, 5, true);
	}
	json_array_foreach(json_object_get(v, "criteria"), i, it) {
		const char *cells[5];

		cells[0] = js(it, "id");
		cells[1] = js(it, "name");
		cells[2] = status_vi(js(it, "snapshot_status"));
		cells[3] = status_vi(js(it, "status"));
		cells[4] = status_vi(js(it, "appraisal"));
		pen_row(p, cells, cw, 5, false);
	}
	p->y += 8;

	pen_para(p, "2. Sự hài lòng của người dân", 11, true, PANGO_ALIGN_LEFT,
	    3);
	sat = json_object_get(json_object_get(v, "satisfaction"), "frozen");
	if (!json_is_object(sat))
		sat = json_object_get(json_object_get(v, "satisfaction"), "live");
	if (json_is_object(sat))
		snprintf(line, sizeof(line), "Đợt khảo sát số %lld: %lld phiếu / "
		    "%lld hộ (%.1f%%), tỷ lệ hài lòng %.1f%% - %s%s.",
		    (long long)json_integer_value(json_object_get(json_object_get(
		    v, "satisfaction"), "campaign_id")),
		    (long long)json_integer_value(json_object_get(sat,
		    "responses")), (long long)json_integer_value(
		    json_object_get(sat, "households")), json_number_value(
		    json_object_get(sat, "coverage")), json_number_value(
		    json_object_get(sat, "rate")), json_is_true(json_object_get(
		    sat, "met")) ? "đạt" : "chưa đạt", json_is_true(
		    json_object_get(sat, "closed")) ? "" : " (chưa kết thúc)");
	else
		snprintf(line, sizeof(line), "Chưa gắn đợt khảo sát.");
	pen_para(p, line, 9, false, PANGO_ALIGN_LEFT, 4);
	if (json_is_string(json_object_get(v, "justification"))) {
		snprintf(line, sizeof(line), "Giải trình: %s",
		    js(v, "justification"));
		pen_para(p, line, 9, false, PANGO_ALIGN_LEFT, 4);
	}
	p->y += 4;

	pen_para(p, "3. Tài liệu kèm theo", 11, true, PANGO_ALIGN_LEFT, 3);
	{
		const char *head[] = { "Loại", "Tệp", "Kích thước", "SHA-256" };

		pen_row(p, head, aw, 4, true);
	}
	json_array_foreach(json_object_get(v, "attachments"), i, it) {
		char size[32];
		const char *cells[4];

		if (!json_is_null(json_object_get(it, "removed_at")))
			continue;
		snprintf(size, sizeof(size), "%.1f KB", (double)
		    json_integer_value(json_object_get(it, "size")) / 1024.0);
		cells[0] = js(it, "kind_name");
		cells[1] = js(it, "filename");
		cells[2] = size;
		cells[3] = js(it, "sha256");
		pen_row(p, cells, aw, 4, false);
	}
	p->y += 8;

	council = json_object_get(v, "council");
	if (json_integer_value(json_object_get(council, "round")) > 0) {
		json_t *t = json_object_get(council, "tally");

		pen_para(p, "4. Hội đồng thẩm định", 11, true, PANGO_ALIGN_LEFT,
		    3);
		snprintf(line, sizeof(line), "Lần xem xét %lld: %lld phiếu "
		    "(tán thành %lld, không tán thành %lld, không biểu quyết "
		    "%lld); cần ít nhất %lld phiếu.",
		    (long long)json_integer_value(json_object_get(council,
		    "round")), (long long)json_integer_value(json_object_get(t,
		    "cast")), (long long)json_integer_value(json_object_get(t,
		    "approve")), (long long)json_integer_value(json_object_get(t,
		    "reject")), (long long)json_integer_value(json_object_get(t,
		    "abstain")), (long long)json_integer_value(json_object_get(
		    council, "quorum")));
		pen_para(p, line, 9, false, PANGO_ALIGN_LEFT, 8);
	}
	if (json_is_object(json_object_get(v, "decision"))) {
		json_t *d = json_object_get(v, "decision");

		snprintf(line, sizeof(line), "Quyết định số %s ngày %s, người "
		    "ký: %s.", js(d, "no"), dmy(js(d, "date"), d1),
		    js(d, "signer"));
		pen_para(p, line, 10, true, PANGO_ALIGN_LEFT, 8);
	}

	pen_para(p, "Diễn biến hồ sơ", 11, true, PANGO_ALIGN_LEFT, 3);
	{
		const char *head[] = { "Thời điểm", "Thao tác", "Người",
			"Ghi chú" };

		pen_row(p, head, tw, 4, true);
	}
	json_array_foreach(json_object_get(v, "timeline"), i, it) {
		const char *cells[4];
		char at[24];

		snprintf(at, sizeof(at), "%.10s %.5s", js(it, "at"),
		    strlen(js(it, "at")) > 11 ? js(it, "at") + 11 : "");
		cells[0] = at;
		cells[1] = js(it, "transition_name")[0] ?
		    js(it, "transition_name") : js(it, "transition");
		cells[2] = js(it, "username");
		cells[3] = js(it, "note");
		pen_row(p, cells, tw, 4, false);
	}
}

enum err
dos_pdf_summary(struct db *db, const struct principal *p, int64_t id,
    const char *lang, struct buf *out, struct errinfo *ei)
{
	struct sink sink = { out, 0 };
	struct pen pen;
	json_t *v;
	char footer[128], title[64];
	size_t start = out->len;
	enum err e;

	(void)lang;
	if ((e = dos_get(db, p, id, "vi", &v, ei)) != ERR_OK)
		return e;
	snprintf(title, sizeof(title), "Hồ sơ số %lld", (long long)id);
	{
		char now[32];

		stamp_now(now);
		snprintf(footer, sizeof(footer), "ntm · hồ sơ số %lld · in lúc "
		    "%.10s %.5s UTC", (long long)id, now, now + 11);
	}
	pen_open(&pen, &sink, title, footer);
	summary(&pen, v);
	json_decref(v);
	return pen_close(&pen, &sink, out, start, ei);
}

enum err
dos_pdf_decision(struct db *db, const struct principal *p, int64_t id,
    const char *lang, struct buf *out, struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	struct sink sink = { out, 0 };
	struct pen pen;
	struct dos d;
	char line[1024], footer[128], d1[16];
	bool revoke;
	size_t start = out->len;
	enum err e;

	(void)lang;
	if ((e = dos_load(db, a, id, &d, ei)) != ERR_OK)
		goto out;
	if (d.decision_no == NULL || !d.in.terminal || d.state->outcome ==
	    NULL || (strcmp(d.state->outcome, "recognised") != 0 &&
	    strcmp(d.state->outcome, "revoked") != 0)) {
		/* Before the decision only readers may even learn that. */
		if (p != NULL && !dos_may_read(db, p, d.structure, d.code))
			e = err_set_vi(ei, ERR_FORBIDDEN, "dossiers.forbidden",
			    NULL, "Hồ sơ số %lld không thuộc phạm vi của tài "
			    "khoản này", (long long)id);
		else
			e = err_set_vi(ei, ERR_CONFLICT, "dossiers.not_decided",
			    NULL, "Hồ sơ số %lld chưa có quyết định",
			    (long long)id);
		goto out;
	}
	revoke = strcmp(d.state->outcome, "revoked") == 0;
	snprintf(footer, sizeof(footer), "ntm · bản in quyết định của hồ sơ "
	    "số %lld", (long long)id);
	pen_open(&pen, &sink, "Quyết định", footer);
	pen_para(&pen, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 11, true,
	    PANGO_ALIGN_CENTER, 2);
	pen_para(&pen, "Độc lập - Tự do - Hạnh phúc", 11, true,
	    PANGO_ALIGN_CENTER, 16);
	snprintf(line, sizeof(line), "Số: %s", d.decision_no);
	pen_para(&pen, line, 10, false, PANGO_ALIGN_LEFT, 2);
	if (d.decision_date != NULL && strlen(d.decision_date) == 10) {
		snprintf(line, sizeof(line), "ngày %.2s tháng %.2s năm %.4s",
		    d.decision_date + 8, d.decision_date + 5, d.decision_date);
		pen_para(&pen, line, 10, false, PANGO_ALIGN_RIGHT, 20);
	}
	pen_para(&pen, "QUYẾT ĐỊNH", 15, true, PANGO_ALIGN_CENTER, 4);
	snprintf(line, sizeof(line), "Về việc %s %s đạt chuẩn %s năm %d",
	    revoke ? "thu hồi quyết định công nhận" : "công nhận", d.unit_name,
	    dos_title_name(d.title, "vi"), d.year);
	pen_para(&pen, line, 11, true, PANGO_ALIGN_CENTER, 18);
	if (d.proc->legal_basis != NULL) {
		snprintf(line, sizeof(line), "Căn cứ %s;", d.proc->legal_basis);
		pen_para(&pen, line, 10, false, PANGO_ALIGN_LEFT, 4);
	}
	snprintf(line, sizeof(line), "Căn cứ hồ sơ số %lld trên nền tảng "
	    "ntm (%s) và kết quả thẩm định;", (long long)d.id,
	    wf_text(&d.proc->name, "vi"));
	pen_para(&pen, line, 10, false, PANGO_ALIGN_LEFT, 12);
	pen_para(&pen, "QUYẾT ĐỊNH:", 11, true, PANGO_ALIGN_CENTER, 10);
	snprintf(line, sizeof(line), "Điều 1. %s %s%s%s đạt chuẩn %s năm %d "
	    "(bộ tiêu chí %s).", revoke ? "Thu hồi quyết định công nhận" :
	    "Công nhận", d.unit_name, d.parent_name != NULL ? ", " : "",
	    d.parent_name != NULL ? d.parent_name : "",
	    dos_title_name(d.title, "vi"), d.year, d.set_id);
	pen_para(&pen, line, 10, false, PANGO_ALIGN_LEFT, 6);
	snprintf(line, sizeof(line), "Điều 2. Quyết định có hiệu lực từ ngày "
	    "%s.", dmy(d.decision_date, d1));
	pen_para(&pen, line, 10, false, PANGO_ALIGN_LEFT, 30);
	pen_para(&pen, "NGƯỜI KÝ", 10, true, PANGO_ALIGN_RIGHT, 40);
	pen_para(&pen, d.decision_signer != NULL ? d.decision_signer : "", 11,
	    true, PANGO_ALIGN_RIGHT, 30);
	pen_para(&pen, "Bản in từ dữ liệu đã ghi trên nền tảng; văn bản có giá "
	    "trị pháp lý là bản giấy có chữ ký và con dấu.", 7, false,
	    PANGO_ALIGN_LEFT, 0);
	e = pen_close(&pen, &sink, out, start, ei);
out:
	db_end_reads(db);
	arena_free(a);
	return e;
}
