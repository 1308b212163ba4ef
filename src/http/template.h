/*
 * template.h - the logic-less HTML template engine (a Mustache subset).
 *
 * Syntax:
 *   {{name}}            value, HTML-escaped (& < > " ' ` = become entities;
 *                       the bidi embeddings, overrides and isolates
 *                       U+202A-U+202E, U+2066-U+2069 are left out)
 *   {{@name}}           the same inside <bdi>...</bdi>: text a user gave (a
 *                       name, a comment) in its own direction, so that it
 *                       cannot reorder the page around it; element content
 *                       only, never inside an attribute
 *   {{%name}}           a number as people read it in the view's "lang"
 *                       (core/numfmt.h: "12.345", "91,5"); other values as
 *                       {{name}}.  For counts and measures on a page -
 *                       never ids, years or values in URLs and attributes
 *   {{{name}}}          value, raw: the only unescaped output; grep for "{{{"
 *   {{#name}}..{{/name}} section: a non-empty array repeats the body once per
 *                       element with that element as the context; an object
 *                       renders once inside it; any other truthy value renders
 *                       once in the current context
 *   {{^name}}..{{/name}} inverted: renders when name is falsy
 *   {{> partial}}       another template of the same set, same context
 *   {{! comment}}       nothing
 *   {{.}}               the current context value
 * Names may be dotted (a.b.c); a segment of digits after an array picks
 * that element ("items.0": has a first item).  Lookup walks the context stack from the
 * innermost outwards (first segment), then descends.  Falsy: missing, null,
 * false, an empty array, "".  Numbers print as integers or %g; true prints
 * "true"; objects and arrays print nothing.
 *
 * Templates are compiled once at start (tmpl_set_add); syntax errors (an
 * unclosed tag or section, a mismatched close) are reported then, with the
 * template name and line.  tmpl_set_check verifies every partial exists.
 * Rendering a compiled set is thread-safe and allocates only into out.
 *
 * Ownership: the set owns its templates and a copy of their sources.  The
 * view is borrowed.
 */
#ifndef NTM_HTTP_TEMPLATE_H
#define NTM_HTTP_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

struct tmpl_set;

struct tmpl_set *tmpl_set_new(void);
void tmpl_set_free(struct tmpl_set *set);
/* Compile src under name (e.g. "units/unit"); ERR_INVALID with a message
 * naming the template and line on a syntax error. */
enum err tmpl_set_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, struct errinfo *ei);
/* ERR_INVALID if some template includes a partial that is not in the set. */
enum err tmpl_set_check(const struct tmpl_set *set, struct errinfo *ei);
/* ERR_NOTFOUND if name is unknown; ERR_LIMIT if out is full. */
enum err tmpl_render(const struct tmpl_set *set, const char *name,
    const json_t *view, struct buf *out, struct errinfo *ei);

/* HTML-escape s (also safe inside double- or single-quoted attributes). */
enum err html_escape(const char *s, size_t len, struct buf *out);

#endif
