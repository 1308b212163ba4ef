/*
 * printout.h - A4 documents drawn with cairo and pango into a buffer: the
 * PDF stream, the drawing context and a text layout set for print, shared
 * by every module that prints (survey code sheets, dossier summaries and
 * decisions; OCOP certificates next).  The module draws; this opens and
 * closes the document and says why a document failed.
 *
 * Pango's font map is per thread; documents may be made on several
 * threads at once.  printout_shutdown releases the fonts at exit.
 */
#ifndef NTM_DOMAIN_PRINTOUT_H
#define NTM_DOMAIN_PRINTOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "core/buf.h"
#include "core/err.h"

#define PRINTOUT_A4_W	595.0	/* points */
#define PRINTOUT_A4_H	842.0

struct printout {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;	/* 72 dpi (sizes in points are user units),
				 * metrics not hinted to a screen grid */
	struct buf *out;
	size_t start;		/* out's length when the document began */
	bool full;		/* out reached its maximum */
};

/* Begin an A4 PDF appended to out, with its title in the metadata. */
void printout_open(struct printout *p, struct buf *out, const char *title);

/*
 * End the document.  On failure out is as it was before printout_open and
 * ei says why: ERR_LIMIT with the module's code too_large when out reached
 * its maximum, ERR_SYS with failed when cairo failed.
 */
enum err printout_close(struct printout *p, const char *too_large,
    const char *failed, struct errinfo *ei);

/* Turn the document (before anything is drawn on its first page) to A4
 * landscape: PRINTOUT_A4_H wide, PRINTOUT_A4_W high. */
void printout_landscape(struct printout *p);

/* The QR code (level M) of text drawn on cr (a printout's) in black in the square at (x, y) of side
 * size, a 4-module quiet zone included.  ERR_LIMIT when text is too long
 * for a QR code, ERR_SYS when libqrencode fails. */
enum err printout_qr(cairo_t *cr, const char *text, double x, double y,
    double size);

struct chart;

/* The chart c (core/chart.h: the page's chart, same primitives) drawn on
 * cr with its top left at (x, y), scaled to width_pt points wide, its
 * texts set with pango in DejaVu Sans.  Returns the height drawn, in
 * points, so the caller can place what follows.  Links are not drawn
 * (a printed page has none). */
double printout_chart(cairo_t *cr, const struct chart *c, double x, double y,
    double width_pt);

/* Release what pango, cairo and fontconfig keep for the life of the
 * process, so that valgrind and LeakSanitizer see nothing left.  Call once
 * at exit, after every thread that printed has stopped: main() does,
 * after every command.  It first waits (up to 2 s) for the font maps to be
 * finalized, pango's own sorting thread included; when one is still in
 * use, it leaves the caches as they are. */
void printout_shutdown(void);

#endif
