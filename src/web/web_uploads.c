/*
 * web_uploads.c - the file a request must carry (web_uploads.h): the
 * bank statement of a shop and the OCOP list to import each read it the
 * same way and differ only in what they tell the person, which is the
 * caller's table of words.
 */
#include "web/web_uploads.h"

enum err
web_upload_required(struct req *r, const struct web *w,
    const struct web_upload_words *words, const void **data, size_t *len,
    const char **name, struct errinfo *ei)
{
	switch (web_upload_file(r, w, data, len, name)) {
	case WEB_UPLOAD_JSON:
		return err_set_texts(ei, ERR_MEDIA, words->media_code, "file",
		    words->how_vi, words->how_en);
	case WEB_UPLOAD_NONE:
		return err_set_texts(ei, ERR_INVALID, "request.missing",
		    "file", words->choose_vi, words->choose_en);
	default:
		return ERR_OK;
	}
}
