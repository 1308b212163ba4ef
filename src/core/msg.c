/*
 * msg.c - looking up the message tables (msg.h): two JSON objects, one per
 * language, built once from every table in msg_tables[].
 */
#include <pthread.h>
#include <string.h>

#include "core/msg.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static json_t *by_lang[2];	/* 0: vi, 1: en */

static void
build(void)
{
	by_lang[0] = json_object();
	by_lang[1] = json_object();
	for (size_t t = 0; msg_tables[t] != NULL; t++)
		for (const struct msg *m = msg_tables[t]; m->key != NULL; m++) {
			json_object_set_new(by_lang[0], m->key, json_string(m->vi));
			json_object_set_new(by_lang[1], m->key, json_string(m->en));
		}
}

bool
msg_is_en(const char *lang)
{
	return lang != NULL && strcmp(lang, "en") == 0;
}

const json_t *
msg_all(const char *lang)
{
	pthread_once(&once, build);
	return by_lang[msg_is_en(lang)];
}

const char *
msg_get(const char *lang, const char *key)
{
	const char *s = json_string_value(json_object_get(msg_all(lang), key));

	return s != NULL ? s : key;
}

const char *
msg_pick(const char *lang, const char *vi, const char *en)
{
	return msg_is_en(lang) && en != NULL && en[0] != '\0' ? en : vi;
}

enum err
msg_format(struct buf *b, const char *lang, const char *key,
    const char *const *args, size_t nargs)
{
	const char *s = msg_get(lang, key), *p;
	enum err e = ERR_OK;

	while (e == ERR_OK && (p = strchr(s, '{')) != NULL) {
		size_t i = (size_t)(p[1] - '1');

		if (p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
			if ((e = buf_append(b, s, (size_t)(p - s))) == ERR_OK &&
			    i < nargs && args[i] != NULL)
				e = buf_puts(b, args[i]);
			s = p + 3;
		} else {
			e = buf_append(b, s, (size_t)(p - s) + 1);
			s = p + 1;
		}
	}
	return e == ERR_OK ? buf_puts(b, s) : e;
}

const char *
msg_formata(struct arena *a, const char *lang, const char *key,
    const char *const *args, size_t nargs)
{
	struct buf b;
	const char *out;

	buf_init(&b, 64 * 1024);
	if (msg_format(&b, lang, key, args, nargs) != ERR_OK)
		buf_reset(&b);	/* over 64 KB: never for a message */
	out = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return out;
}
