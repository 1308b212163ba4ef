/*
 * changes.c - the change feed: the table of published kinds (which audit
 * actions other systems may follow, and where the full resource is), the
 * row audit_append writes for each, and a reader's page in commit order
 * within its scope.  The why of the order is in changes.h.
 *
 * A published action is matched on the action and the kind of its audit
 * object ("workflow.approve" of a "report:12" is a report's approval; of
 * a "market_order:3" it is nothing published).  Workflow transitions are
 * named "workflow.<transition>" by wf_advance; where a module writes its
 * own entry next to the transition's (ocop.certificate_record beside
 * workflow.record_certificate), only the module's entry is published, so
 * one event is one change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/url.h"
#include "domain/audit/audit.h"
#include "domain/changes/changes.h"

enum kind {
	K_UNIT, K_INDICATOR_VALUES, K_EVALUATION, K_REPORT, K_REPORT_APPROVAL,
	K_DOSSIER_DECISION, K_OCOP_CERTIFICATE, K_SURVEY_RESULTS, K__MAX
};

const char *const changes_kind_names[] = {
	[K_UNIT] = "unit",
	[K_INDICATOR_VALUES] = "indicator_values",
	[K_EVALUATION] = "evaluation",
	[K_REPORT] = "report",
	[K_REPORT_APPROVAL] = "report_approval",
	[K_DOSSIER_DECISION] = "dossier_decision",
	[K_OCOP_CERTIFICATE] = "ocop_certificate",
	[K_SURVEY_RESULTS] = "survey_results",
	[K__MAX] = NULL,
};

/* How the link to the full resource is made from the audit entry. */
enum href {
	H_UNITS,		/* /units: the tree itself */
	H_INDICATORS,		/* indicators:SET/YEAR */
	H_ATTRIBUTES,		/* unit_attribute:YEAR */
	H_OVERRIDES,		/* criteria_override:SET/INDICATOR/VARIANT */
	H_REPORT,		/* report:ID -> its form and period */
	H_DOSSIER,		/* dossier:ID */
	H_CERTIFICATE,		/* ocop_certificate:ID -> its public code */
	H_PRODUCT_CERTS,	/* ocop_product:ID */
	H_OCOP_PRODUCTS,	/* an OCOP list imported: the products */
	H_SURVEY_RESULTS,	/* survey_campaign:ID -> its survey */
};

static const struct published {
	const char *action, *object_kind;
	enum kind kind;
	enum href href;
} published[] = {
	/* The administrative units (ntm import / init: the whole tree). */
	{ "units.import", "file", K_UNIT, H_UNITS },
	/* Indicator values of a unit (the evaluation is recomputed with
	 * them), and in bulk (no single unit: national readers). */
	{ "criteria.values", "indicators", K_INDICATOR_VALUES, H_INDICATORS },
	{ "criteria.import_values", "import", K_INDICATOR_VALUES, H_UNITS },
	/* What else moves an evaluation: a unit's attributes, a province's
	 * threshold. */
	{ "criteria.attributes", "unit_attribute", K_EVALUATION, H_ATTRIBUTES },
	{ "criteria.override", "criteria_override", K_EVALUATION, H_OVERRIDES },
	/* Reports: submitted (a saved draft is the unit's own until then,
	 * as in the exchange files); the approver's answer. */
	{ "workflow.submit", "report", K_REPORT, H_REPORT },
	{ "workflow.approve", "report", K_REPORT_APPROVAL, H_REPORT },
	{ "workflow.return", "report", K_REPORT_APPROVAL, H_REPORT },
	{ "workflow.reopen", "report", K_REPORT_APPROVAL, H_REPORT },
	/* A dossier's decision: recognised or revoked (decide), rejected,
	 * a revocation dismissed.  The decision is public (decision.pdf). */
	{ "workflow.decide", "dossier", K_DOSSIER_DECISION, H_DOSSIER },
	{ "workflow.reject", "dossier", K_DOSSIER_DECISION, H_DOSSIER },
	{ "workflow.dismiss", "dossier", K_DOSSIER_DECISION, H_DOSSIER },
	/* OCOP certificates: recorded, revoked, expiring and expired (the
	 * calendar), issued by a round's close, imported with a list. */
	{ "ocop.certificate_record", "ocop_certificate", K_OCOP_CERTIFICATE,
	  H_CERTIFICATE },
	{ "ocop.certificate_revoke", "ocop_certificate", K_OCOP_CERTIFICATE,
	  H_CERTIFICATE },
	{ "ocop.certificate_calendar", "ocop_product", K_OCOP_CERTIFICATE,
	  H_PRODUCT_CERTS },
	{ "workflow.certify", "ocop_product", K_OCOP_CERTIFICATE,
	  H_PRODUCT_CERTS },
	{ "workflow.certify_central", "ocop_product", K_OCOP_CERTIFICATE,
	  H_PRODUCT_CERTS },
	{ "workflow.central_not_5", "ocop_product", K_OCOP_CERTIFICATE,
	  H_PRODUCT_CERTS },
	{ "ocop.import", "import", K_OCOP_CERTIFICATE, H_OCOP_PRODUCTS },
	/* A survey's results, published when its campaign closes (never a
	 * response: they stay anonymous). */
	{ "survey.campaign_close", "survey_campaign", K_SURVEY_RESULTS,
	  H_SURVEY_RESULTS },
};

enum err
changes_kinds_mask(const char *list, uint64_t *mask, struct errinfo *ei)
{
	const char *p = list;
	uint64_t m = 0;

	if (list == NULL || list[0] == '\0') {
		*mask = (UINT64_C(1) << K__MAX) - 1;
		return ERR_OK;
	}
	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		int k;

		for (k = 0; k < K__MAX; k++)
			if (strlen(changes_kind_names[k]) == n &&
			    strncmp(changes_kind_names[k], p, n) == 0)
				break;
		if (k == K__MAX)
			return err_set(ei, ERR_INVALID, "changes.bad_kind",
			    "kinds", "Loại thay đổi '%.*s' không có (các loại: "
			    "unit, indicator_values, evaluation, report, "
			    "report_approval, dossier_decision, "
			    "ocop_certificate, survey_results)",
			    "There is no kind of change '%.*s' (the kinds: "
			    "unit, indicator_values, evaluation, report, "
			    "report_approval, dossier_decision, "
			    "ocop_certificate, survey_results)",
			    (int)(n > 40 ? 40 : n), p);
		m |= UINT64_C(1) << k;
		p += n;
		if (*p == ',')
			p++;
	}
	*mask = m;
	return ERR_OK;
}

/* The rule of an entry, or NULL: not published. */
static const struct published *
rule_of(const struct audit_event *ev, const char **rest)
{
	const char *colon = strchr(ev->object, ':');
	size_t n;

	if (colon == NULL)
		return NULL;
	n = (size_t)(colon - ev->object);
	for (size_t i = 0; i < sizeof(published) / sizeof(published[0]); i++)
		if (strcmp(published[i].action, ev->action) == 0 &&
		    strlen(published[i].object_kind) == n &&
		    strncmp(published[i].object_kind, ev->object, n) == 0) {
			*rest = colon + 1;
			return &published[i];
		}
	return NULL;
}

/* Append "/" and s percent-encoded as one path segment. */
static enum err
seg(struct buf *b, const char *s)
{
	enum err e = buf_putc(b, '/');

	return e != ERR_OK ? e : url_encode(s != NULL ? s : "", false, b);
}

/* The i-th '/'-separated part of s (0-based) into out, or "". */
static void
part(const char *s, int i, char *out, size_t size)
{
	for (; i > 0 && s != NULL; i--)
		if ((s = strchr(s, '/')) != NULL)
			s++;
	if (s == NULL)
		s = "";
	snprintf(out, size, "%.*s", (int)strcspn(s, "/"), s);
}

/* The one text column of a lookup by id into out ("" when none). */
static enum err
lookup(struct db *db, enum stmt_id id, int64_t key, int col, char *out,
    size_t size, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, id);
	int rc;

	out[0] = '\0';
	db_bind_int(st, 1, key);
	while ((rc = db_step(st, ei)) == 1) {
		const char *v = db_col_text(st, col);

		if (out[0] == '\0' && v != NULL)
			snprintf(out, size, "%s", v);
	}
	return rc < 0 ? ei->err : ERR_OK;
}

/* The link of a change into b; *id the record's id (0: the unit is it). */
static enum err
make_href(struct db *db, const struct published *p, const char *rest,
    const struct audit_event *ev, struct buf *b, int64_t *id,
    struct errinfo *ei)
{
	char x[128], y[128];
	enum err e = ERR_OK;

	*id = 0;
	if ((e = buf_puts(b, "/api/v1")) != ERR_OK)
		return e;
	switch (p->href) {
	case H_UNITS:
		return buf_puts(b, "/units");
	case H_INDICATORS:
	case H_ATTRIBUTES:
	case H_OVERRIDES:
		if ((e = buf_puts(b, "/units")) != ERR_OK ||
		    (e = seg(b, ev->structure)) != ERR_OK ||
		    (e = seg(b, ev->unit_code)) != ERR_OK)
			return e;
		if (p->href == H_ATTRIBUTES)
			return buf_puts(b, "/attributes");
		part(rest, 0, x, sizeof(x));
		if (p->href == H_OVERRIDES)
			return (e = buf_puts(b, "/overrides")) != ERR_OK ? e :
			    seg(b, x);
		part(rest, 1, y, sizeof(y));
		if ((e = buf_puts(b, "/indicators")) != ERR_OK ||
		    (e = seg(b, x)) != ERR_OK)
			return e;
		return seg(b, y);
	case H_REPORT: {
		char form[128];
		struct db_stmt *st;
		int rc;

		*id = strtoll(rest, NULL, 10);
		form[0] = x[0] = '\0';
		st = db_stmt(db, STMT_CHANGES_REPORT_OF);
		db_bind_int(st, 1, *id);
		while ((rc = db_step(st, ei)) == 1) {
			snprintf(form, sizeof(form), "%s", db_col_text(st, 0));
			snprintf(x, sizeof(x), "%s", db_col_text(st, 1));
		}
		if (rc < 0)
			return ei->err;
		if ((e = buf_puts(b, "/reports")) != ERR_OK ||
		    (e = seg(b, form)) != ERR_OK ||
		    (e = seg(b, ev->structure)) != ERR_OK ||
		    (e = seg(b, ev->unit_code)) != ERR_OK)
			return e;
		return seg(b, x);
	}
	case H_DOSSIER:
		*id = strtoll(rest, NULL, 10);
		return buf_printf(b, "/dossiers/%lld", (long long)*id);
	case H_CERTIFICATE:
		*id = strtoll(rest, NULL, 10);
		if ((e = lookup(db, STMT_CHANGES_CERTIFICATE_CODE, *id, 0, x,
		    sizeof(x), ei)) != ERR_OK ||
		    (e = buf_puts(b, "/ocop/certificates")) != ERR_OK)
			return e;
		return seg(b, x);
	case H_PRODUCT_CERTS:
		*id = strtoll(rest, NULL, 10);
		return buf_printf(b, "/ocop/products/%lld/certificates",
		    (long long)*id);
	case H_OCOP_PRODUCTS:
		return buf_puts(b, "/ocop/products");
	case H_SURVEY_RESULTS:
		*id = strtoll(rest, NULL, 10);
		if ((e = lookup(db, STMT_CHANGES_CAMPAIGN_SURVEY, *id, 0, x,
		    sizeof(x), ei)) != ERR_OK)
			return e;
		return buf_printf(b, "/surveys/%s/results", x);
	}
	return e;
}

/*
 * The unit's full name into name ("" when unknown), and into path the
 * unit and its ancestors, "/code/parent/.../VN/": a reader bound in the
 * same structure sees the change when its unit's code is one of them.
 */
#define PATH_MAX_DEPTH	8

static enum err
unit_walk(struct db *db, const char *structure, const char *code,
    char *name, size_t size, struct buf *path, struct errinfo *ei)
{
	char at[64];
	enum err e = buf_putc(path, '/');

	snprintf(at, sizeof(at), "%s", code);
	for (int depth = 0; e == ERR_OK && at[0] != '\0' &&
	    depth < PATH_MAX_DEPTH; depth++) {
		struct db_stmt *st = db_stmt(db, STMT_CHANGES_UNIT_NAME);
		char parent[64] = "";
		int rc;

		if ((e = buf_puts(path, at)) != ERR_OK ||
		    (e = buf_putc(path, '/')) != ERR_OK)
			break;
		db_bind_text(st, 1, structure);
		db_bind_text(st, 2, at);
		while ((rc = db_step(st, ei)) == 1) {
			const char *n = db_col_text(st, 0);
			const char *pc = db_col_text(st, 1);

			if (depth == 0)
				snprintf(name, size, "%s", n ? n : "");
			snprintf(parent, sizeof(parent), "%s", pc ? pc : "");
		}
		if (rc < 0)
			return ei->err;
		snprintf(at, sizeof(at), "%s", parent);
	}
	return e;
}

enum err
changes_note_audit(struct db *db, int64_t seq, const char *at,
    const struct audit_event *ev, struct errinfo *ei)
{
	const char *rest = NULL;
	const struct published *p = rule_of(ev, &rest);
	bool unit = ev->structure != NULL && ev->unit_code != NULL;
	struct change c = { .seq = seq, .action = ev->action, .at = at };
	struct db_stmt *st;
	struct buf href, body, path;
	char name[512] = "";
	enum err e;

	if (p == NULL)
		return ERR_OK;
	buf_init(&href, 1024);
	buf_init(&body, 4096);
	buf_init(&path, 1024);
	c.kind = changes_kind_names[p->kind];
	if (unit) {
		c.structure = ev->structure;
		c.code = ev->unit_code;
		if ((e = unit_walk(db, ev->structure, ev->unit_code, name,
		    sizeof(name), &path, ei)) != ERR_OK)
			goto out;
		c.unit_name = name[0] ? name : NULL;
	}
	if ((e = make_href(db, p, rest, ev, &href, &c.id, ei)) != ERR_OK)
		goto out;
	c.href = buf_cstr(&href);
	/* The change as the feed sends it, written once here. */
	if ((e = changes_write_json(&body, &c)) != ERR_OK)
		goto out;
	st = db_stmt(db, STMT_CHANGES_INSERT);
	db_bind_int(st, 1, seq);
	db_bind_text(st, 2, c.kind);
	db_bind_text(st, 3, ev->action);
	db_bind_text(st, 4, c.structure);
	db_bind_text(st, 5, c.code);
	db_bind_int(st, 6, c.id);
	db_bind_text(st, 7, at);
	db_bind_text(st, 8, c.href);
	db_bind_text(st, 9, c.unit_name);
	db_bind_text(st, 10, unit ? buf_cstr(&path) : NULL);
	db_bind_text(st, 11, buf_cstr(&body));
	e = db_exec(st, ei);
out:
	if (e == ERR_LIMIT)
		err_set(ei, ERR_LIMIT, "changes.too_long", NULL,
		    "Thay đổi dài quá để ghi vào luồng thay đổi",
		    "The change is too long for the change feed");
	buf_free(&href);
	buf_free(&body);
	buf_free(&path);
	return e;
}

/*
 * A page's memo of "is this unit inside the reader's scope (and inside
 * ?unit=)": the scope walk reads the tree, a page of 1,000 changes names
 * far fewer units.  Open addressing over structure + code.
 */
#define MEMO_SLOTS	4096

struct memo_slot {
	char *key;	/* "structure\ncode"; NULL: free */
	bool in;
};

static uint32_t
hash_key(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

struct reader {
	struct db *db;
	struct arena *a;
	const struct role_binding *b;
	size_t nb;
	bool national;
	const char *us, *uc;	/* ?unit=, or NULL */
	struct memo_slot *memo;
	size_t used;
};

/* Is (s, c), whose stored path is path (may be NULL), inside the subtree
 * of (bs, bc)?  In the same structure the path answers; across the two
 * structures the lineage does (auth_unit_in_scope). */
static bool
inside(struct reader *r, const char *bs, const char *bc, const char *s,
    const char *c, const char *path)
{
	char key[72];

	if (bs == NULL || bc == NULL)
		return false;
	if (strcmp(bc, "VN") == 0)
		return true;
	if (path != NULL && strcmp(bs, s) == 0) {
		snprintf(key, sizeof(key), "/%s/", bc);
		return strstr(path, key) != NULL;
	}
	return auth_unit_in_scope(r->db, bs, bc, s, c);
}

static bool
visible_unit(struct reader *r, const char *s, const char *c, const char *path)
{
	bool in = r->national;

	for (size_t i = 0; !in && i < r->nb; i++)
		in = inside(r, r->b[i].structure, r->b[i].unit_code, s, c,
		    path);
	if (in && r->uc != NULL)
		in = inside(r, r->us, r->uc, s, c, path);
	return in;
}

static bool
visible(struct reader *r, const char *s, const char *c, const char *kind,
    const char *path)
{
	char key[160];
	uint32_t h;

	/* No unit: the tree itself is public; anything else (a bulk import
	 * over many units) only for the country's readers. */
	if (s == NULL || c == NULL)
		return r->uc == NULL && (r->national ||
		    strcmp(kind, changes_kind_names[K_UNIT]) == 0);
	if (r->national && r->uc == NULL)
		return true;
	snprintf(key, sizeof(key), "%s\n%s", s, c);
	h = hash_key(key);
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		struct memo_slot *m = &r->memo[(h + i) % MEMO_SLOTS];

		if (m->key == NULL) {
			bool in = visible_unit(r, s, c, path);

			if (r->used < MEMO_SLOTS / 2) {	/* keep probes short */
				m->key = arena_strdup(r->a, key);
				m->in = in;
				r->used++;
			}
			return in;
		}
		if (strcmp(m->key, key) == 0)
			return m->in;
	}
	return visible_unit(r, s, c, path);
}

/* How many rows one page may examine past the ones it returns: a reader
 * whose scope holds few of the changes still gets an answer quickly, and
 * continues from *next. */
#define EXAMINE_MAX	20000

enum err
changes_each(struct db *db, struct arena *a,
    const struct role_binding *bindings, size_t nbindings, int64_t since,
    uint64_t mask, const char *unit_structure, const char *unit_code,
    size_t limit, bool json_only, changes_fn fn, void *ctx, size_t *n,
    int64_t *next, bool *more, struct errinfo *ei)
{
	const uint64_t all = (UINT64_C(1) << K__MAX) - 1;
	struct reader r = { .db = db, .a = a, .b = bindings, .nb = nbindings,
	    .us = unit_structure, .uc = unit_code };
	size_t examined = 0;
	int64_t cursor = since < 0 ? 0 : since;
	bool end = false;
	enum err e;

	*n = 0;
	*next = cursor;
	*more = true;
	if (limit == 0)
		return ERR_OK;
	if (unit_structure == NULL || unit_code == NULL)
		r.us = r.uc = NULL;
	for (size_t i = 0; i < nbindings; i++)
		r.national = r.national || (bindings[i].unit_code != NULL &&
		    strcmp(bindings[i].unit_code, "VN") == 0);
	/* The memo only when the scope is decided per row. */
	if (!r.national || r.uc != NULL)
		r.memo = arena_alloc(a, MEMO_SLOTS * sizeof(*r.memo));
	/* Slices of at least 256 rows, oldest first, until the page is full,
	 * the feed ends, or enough was examined.  One statement a slice: a
	 * national reader's page of up to 1,000 is one. */
	while (*n < limit && !end && examined < EXAMINE_MAX) {
		size_t want = limit - *n < 256 ? 256 : limit - *n, got = 0;
		struct db_stmt *st = db_stmt(db, STMT_CHANGES_AFTER);
		int rc;

		db_bind_int(st, 1, cursor);
		db_bind_int(st, 2, (int64_t)want);
		while ((rc = db_step(st, ei)) == 1) {
			struct change ch;
			int k;

			got++;
			cursor = db_col_int(st, 0);
			ch.kind = db_col_text(st, 1);
			ch.structure = db_col_text(st, 3);
			ch.code = db_col_text(st, 4);
			k = 0;
			if (mask != all) {
				while (k < K__MAX &&
				    strcmp(changes_kind_names[k], ch.kind) != 0)
					k++;
				if (k == K__MAX || !(mask & (UINT64_C(1) << k)))
					continue;
			}
			if (!visible(&r, ch.structure, ch.code, ch.kind,
			    db_col_text(st, 10)))
				continue;
			ch.seq = cursor;
			ch.json = db_col_text(st, 9);
			/* The columns are read only when asked for: a page
			 * sent as stored needs none of them. */
			ch.action = ch.at = ch.href = ch.unit_name = NULL;
			ch.id = 0;
			if (!json_only) {
				ch.action = db_col_text(st, 2);
				ch.id = db_col_int(st, 5);
				ch.at = db_col_text(st, 6);
				ch.href = db_col_text(st, 7);
				ch.unit_name = db_col_text(st, 8);
			}
			if ((e = fn(ctx, &ch, ei)) != ERR_OK) {
				db_stmt(db, STMT_CHANGES_AFTER);
				return e;
			}
			if (++*n == limit)
				break;
		}
		if (rc < 0)
			return ei->err;
		if (rc == 1)
			db_stmt(db, STMT_CHANGES_AFTER);	/* end the read */
		else if (got < want)
			end = true;
		examined += got;
	}
	*next = cursor;
	*more = !end;
	return ERR_OK;
}

static const char *
dup(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

struct collect {
	struct arena *a;
	struct change *items;
	size_t n;
};

static enum err
collect(void *ctx, const struct change *c, struct errinfo *ei)
{
	struct collect *k = ctx;
	struct change *d = &k->items[k->n++];

	(void)ei;
	d->seq = c->seq;
	d->kind = dup(k->a, c->kind);
	d->action = dup(k->a, c->action);
	d->structure = dup(k->a, c->structure);
	d->code = dup(k->a, c->code);
	d->id = c->id;
	d->at = dup(k->a, c->at);
	d->href = dup(k->a, c->href);
	d->unit_name = dup(k->a, c->unit_name);
	d->json = dup(k->a, c->json);
	return ERR_OK;
}

enum err
changes_page(struct db *db, struct arena *a,
    const struct role_binding *bindings, size_t nbindings, int64_t since,
    uint64_t mask, const char *unit_structure, const char *unit_code,
    size_t limit, struct change **out, size_t *n, int64_t *next,
    struct errinfo *ei)
{
	struct collect k = { .a = a };
	bool more;
	enum err e;

	k.items = limit > 0 ? arena_alloc(a, limit * sizeof(*k.items)) : NULL;
	e = changes_each(db, a, bindings, nbindings, since, mask,
	    unit_structure, unit_code, limit, false, collect, &k, n, next,
	    &more, ei);
	*out = k.items;
	return e;
}

/* s as a JSON string (quotes included); null for NULL.  The text comes
 * from the database, valid UTF-8: only quotes, backslashes and control
 * characters need escaping. */
static enum err
json_str(struct buf *b, const char *s)
{
	enum err e = ERR_OK;
	const char *run;

	if (s == NULL)
		return buf_puts(b, "null");
	if ((e = buf_putc(b, '"')) != ERR_OK)
		return e;
	for (run = s; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		if ((e = buf_append(b, run, (size_t)(s - run))) != ERR_OK)
			return e;
		if (ch == '"' || ch == '\\')
			e = buf_printf(b, "\\%c", ch);
		else
			e = buf_printf(b, "\\u%04x", ch);
		if (e != ERR_OK)
			return e;
		run = s + 1;
	}
	if ((e = buf_append(b, run, (size_t)(s - run))) != ERR_OK)
		return e;
	return buf_putc(b, '"');
}

/* key then n in decimal: printf's machinery cost a tenth of a page. */
static enum err
json_int(struct buf *b, const char *key, int64_t n)
{
	char d[24], *p = d + sizeof(d);
	uint64_t u = n < 0 ? -(uint64_t)n : (uint64_t)n;
	enum err e = buf_puts(b, key);

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (n < 0)
		*--p = '-';
	return e != ERR_OK ? e : buf_append(b, p, (size_t)(d + sizeof(d) - p));
}

enum err
changes_write_json(struct buf *b, const struct change *c)
{
	enum err e;

	if ((e = json_int(b, "{\"seq\":", c->seq)) != ERR_OK ||
	    (e = buf_puts(b, ",\"kind\":")) != ERR_OK ||
	    (e = json_str(b, c->kind)) != ERR_OK ||
	    (e = buf_puts(b, ",\"action\":")) != ERR_OK ||
	    (e = json_str(b, c->action)) != ERR_OK ||
	    (e = buf_puts(b, ",\"unit\":")) != ERR_OK)
		return e;
	if (c->structure != NULL && c->code != NULL) {
		if ((e = buf_puts(b, "{\"structure\":")) != ERR_OK ||
		    (e = json_str(b, c->structure)) != ERR_OK ||
		    (e = buf_puts(b, ",\"code\":")) != ERR_OK ||
		    (e = json_str(b, c->code)) != ERR_OK ||
		    (e = buf_puts(b, ",\"name\":")) != ERR_OK ||
		    (e = json_str(b, c->unit_name)) != ERR_OK ||
		    (e = buf_putc(b, '}')) != ERR_OK)
			return e;
	} else if ((e = buf_puts(b, "null")) != ERR_OK)
		return e;
	if ((e = json_int(b, ",\"id\":", c->id)) != ERR_OK ||
	    (e = buf_puts(b, ",\"at\":")) != ERR_OK ||
	    (e = json_str(b, c->at)) != ERR_OK ||
	    (e = buf_puts(b, ",\"href\":")) != ERR_OK ||
	    (e = json_str(b, c->href)) != ERR_OK)
		return e;
	return buf_putc(b, '}');
}

json_t *
changes_json(struct db *db, const struct change *c)
{
	json_t *unit = json_null();

	(void)db;
	if (c->structure != NULL && c->code != NULL)
		unit = json_pack("{s:s, s:s, s:s?}", "structure", c->structure,
		    "code", c->code, "name", c->unit_name);
	return json_pack("{s:I, s:s, s:s, s:o, s:I, s:s, s:s}", "seq",
	    (json_int_t)c->seq, "kind", c->kind, "action", c->action, "unit",
	    unit, "id", (json_int_t)c->id, "at", c->at, "href", c->href);
}

enum err
changes_more(struct db *db, int64_t seq, bool *more, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_CHANGES_ANY_AFTER);
	int rc;

	*more = false;
	db_bind_int(st, 1, seq);
	while ((rc = db_step(st, ei)) == 1)
		*more = true;
	return rc < 0 ? ei->err : ERR_OK;
}
