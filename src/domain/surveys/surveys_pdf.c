/*
 * surveys_pdf.c - printable household-code sheets (surv_sheet_pdf) and QR
 * codes for pages (surv_qr_svg); see surveys_export.h.
 *
 * The sheet is drawn with cairo on a PDF surface that streams into the
 * caller's struct buf, every text laid out by pango (so Vietnamese
 * diacritics are shaped by HarfBuzz from a font that has them: DejaVu Sans,
 * installed by scripts/install-deps.sh), the QR codes encoded by
 * libqrencode (level M) and drawn as filled rectangles, one per run of
 * dark modules in a row.
 *
 * Page: A4 portrait, 595 x 842 pt, an 18 pt margin, 2 x 4 cells of
 * 279.5 x 201.5 pt inside dashed cut lines, a page footer in the bottom
 * margin.  A cell (10 pt padding) has three bands of fixed height, so no
 * text can spill into another: the header (campaign title, bold, at most
 * three lines; unit; village; each ellipsized), the body (the QR code, 96
 * pt square with its quiet zone, and beside it the code in large monospace
 * letters, shrunk until it fits, then how to answer without a camera: the
 * link and the code, and the closing date on the band's last line) and the
 * footer (the anonymity line).  Every text block has a width and a line count it cannot exceed:
 * pango wraps it and ellipsizes the last line.  The sheet's own words are
 * messages of the table (src/messages/surveys.c) in the sheet's language.
 *
 * Pango's font map is per thread (pango_cairo_font_map_get_default), so
 * sheets may be made on several threads at once; printout_shutdown
 * releases what pango, cairo and fontconfig cache, for leak checkers.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/date.h"
#include "core/msg.h"
#include "core/qr.h"
#include "core/text.h"
#include "core/url.h"
#include "domain/printout/printout.h"
#include "domain/surveys/surveys_export_internal.h"

#define PAGE_W		595	/* points */
#define PAGE_H		842
#define MARGIN		18
#define COLS		2
#define ROWS		4
#define CELL_W		((PAGE_W - 2.0 * MARGIN) / COLS)
#define CELL_H		((PAGE_H - 2.0 * MARGIN) / ROWS)
#define PAD		10
#define HEADER_H	54	/* title (3 lines), unit, village */
#define BAND_GAP	4
#define BODY_H		98
#define FOOTER_H	19	/* the anonymity line, 2 lines */
#define QR_SIZE		96	/* the QR code and its quiet zone */
#define CODE_MAX_H	42.0	/* a code that must wrap: 3 lines at most */
#define CLOSES_H	10.0
#define HOW_LINE	9.5	/* a line of 8 pt DejaVu Sans (1.164 em) */
#define CODE_PT_MAX	22
#define CODE_PT_MIN	11

#define FONT_SANS	"DejaVu Sans,Noto Sans,Sans"
#define FONT_MONO	"DejaVu Sans Mono,Noto Sans Mono,Monospace"
#define LINE_MAX_BYTES	(64 * 1024)	/* a message with its arguments */

_Static_assert(COLS * ROWS == SURV_SHEET_PER_PAGE, "grid and header agree");
_Static_assert(2 * PAD + HEADER_H + BAND_GAP + BODY_H + BAND_GAP + FOOTER_H <=
    (PAGE_H - 2 * MARGIN) / ROWS,
    "the bands of a cell fit in it");

/* What one sheet needs while drawing. */
struct pen {
	cairo_t *cr;
	PangoLayout *layout;
	const struct surv_sheet *sheet;
	const char *closes;	/* "31/12/2026" (date_display), or "" */
	struct buf qrtext;	/* link?code=CODE */
	struct buf line;	/* a message being drawn (pen_msg) */
	enum err err;		/* the first failure while drawing */
};

/* The message key in the sheet's language, "{1}".. replaced by args; the
 * text lives in p->line until the next call. */
static const char *
pen_msg(struct pen *p, const char *key, const char *const *args, size_t n)
{
	buf_reset(&p->line);
	if (msg_format(&p->line, p->sheet->lang, key, args, n) != ERR_OK)
		buf_reset(&p->line);	/* over 64 KB: beyond any cell */
	return buf_cstr(&p->line);
}

/*
 * Draw text in the box at (x, y) of width w: font (a pango description
 * such as FONT_SANS " Bold 9"), at most max_lines lines, or (max_lines 0)
 * as many lines as fit in max_h points, wrapped at words (inside a word if
 * needed, never adding a hyphen), the last line ellipsized, aligned as
 * align.  Returns the height drawn, in points.
 */
static double
pen_text(struct pen *p, const char *font, const char *text, double x,
    double y, double w, int max_lines, double max_h, PangoAlignment align)
{
	PangoFontDescription *fd;
	int width, height;

	fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(p->layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
	pango_layout_set_height(p->layout, max_lines > 0 ? -max_lines :
	    (int)(max_h * PANGO_SCALE));
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(p->layout, align);
	pango_layout_set_text(p->layout, text, -1);
	pango_layout_get_size(p->layout, &width, &height);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->layout);
	return (double)height / PANGO_SCALE;
}

/*
 * The code as large as it fits on one line of width w (CODE_PT_MAX down
 * to CODE_PT_MIN points); below that it wraps at any character (no
 * hyphen is added: it would read as part of the code) within max_h
 * points, and only a code longer than that is ellipsized.
 */
static double
pen_code(struct pen *p, const char *code, double x, double y, double w,
    double max_h)
{
	PangoFontDescription *fd;
	int pt, width, height;
	char font[96];

	pango_layout_set_width(p->layout, -1);
	pango_layout_set_height(p->layout, -1);
	pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_alignment(p->layout, PANGO_ALIGN_LEFT);
	pango_layout_set_text(p->layout, code, -1);
	for (pt = CODE_PT_MAX; pt >= CODE_PT_MIN; pt--) {
		snprintf(font, sizeof(font), FONT_MONO " Bold %d", pt);
		fd = pango_font_description_from_string(font);
		pango_layout_set_font_description(p->layout, fd);
		pango_font_description_free(fd);
		pango_layout_get_size(p->layout, &width, &height);
		if (width <= w * PANGO_SCALE)
			break;
	}
	if (pt < CODE_PT_MIN) {
		pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
		pango_layout_set_height(p->layout, (int)(max_h * PANGO_SCALE));
		pango_layout_set_wrap(p->layout, PANGO_WRAP_CHAR);
		pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
		pango_layout_get_size(p->layout, &width, &height);
	}
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->layout);
	return (double)height / PANGO_SCALE;
}

/*
 * The QR code of text (level M) as filled rectangles in the square at
 * (x, y) of side size, quiet zone included.  ERR_LIMIT when text is too
 * long for a QR code.
 */
static enum err
pen_qr(struct pen *p, const char *text, double x, double y, double size)
{
	return printout_qr(p->cr, text, x, y, size);
}

/* The dashed cut lines of a page: the outer frame and the grid inside. */
static void
pen_cut_lines(struct pen *p)
{
	static const double dash[] = { 4.0, 3.0 };
	int i;

	cairo_save(p->cr);
	cairo_set_source_rgb(p->cr, 0.55, 0.55, 0.55);
	cairo_set_line_width(p->cr, 0.5);
	cairo_set_dash(p->cr, dash, 2, 0);
	cairo_rectangle(p->cr, MARGIN, MARGIN, PAGE_W - 2 * MARGIN,
	    PAGE_H - 2 * MARGIN);
	for (i = 1; i < COLS; i++) {
		cairo_move_to(p->cr, MARGIN + i * CELL_W, MARGIN);
		cairo_line_to(p->cr, MARGIN + i * CELL_W, PAGE_H - MARGIN);
	}
	for (i = 1; i < ROWS; i++) {
		cairo_move_to(p->cr, MARGIN, MARGIN + i * CELL_H);
		cairo_line_to(p->cr, PAGE_W - MARGIN, MARGIN + i * CELL_H);
	}
	cairo_stroke(p->cr);
	cairo_restore(p->cr);
}

/*
 * One cell, its top left corner at (x0, y0).  Three bands of fixed height
 * (header, body, footer); every text is bounded to its band, so whatever
 * the lengths nothing overlaps.
 */
static void
pen_cell(struct pen *p, const struct surv_sheet_code *c, double x0, double y0)
{
	const struct surv_sheet *s = p->sheet;
	double x = x0 + PAD, y = y0 + PAD, w = CELL_W - 2 * PAD;
	double body = y0 + PAD + HEADER_H + BAND_GAP;
	double foot = body + BODY_H + BAND_GAP;
	double rx, rw, ry, room, closes_y;
	size_t mark;
	enum err e;

	/* Header: title (3 lines), unit, village (a line each). */
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	y += pen_text(p, FONT_SANS " Bold 9", s->campaign_title != NULL ?
	    s->campaign_title : "", x, y, w, 3, 0, PANGO_ALIGN_LEFT);
	if (s->unit_name != NULL && s->unit_name[0] != '\0')
		y += pen_text(p, FONT_SANS " 8.5", s->unit_name, x, y, w, 1, 0,
		    PANGO_ALIGN_LEFT);
	if (c->village != NULL && c->village[0] != '\0')
		pen_text(p, FONT_SANS " 8.5", c->village, x, y, w, 1, 0,
		    PANGO_ALIGN_LEFT);

	/* Body: the QR code of link?code=CODE on the left. */
	mark = p->qrtext.len;
	if (buf_puts(&p->qrtext, strchr(s->link, '?') != NULL ? "&code=" :
	    "?code=") != ERR_OK || url_encode(c->code, false, &p->qrtext) !=
	    ERR_OK)
		e = ERR_LIMIT;
	else
		e = pen_qr(p, p->qrtext.data, x - 2, body, QR_SIZE);
	if (e != ERR_OK && p->err == ERR_OK)
		p->err = e;
	p->qrtext.len = mark;
	p->qrtext.data[mark] = '\0';

	/* Beside it the code, how to answer without a camera, and the
	 * closing date on the last line of the band. */
	rx = x + QR_SIZE + 2;
	rw = x + w - rx;
	ry = body + 4;
	closes_y = body + BODY_H - CLOSES_H;
	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	ry += pen_text(p, FONT_SANS " 7.5", pen_msg(p, "surv_pdf_code", NULL,
	    0), rx, ry, rw, 1, 0, PANGO_ALIGN_LEFT);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	ry += pen_code(p, c->code, rx, ry, rw, CODE_MAX_H) + 3;
	/* Three lines at least: how, the link (as many lines as the band
	 * leaves), the code again. */
	room = closes_y - 2 - ry;
	if (room >= 3 * HOW_LINE) {
		ry += pen_text(p, FONT_SANS " 8", pen_msg(p,
		    "surv_pdf_no_camera", NULL, 0), rx, ry, rw, 1, 0,
		    PANGO_ALIGN_LEFT);
		ry += pen_text(p, FONT_MONO " 7.5", s->link, rx, ry, rw, 0,
		    closes_y - 2 - HOW_LINE - ry, PANGO_ALIGN_LEFT);
		pen_text(p, FONT_SANS " 8", pen_msg(p, "surv_pdf_enter_code",
		    &c->code, 1), rx, ry, rw, 1, 0, PANGO_ALIGN_LEFT);
	}
	if (p->closes[0] != '\0')
		pen_text(p, FONT_SANS " Bold 8.5", pen_msg(p,
		    "surv_pdf_answer_by", &p->closes, 1), rx, closes_y, rw, 1, 0,
		    PANGO_ALIGN_LEFT);

	/* Footer: anonymity. */
	cairo_set_source_rgb(p->cr, 0.25, 0.25, 0.25);
	pen_text(p, FONT_SANS " Italic 8", pen_msg(p, "surv_pdf_anonymous",
	    NULL, 0), x, foot, w, 2, 0, PANGO_ALIGN_LEFT);
}

/* The page footer in the bottom margin: the campaign and "trang i/n". */
static void
pen_page_footer(struct pen *p, size_t page, size_t pages)
{
	char n[24], of[24];
	const char *args[3] = { p->sheet->campaign_title != NULL ?
	    p->sheet->campaign_title : "", n, of };

	snprintf(n, sizeof(n), "%zu", page);
	snprintf(of, sizeof(of), "%zu", pages);
	cairo_set_source_rgb(p->cr, 0.45, 0.45, 0.45);
	pen_text(p, FONT_SANS " 7", pen_msg(p, "surv_pdf_page", args, 3),
	    MARGIN, PAGE_H - MARGIN + 5, PAGE_W - 2 * MARGIN, 1, 0,
	    PANGO_ALIGN_CENTER);
}

static int
valid_text(const char *s)
{
	return s == NULL || text_utf8_valid(s, strlen(s));
}

/* A text too long for a QR code (ERR_LIMIT), or libqrencode failed (ERR_SYS);
 * field names the text. */
static enum err
err_qr_too_long(struct errinfo *ei, const char *field)
{
	return err_set(ei, ERR_LIMIT, "surveys.qr_too_long", field,
	    "Nội dung quá dài cho mã QR", "The text is too long for a QR code");
}

static enum err
err_qr_failed(struct errinfo *ei, const char *field)
{
	return err_set(ei, ERR_SYS, "surveys.qr_failed", field,
	    "Không tạo được mã QR", "The QR code could not be made");
}

/* The inputs: texts valid UTF-8, a link, codes that are not empty. */
static enum err
sheet_check(const struct surv_sheet *s, struct errinfo *ei)
{
	size_t i;

	if (s->n_codes == 0 || s->codes == NULL)
		return err_set(ei, ERR_INVALID, "surveys.no_codes", "codes",
		    "Không có mã nào để in", "There are no codes to print");
	if (s->n_codes > SURV_SHEET_MAX_CODES)
		return err_set(ei, ERR_LIMIT, "surveys.too_many_codes",
		    "codes", "Mỗi lần in tối đa %d mã",
		    "At most %d codes are printed at a time",
		    SURV_SHEET_MAX_CODES);
	if (s->link == NULL || s->link[0] == '\0')
		return err_set(ei, ERR_INVALID, "surveys.no_link", "link",
		    "Thiếu đường dẫn của phiếu khảo sát",
		    "The link of the survey form is missing");
	if (!valid_text(s->campaign_title) || !valid_text(s->unit_name) ||
	    !valid_text(s->link) || !valid_text(s->closes))
		return err_set(ei, ERR_MALFORMED, "surveys.bad_utf8", NULL,
		    "Văn bản không phải UTF-8 hợp lệ",
		    "The text is not valid UTF-8");
	for (i = 0; i < s->n_codes; i++) {
		if (s->codes[i].code == NULL || s->codes[i].code[0] == '\0')
			return err_set(ei, ERR_INVALID, "surveys.no_code",
			    "codes", "Mã thứ %zu bị trống", "Code %zu is empty",
			    i + 1);
		if (!valid_text(s->codes[i].code) ||
		    !valid_text(s->codes[i].village))
			return err_set(ei, ERR_MALFORMED, "surveys.bad_utf8",
			    "codes", "Mã thứ %zu không phải UTF-8 hợp lệ",
			    "Code %zu is not valid UTF-8", i + 1);
	}
	return ERR_OK;
}

/*
 * sheet: what to print (borrowed); out: the PDF is appended.  ERR_INVALID
 * for no codes, no link or an empty code, ERR_MALFORMED for text that is
 * not UTF-8, ERR_LIMIT when out fills up, a link too long for a QR code or
 * more than SURV_SHEET_MAX_CODES codes, ERR_SYS when cairo fails.  On an
 * error out is as it was.
 */
enum err
surv_sheet_pdf(const struct surv_sheet *sheet, struct buf *out,
    struct errinfo *ei)
{
	struct printout doc;
	PangoAttrList *attrs;
	struct arena *a;
	struct pen p;
	size_t start = out->len, i, pages;
	enum err e;

	if ((e = sheet_check(sheet, ei)) != ERR_OK)
		return e;
	memset(&p, 0, sizeof(p));
	p.sheet = sheet;
	buf_init(&p.qrtext, 8192);
	if (buf_puts(&p.qrtext, sheet->link) != ERR_OK) {
		buf_free(&p.qrtext);
		return err_qr_too_long(ei, "link");
	}
	a = arena_new(256);
	p.closes = sheet->closes != NULL ? date_display(a, sheet->closes,
	    sheet->lang) : "";
	buf_init(&p.line, LINE_MAX_BYTES);

	printout_open(&doc, out, sheet->campaign_title);
	p.cr = doc.cr;
	p.layout = doc.layout;
	/* Wrapping inside a word must not add a hyphen: in a code or a link
	 * it would read as one of its characters. */
	attrs = pango_attr_list_new();
	pango_attr_list_insert(attrs, pango_attr_insert_hyphens_new(FALSE));
	pango_layout_set_attributes(p.layout, attrs);
	pango_attr_list_unref(attrs);

	pages = (sheet->n_codes + SURV_SHEET_PER_PAGE - 1) /
	    SURV_SHEET_PER_PAGE;
	for (i = 0; i < sheet->n_codes && p.err == ERR_OK; i++) {
		size_t k = i % SURV_SHEET_PER_PAGE;

		if (k == 0) {
			if (i > 0)
				cairo_show_page(p.cr);
			pen_cut_lines(&p);
			pen_page_footer(&p, i / SURV_SHEET_PER_PAGE + 1, pages);
		}
		pen_cell(&p, &sheet->codes[i], MARGIN + (k % COLS) * CELL_W,
		    MARGIN + (double)(k / COLS) * CELL_H);
	}
	e = printout_close(&doc, "surveys.export_too_large",
	    "surveys.pdf_failed", ei);
	buf_free(&p.qrtext);
	buf_free(&p.line);
	arena_free(a);
	if (p.err == ERR_LIMIT)
		e = err_qr_too_long(ei, "link");
	else if (p.err != ERR_OK)
		e = err_qr_failed(ei, "link");
	if (e != ERR_OK)
		surv_export_undo(out, start);
	return e;
}

/*
 * The QR code (level M) of text as SVG: a white square with the quiet
 * zone, the dark modules as one path of runs ("M x y h n v1 h-n z" in
 * module units), scaled by module_px.  module_px 1..64; ERR_LIMIT when
 * text is too long for a QR code or out fills up.
 */
enum err
surv_qr_svg(const char *text, int module_px, struct buf *out,
    struct errinfo *ei)
{
	enum err e;

	if (text == NULL || text[0] == '\0')
		return err_set(ei, ERR_INVALID, "surveys.qr_empty", "text",
		    "Không có nội dung cho mã QR", "There is no text for the QR "
		    "code");
	if (module_px < 1 || module_px > 64)
		return err_set(ei, ERR_INVALID, "surveys.qr_module", "module_px",
		    "Kích thước ô của mã QR phải từ 1 đến 64",
		    "The size of a QR code's module must be from 1 to 64");
	if ((e = qr_svg(out, text, module_px)) == ERR_SYS)
		return err_qr_failed(ei, "text");
	if (e == ERR_INVALID)
		return err_qr_too_long(ei, "text");
	if (e != ERR_OK)
		return err_set(ei, e, "surveys.export_too_large", NULL,
		    "Mã QR vượt quá giới hạn kích thước",
		    "The QR code is larger than allowed");
	return ERR_OK;
}
