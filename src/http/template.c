/*
 * template.c - the logic-less HTML template engine; see template.h.
 *
 * tmpl_set_add compiles a source once into a flat array of nodes: text
 * runs (pointing into the set's copy of the source), variables, sections
 * and partials.  A section node records the index just past its body, so
 * the tree is walked without pointers or per-node allocations.  Names are
 * split at compile time into NUL-terminated segments kept in one pool per
 * template, ready for json_object_get.  After every add the partial nodes
 * of the whole set are linked to their targets, so rendering never
 * searches for a partial by name.
 *
 * Rendering only reads the compiled set and the borrowed view; the context
 * stack is a chain of frames on the C stack, so many threads may render the
 * same set at once and nothing is allocated except into out.  Three limits
 * keep a render finite whatever the template and the view: sections nest
 * at most TMPL_MAX_NEST deep (a compile error), partials at most
 * TMPL_MAX_DEPTH deep, and every node visit and section iteration spends a
 * step from a budget proportional to out->max (both ERR_LIMIT), so a
 * template that produces little output but loops a lot still stops.  On
 * any render error out is restored to what it held before the call.
 *
 * Decisions template.h leaves open: false prints "false" and null prints
 * nothing; a partial missing at render time is ERR_NOTFOUND (tmpl_set_check
 * catches it at start); adding a name already in the set is ERR_CONFLICT;
 * {{&name}} and set-delimiter tags are syntax errors, so {{{ stays the one
 * greppable way to print raw HTML.  Standalone tag lines are not stripped.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/numfmt.h"
#include "core/xalloc.h"
#include "http/template.h"

#define TMPL_MAX_NEST	64	/* sections open at once, per template */
#define TMPL_MAX_DEPTH	16	/* partials inside partials */
#define TMPL_STEP_BASE	((size_t)1 << 20)
#define TMPL_STEP_PER_BYTE 16

enum node_type {
	N_TEXT,		/* src[off .. off+len) verbatim */
	N_VAR,		/* {{name}}, escaped */
	N_RAW,		/* {{{name}}} */
	N_ISOLATED,	/* {{@name}}, escaped inside <bdi> */
	N_NUMBER,	/* {{%name}}, a number as people read it (numfmt) */
	N_SECTION,	/* {{#name}}, body is nodes (i, end) */
	N_INVERTED,	/* {{^name}} */
	N_PARTIAL	/* {{> name}} */
};

struct tmpl;

struct node {
	enum node_type type;
	unsigned line;		/* of the tag, for messages */
	size_t off, len;	/* N_TEXT: the text; otherwise the raw name */
	size_t name;		/* offset of the first segment in names */
	size_t nseg;		/* 0 for "." */
	size_t end;		/* sections: index just past the body */
	const struct tmpl *partial;	/* N_PARTIAL: the target, or NULL */
};

struct tmpl {
	char *name;
	char *src;		/* the set's own copy of the source */
	size_t srclen;
	struct node *nodes;
	size_t nnodes, nodecap;
	char *names;		/* name segments, each NUL-terminated */
	size_t nameslen, namescap;
};

struct tmpl_set {
	struct tmpl **t;	/* sorted by name */
	size_t n, cap;
};

/* One frame of the context stack; frames live in render_nodes' frames. */
struct ctx {
	const json_t *v;
	const struct ctx *up;
};

struct render {
	struct buf *out;
	struct errinfo *ei;
	size_t steps;		/* budget left */
	const char *lang;	/* the view's "lang", for {{%name}} */
};

/* ---- the set -------------------------------------------------------- */

struct tmpl_set *
tmpl_set_new(void)
{
	return xcalloc(1, sizeof(struct tmpl_set));
}

static void
tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	free(t->src);
	free(t->nodes);
	free(t->names);
	free(t);
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		tmpl_free(set->t[i]);
	free(set->t);
	free(set);
}

/*
 * Binary search for name in set.  Returns its index and sets *found, or the
 * index where it would be inserted.
 */
static size_t
set_find(const struct tmpl_set *set, const char *name, int *found)
{
	size_t lo = 0, hi = set->n, mid;
	int c;

	*found = 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, set->t[mid]->name);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static const struct tmpl *
set_get(const struct tmpl_set *set, const char *name)
{
	int found;
	size_t i = set_find(set, name, &found);

	return found ? set->t[i] : NULL;
}

/* Point every partial node of the set at its target (NULL if missing). */
static void
set_link(struct tmpl_set *set)
{
	size_t i, k;
	struct tmpl *t;

	for (i = 0; i < set->n; i++) {
		t = set->t[i];
		for (k = 0; k < t->nnodes; k++)
			if (t->nodes[k].type == N_PARTIAL)
				t->nodes[k].partial = set_get(set,
				    t->names + t->nodes[k].name);
	}
}

/* ---- compiling ------------------------------------------------------ */

static unsigned
count_lines(const char *s, size_t n)
{
	const char *p, *e = s + n;
	unsigned c = 0;

	while (s < e && (p = memchr(s, '\n', (size_t)(e - s))) != NULL) {
		c++;
		s = p + 1;
	}
	return c;
}

/* Index of the first "{{" (or "}}}" etc.: pat of plen bytes) at or after
 * from in s, or n if there is none. */
static size_t
find(const char *s, size_t n, size_t from, const char *pat, size_t plen)
{
	const char *p;

	while (from + plen <= n) {
		p = memchr(s + from, pat[0], n - from - plen + 1);
		if (p == NULL)
			return n;
		from = (size_t)(p - s);
		if (memcmp(p, pat, plen) == 0)
			return from;
		from++;
	}
	return n;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

static struct node *
node_add(struct tmpl *t, enum node_type type, unsigned line, size_t off,
    size_t len)
{
	struct node *n;

	if (t->nnodes == t->nodecap) {
		t->nodecap = t->nodecap ? t->nodecap * 2 : 16;
		t->nodes = xrealloc(t->nodes, t->nodecap * sizeof(*t->nodes));
	}
	n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->line = line;
	n->off = off;
	n->len = len;
	return n;
}

static size_t
names_add(struct tmpl *t, const char *s, size_t n)
{
	size_t off = t->nameslen;

	while (t->namescap - t->nameslen < n + 1) {
		t->namescap = t->namescap ? t->namescap * 2 : 64;
		t->names = xrealloc(t->names, t->namescap);
	}
	memcpy(t->names + off, s, n);
	t->names[off + n] = '\0';
	t->nameslen += n + 1;
	return off;
}

/*
 * Check the name src[off .. off+len) of node nd and store it in the pool:
 * a partial's name whole, any other name split at dots into segments ("."
 * alone is the current context, nseg 0).  Returns 0, or -1 for a name that
 * is empty, holds whitespace, control bytes or braces, or has an empty
 * segment.
 */
static int
name_store(struct tmpl *t, struct node *nd)
{
	const char *s = t->src + nd->off;
	size_t i, start, len = nd->len;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    s[i] == '{' || s[i] == '}')
			return -1;
	if (nd->type == N_PARTIAL) {
		nd->name = names_add(t, s, len);
		nd->nseg = 1;
		return 0;
	}
	if (len == 1 && s[0] == '.') {
		nd->name = names_add(t, "", 0);
		nd->nseg = 0;
		return 0;
	}
	nd->name = t->nameslen;
	for (start = i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (i == start)
			return -1;
		names_add(t, s + start, i - start);
		nd->nseg++;
		start = i + 1;
	}
	return 0;
}

/*
 * Compile t->src into t->nodes.  Returns ERR_OK, or ERR_INVALID with ei
 * naming the template and the line of the offending tag.
 */
static enum err
tmpl_compile(struct tmpl *t, struct errinfo *ei)
{
	const char *s = t->src;
	size_t n = t->srclen, pos = 0, p, q, tagend, after, cs, ce;
	size_t opened[TMPL_MAX_NEST];
	size_t nopen = 0;
	unsigned line = 1, tline;
	enum node_type type;
	struct node *nd, *o;
	int triple;
	char sigil;

	while (pos < n) {
		p = find(s, n, pos, "{{", 2);
		if (p > pos) {
			node_add(t, N_TEXT, line, pos, p - pos);
			line += count_lines(s + pos, p - pos);
		}
		if (p == n)
			break;
		tline = line;
		q = p + 2;
		triple = q < n && s[q] == '{';
		if (triple) {
			q++;
			tagend = find(s, n, q, "}}}", 3);
			after = tagend + 3;
		} else {
			tagend = find(s, n, q, "}}", 2);
			after = tagend + 2;
		}
		if (tagend == n)
			return err_set(ei, ERR_INVALID, "template.syntax", NULL,
			    "mẫu %s dòng %u: thẻ không được đóng",
			    "template %s line %u: unclosed tag", t->name,
			    tline);
		/* Content is s[cs .. ce), trimmed, sigil split off. */
		cs = q;
		ce = tagend;
		while (cs < ce && is_space(s[cs]))
			cs++;
		sigil = '\0';
		if (!triple && cs < ce && s[cs] != '\0' &&
		    strchr("#^/>!&=@%", s[cs]) != NULL)
			sigil = s[cs++];
		while (cs < ce && is_space(s[cs]))
			cs++;
		while (ce > cs && is_space(s[ce - 1]))
			ce--;
		line += count_lines(s + p, after - p);
		pos = after;

		switch (sigil) {
		case '!':
			continue;
		case '&':
			return err_set(ei, ERR_INVALID, "template.syntax", NULL,
			    "mẫu %s dòng %u: không hỗ trợ {{&...}}, dùng "
			    "{{{name}}}",
			    "template %s line %u: {{&...}} is not supported, "
			    "use {{{name}}}", t->name, tline);
		case '=':
			return err_set(ei, ERR_INVALID, "template.syntax", NULL,
			    "mẫu %s dòng %u: không hỗ trợ thẻ đổi dấu "
			    "phân cách",
			    "template %s line %u: set-delimiter tags are not "
			    "supported", t->name, tline);
		case '/':
			if (nopen == 0)
				return err_set(ei, ERR_INVALID,
				    "template.syntax", NULL,
				    "mẫu %s dòng %u: {{/%.*s}} không đóng mục "
				    "nào",
				    "template %s line %u: {{/%.*s}} closes no "
				    "section", t->name, tline,
				    (int)(ce - cs > 64 ? 64 : ce - cs), s + cs);
			o = &t->nodes[opened[nopen - 1]];
			if (o->len != ce - cs ||
			    memcmp(s + o->off, s + cs, o->len) != 0)
				return err_set(ei, ERR_INVALID,
				    "template.syntax", NULL,
				    "mẫu %s dòng %u: {{/%.*s}} không đóng "
				    "{{%c%.*s}} của dòng %u",
				    "template %s line %u: {{/%.*s}} does not "
				    "close {{%c%.*s}} of line %u", t->name,
				    tline, (int)(ce - cs > 64 ? 64 : ce - cs),
				    s + cs, o->type == N_SECTION ? '#' : '^',
				    (int)(o->len > 64 ? 64 : o->len),
				    s + o->off, o->line);
			o->end = t->nnodes;
			nopen--;
			continue;
		case '#':
			type = N_SECTION;
			break;
		case '^':
			type = N_INVERTED;
			break;
		case '>':
			type = N_PARTIAL;
			break;
		case '@':
			type = N_ISOLATED;
			break;
		case '%':
			type = N_NUMBER;
			break;
		default:
			type = triple ? N_RAW : N_VAR;
			break;
		}
		nd = node_add(t, type, tline, cs, ce - cs);
		if (name_store(t, nd) != 0) {
			if (ce == cs)
				return err_set(ei, ERR_INVALID,
				    "template.syntax", NULL,
				    "mẫu %s dòng %u: tên rỗng",
				    "template %s line %u: empty name", t->name,
				    tline);
			return err_set(ei, ERR_INVALID, "template.syntax", NULL,
			    "mẫu %s dòng %u: tên \"%.*s\" không hợp lệ",
			    "template %s line %u: bad name \"%.*s\"", t->name,
			    tline, (int)(ce - cs > 64 ? 64 : ce - cs), s + cs);
		}
		if (type == N_SECTION || type == N_INVERTED) {
			if (nopen == TMPL_MAX_NEST)
				return err_set(ei, ERR_INVALID,
				    "template.syntax", NULL,
				    "mẫu %s dòng %u: các mục lồng nhau quá %d "
				    "tầng",
				    "template %s line %u: sections nested more "
				    "than %d deep", t->name, tline,
				    TMPL_MAX_NEST);
			opened[nopen++] = t->nnodes - 1;
		}
	}
	if (nopen > 0) {
		o = &t->nodes[opened[nopen - 1]];
		return err_set(ei, ERR_INVALID, "template.syntax", NULL,
		    "mẫu %s dòng %u: mục {{%c%.*s}} không được đóng",
		    "template %s line %u: unclosed section {{%c%.*s}}",
		    t->name, o->line, o->type == N_SECTION ? '#' : '^',
		    (int)(o->len > 64 ? 64 : o->len), s + o->off);
	}
	return ERR_OK;
}

/*
 * Compile src (len bytes, may hold NULs) as template name and add it to
 * set.  ERR_INVALID on a syntax error or an empty name, ERR_CONFLICT if the
 * name is taken; the set is unchanged on error.  Not to be called while
 * another thread renders from set.
 */
enum err
tmpl_set_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, struct errinfo *ei)
{
	struct tmpl *t;
	size_t at;
	int found;
	enum err e;

	if (name == NULL || name[0] == '\0')
		return err_set(ei, ERR_INVALID, "template.name", NULL,
		    "tên mẫu rỗng", "template name is empty");
	at = set_find(set, name, &found);
	if (found)
		return err_set(ei, ERR_CONFLICT, "template.duplicate", NULL,
		    "mẫu %s được thêm hai lần", "template %s added twice",
		    name);
	t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->src = xstrndup(src != NULL ? src : "", src != NULL ? len : 0);
	t->srclen = src != NULL ? len : 0;
	if ((e = tmpl_compile(t, ei)) != ERR_OK) {
		tmpl_free(t);
		return e;
	}
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->t = xrealloc(set->t, set->cap * sizeof(*set->t));
	}
	memmove(set->t + at + 1, set->t + at, (set->n - at) * sizeof(*set->t));
	set->t[at] = t;
	set->n++;
	set_link(set);
	return ERR_OK;
}

/* ERR_INVALID naming the first partial (by template order) that is not in
 * the set. */
enum err
tmpl_set_check(const struct tmpl_set *set, struct errinfo *ei)
{
	const struct tmpl *t;
	const struct node *nd;
	size_t i, k;

	for (i = 0; i < set->n; i++) {
		t = set->t[i];
		for (k = 0; k < t->nnodes; k++) {
			nd = &t->nodes[k];
			if (nd->type == N_PARTIAL && nd->partial == NULL)
				return err_set(ei, ERR_INVALID,
				    "template.partial", NULL,
				    "mẫu %s dòng %u: không tìm thấy mẫu con %s",
				    "template %s line %u: partial %s not found",
				    t->name, nd->line, t->names + nd->name);
		}
	}
	return ERR_OK;
}

/* ---- rendering ------------------------------------------------------ */

/* Bytes that html_escape replaces, and with what. */
static const char *const esc_tab[256] = {
	['&'] = "&amp;",
	['<'] = "&lt;",
	['>'] = "&gt;",
	['"'] = "&quot;",
	['\''] = "&#39;",
	['`'] = "&#96;",
	['='] = "&#61;",
};

/*
 * Append s (len bytes) to out with & < > " ' ` = replaced by entities and
 * the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069) left out: whatever a user typed cannot turn the text
 * after it around ("invoice\u202Efdp.exe" showing as "invoiceexe.pdf").
 * ERR_LIMIT if out cannot hold it all, in which case out is unchanged.
 */
enum err
html_escape(const char *s, size_t len, struct buf *out)
{
	size_t i, start = 0, mark = out->len;
	const char *rep;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] == 0xe2 && i + 2 < len &&
		    text_bidi_control(s + i, len - i) == 3) {
			if (i > start && buf_append(out, s + start, i - start) !=
			    ERR_OK)
				goto full;
			i += 2;
			start = i + 1;
			continue;
		}
		rep = esc_tab[(unsigned char)s[i]];
		if (rep == NULL)
			continue;
		if ((i > start && buf_append(out, s + start, i - start) !=
		    ERR_OK) || buf_puts(out, rep) != ERR_OK)
			goto full;
		start = i + 1;
	}
	if (len > start && buf_append(out, s + start, len - start) != ERR_OK)
		goto full;
	return ERR_OK;
full:
	out->len = mark;
	if (out->data != NULL)
		out->data[mark] = '\0';
	return ERR_LIMIT;
}

/*
 * The value of node nd's name in context c, or NULL.  The first segment is
 * looked up from the innermost context outwards in the objects that have
 * it; the rest descend from there without searching outwards again.
 */
/* "items.0": a segment of digits after an array picks that element, so a
 * template can test "has at least one" with {{#items.0}}. */
static const json_t *
array_index(const json_t *v, const char *seg)
{
	size_t k = 0;

	if (*seg == '\0' || strlen(seg) > 9)
		return NULL;
	for (; *seg; seg++) {
		if (*seg < '0' || *seg > '9')
			return NULL;
		k = k * 10 + (size_t)(*seg - '0');
	}
	return json_array_get(v, k);
}

static const json_t *
lookup(const struct tmpl *t, const struct node *nd, const struct ctx *c)
{
	const char *seg = t->names + nd->name;
	const json_t *v = NULL;
	size_t i;

	if (nd->nseg == 0)
		return c->v;
	for (; c != NULL; c = c->up)
		if (json_is_object(c->v) &&
		    (v = json_object_get(c->v, seg)) != NULL)
			break;
	for (i = 1; v != NULL && i < nd->nseg; i++) {
		seg += strlen(seg) + 1;
		if (json_is_array(v))
			v = array_index(v, seg);
		else
			v = json_is_object(v) ? json_object_get(v, seg) : NULL;
	}
	return v;
}

static int
truthy(const json_t *v)
{
	if (v == NULL)
		return 0;
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	default:
		return 1;
	}
}

static enum err
full(struct render *r, const struct tmpl *t)
{
	return err_set(r->ei, ERR_LIMIT, "template.too_large", NULL,
	    "mẫu %s: kết quả vượt quá %zu byte",
	    "template %s: output exceeds %zu bytes", t->name, r->out->max);
}

/* Take one step from the budget of r; ERR_LIMIT when it is spent. */
static enum err
spend(struct render *r, const struct tmpl *t)
{
	if (r->steps == 0)
		return err_set(r->ei, ERR_LIMIT, "template.too_much", NULL,
		    "mẫu %s: cần quá nhiều bước để hiển thị",
		    "template %s: render took too many steps", t->name);
	r->steps--;
	return ERR_OK;
}

/* Print v (escaped unless raw) for node nd of t. */
static enum err
emit_value(struct render *r, const struct tmpl *t, const json_t *v, int raw)
{
	char num[64];
	const char *s;
	size_t n;
	int k;
	enum err e;

	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		n = json_string_length(v);
		e = raw ? buf_append(r->out, s, n) : html_escape(s, n, r->out);
		break;
	case JSON_INTEGER:
		k = snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		e = buf_append(r->out, num, (size_t)k);
		break;
	case JSON_REAL:
		k = snprintf(num, sizeof(num), "%g", json_real_value(v));
		e = buf_append(r->out, num, (size_t)k);
		break;
	case JSON_TRUE:
		e = buf_append(r->out, "true", 4);
		break;
	case JSON_FALSE:
		e = buf_append(r->out, "false", 5);
		break;
	default:
		return ERR_OK;	/* null, objects, arrays: nothing */
	}
	return e == ERR_OK ? ERR_OK : full(r, t);
}

/*
 * Render nodes [i, end) of t in context c; depth counts the partials we
 * are inside.  Returns ERR_OK or an error already described in r->ei.
 */
static enum err
render_nodes(struct render *r, const struct tmpl *t, size_t i, size_t end,
    const struct ctx *c, int depth)
{
	const struct node *nd;
	const json_t *v;
	struct ctx sub;
	size_t k, n;
	enum err e;

	while (i < end) {
		if ((e = spend(r, t)) != ERR_OK)
			return e;
		nd = &t->nodes[i];
		switch (nd->type) {
		case N_TEXT:
			if (buf_append(r->out, t->src + nd->off, nd->len) !=
			    ERR_OK)
				return full(r, t);
			break;
		case N_VAR:
		case N_RAW:
			if ((v = lookup(t, nd, c)) != NULL &&
			    (e = emit_value(r, t, v, nd->type == N_RAW)) !=
			    ERR_OK)
				return e;
			break;
		case N_ISOLATED:
			/* Text in its own direction: a name in Arabic or
			 * Hebrew script, or one ending in digits, does not
			 * reorder the words around it. */
			if ((v = lookup(t, nd, c)) == NULL ||
			    !(json_is_string(v) || json_is_number(v)))
				break;
			if (buf_puts(r->out, "<bdi>") != ERR_OK)
				return full(r, t);
			if ((e = emit_value(r, t, v, 0)) != ERR_OK)
				return e;
			if (buf_puts(r->out, "</bdi>") != ERR_OK)
				return full(r, t);
			break;
		case N_NUMBER:
			/* A number grouped and with the decimal mark of the
			 * page's language; anything else as {{name}}. */
			if ((v = lookup(t, nd, c)) == NULL)
				break;
			if (json_is_number(v)) {
				char num[NUMFMT_LEN];

				if (json_is_integer(v))
					numfmt_int(num, (long long)
					    json_integer_value(v), r->lang);
				else
					numfmt_num(num, json_real_value(v),
					    r->lang);
				if (buf_puts(r->out, num) != ERR_OK)
					return full(r, t);
			} else if ((e = emit_value(r, t, v, 0)) != ERR_OK)
				return e;
			break;
		case N_INVERTED:
			if (!truthy(lookup(t, nd, c)) &&
			    (e = render_nodes(r, t, i + 1, nd->end, c,
			    depth)) != ERR_OK)
				return e;
			i = nd->end;
			continue;
		case N_SECTION:
			v = lookup(t, nd, c);
			if (!truthy(v)) {
				i = nd->end;
				continue;
			}
			sub.up = c;
			if (json_is_array(v)) {
				n = json_array_size(v);
				for (k = 0; k < n; k++) {
					if ((e = spend(r, t)) != ERR_OK)
						return e;
					sub.v = json_array_get(v, k);
					if ((e = render_nodes(r, t, i + 1,
					    nd->end, &sub, depth)) != ERR_OK)
						return e;
				}
			} else if (json_is_object(v)) {
				sub.v = v;
				if ((e = render_nodes(r, t, i + 1, nd->end,
				    &sub, depth)) != ERR_OK)
					return e;
			} else if ((e = render_nodes(r, t, i + 1, nd->end, c,
			    depth)) != ERR_OK)
				return e;
			i = nd->end;
			continue;
		case N_PARTIAL:
			if (nd->partial == NULL)
				return err_set(r->ei, ERR_NOTFOUND,
				    "template.partial", NULL,
				    "mẫu %s dòng %u: không tìm thấy mẫu con %s",
				    "template %s line %u: partial %s not found",
				    t->name, nd->line, t->names + nd->name);
			if (depth >= TMPL_MAX_DEPTH)
				return err_set(r->ei, ERR_LIMIT,
				    "template.recursion", NULL,
				    "mẫu %s dòng %u: các mẫu con lồng nhau quá "
				    "%d tầng",
				    "template %s line %u: partials nested more "
				    "than %d deep", t->name, nd->line,
				    TMPL_MAX_DEPTH);
			if ((e = render_nodes(r, nd->partial, 0,
			    nd->partial->nnodes, c, depth + 1)) != ERR_OK)
				return e;
			break;
		}
		i++;
	}
	return ERR_OK;
}

/*
 * Render template name of set with view (borrowed; may be NULL, which
 * renders like an empty context) appending to out.  ERR_NOTFOUND for an
 * unknown template or partial, ERR_LIMIT when out is full, partials nest
 * too deep or the step budget runs out; on error out is as it was.
 * Thread-safe: reads set and view only.
 */
enum err
tmpl_render(const struct tmpl_set *set, const char *name, const json_t *view,
    struct buf *out, struct errinfo *ei)
{
	const struct tmpl *t;
	struct render r;
	struct ctx top;
	size_t mark = out->len;
	enum err e;

	if ((t = set_get(set, name)) == NULL)
		return err_set(ei, ERR_NOTFOUND, "template.not_found", NULL,
		    "không tìm thấy mẫu %s", "template %s not found", name);
	r.out = out;
	r.ei = ei;
	r.lang = json_string_value(json_object_get(view, "lang"));
	r.steps = out->max > (SIZE_MAX - TMPL_STEP_BASE) / TMPL_STEP_PER_BYTE ?
	    SIZE_MAX : TMPL_STEP_BASE + out->max * TMPL_STEP_PER_BYTE;
	top.v = view;
	top.up = NULL;
	if ((e = render_nodes(&r, t, 0, t->nnodes, &top, 0)) != ERR_OK) {
		out->len = mark;
		if (out->data != NULL)
			out->data[mark] = '\0';
	}
	return e;
}
