/* web_photos.h - the photos of records (a marketplace listing's, an OCOP
 * product's, a pilot's note's) as the web layer takes them in and sends
 * them back: one way to read an uploaded photo and one way to answer with
 * stored image bytes (web_photos.c).  What a photo may be (JPEG or PNG,
 * its size, how many) is the domain's. */
#ifndef NTM_WEB_PHOTOS_H
#define NTM_WEB_PHOTOS_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"
#include "web/web.h"

/* The query of a photo's upload route: ?filename= names a raw body. */
extern const struct qfield web_photo_query[1];

/* The photo of a request (the route declares web_photo_query): a
 * multipart form's "file" part, or the raw body of an API request named
 * by ?filename= (the name as web_upload_file keeps it; NULL when none).
 * A JSON body is refused (415, code: the module's, field "file"); no
 * bytes at all go on to the domain, whose check names what is missing. */
enum err web_photo_upload(struct req *r, struct web *w, const char *code,
    const void **data, size_t *len, const char **name, struct errinfo *ei);

/* Does the route ask for the photo's thumbnail (its address ends in
 * /thumb), rather than the photo itself? */
bool web_photo_thumb(const struct web *w);

/* The answer for stored image bytes of type mime (in the request's arena,
 * which lives until they are sent): their SHA-256 as the ETag, 304 when
 * the client already has them; cache_control is the module's rule for
 * who may keep them and how long.  Always ERR_OK. */
enum err web_photo_send(struct req *r, const char *cache_control,
    const char *mime, const char *sha256, const void *data, size_t len);

#endif
