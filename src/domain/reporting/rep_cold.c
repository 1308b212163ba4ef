/*
 * rep_cold.c - reports' packed figures, and the nation's aggregate
 * recomputed from them (rep_cold.h).
 *
 * Why a pack: the values of a report are rows of rep_value, one a slot,
 * which is what history, approval and the entry page want; but a figure
 * made from every report of a year (~800,000 values for the country's
 * monthly reports) spends its time stepping through those rows.  The pack
 * keeps the same numbers as one row a report, written with them, so such
 * a figure reads 40,000 rows instead.  The engine decides what the
 * numbers mean: rep_over_time combines a unit's periods, rep_acc_add adds
 * units, exactly as the maintained aggregates do on every write.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/reporting/rep_cold.h"
#include "domain/reporting/rep_report.h"
#include "domain/reporting/rep_store.h"
#include "domain/units/units.h"

#define PERIODS_MAX	12	/* the periods of f's type in a year */
#define VERSIONS_MAX	16	/* form versions met in one aggregate */

unsigned char *
rep_pack(const struct rep_form *f, const struct rep_value *vals,
    struct arena *a, size_t *len)
{
	unsigned char *out = arena_alloc(a, f->n_slots * 8 + 1);

	for (size_t s = 0; s < f->n_slots; s++) {
		double d = vals[s].present && vals[s].text == NULL ?
		    vals[s].num : NAN;
		uint64_t bits;

		memcpy(&bits, &d, sizeof(bits));
		for (int b = 0; b < 8; b++)	/* little-endian everywhere */
			out[s * 8 + (size_t)b] = (unsigned char)(bits >> (8 * b));
	}
	*len = f->n_slots * 8;
	return out;
}

bool
rep_unpack(const struct rep_form *f, const void *pack, size_t len,
    struct rep_value *vals)
{
	const unsigned char *in = pack;

	if (pack == NULL || len != f->n_slots * 8)
		return false;
	for (size_t s = 0; s < f->n_slots; s++) {
		uint64_t bits = 0;
		double d;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(&bits, in + s * 8, sizeof(bits));
#else
		for (int b = 0; b < 8; b++)
			bits |= (uint64_t)in[s * 8 + (size_t)b] << (8 * b);
#endif
		memcpy(&d, &bits, sizeof(d));
		if (isnan(d))
			continue;
		vals[s].present = true;
		vals[s].num = d;
	}
	return true;
}

enum err
rep_pack_write(struct db *db, const struct rep_form *f, int64_t id,
    const struct rep_value *vals, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct db_stmt *st = db_stmt(db, STMT_REP_REPORT_PACK_SET);
	size_t len;
	unsigned char *p = rep_pack(f, vals, a, &len);
	enum err e;

	db_bind_blob(st, 1, p, len);
	db_bind_int(st, 2, id);
	e = db_exec(st, ei);
	arena_free(a);
	return e;
}

/* ---- the nation, cold ---- */

/* One report read: its unit's structure (and code when not 2025), its
 * place among the periods, its form version and pack (NULL: read its
 * values). */
struct row {
	int64_t id;
	const char *structure, *code;
	int period, version;
	const unsigned char *pack;
	size_t len;
};

/* A form version met, and where each of its slots is in f (-1: gone). */
struct version_map {
	int version;
	const struct rep_form *fv;
	long *to;
};

/* The reports of f for periods text[0..n-1], at f's finest level, into
 * *rows (in a). */
static enum err
read_rows(struct db *db, struct arena *a, const struct rep_form *f,
    char text[][REP_PERIOD_TEXT], int n, struct row **rows, size_t *nrows,
    struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_REP_COLD_REPORTS);
	size_t cap = 4096, count = 0;
	struct row *out = malloc(cap * sizeof(*out));
	int finest = rep_finest_level(f), rc, i = -1;

	if (out == NULL)
		abort();
	db_bind_text(st, 1, f->id);
	db_bind_text(st, 2, text[0]);
	db_bind_text(st, 3, text[n - 1]);
	while ((rc = db_step(st, ei)) == 1) {
		const char *per = db_col_text(st, 3);
		struct row *r;
		const void *blob;

		/* The rows come period by period (the index's order) */
		if (i < 0 || i == n || strcmp(text[i], per) != 0)
			for (i = 0; i < n && strcmp(text[i], per) != 0; i++)
				;
		if (i == n || units_level_from_name(db_col_text(st, 6)) !=
		    finest)
			continue;	/* another period type, another level */
		if (count == cap) {
			cap *= 2;
			if ((out = realloc(out, cap * sizeof(*out))) == NULL)
				abort();
		}
		r = &out[count++];
		r->id = db_col_int(st, 0);
		/* Only a pre-2025 unit's share is looked up (national_share) */
		r->structure = strcmp(db_col_text(st, 1), "2025") == 0 ?
		    "2025" : arena_strdup(a, db_col_text(st, 1));
		r->code = strcmp(r->structure, "2025") == 0 ? NULL :
		    arena_strdup(a, db_col_text(st, 2));
		r->period = i;
		r->version = (int)db_col_int(st, 4);
		blob = db_col_blob(st, 5, &r->len);
		r->pack = blob == NULL ? NULL : arena_alloc(a, r->len + 1);
		if (blob != NULL)
			memcpy((void *)r->pack, blob, r->len);
	}
	db_end_reads(db);
	if (rc < 0) {
		free(out);
		return ei->err;
	}
	*rows = out;
	*nrows = count;
	return ERR_OK;
}

/* The map of version v of f (loaded once into maps). */
static enum err
version_map(struct db *db, struct arena *a, const struct rep_form *f, int v,
    struct version_map *maps, size_t *nmaps, const struct version_map **out,
    struct errinfo *ei)
{
	struct version_map *m;
	char name[2 * REP_ID_MAX + 2];
	enum err e;

	for (size_t i = 0; i < *nmaps; i++)
		if (maps[i].version == v) {
			*out = &maps[i];
			return ERR_OK;
		}
	if (*nmaps == VERSIONS_MAX)
		return err_set(ei, ERR_LIMIT, "reporting.too_many_versions",
		    "form", "quá nhiều phiên bản biểu mẫu", "too many form "
		    "versions");
	m = &maps[(*nmaps)++];
	m->version = v;
	if ((e = rep_form_load(db, f->id, v, &m->fv, ei)) != ERR_OK)
		return e;
	m->to = arena_alloc(a, m->fv->n_slots * sizeof(*m->to));
	for (size_t s = 0; s < m->fv->n_slots; s++)
		m->to[s] = v == f->version ? (long)s : rep_slot(f,
		    rep_slot_name(m->fv, s, name, sizeof(name)));
	*out = m;
	return ERR_OK;
}

/* Report r's figures in f's slots (vals from rep_values_new). */
static enum err
row_values(struct db *db, struct arena *a, const struct rep_form *f,
    const struct row *r, struct version_map *maps, size_t *nmaps,
    struct rep_value *vals, struct errinfo *ei)
{
	const struct version_map *m = NULL;
	struct rep_value *own;
	enum err e;

	if ((e = version_map(db, a, f, r->version, maps, nmaps, &m, ei)) !=
	    ERR_OK)
		return e;
	own = m->fv == f ? vals : rep_values_new(m->fv, a);
	if (!rep_unpack(m->fv, r->pack, r->len, own) &&
	    (e = rep_report_load_values(db, a, m->fv, r->id, own, ei)) !=
	    ERR_OK)
		return e;
	if (own != vals)
		for (size_t s = 0; s < m->fv->n_slots; s++)
			if (m->to[s] >= 0 && own[s].present)
				vals[m->to[s]] = own[s];
	return ERR_OK;
}

/* How much unit (structure, code) counts in the nation of 2025. */
static enum err
national_share(struct db *db, struct arena *a, const char *structure,
    const char *code, double *share, struct errinfo *ei)
{
	struct unit u;
	enum err e;

	*share = 1;
	if (strcmp(structure, "2025") == 0)
		return ERR_OK;
	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK)
		return e;
	return rep_report_share_in(db, a, &u, "2025", "VN", share, ei);
}

enum err
rep_cold_national(struct db *db, const struct rep_form *f,
    const struct rep_period *p, struct rep_value *vals, long *reports,
    struct errinfo *ei)
{
	struct arena *a = arena_new(1 << 20);
	struct rep_period in[PERIODS_MAX];
	char text[PERIODS_MAX][REP_PERIOD_TEXT];
	struct version_map maps[VERSIONS_MAX];
	struct rep_acc *acc[PERIODS_MAX];
	const struct rep_value *per[PERIODS_MAX];
	struct rep_value *one;
	struct row *rows = NULL;
	size_t nrows = 0, nmaps = 0;
	double share = 0;
	int n;
	enum err e = ERR_OK;

	*reports = 0;
	memset(vals, 0, f->n_slots * sizeof(*vals));
	if ((n = rep_periods_within(p, f->period_type, in)) == 0)
		goto out;
	for (int k = 0; k < n; k++) {
		rep_period_format(&in[k], text[k]);
		acc[k] = rep_acc_new(f, a);
	}
	if ((e = read_rows(db, a, f, text, n, &rows, &nrows, ei)) != ERR_OK)
		goto out;
	/* Each period's national sum, as the maintained aggregates hold it */
	one = rep_values_new(f, a);
	for (size_t i = 0; i < nrows; i++) {
		if ((e = national_share(db, a, rows[i].structure, rows[i].code,
		    &share, ei)) != ERR_OK)
			goto out;
		memset(one, 0, f->n_slots * sizeof(*one));
		if ((e = row_values(db, a, f, &rows[i], maps, &nmaps, one,
		    ei)) != ERR_OK)
			goto out;
		rep_acc_add(f, acc[rows[i].period], one, share);
	}
	*reports = (long)nrows;
	if (n == 1) {
		rep_acc_values(f, acc[0], vals);
		goto out;
	}
	/* A longer period: the periods' sums combined by over_time, as
	 * rep_overtime_aggregate combines the maintained ones. */
	for (int k = 0; k < n; k++) {
		struct rep_value *v = rep_values_new(f, a);
		long most = 0;

		for (size_t s = 0; s < f->n_slots; s++)
			if (acc[k][s].n > most)
				most = acc[k][s].n;
		rep_acc_values(f, acc[k], v);
		per[k] = most > 0 ? v : NULL;
	}
	rep_over_time(f, per, (size_t)n, vals);
out:
	free(rows);
	arena_free(a);
	return e;
}

/* Do two figures of a slot agree (both absent, or within a millionth)? */
static bool
same_figure(json_t *a, json_t *b)
{
	double x, y;

	if (a == NULL || json_is_null(a) || b == NULL || json_is_null(b))
		return (a == NULL || json_is_null(a)) ==
		    (b == NULL || json_is_null(b));
	if (!json_is_number(a) || !json_is_number(b))
		return json_equal(a, b);
	x = json_number_value(a);
	y = json_number_value(b);
	return fabs(x - y) <= 1e-6 * fmax(1, fabs(y));
}

enum err
rep_cold_check(struct db *db, const char *form_id, const char *period,
    json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	const struct rep_form *f;
	struct rep_period p;
	struct rep_value *vals;
	json_t *maint = NULL, *cold, *mvals, *diff;
	char name[2 * REP_ID_MAX + 2];
	long reports = 0;
	enum err e;

	*out = NULL;
	if ((e = rep_form_load(db, form_id, 0, &f, ei)) != ERR_OK ||
	    (e = rep_period_parse(period, "period", &p, ei)) != ERR_OK)
		goto out;
	vals = rep_values_new(f, a);
	if ((e = rep_cold_national(db, f, &p, vals, &reports, ei)) != ERR_OK ||
	    (e = rep_aggregate_get(db, form_id, "2025", "VN", period, "en",
	    &maint, ei)) != ERR_OK)
		goto out;
	cold = rep_values_json(f, vals);
	mvals = json_object_get(maint, "values");
	diff = json_array();
	for (size_t s = 0; s < f->n_slots; s++) {
		long cat;
		const struct rep_element *el = rep_slot_element(f, s, &cat);
		json_t *c, *m;

		if (el == NULL || (el->agg != REP_AGG_SUM &&
		    el->agg != REP_AGG_AVERAGE))
			continue;
		c = json_object_get(cold, el->id);
		m = json_object_get(mvals, el->id);
		if (cat >= 0) {
			const char *k = strchr(rep_slot_name(f, s, name,
			    sizeof(name)), '.');

			c = json_object_get(c, k != NULL ? k + 1 : "");
			m = json_object_get(m, k != NULL ? k + 1 : "");
		} else if (el->breakdown != NULL)
			continue;	/* the total: its parts are compared */
		if (!same_figure(c, m))
			json_array_append_new(diff, json_string(
			    rep_slot_name(f, s, name, sizeof(name))));
	}
	*out = json_pack("{s:s, s:s, s:I, s:o, s:O, s:o}", "form", form_id,
	    "period", period, "reports", (json_int_t)reports, "cold", cold,
	    "maintained", mvals != NULL ? mvals : json_null(), "differences",
	    diff);
out:
	json_decref(maint);
	arena_free(a);
	return e;
}
