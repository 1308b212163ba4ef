/*
 * fuzz_template.c - libFuzzer target for the template engine
 * (src/http/template.c).  Each input is compiled as template "t" into a
 * set that also holds a fixed partial "p"; if it compiles, it is checked
 * and rendered against a fixed view with nested objects, arrays, numbers,
 * booleans, null and a hostile string, into a small bounded buffer.
 *
 * Besides the sanitizers, it aborts when an invariant breaks: an error
 * code outside the documented set, output past the buffer's maximum or not
 * NUL-terminated, output left behind by a failed render, any of < > " '
 * ` = in the output of a template that has neither "{{{" nor those bytes
 * (the view's values are full of them, so one slipping through unescaped
 * would show; '>' only when the input has none, since it also opens
 * partial tags; the <bdi> and </bdi> that {{@name}} wraps around a value
 * are the engine's own markup and taken out first), or a render that is
 * not deterministic.  Linked with
 * replay_main.c instead of libFuzzer it replays fuzz/corpus/template in
 * `make test`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/template.h"

#define OUT_MAX 16384

static const char view_json[] =
    "{\"title\": \"Nông thôn mới <b>\", \"n\": 42, \"r\": 2.5,"
    " \"yes\": true, \"no\": false, \"nil\": null, \"empty\": \"\","
    " \"xss\": \"<script>alert(1)</script>\","
    " \"attr\": \"\\\"'><img src=x onerror=alert(1)>`\","
    " \"unit\": {\"name\": \"Xã A\", \"code\": \"00001\","
    "   \"meta\": {\"level\": 3, \"tags\": [\"a\", \"b\"]}},"
    " \"items\": [{\"name\": \"one\", \"v\": 1,"
    "   \"kids\": [{\"name\": \"k\", \"kids\": []}]},"
    "   {\"name\": \"two\", \"v\": 2.25, \"kids\": []}, \"s\", 7, [1, [2]]],"
    " \"none\": [], \"obj\": {}}";

/* Free of the bytes html_escape replaces; see "values escaped". */
static const char partial_src[] =
    "[{{name}}|{{title}}|{{attr}}|{{#kids}}{{> p}}{{/kids}}]";

static json_t *view;

static void
check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_template: invariant broken: %s\n", what);
		abort();
	}
}

static void
check_out(const struct buf *b)
{
	check(b->len <= b->max, "len <= max");
	check(b->data == NULL ? b->len == 0 : b->data[b->len] == '\0',
	    "NUL-terminated");
}

/* Whether s holds one of the bytes in set (not NUL). */
static int
has_any(const char *s, size_t n, const char *set)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\0' && strchr(set, s[i]) != NULL)
			return 1;
	return 0;
}

/* out without the <bdi> and </bdi> that {{@name}} adds (a new string). */
static char *
without_bdi(const char *s, size_t n, size_t *len)
{
	char *t = malloc(n + 1);
	size_t i = 0, j = 0;

	check(t != NULL, "memory");
	while (i < n) {
		if (n - i >= 5 && memcmp(s + i, "<bdi>", 5) == 0)
			i += 5;
		else if (n - i >= 6 && memcmp(s + i, "</bdi>", 6) == 0)
			i += 6;
		else
			t[j++] = s[i++];
	}
	t[j] = '\0';
	*len = j;
	return t;
}

static int
has_triple(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++)
		if (s[i] == '{' && s[i + 1] == '{' && s[i + 2] == '{')
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set *set;
	struct errinfo ei;
	struct buf out, again;
	enum err e, e2;
	const char *special;

	if (view == NULL) {
		view = json_loads(view_json, 0, NULL);
		check(view != NULL, "view parses");
	}
	set = tmpl_set_new();
	e = tmpl_set_add(set, "p", partial_src, sizeof(partial_src) - 1, &ei);
	check(e == ERR_OK, "fixed partial compiles");
	err_clear(&ei);
	e = tmpl_set_add(set, "t", (const char *)data, size, &ei);
	if (e != ERR_OK) {
		check(e == ERR_INVALID, "compile error is ERR_INVALID");
		check(ei.err == ERR_INVALID && ei.message[0] != '\0',
		    "compile error has a message");
		check(strlen(ei.message) < sizeof(ei.message), "message fits");
		goto out;
	}
	e = tmpl_set_check(set, &ei);
	check(e == ERR_OK || e == ERR_INVALID, "check result");

	buf_init(&out, OUT_MAX);
	buf_init(&again, OUT_MAX);
	e = tmpl_render(set, "t", view, &out, &ei);
	check(e == ERR_OK || e == ERR_LIMIT || e == ERR_NOTFOUND,
	    "render result");
	check_out(&out);
	if (e != ERR_OK)
		check(out.len == 0, "failed render leaves out empty");
	/*
	 * Bytes html_escape replaces (but &, which its entities contain) can
	 * only reach the output as template text or raw values.  '>' also
	 * starts partial tags, so it is checked only for inputs without one.
	 */
	if (e == ERR_OK && !has_triple((const char *)data, size)) {
		special = has_any((const char *)data, size, ">") ?
		    "<\"'`=" : "<>\"'`=";
		if (!has_any((const char *)data, size, special)) {
			size_t n;
			char *text = without_bdi(out.data ? out.data : "",
			    out.len, &n);

			check(!has_any(text, n, special), "values escaped");
			free(text);
		}
	}
	/* The same set and view render the same bytes. */
	e2 = tmpl_render(set, "t", view, &again, NULL);
	check(e2 == e, "render is deterministic (result)");
	check(again.len == out.len && (out.len == 0 ||
	    memcmp(again.data, out.data, out.len) == 0),
	    "render is deterministic (bytes)");
	buf_free(&again);
	buf_free(&out);
out:
	tmpl_set_free(set);
	return 0;
}
