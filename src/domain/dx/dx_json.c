/*
 * dx_json.c - the API shapes of digital readiness (dx.h): a scope's
 * roll-up with its ranking, read from the shared picture, and one
 * commune's evaluation, score, ranks, observed values and trend.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/msg.h"
#include "domain/criteria/criteria_store.h"
#include "domain/criteria/criteria_store_internal.h"
#include "domain/dx/dx_internal.h"

#define DX_HREF_MAX	128

json_t *
dx_set_json(const struct crit_set *s, const char *lang)
{
	json_t *levels = json_array();

	for (size_t i = 0; i < s->n_levels; i++)
		json_array_append_new(levels, json_pack("{s:s, s:s, s:f}",
		    "id", s->levels[i].id, "name", msg_pick(lang,
		    s->levels[i].name, s->levels[i].name_en), "min",
		    s->levels[i].min));
	return json_pack("{s:s, s:i, s:s, s:o}", "id", s->id, "version",
	    s->version, "name", msg_pick(lang, s->name, s->name_en), "levels",
	    levels);
}

static json_t *
level_json(const struct crit_set *s, int level, const char *lang)
{
	if (level < 0 || (size_t)level >= s->n_levels)
		return json_null();
	return json_pack("{s:s, s:s}", "id", s->levels[level].id, "name",
	    msg_pick(lang, s->levels[level].name, s->levels[level].name_en));
}

static json_t *
number_or_null(double x)
{
	return isnan(x) ? json_null() : json_real(dx_round1(x));
}

/* The set and year a request means: set_id given or the current one for
 * year; year 0: this calendar year within the set's years.  Into id. */
static enum err
resolve(struct db *db, const char *set_id, int *year, char *id, size_t size,
    const struct crit_set **s, struct errinfo *ei)
{
	time_t now = time(NULL);
	struct tm tm;
	int this_year;
	enum err e;

	gmtime_r(&now, &tm);
	this_year = tm.tm_year + 1900;
	if (set_id != NULL && set_id[0] != '\0')
		snprintf(id, size, "%s", set_id);
	else if (*year != 0) {
		if ((e = dx_current_set(db, *year, id, size, ei)) != ERR_OK)
			return e;
	} else {
		struct db_stmt *st = db_stmt(db, STMT_DX_NEWEST_SET);
		int rc = db_step(st, ei);

		if (rc < 0)
			return ei->err;
		if (rc == 0) {
			db_end_reads(db);
			return err_set(ei, ERR_NOTFOUND, "dx.no_set", "set",
			    "Chưa có bộ chỉ số chuyển đổi số cấp xã",
			    "No commune digital-readiness set is stored");
		}
		snprintf(id, size, "%s", db_col_text(st, 0));
		db_end_reads(db);
	}
	if ((e = crit_store_load(db, id, 0, s, ei)) != ERR_OK)
		return e;
	if (*year == 0)
		*year = this_year < (*s)->year_from ? (*s)->year_from :
		    this_year > (*s)->year_to ? (*s)->year_to : this_year;
	return ERR_OK;
}

static json_t *
by_level_json(const struct crit_set *s, const struct dx_scope *sc,
    const char *lang)
{
	json_t *arr = json_array();

	for (size_t l = 0; l < s->n_levels; l++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:o}",
		    "id", s->levels[l].id, "name", msg_pick(lang,
		    s->levels[l].name, s->levels[l].name_en), "count",
		    (json_int_t)sc->by_level[l], "share", sc->assessed > 0 ?
		    json_real(dx_round1(100.0 * (double)sc->by_level[l] /
		    (double)sc->assessed)) : json_null()));
	return arr;
}

static json_t *
children_json(const struct dx_picture *p)
{
	json_t *arr = json_array();
	char href[DX_HREF_MAX];

	for (size_t i = 0; i < p->n_provinces; i++) {
		const struct dx_scope *sc = &p->provinces[i];
		json_t *counts = json_array();

		for (size_t l = 0; l < p->set->n_levels; l++)
			json_array_append_new(counts, json_integer(
			    sc->by_level[l]));
		snprintf(href, sizeof(href), "/units/%s/%s/digital",
		    p->set->structure, sc->code);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, "
		    "s:o, s:o, s:s}", "code", sc->code, "name", sc->name,
		    "communes", (json_int_t)sc->communes, "assessed",
		    (json_int_t)sc->assessed, "score_avg",
		    number_or_null(sc->score_avg), "by_level", counts, "href",
		    href));
	}
	return arr;
}

static int
by_rank(const void *x, const void *y)
{
	const struct dx_commune *a = *(const struct dx_commune *const *)x;
	const struct dx_commune *b = *(const struct dx_commune *const *)y;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->code, b->code);
}

static const char *
province_name(const struct dx_picture *p, const char *code)
{
	for (size_t i = 0; i < p->n_provinces; i++)
		if (strcmp(p->provinces[i].code, code) == 0)
			return p->provinces[i].name;
	return code;
}

/* The assessed communes of scope (NULL: all), best first. */
static json_t *
ranking_json(const struct dx_picture *p, const char *province,
    const char *lang, long limit, long offset, long *total)
{
	const struct dx_commune **o = calloc(p->n_communes + 1, sizeof(*o));
	json_t *arr = json_array();
	char href[DX_HREF_MAX];
	size_t m = 0;

	for (size_t i = 0; i < p->n_communes; i++)
		if (!isnan(p->communes[i].score) && (province == NULL ||
		    strcmp(p->communes[i].province, province) == 0))
			o[m++] = &p->communes[i];
	qsort(o, m, sizeof(*o), by_rank);
	*total = (long)m;
	for (size_t k = (size_t)offset; k < m && (limit <= 0 ||
	    k < (size_t)(offset + limit)); k++) {
		const struct dx_commune *c = o[k];

		snprintf(href, sizeof(href), "/units/%s/%s/digital",
		    p->set->structure, c->code);
		json_array_append_new(arr, json_pack("{s:i, s:i, s:s, s:s, "
		    "s:{s:s, s:s}, s:f, s:o, s:b, s:s}", "rank", c->rank,
		    "province_rank", c->province_rank, "code", c->code, "name",
		    c->name, "province", "code", c->province, "name",
		    province_name(p, c->province), "score", dx_round1(c->score),
		    "level", level_json(p->set, c->level, lang), "complete",
		    c->complete, "href", href));
	}
	free(o);
	return arr;
}

static json_t *
years_json(struct db *db, const struct crit_set *s, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_DX_YEARS);
	json_t *arr = json_array();
	int rc;

	db_bind_text(st, 1, s->id);
	while ((rc = db_step(st, ei)) == 1)
		json_array_append_new(arr, json_integer(db_col_int(st, 0)));
	db_end_reads(db);
	if (rc < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

enum err
dx_rollup_json(struct db *db, const char *set_id, int year,
    const char *scope, const char *lang, long limit, long offset,
    json_t **out, struct errinfo *ei)
{
	char id[CRIT_ID_MAX + 1];
	const struct crit_set *s;
	const struct dx_picture *p;
	const struct dx_scope *sc = NULL;
	json_t *years;
	long total = 0;
	enum err e;

	*out = NULL;
	if ((e = resolve(db, set_id, &year, id, sizeof(id), &s, ei)) != ERR_OK ||
	    (e = dx_picture_get(db, id, 0, year, &p, ei)) != ERR_OK)
		return e;
	if (strcmp(scope, "VN") == 0)
		sc = &p->nation;
	for (size_t i = 0; sc == NULL && i < p->n_provinces; i++)
		if (strcmp(p->provinces[i].code, scope) == 0)
			sc = &p->provinces[i];
	if (sc == NULL) {
		dx_picture_release(p);
		return err_set(ei, ERR_NOTFOUND, "units.not_found", "code",
		    "Không có tỉnh %s", "No province %s", scope);
	}
	if ((years = years_json(db, p->set, ei)) == NULL) {
		dx_picture_release(p);
		return ei->err;
	}
	*out = json_pack("{s:o, s:i, s:{s:s, s:s, s:s}, s:I, s:I, s:o, s:o, "
	    "s:o}", "set", dx_set_json(p->set, lang), "year", year, "scope",
	    "code", sc->code, "name", sc->name, "level", sc == &p->nation ?
	    "country" : "province", "communes", (json_int_t)sc->communes,
	    "assessed", (json_int_t)sc->assessed, "score_avg",
	    number_or_null(sc->score_avg), "by_level", by_level_json(p->set,
	    sc, lang), "children", sc == &p->nation ? children_json(p) :
	    json_array());
	json_object_set_new(*out, "ranking", ranking_json(p, sc == &p->nation ?
	    NULL : sc->code, lang, limit, offset, &total));
	json_object_set_new(*out, "ranking_total", json_integer(total));
	json_object_set_new(*out, "years", years);
	json_object_set_new(*out, "build_ms", json_real(p->build_ms));
	dx_picture_release(p);
	return ERR_OK;
}

/* ---- one commune ---- */

/* The commune's evaluation and score in year from the store's inputs
 * (typed and observed); *has_data false when it has neither. */
static enum err
commune_year(struct db *db, struct arena *a, const struct crit_set *s,
    const struct crit_unit *u, int year, struct crit_eval_input *in,
    struct crit_result *res, struct crit_score *sc, bool *has_data,
    struct errinfo *ei)
{
	enum err e;

	if ((e = crit_input_load(db, a, s, u, year, in, has_data, ei)) !=
	    ERR_OK || (e = crit_evaluate(s, in, a, res, ei)) != ERR_OK)
		return e;
	return crit_score(s, res, a, sc, ei);
}

static enum err
trend_json(struct db *db, struct arena *a, const struct crit_set *s,
    const struct crit_unit *u, const char *lang, json_t **out,
    struct errinfo *ei)
{
	enum err e = ERR_OK;

	*out = json_array();
	for (int y = s->year_from; y <= s->year_to && e == ERR_OK; y++) {
		struct crit_eval_input in;
		struct crit_result res;
		struct crit_score sc;
		bool has_data;

		if ((e = commune_year(db, a, s, u, y, &in, &res, &sc,
		    &has_data, ei)) != ERR_OK || !has_data)
			continue;
		json_array_append_new(*out, json_pack("{s:i, s:f, s:o, s:b}",
		    "year", y, "score", dx_round1(sc.score), "level",
		    level_json(s, sc.level, lang), "complete", sc.complete));
	}
	if (e != ERR_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return e;
}

static enum err
observed_json(struct db *db, const struct crit_set *s,
    const struct crit_unit *u, int year, const char *lang, json_t **out,
    struct errinfo *ei)
{
	struct dx_observation *obs = calloc(s->n_indicators + 1, sizeof(*obs));
	char text[512];
	enum err e;

	*out = NULL;
	if ((e = dx_observe(db, s, u->structure, u->code, year, obs, ei)) !=
	    ERR_OK) {
		free(obs);
		return e;
	}
	*out = json_array();
	for (size_t i = 0; i < s->n_indicators; i++) {
		const struct crit_indicator *ind = &s->indicators[i];
		const struct dx_observation *o = &obs[i];

		if (ind->observed == NULL)
			continue;
		json_array_append_new(*out, json_pack("{s:s, s:s, s:s, s:o, "
		    "s:o, s:o, s:s}", "id", ind->id, "name", msg_pick(lang,
		    ind->name, ind->name_en), "source", ind->observed, "value",
		    o->present ? json_real(dx_round1(o->value)) : json_null(), "numerator",
		    o->present && o->numerator >= 0 ? json_integer(o->numerator)
		    : json_null(), "denominator", o->present &&
		    o->denominator >= 0 ? json_integer(o->denominator) :
		    json_null(), "method", dx_observation_text(ind->observed, o,
		    year, lang, text, sizeof(text))));
	}
	free(obs);
	return ERR_OK;
}

static const struct dx_commune *
picture_commune(const struct dx_picture *p, const char *code)
{
	size_t lo = 0, hi = p->n_communes;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(p->communes[mid].code, code);

		if (c == 0)
			return &p->communes[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum err
dx_commune_json(struct db *db, const char *set_id, int year,
    const char *code, const char *lang, json_t **out, struct errinfo *ei)
{
	struct arena *a = arena_new(64 * 1024);
	char id[CRIT_ID_MAX + 1];
	const struct crit_set *s;
	const struct dx_picture *p = NULL;
	const struct dx_commune *c;
	struct crit_unit u;
	struct crit_eval_input in;
	struct crit_result res;
	struct crit_score sc;
	json_t *observed = NULL, *trend = NULL;
	bool has_data;
	enum err e;

	*out = NULL;
	if ((e = resolve(db, set_id, &year, id, sizeof(id), &s, ei)) != ERR_OK ||
	    (e = crit_unit_get(db, a, s->structure, code, &u, ei)) != ERR_OK ||
	    (e = crit_unit_fits(s, &u, ei)) != ERR_OK ||
	    (e = dx_picture_get(db, id, 0, year, &p, ei)) != ERR_OK ||
	    (e = commune_year(db, a, s, &u, year, &in, &res, &sc, &has_data,
	    ei)) != ERR_OK ||
	    (e = observed_json(db, s, &u, year, lang, &observed, ei)) != ERR_OK ||
	    (e = trend_json(db, a, s, &u, lang, &trend, ei)) != ERR_OK)
		goto out;
	c = picture_commune(p, code);
	*out = json_pack("{s:{s:s, s:s, s:s, s:{s:s?, s:s?}}, s:o, s:i, s:o, "
	    "s:o, s:o, s:o, s:b, s:o, s:o}",
	    "unit", "structure", u.structure, "code", u.code, "name",
	    u.full_name, "province", "code", u.province, "name", c ?
	    province_name(p, c->province) : NULL,
	    "set", dx_set_json(s, lang), "year", year,
	    "evaluation", crit_result_json(s, &in, &res, lang),
	    "score", crit_score_json(s, &res, &sc, lang),
	    "rank", c && c->rank > 0 ? json_integer(c->rank) : json_null(),
	    "province_rank", c && c->province_rank > 0 ?
	    json_integer(c->province_rank) : json_null(),
	    "assessed", has_data,
	    "observed", observed, "trend", trend);
	observed = trend = NULL;
	json_object_set_new(*out, "ranked", json_integer(p->nation.assessed));
	for (size_t i = 0; c != NULL && i < p->n_provinces; i++)
		if (strcmp(p->provinces[i].code, c->province) == 0)
			json_object_set_new(*out, "province_ranked",
			    json_integer(p->provinces[i].assessed));
out:
	json_decref(observed);
	json_decref(trend);
	dx_picture_release(p);
	db_end_reads(db);
	arena_free(a);
	return e;
}
