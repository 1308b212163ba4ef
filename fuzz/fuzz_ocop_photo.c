/*
 * fuzz_ocop_photo.c - libFuzzer target for the OCOP product photo decoder
 * (ocop_thumbnail: libjpeg and cairo's PNG reader on bytes a producer
 * uploads).  The input is read both as a JPEG and as a PNG.  Besides
 * memory safety: a refusal is ERR_MEDIA "ocop.bad_photo" naming "file",
 * and a thumbnail is a PNG of at most OCOP_THUMB_PX on each side.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "domain/ocop/ocop_internal.h"

static void
one(const uint8_t *data, size_t size, const char *mime)
{
	struct errinfo ei;
	struct buf png;
	int w = 0, h = 0;
	enum err e;

	buf_init(&png, 4 * 1024 * 1024);
	e = ocop_thumbnail(data, size, mime, &w, &h, &png, &ei);
	if (e == ERR_OK) {
		const unsigned char *p = (const unsigned char *)buf_cstr(&png);
		uint32_t tw, th;

		if (png.len < 24 || memcmp(p, "\x89PNG", 4) != 0)
			abort();
		tw = (uint32_t)p[16] << 24 | (uint32_t)p[17] << 16 |
		    (uint32_t)p[18] << 8 | p[19];
		th = (uint32_t)p[20] << 24 | (uint32_t)p[21] << 16 |
		    (uint32_t)p[22] << 8 | p[23];
		if (tw == 0 || th == 0 || tw > OCOP_THUMB_PX ||
		    th > OCOP_THUMB_PX || w <= 0 || h <= 0)
			abort();
	} else if (!(e == ERR_MEDIA && strcmp(ei.code, "ocop.bad_photo") == 0 &&
	    strcmp(ei.field, "file") == 0) && e != ERR_SYS)
		abort();
	buf_free(&png);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 256 * 1024)
		return 0;
	one(data, size, "image/jpeg");
	one(data, size, "image/png");
	return 0;
}
