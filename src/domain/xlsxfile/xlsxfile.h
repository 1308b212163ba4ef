/*
 * xlsxfile.h - one way to make an XLSX file into a buffer.  libxlsxwriter
 * writes files, not memory: the workbook goes to a mkstemp file in $TMPDIR
 * (or /tmp), in constant-memory mode, and is read back into the caller's
 * buffer, the file unlinked on every path.  Used by every export that
 * offers XLSX (survey results, the recognition register, criteria tables).
 *
 *	struct xlsxfile x;
 *	if ((e = xlsxfile_open(&x, "dossiers", title, ei)) != ERR_OK)
 *		return e;
 *	... workbook_add_worksheet(x.wb, ...), remembering the first
 *	    lxw_error of the writes in `first' ...
 *	return xlsxfile_close(&x, first, out, ei);
 *
 * Error codes carry the caller's module: "<module>.tmpfile",
 * "<module>.xlsx_failed", "<module>.export_too_large".
 */
#ifndef NTM_DOMAIN_XLSXFILE_H
#define NTM_DOMAIN_XLSXFILE_H

#include <xlsxwriter.h>

#include "core/buf.h"
#include "core/err.h"

struct xlsxfile {
	lxw_workbook *wb;	/* the caller adds its sheets here */
	const char *module;	/* prefix of the error codes */
	char path[4096];
	int fd;
};

/* Keep in *first the first error of a series of writes. */
static inline void
xlsxfile_note(lxw_error *first, lxw_error e)
{
	if (e != LXW_NO_ERROR && *first == LXW_NO_ERROR)
		*first = e;
}

/* A format for the header row of a table, as every export draws it:
 * bold, wrapped, on pale green (the workbook owns it). */
static inline lxw_format *
xlsxfile_head_format(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_bold(f);
	format_set_text_wrap(f);
	format_set_bg_color(f, 0xE8F0E8);
	return f;
}

/* A new workbook titled title (its document properties, author "ntm").
 * ERR_SYS "<module>.tmpfile" or "<module>.xlsx_failed"; nothing is left
 * behind on an error. */
enum err xlsxfile_open(struct xlsxfile *x, const char *module,
    const char *title, struct errinfo *ei);

/*
 * Close the workbook (always: it frees it) and append the file to out.
 * first: the first error of the caller's writes (LXW_NO_ERROR if none).
 * ERR_LIMIT "<module>.export_too_large" when the data exceed what an
 * Excel file holds or the file exceeds out's maximum; ERR_SYS otherwise.
 * out is as it was on an error; the temporary file is gone either way.
 */
enum err xlsxfile_close(struct xlsxfile *x, lxw_error first, struct buf *out,
    struct errinfo *ei);

#endif
