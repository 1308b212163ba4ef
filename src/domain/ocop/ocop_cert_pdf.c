/*
 * ocop_cert_pdf.c - an OCOP certificate as a printable A4 landscape PDF
 * (ocop_certificate_pdf; docs/OCOP.md section 4): the issuer and the
 * national heading, the title, the product, its producer and place, the
 * stars in large type, the level, the dates as people read them, the
 * number, and the QR code of the public verification page with its
 * address printed under it.  A certificate that is no longer valid on the
 * day it is printed says so in red across the page, so a copy printed
 * after a revocation cannot pass for a valid one.  Drawn with cairo and
 * pango through domain/printout (Vietnamese shaped by pango).
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "domain/ocop/ocop_certificates.h"
#include "domain/printout/printout.h"

#define FONT		"DejaVu Sans,Noto Sans,Sans"
#define PAGE_W		PRINTOUT_A4_H	/* landscape */
#define PAGE_H		PRINTOUT_A4_W
#define MARGIN		42.0
#define QR_SIZE		130.0

/* text in font (a pango description) in the box of width w at (x, y),
 * aligned; returns the height drawn. */
static double
text_at(struct printout *p, const char *font, const char *text, double x,
    double y, double w, PangoAlignment align)
{
	PangoFontDescription *fd = pango_font_description_from_string(font);
	int width, height;

	pango_layout_set_font_description(p->layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(p->layout, (int)(w * PANGO_SCALE));
	pango_layout_set_height(p->layout, -3);		/* at most 3 lines */
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_END);
	pango_layout_set_alignment(p->layout, align);
	pango_layout_set_text(p->layout, text != NULL ? text : "", -1);
	pango_layout_get_size(p->layout, &width, &height);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, p->layout);
	return (double)height / PANGO_SCALE;
}

static void
frame(struct printout *p)
{
	cairo_set_source_rgb(p->cr, 0.55, 0.35, 0.05);
	cairo_set_line_width(p->cr, 3);
	cairo_rectangle(p->cr, 18, 18, PAGE_W - 36, PAGE_H - 36);
	cairo_stroke(p->cr);
	cairo_set_line_width(p->cr, 1);
	cairo_rectangle(p->cr, 25, 25, PAGE_W - 50, PAGE_H - 50);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* "label: value" on one line of the body. */
static double
fact(struct printout *p, struct arena *a, const char *lang, const char *key,
    const char *value, double y)
{
	const char *line = arena_printf(a, "%s: %s", msg_get(lang, key),
	    value != NULL ? value : "—");

	return text_at(p, FONT " 13", line, MARGIN + 20, y,
	    PAGE_W - 2 * MARGIN - QR_SIZE - 60, PANGO_ALIGN_LEFT) + 6;
}

static void
draw(struct printout *p, struct arena *a, json_t *c, const char *lang,
    const char *url)
{
	const char *stars_arg[1], *status = jval_str(c, "status");
	const char *args[2];
	char today[DATE_LEN];
	json_t *product = json_object_get(c, "product");
	double y, w = PAGE_W - 2 * MARGIN, qx, qy;
	char stars[32] = "";

	frame(p);
	/* The issuer at the left, the national heading at the right. */
	text_at(p, FONT " Bold 11", arena_printf(a, "%s\n%s",
	    jval_str(c, "issuer"), msg_get(lang, "occ_pdf_programme")),
	    MARGIN, MARGIN, w / 2 - 10, PANGO_ALIGN_CENTER);
	text_at(p, FONT " Bold 11", arena_printf(a, "%s\n%s",
	    msg_get(lang, "occ_pdf_country"), msg_get(lang, "occ_pdf_motto")),
	    MARGIN + w / 2 + 10, MARGIN, w / 2 - 10, PANGO_ALIGN_CENTER);
	y = MARGIN + 62;
	cairo_set_source_rgb(p->cr, 0.6, 0.05, 0.05);
	y += text_at(p, FONT " Bold 26", msg_get(lang, "occ_pdf_title"),
	    MARGIN, y, w, PANGO_ALIGN_CENTER) + 2;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	y += text_at(p, FONT " 12", arena_printf(a, "%s: %s",
	    msg_get(lang, "occ_number"), jval_str(c, "number")), MARGIN, y, w,
	    PANGO_ALIGN_CENTER) + 14;
	y += text_at(p, FONT " Bold 22", jval_str(product, "name"), MARGIN, y,
	    w, PANGO_ALIGN_CENTER) + 6;
	for (size_t i = 0, n = 0; i < (size_t)jval_int(c, "stars", 0) &&
	    i < 5; i++, n += 3) {	/* "★" is 3 bytes: 5 fit */
		memcpy(stars + n, "★", 3);
		stars[n + 3] = '\0';
	}
	stars_arg[0] = numfmt_int_a(a, jval_int(c, "stars", 0), lang);
	cairo_set_source_rgb(p->cr, 0.75, 0.5, 0.0);
	y += text_at(p, FONT " Bold 30", stars, MARGIN, y, w,
	    PANGO_ALIGN_CENTER);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	y += text_at(p, FONT " Bold 14", msg_formata(a, lang, "occ_stars_n",
	    stars_arg, 1), MARGIN, y, w, PANGO_ALIGN_CENTER) + 16;

	y += fact(p, a, lang, "occ_producer", jval_str(c, "producer"), y);
	y += fact(p, a, lang, "occ_place", arena_printf(a, "%s, %s",
	    jval_str(c, "commune"), jval_str(c, "province") != NULL ?
	    jval_str(c, "province") : ""), y);
	y += fact(p, a, lang, "occ_group", jval_str(product, "group_name"), y);
	y += fact(p, a, lang, "occ_level", jval_str(c, "level_name"), y);
	y += fact(p, a, lang, "occ_issued_on", date_display(a,
	    jval_str(c, "issued_on"), lang), y);
	y += fact(p, a, lang, "occ_expires_on", date_display(a,
	    jval_str(c, "expires_on"), lang), y);
	if (jval_str(c, "band_note") != NULL)
		text_at(p, FONT " Italic 8", jval_str(c, "band_note"),
		    MARGIN + 20, PAGE_H - MARGIN - 24,
		    PAGE_W - 2 * MARGIN - QR_SIZE - 60, PANGO_ALIGN_LEFT);

	/* The QR code of the verification page, its address under it. */
	qx = PAGE_W - MARGIN - QR_SIZE - 10;
	qy = PAGE_H - MARGIN - QR_SIZE - 40;
	text_at(p, FONT " 9", msg_get(lang, "occ_pdf_verify"), qx - 20,
	    qy - 14, QR_SIZE + 40, PANGO_ALIGN_CENTER);
	(void)printout_qr(p->cr, url, qx, qy, QR_SIZE);	/* checked before */
	text_at(p, FONT " 8", url, qx - 40, qy + QR_SIZE + 2, QR_SIZE + 60,
	    PANGO_ALIGN_CENTER);

	/* Not valid on the day it is printed: said across the page. */
	if (status != NULL && strcmp(status, "valid") != 0 &&
	    strcmp(status, "expiring") != 0) {
		args[0] = date_display(a, date_today(today), lang);
		args[1] = jval_str(c, "status_name");
		cairo_set_source_rgb(p->cr, 0.8, 0.0, 0.0);
		text_at(p, FONT " Bold 16", msg_formata(a, lang,
		    "occ_pdf_status", args, 2), MARGIN, y + 4, w - QR_SIZE - 40,
		    PANGO_ALIGN_LEFT);
		cairo_set_source_rgb(p->cr, 0, 0, 0);
	}
}

enum err
ocop_certificate_pdf(struct db *db, const char *code, const char *lang,
    const char *verify_url, struct buf *out, struct errinfo *ei)
{
	struct arena *a;
	struct printout p;
	json_t *c;
	enum err e;

	if ((e = ocop_certificate_get(db, code, lang, &c, ei)) != ERR_OK)
		return e;
	a = arena_new(4096);
	/* The QR code first: a link too long for one is refused before any
	 * drawing. */
	{
		cairo_surface_t *s = cairo_recording_surface_create(
		    CAIRO_CONTENT_COLOR_ALPHA, NULL);
		cairo_t *cr = cairo_create(s);

		e = printout_qr(cr, verify_url, 0, 0, QR_SIZE);
		cairo_destroy(cr);
		cairo_surface_destroy(s);
	}
	if (e != ERR_OK) {
		e = err_set(ei, e, "ocop.qr_failed", NULL,
		    "Không tạo được mã QR của địa chỉ kiểm tra",
		    "The QR code of the verification address could not be made");
		goto done;
	}
	printout_open(&p, out, arena_printf(a, "%s %s", msg_get(lang,
	    "occ_pdf_title"), jval_str(c, "number")));
	printout_landscape(&p);
	draw(&p, a, c, lang, verify_url);
	e = printout_close(&p, "ocop.pdf_too_large", "ocop.pdf_failed", ei);
done:
	json_decref(c);
	arena_free(a);
	return e;
}
