/* web_uploads.h - the one file a form or an API request must upload
 * (a bank statement, a list to import), refused in the module's own words
 * when it is not there (web_uploads.c). */
#ifndef NTM_WEB_UPLOADS_H
#define NTM_WEB_UPLOADS_H

#include <stddef.h>

#include "http/http.h"
#include "web/web.h"

/* What a module tells the person whose upload is refused: how to send
 * its file (a JSON body came instead: 415 with code media_code) and which
 * file to choose (no bytes came: 422 request.missing); both name the
 * field "file". */
struct web_upload_words {
	const char *media_code;
	const char *how_vi, *how_en;
	const char *choose_vi, *choose_en;
};

/* The file of the request (web_upload_file: a multipart form's "file"
 * part or the raw body; *name keeps the caller's default unless the form
 * names it), or the refusal in words. */
enum err web_upload_required(struct req *r, const struct web *w,
    const struct web_upload_words *words, const void **data, size_t *len,
    const char **name, struct errinfo *ei);

#endif
