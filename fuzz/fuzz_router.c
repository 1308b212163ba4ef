/*
 * fuzz_router.c - libFuzzer target for the route matcher and the URL
 * encoder: the input is a request path as libmicrohttpd would hand it over
 * (decoded, any bytes but NUL).  Every route of every module table is
 * tried, page and API.  Besides memory safety it checks that a match
 * captures exactly the pattern's parameters, each non-empty and without
 * '/', and that encoding the path yields only unreserved characters,
 * '%XX' and '/'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/url.h"
#include "web/web_internal.h"

static const struct route *const tables[] = {
	home_routes, units_routes, static_routes, NULL
};

static size_t
pattern_params(const char *p)
{
	size_t n = 0;

	for (; *p; p++)
		n += *p == '{';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	struct req *r = arena_alloc(a, sizeof(*r));
	char *path = arena_strndup(a, (const char *)data, size);
	struct buf enc;

	r->arena = a;
	path[strnlen(path, size)] = '\0';	/* MHD gives a C string */
	for (size_t t = 0; tables[t] != NULL; t++) {
		for (const struct route *rt = tables[t]; rt->pattern; rt++) {
			for (int api = 0; api < 2; api++) {
				if (!web_route_match(r, rt, path, api))
					continue;
				if (api && strcmp(rt->pattern, "/") == 0)
					continue;
				if (r->nparams != pattern_params(rt->pattern))
					abort();
				for (size_t i = 0; i < r->nparams; i++)
					if (r->param_values[i][0] == '\0' ||
					    strchr(r->param_values[i], '/') != NULL)
						abort();
			}
		}
	}
	buf_init(&enc, 64 * 1024);
	if (url_encode(path, true, &enc) == ERR_OK) {
		for (size_t i = 0; i < enc.len; i++) {
			char c = enc.data[i];

			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') || strchr("-._~/%", c) != NULL))
				abort();
		}
	}
	buf_free(&enc);
	arena_free(a);
	return 0;
}
