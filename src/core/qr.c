/*
 * qr.c - QR codes as runs of modules and as SVG (qr.h).
 */
#include <errno.h>
#include <stdbool.h>

#include <qrencode.h>

#include "core/qr.h"

enum err
qr_runs(const char *text, qr_run_fn fn, void *arg, int *width)
{
	QRcode *qr;
	enum err e = ERR_OK;
	int row, col, run;

	errno = 0;
	if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL)
		return errno == ERANGE ? ERR_LIMIT : ERR_SYS;
	if (width != NULL)
		*width = qr->width;
	/* The low bit of each module byte is "dark". */
	for (row = 0; row < qr->width && e == ERR_OK; row++) {
		const unsigned char *d = qr->data + (size_t)row * qr->width;

		for (col = 0; col < qr->width && e == ERR_OK; col += run) {
			for (run = 0; col + run < qr->width && (d[col + run] & 1);
			    run++)
				;
			if (run == 0) {
				run = 1;
				continue;
			}
			e = fn(arg, qr->width, row, col, run);
		}
	}
	QRcode_free(qr);
	return e;
}

/* One run as a closed sub-path of the single <path>: move, right, down,
 * left. */
struct svg_path {
	struct buf b;
	bool full;	/* b reached its maximum */
};

static enum err
svg_run(void *arg, int width, int row, int col, int len)
{
	struct svg_path *p = arg;

	(void)width;
	if (buf_printf(&p->b, "M%d %dh%dv1h-%dz", col + QR_QUIET,
	    row + QR_QUIET, len, len) != ERR_OK) {
		p->full = true;
		return ERR_LIMIT;
	}
	return ERR_OK;
}

enum err
qr_svg(struct buf *out, const char *text, int module_px)
{
	size_t mark = out->len;
	int width = 0, n;
	enum err e;
	struct svg_path path = { .full = false };

	/* The path first (the code's width decides the viewBox), in a
	 * scratch buffer bounded by what out may still take. */
	buf_init(&path.b, out->max > out->len ? out->max - out->len : 1);
	if ((e = qr_runs(text, svg_run, &path, &width)) != ERR_OK) {
		/* qr_runs's own ERR_LIMIT is a text too long. */
		if (e == ERR_LIMIT && !path.full)
			e = ERR_INVALID;
		buf_free(&path.b);
		return e;
	}
	n = width + 2 * QR_QUIET;
	e = buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"%s\"/></svg>", n * module_px,
	    n * module_px, n, n, n, n, buf_cstr(&path.b));
	buf_free(&path.b);
	if (e != ERR_OK && out->data != NULL) {
		out->len = mark;
		out->data[mark] = '\0';
	}
	return e;
}
