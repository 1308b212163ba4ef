/*
 * printout.c - opening and closing an A4 PDF drawn with cairo and pango
 * (printout.h).
 */
#include <errno.h>
#include <stdatomic.h>
#include <time.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include "core/qr.h"
#include "domain/printout/printout.h"

/*
 * The font maps alive: one per thread that printed, counted down when
 * pango finalizes it.  Pango sorts fonts on a thread of its own, which
 * holds a reference to the font map until the sort ends, so a font map
 * may outlive its thread's last document; printout_shutdown waits for
 * the count to reach zero before releasing cairo's caches, which must
 * not hold a live font (cairo asserts, and the process aborts).
 */
static atomic_int live_font_maps;
static __thread bool font_map_counted;

static void
font_map_finalized(void *unused)
{
	(void)unused;
	atomic_fetch_sub(&live_font_maps, 1);
}

/* Count this thread's font map once; glib calls font_map_finalized after
 * pango's finalizer has released the map's fonts. */
static void
count_font_map(void)
{
	if (font_map_counted)
		return;
	font_map_counted = true;
	atomic_fetch_add(&live_font_maps, 1);
	g_object_set_data_full(G_OBJECT(pango_cairo_font_map_get_default()),
	    "ntm-printout", &live_font_maps, font_map_finalized);
}

/* The PDF stream goes into the caller's buffer; full remembers ERR_LIMIT. */
static cairo_status_t
sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	struct printout *p = closure;

	if (buf_append(p->out, data, length) != ERR_OK) {
		p->full = true;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

void
printout_open(struct printout *p, struct buf *out, const char *title)
{
	cairo_font_options_t *fo;
	PangoContext *pc;

	count_font_map();
	p->out = out;
	p->start = out->len;
	p->full = false;
	p->surface = cairo_pdf_surface_create_for_stream(sink_write, p,
	    PRINTOUT_A4_W, PRINTOUT_A4_H);
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE,
	    title != NULL ? title : "");
	cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR,
	    "ntm");
	p->cr = cairo_create(p->surface);
	p->layout = pango_cairo_create_layout(p->cr);
	pc = pango_layout_get_context(p->layout);
	/* Metrics as the font designs them, not hinted to a screen grid. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	/* Font sizes in points are user units (pango assumes 96 dpi). */
	pango_cairo_context_set_resolution(pc, 72);
	pango_layout_context_changed(p->layout);
}

enum err
printout_close(struct printout *p, const char *too_large,
    const char *failed, struct errinfo *ei)
{
	cairo_status_t st;

	g_object_unref(p->layout);
	st = cairo_status(p->cr);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (!p->full && st == CAIRO_STATUS_SUCCESS)
		return ERR_OK;
	p->out->len = p->start;
	if (p->out->data != NULL)
		p->out->data[p->start] = '\0';
	if (p->full)
		return err_set(ei, ERR_LIMIT, too_large, NULL,
		    "Tệp PDF vượt quá giới hạn kích thước",
		    "The PDF file is larger than allowed");
	return err_set(ei, ERR_SYS, failed, NULL, "Không tạo được tệp PDF: %s",
	    "The PDF file could not be made: %s", cairo_status_to_string(st));
}

void
printout_landscape(struct printout *p)
{
	cairo_pdf_surface_set_size(p->surface, PRINTOUT_A4_H, PRINTOUT_A4_W);
}

/* A run of dark modules as a rectangle of the path being built. */
struct qr_draw {
	cairo_t *cr;
	double x, y, size;
};

static enum err
draw_run(void *arg, int width, int row, int col, int len)
{
	struct qr_draw *q = arg;
	double m = q->size / (width + 2 * QR_QUIET);

	cairo_rectangle(q->cr, q->x + (col + QR_QUIET) * m,
	    q->y + (row + QR_QUIET) * m, len * m, m);
	return ERR_OK;
}

enum err
printout_qr(cairo_t *cr, const char *text, double x, double y, double size)
{
	struct qr_draw q = { cr, x, y, size };
	enum err e;

	if ((e = qr_runs(text, draw_run, &q, NULL)) != ERR_OK) {
		cairo_new_path(cr);
		return e;
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_fill(cr);
	return ERR_OK;
}

/* How long shutdown waits for pango's sorting thread: a sort takes a few
 * milliseconds; past this the caches are left to the exit instead. */
#define SHUTDOWN_WAIT_MS	2000

void
printout_shutdown(void)
{
	const struct timespec ms = { 0, 1000000 };

	pango_cairo_font_map_set_default(NULL);
	font_map_counted = false;
	for (int i = 0; atomic_load(&live_font_maps) > 0; i++) {
		if (i == SHUTDOWN_WAIT_MS)
			return;
		nanosleep(&ms, NULL);
	}
	cairo_debug_reset_static_data();
	FcFini();
}
