/*
 * pilots.h - the register of smart village and smart commune pilot models
 * (docs/DIGITAL.md section 6): where a pilot runs (a commune or village of
 * the 2025 structure), what was deployed, its cost in đồng and funding
 * source (the capital sources of the annual plan form, ntm-ke-hoach-nam),
 * its start and review dates, the responsible unit and person; periodic
 * progress notes with photos (JPEG or PNG by their content, stored once
 * per SHA-256 like dossier files); indicators before and after; and the
 * lessons learned (what worked, what did not, advice), which anyone can
 * search without diacritics ("thon thong minh" finds "thôn thông minh").
 *
 * Reads are public (lessons are for other communes).  Who may write is
 * the web layer's routes (the router checks the pilot's unit); every
 * write is one transaction with its audit entry.
 *
 * Ownership: every json_t returned is a new reference; strings live in
 * the arena the caller gives.
 */
#ifndef NTM_DOMAIN_PILOTS_H
#define NTM_DOMAIN_PILOTS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"

#define PILOT_TITLE_MAX		200	/* bytes of a title, name, person */
#define PILOT_TEXT_MAX		4000	/* bytes of a description or lesson */
#define PILOT_QUERY_MAX		200	/* bytes of a search */
#define PILOT_INDICATORS_MAX	20
#define PILOT_NOTES_MAX		500	/* progress notes of one pilot */
#define PILOT_PHOTOS_MAX	8	/* photos of one note */
#define PILOT_PHOTO_MAX		(5u * 1024 * 1024)	/* bytes of a photo */
#define PILOT_COMPARE_MAX	4	/* pilots side by side */
#define PILOT_PROBLEMS_MAX	32
/* The annual plan form whose capital sources fund a pilot. */
#define PILOT_FUNDING_FORM	"ntm-ke-hoach-nam"
#define PILOT_FUNDING_BREAKDOWN	"capital_source"

/* The readiness set whose indicators a pilot may pick by name. */
#define PILOT_DX_SET		"dx-xa-2026-2030"

/* One indicator before and after, as typed (texts; NULL or "" missing).
 * dx_indicator: a number indicator of PILOT_DX_SET picked instead of
 * naming one: its name and unit come from the set, and a value left
 * empty is the commune's value of that indicator in the year of its
 * date (typed or observed, as the commune's entry form shows it). */
struct pilot_indicator_in {
	const char *name, *unit, *before, *before_date, *after, *after_date;
	const char *dx_indicator;
};

/* A pilot as a form or the API sends it: texts, checked by
 * pilot_problems.  unit: "2025:CODE" of a commune or village; kind
 * "smart_village" or "smart_commune"; status "planned", "running",
 * "finished" or "stopped" (default "running"); cost: đồng as people write
 * it ("1.200.000.000"); funding: a capital source id; dates YYYY-MM-DD. */
struct pilot_in {
	const char *unit, *kind, *status, *title, *deployed, *cost, *funding;
	const char *start_date, *review_date, *resp_unit, *resp_person;
	const char *worked, *not_worked, *advice;
	struct pilot_indicator_in *indicators;
	size_t n_indicators;
};

/* Every problem of in at once, each naming its field ("unit", "cost",
 * "indicators.2.before"...): at most max into out; returns how many. */
size_t pilot_problems(struct db *db, struct arena *a,
    const struct pilot_in *in, struct errinfo *out, size_t max);

/* Store a new pilot (in checked by pilot_problems first: a problem left
 * is ERR_INVALID naming it), or replace pilot id's fields and indicators
 * (ERR_NOTFOUND "pilots.not_found").  One transaction, audited. */
enum err pilot_create(struct db *db, const struct audit_actor *who,
    const struct pilot_in *in, int64_t *id, struct errinfo *ei);
enum err pilot_update(struct db *db, const struct audit_actor *who,
    int64_t id, const struct pilot_in *in, struct errinfo *ei);

/* The unit of pilot id (for the router's scope): ERR_NOTFOUND
 * "pilots.not_found" naming "id". */
enum err pilot_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei);

/* One pilot: {id, unit, place, province, kind, kind_name, status,
 * status_name, title, deployed, cost_vnd, cost_text, funding,
 * funding_name, start_date, start_text, review_date, review_text,
 * resp_unit, resp_person, worked, not_worked, advice, indicators: [{name,
 * unit, before, before_text, before_date, after, after_text, after_date,
 * change_text}], notes: [{id, date, date_text, body, author, photos: [{id,
 * href}]}]} in lang. */
enum err pilot_get(struct db *db, struct arena *a, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei);

/* The register: filters (NULL any): province "2025:CODE", kind, status;
 * q: words all found in the folded title, place, deployment and lessons;
 * lessons: only pilots with a lesson written.  {items: [as pilot_get
 * without notes and indicators], total}. */
struct pilot_query {
	const char *province, *kind, *status, *q;
	bool lessons;
	int64_t limit, offset;
};
enum err pilot_list(struct db *db, struct arena *a,
    const struct pilot_query *q, const char *lang, json_t **out,
    struct errinfo *ei);

/* 2-4 pilots side by side: {pilots: [pilot_get...], rows: [{label,
 * values: [text per pilot]}]}.  ERR_INVALID "pilots.compare_count"
 * naming "ids" for fewer than 2 or more than PILOT_COMPARE_MAX. */
enum err pilot_compare(struct db *db, struct arena *a, const int64_t *ids,
    size_t n, const char *lang, json_t **out, struct errinfo *ei);

/* A progress note of pilot id on date with body, and its photos (n
 * files; each JPEG or PNG by content, at most PILOT_PHOTO_MAX bytes):
 * every problem at once in out (at most max, *nproblems), nothing
 * written if any.  One transaction, audited. */
struct pilot_file {
	const char *name;
	const void *data;
	size_t len;
};
enum err pilot_note_add(struct db *db, struct arena *a,
    const struct audit_actor *who, int64_t id, const char *date,
    const char *body, const struct pilot_file *files, size_t nfiles,
    int64_t *note_id, struct errinfo *out, size_t max, size_t *nproblems,
    struct errinfo *ei);
/* One more photo on note note_id of pilot id. */
enum err pilot_photo_add(struct db *db, struct arena *a,
    const struct audit_actor *who, int64_t id, int64_t note_id,
    const struct pilot_file *f, int64_t *photo_id, struct errinfo *ei);
/* Photo photo_id of pilot id: its MIME type, SHA-256 and bytes (in a). */
enum err pilot_photo_get(struct db *db, struct arena *a, int64_t id,
    int64_t photo_id, const char **mime, const char **sha256,
    const void **data, size_t *len, struct errinfo *ei);

/* The register's rows (pilot_list's items) as the page's table: CSV
 * (BOM, formula guard) or an XLSX workbook appended to out. */
enum err pilot_list_csv(const json_t *items, const char *lang,
    struct buf *out, struct errinfo *ei);
enum err pilot_list_xlsx(const json_t *items, const char *lang,
    struct buf *out, struct errinfo *ei);

/* The choices of a form: kinds, statuses, funding sources and the
 * readiness set's number indicators in lang, [{value, label}] each, in
 * view["kinds"], ["statuses"], ["fundings"], ["dx_indicators"]. */
void pilot_choices(struct db *db, const char *lang, json_t *view);

#endif
