/*
 * qr.h - a QR code (libqrencode, level M, 8-bit mode) as runs of dark
 * modules, and as an SVG image.  One encoder for every drawing of a QR
 * code: the PDF printouts draw the runs with cairo (printout_qr), web pages
 * and the marketplace's VietQR embed the SVG (qr_svg).
 */
#ifndef NTM_CORE_QR_H
#define NTM_CORE_QR_H

#include "core/buf.h"
#include "core/err.h"

#define QR_QUIET	4	/* modules of white around a QR code */

/* Called once for every horizontal run of len dark modules starting at
 * (col, row) of a width x width code (quiet zone not counted). */
typedef enum err (*qr_run_fn)(void *arg, int width, int row, int col,
    int len);

/* Encode text and call fn for each run, stopping at its first error.
 * ERR_LIMIT when text is too long for a QR code, ERR_SYS when libqrencode
 * fails; *width (may be NULL) gets the code's width in modules. */
enum err qr_runs(const char *text, qr_run_fn fn, void *arg, int *width);

/* Append to out a standalone SVG image of text's QR code: a white square
 * with the quiet zone, the dark modules as one path of runs ("M x y h n v1
 * h-n z" in module units, the viewBox), module_px pixels a module.  On
 * error out is as it was: ERR_INVALID (text too long for a QR code),
 * ERR_LIMIT (out full), ERR_SYS (libqrencode failed). */
enum err qr_svg(struct buf *out, const char *text, int module_px);

#endif
