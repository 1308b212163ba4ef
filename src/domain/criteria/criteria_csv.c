/*
 * criteria_csv.c - a criteria document from an annex-style table, the way
 * legal annexes print thresholds: one row per indicator, one column per
 * region or commune group.
 *
 *   criterion,indicator,name,type,unit,op,1,2,3
 *   3,,Phát triển kinh tế nông thôn,,,,,,
 *   3,3.1,Tốc độ tăng thu nhập,number,%,>=,"6,5",6,
 *   3,3.2,Có kế hoạch phát triển sản phẩm OCOP,boolean,,,Đạt,Đạt,Đạt
 *
 * The first six columns are fixed; the rest are variant columns, each a
 * variant of meta's variant_by (region7 codes, commune groups) or, for
 * variant_by "none", a single column "value".  Rows group into criteria by
 * their criterion column in order of first appearance; a row with an
 * empty indicator column names its criterion (otherwise the name is the
 * id); an indicator row with an empty criterion column continues the
 * previous row's criterion.  Types: number (op required; a cell is a
 * number, "91,5" or "91.5", optionally with a trailing "%", or empty for a
 * threshold that exists in law but is not configured yet) and boolean (no
 * op; a cell is empty, "Đạt" or "Có", informational only).  enum and
 * children_share need fields a table cannot hold and are refused.
 *
 * The document built is meta (deep-copied) plus "format" and "criteria",
 * and it must pass crit_set_from_json; a validation error that points into
 * the criteria is reported at the line (and column) the value came from.
 * Every error's field is "line N" and its message starts "dòng N, cột C: "
 * ("line N, column C: " in English).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "domain/criteria/criteria_internal.h"

#define COL_CRITERION	0
#define COL_INDICATOR	1
#define COL_NAME	2
#define COL_TYPE	3
#define COL_UNIT	4
#define COL_OP		5
#define COL_FIRST_VARIANT 6

static const char *const fixed_cols[COL_FIRST_VARIANT] = {
	"criterion", "indicator", "name", "type", "unit", "op"
};

/* Where an indicator of the document came from. */
struct ind_line {
	size_t crit, ind;
	long line;
};

struct csvdoc {
	struct errinfo *ei;
	enum crit_variant_by by;
	const char *variants[CSV_MAX_FIELDS];	/* header copies */
	size_t n_variants;
	json_t *criteria;	/* the array being built */
	json_t *ids;		/* criterion id -> index */
	long *crit_line;	/* per criterion: first line */
	long *name_line;	/* per criterion: naming row, 0 if none */
	size_t n_crit, cap_crit;
	struct ind_line *inds;
	size_t n_inds, cap_inds;
	char prev[CRIT_TEXT_MAX + 1];	/* the previous row's criterion */
};

/* Put "dòng N, cột C: " ("line N, column C: ") before both messages of ei
 * (the column only when col > 0). */
static void
at_line(struct errinfo *ei, long line, long col)
{
	if (col > 0)
		err_prefix(ei, "dòng %ld, cột %ld: ", "line %ld, column %ld: ",
		    line, col);
	else
		err_prefix(ei, "dòng %ld: ", "line %ld: ", line);
}

static enum err
fail_at(struct csvdoc *d, long line, long col, const char *code,
    const char *vi, const char *en, ...)
    __attribute__((format(printf, 5, 7), format(printf, 6, 7)));

/* ERR_INVALID naming "line N": the message (vi and en: formats over the
 * same arguments) at line and, when col > 0, column. */
static enum err
fail_at(struct csvdoc *d, long line, long col, const char *code,
    const char *vi, const char *en, ...)
{
	char field[32];
	va_list ap;

	snprintf(field, sizeof(field), "line %ld", line);
	va_start(ap, en);
	err_setv(d->ei, ERR_INVALID, code, field, vi, en, ap);
	va_end(ap);
	at_line(d->ei, line, col);
	return ERR_INVALID;
}

/* Drop s up to and including the first "sep" (nothing if there is none). */
static void
drop_through(char *s, const char *sep)
{
	char *p = strstr(s, sep);

	if (p != NULL)
		memmove(s, p + strlen(sep), strlen(p + strlen(sep)) + 1);
}

/* Field i of rec, trimmed of spaces, as a new string in buf (size n). */
static const char *
cell(const struct csv_record *rec, size_t i, char *buf, size_t n)
{
	const char *s;
	size_t len;

	if (i >= rec->nfields) {
		buf[0] = '\0';
		return buf;
	}
	s = rec->fields[i];
	len = rec->lens[i];
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return buf;
}

/* The fold of s ("Đạt" -> "dat"), into buf. */
static const char *
folded(const char *s, char *buf, size_t n)
{
	struct buf b;

	buf_init(&b, n - 1);
	if (text_fold(s, strlen(s), &b) != ERR_OK)
		buf_reset(&b);
	snprintf(buf, n, "%s", buf_cstr(&b));
	buf_free(&b);
	return buf;
}

/*
 * A threshold cell: "" (null), "95", "91,5", "91.5", "95 %" or "95%".
 * Returns false for anything else; *pct says whether a "%" was written.
 */
static bool
number_cell(const char *s, double *out, bool *pct)
{
	char tmp[64];
	size_t len = strlen(s), i = 0, n = 0, digits = 0;

	*pct = false;
	if (len > 0 && s[len - 1] == '%') {
		*pct = true;
		len--;
		while (len > 0 && s[len - 1] == ' ')
			len--;
	}
	if (len == 0 || len >= sizeof(tmp))
		return false;
	if (s[i] == '-' || s[i] == '+')
		tmp[n++] = s[i++];
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		tmp[n++] = s[i];
	if (digits == 0)
		return false;
	if (i < len && (s[i] == ',' || s[i] == '.')) {
		tmp[n++] = '.';
		for (i++, digits = 0; i < len && s[i] >= '0' && s[i] <= '9';
		    i++, digits++)
			tmp[n++] = s[i];
		if (digits == 0)
			return false;
	}
	if (i != len)
		return false;
	tmp[n] = '\0';
	*out = strtod(tmp, NULL);
	return true;
}

/* The op as the format spells it, accepting ≥ ≤ = as well; NULL if none. */
static const char *
op_name(const char *s)
{
	static const struct {
		const char *in, *out;
	} ops[] = {
		{ ">=", ">=" }, { ">", ">" }, { "<=", "<=" }, { "<", "<" },
		{ "==", "==" }, { "=", "==" }, { "≥", ">=" }, { "≤", "<=" },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(ops[i].in, s) == 0)
			return ops[i].out;
	return NULL;
}

static enum err
read_header(struct csvdoc *d, const struct csv_record *rec)
{
	char c[CRIT_TEXT_MAX + 1];
	size_t i, j;
	struct crit_set tmp;

	memset(&tmp, 0, sizeof(tmp));
	tmp.variant_by = d->by;
	for (i = 0; i < COL_FIRST_VARIANT; i++)
		if (strcmp(cell(rec, i, c, sizeof(c)), fixed_cols[i]) != 0)
			return fail_at(d, rec->line, (long)i + 1,
			    "criteria.bad_header", "cần cột “%s”, có “%.*s” "
			    "(tiêu đề: criterion,indicator,name,type,unit,op,"
			    "<nhóm/vùng>...)", "the column “%s” is needed, "
			    "not “%.*s” (header: criterion,indicator,name,type,"
			    "unit,op,<group/region>...)", fixed_cols[i], 40, c);
	for (i = COL_FIRST_VARIANT; i < rec->nfields; i++) {
		cell(rec, i, c, sizeof(c));
		if (d->by == CRIT_BY_NONE) {
			if (strcmp(c, "value") != 0 || i > COL_FIRST_VARIANT)
				return fail_at(d, rec->line, (long)i + 1,
				    "criteria.unknown_variant", "bộ tiêu chí "
				    "không phân theo vùng hay nhóm xã: chỉ một "
				    "cột “value”, có “%.*s”", "the set has no "
				    "regions or commune groups: one column "
				    "“value” only, not “%.*s”", 40, c);
		} else if (!crit_variant_valid(&tmp, c))
			return fail_at(d, rec->line, (long)i + 1,
			    "criteria.unknown_variant", "“%.*s” không phải "
			    "%s%.0s", "“%.*s” is not a %.0s%s", 40, c,
			    crit_variant_words[d->by].vi,
			    crit_variant_words[d->by].en);
		for (j = 0; j < d->n_variants; j++)
			if (strcmp(d->variants[j], c) == 0)
				return fail_at(d, rec->line, (long)i + 1,
				    "criteria.duplicate_value",
				    "cột “%s” lặp lại",
				    "the column “%s” is repeated", c);
		d->variants[d->n_variants++] = xstrdup(c);
	}
	if (d->n_variants == 0 && d->by == CRIT_BY_NONE)
		return fail_at(d, rec->line, 0, "criteria.bad_header",
		    "thiếu cột ngưỡng (value)",
		    "the threshold column is missing (value)");
	if (d->n_variants == 0)
		return fail_at(d, rec->line, 0, "criteria.bad_header",
		    "thiếu cột ngưỡng (một cột cho mỗi nhóm/vùng)",
		    "the threshold columns are missing (one per "
		    "group/region)");
	return ERR_OK;
}

/* The criterion id's index, created (named after its id) if new. */
static size_t
criterion_index(struct csvdoc *d, const char *id, long line)
{
	json_t *v = json_object_get(d->ids, id), *c;
	size_t i;

	if (v != NULL)
		return (size_t)json_integer_value(v);
	if (d->n_crit == d->cap_crit) {
		d->cap_crit = d->cap_crit ? 2 * d->cap_crit : 16;
		d->crit_line = xrealloc(d->crit_line,
		    d->cap_crit * sizeof(*d->crit_line));
		d->name_line = xrealloc(d->name_line,
		    d->cap_crit * sizeof(*d->name_line));
	}
	i = d->n_crit++;
	d->crit_line[i] = line;
	d->name_line[i] = 0;
	c = json_object();
	json_object_set_new(c, "id", json_string(id));
	json_object_set_new(c, "name", json_string(id));
	json_object_set_new(c, "indicators", json_array());
	json_array_append_new(d->criteria, c);
	json_object_set_new(d->ids, id, json_integer((json_int_t)i));
	return i;
}

/* Whether rec is blank (skipped); ERR_INVALID if it has a cell beyond
 * the header's columns. */
static enum err
row_blank(struct csvdoc *d, const struct csv_record *rec, bool *blank)
{
	char c[256];
	size_t i, last = 0;

	for (i = 0; i < rec->nfields; i++)
		if (cell(rec, i, c, sizeof(c))[0] != '\0')
			last = i + 1;
	*blank = last == 0;
	if (last > COL_FIRST_VARIANT + d->n_variants)
		return fail_at(d, rec->line, (long)last, "criteria.bad_cell",
		    "ô ngoài các cột của dòng tiêu đề",
		    "a cell beyond the header's columns");
	return ERR_OK;
}

/* A criterion's own row (no indicator): its name. */
static enum err
name_criterion(struct csvdoc *d, const struct csv_record *rec,
    const char *crit, const char *name)
{
	size_t ci;

	if (crit[0] == '\0')
		return fail_at(d, rec->line, COL_CRITERION + 1,
		    "criteria.missing_field", "thiếu mã tiêu chí",
		    "the criterion id is missing");
	if (name[0] == '\0')
		return fail_at(d, rec->line, COL_NAME + 1,
		    "criteria.missing_field", "thiếu tên tiêu chí",
		    "the criterion name is missing");
	ci = criterion_index(d, crit, rec->line);
	if (d->name_line[ci] != 0)
		return fail_at(d, rec->line, COL_NAME + 1,
		    "criteria.duplicate_id", "tiêu chí “%s” đã được đặt tên ở "
		    "dòng %ld", "criterion “%s” was already named on line %ld",
		    crit, d->name_line[ci]);
	d->name_line[ci] = rec->line;
	json_object_set_new(json_array_get(d->criteria, ci), "name",
	    json_string(name));
	snprintf(d->prev, sizeof(d->prev), "%s", crit);
	return ERR_OK;
}

/* The criterion of an indicator row: its own column, or when that is
 * empty the previous row's (crit has CRIT_TEXT_MAX + 1 bytes). */
static enum err
row_criterion(struct csvdoc *d, const struct csv_record *rec, char *crit)
{
	if (crit[0] == '\0') {
		if (d->prev[0] == '\0')
			return fail_at(d, rec->line, COL_CRITERION + 1,
			    "criteria.missing_field", "thiếu mã tiêu chí",
			    "the criterion id is missing");
		snprintf(crit, CRIT_TEXT_MAX + 1, "%s", d->prev);
	}
	snprintf(d->prev, sizeof(d->prev), "%s", crit);
	return ERR_OK;
}

/* The cells of an indicator row, trimmed. */
struct row_cells {
	char crit[CRIT_TEXT_MAX + 1], id[CRIT_TEXT_MAX + 1];
	char name[CRIT_TEXT_MAX + 1], unit[CRIT_TEXT_MAX + 1];
	char type[64], op[16];
};

/* A boolean indicator: no op; each variant cell empty, "Đạt" or "Có"
 * (informational: a boolean has no thresholds). */
static enum err
boolean_indicator(struct csvdoc *d, const struct csv_record *rec,
    const struct row_cells *rc, json_t *ind)
{
	char c[256], f[64];

	json_object_set_new(ind, "type", json_string("boolean"));
	if (rc->op[0] != '\0')
		return fail_at(d, rec->line, COL_OP + 1,
		    "criteria.unexpected_field", "chỉ tiêu đạt/không đạt không "
		    "có phép so sánh", "a met/not met indicator has no "
		    "comparison");
	for (size_t i = 0; i < d->n_variants; i++) {
		folded(cell(rec, COL_FIRST_VARIANT + i, c, sizeof(c)), f,
		    sizeof(f));
		if (c[0] != '\0' && strcmp(f, "dat") != 0 &&
		    strcmp(f, "co") != 0)
			return fail_at(d, rec->line,
			    (long)(COL_FIRST_VARIANT + i) + 1,
			    "criteria.bad_cell",
			    "chỉ tiêu đạt/không đạt: ô để trống hoặc ghi "
			    "“Đạt”/“Có”, có “%.*s”", "a met/not met "
			    "indicator: a cell is empty, “Đạt” or “Có”, not "
			    "“%.*s”", 40, c);
	}
	return ERR_OK;
}

/* A number indicator: its op, and a threshold per variant cell (empty:
 * null, not configured).  A "%" in a cell makes an empty unit "%". */
static enum err
number_indicator(struct csvdoc *d, const struct csv_record *rec,
    struct row_cells *rc, json_t *ind)
{
	const char *op = op_name(rc->op);
	json_t *ts, *t;
	char c[256];
	double x = 0;
	bool pct = false, any_pct = false;

	json_object_set_new(ind, "type", json_string("number"));
	if (op == NULL)
		return fail_at(d, rec->line, COL_OP + 1, rc->op[0] == '\0' ?
		    "criteria.missing_field" : "criteria.unknown_op",
		    "cần phép so sánh >=, >, <=, < hoặc ==, có “%s”",
		    "a comparison >=, >, <=, < or == is needed, not “%s”",
		    rc->op);
	json_object_set_new(ind, "op", json_string(op));
	ts = json_array();
	json_object_set_new(ind, "thresholds", ts);
	for (size_t i = 0; i < d->n_variants; i++) {
		cell(rec, COL_FIRST_VARIANT + i, c, sizeof(c));
		if (c[0] != '\0' && !number_cell(c, &x, &pct))
			return fail_at(d, rec->line,
			    (long)(COL_FIRST_VARIANT + i) + 1,
			    "criteria.bad_cell",
			    "“%.*s” không phải một số (viết 91,5 hoặc 91.5; "
			    "để trống nếu chưa có)", "“%.*s” is not a number "
			    "(write 91.5 or 91,5; leave it empty if not known "
			    "yet)", 40, c);
		t = json_object();
		if (d->by != CRIT_BY_NONE)
			json_object_set_new(t, "variant",
			    json_string(d->variants[i]));
		if (c[0] == '\0')
			json_object_set_new(t, "value", json_null());
		else {
			json_object_set_new(t, "value", x == floor(x) &&
			    fabs(x) < 1e15 ? json_integer((json_int_t)x) :
			    json_real(x));
			any_pct |= pct;
		}
		json_array_append_new(ts, t);
	}
	if (any_pct && rc->unit[0] != '\0' && strcmp(rc->unit, "%") != 0)
		return fail_at(d, rec->line, COL_UNIT + 1, "criteria.bad_cell",
		    "ô ngưỡng có dấu %% nhưng đơn vị là “%.*s”",
		    "a threshold cell has %% but the unit is “%.*s”", 40,
		    rc->unit);
	if (any_pct && rc->unit[0] == '\0')
		snprintf(rc->unit, sizeof(rc->unit), "%%");
	return ERR_OK;
}

/* A type a table cannot hold (enum, children_share) or none at all. */
static enum err
unknown_type(struct csvdoc *d, const struct csv_record *rec,
    const char *type)
{
	if (strcmp(type, "enum") == 0 || strcmp(type, "children_share") == 0)
		return fail_at(d, rec->line, COL_TYPE + 1,
		    "criteria.unknown_type", "kiểu %s không nhập được qua bảng "
		    "CSV (dùng tài liệu JSON)", "the type %s cannot be entered "
		    "in a CSV table (write a JSON document)", type);
	return fail_at(d, rec->line, COL_TYPE + 1, type[0] == '\0' ?
	    "criteria.missing_field" : "criteria.unknown_type",
	    "kiểu phải là number hoặc boolean, có “%.*s”",
	    "the type must be number or boolean, not “%.*s”", 40, type);
}

/* Add ind (stolen) to criterion crit, remembering its line. */
static void
add_indicator(struct csvdoc *d, const char *crit, json_t *ind, long line)
{
	size_t ci = criterion_index(d, crit, line);
	json_t *arr = json_object_get(json_array_get(d->criteria, ci),
	    "indicators");

	if (d->n_inds == d->cap_inds) {
		d->cap_inds = d->cap_inds ? 2 * d->cap_inds : 64;
		d->inds = xrealloc(d->inds, d->cap_inds * sizeof(*d->inds));
	}
	d->inds[d->n_inds].crit = ci;
	d->inds[d->n_inds].ind = json_array_size(arr);
	d->inds[d->n_inds].line = line;
	d->n_inds++;
	json_array_append_new(arr, ind);
}

/* One row after the header: blank, a criterion's name, or an indicator
 * of type number or boolean. */
static enum err
read_row(struct csvdoc *d, const struct csv_record *rec)
{
	struct row_cells rc;
	json_t *ind;
	bool blank;
	enum err e;

	if ((e = row_blank(d, rec, &blank)) != ERR_OK || blank)
		return e;
	cell(rec, COL_CRITERION, rc.crit, sizeof(rc.crit));
	cell(rec, COL_INDICATOR, rc.id, sizeof(rc.id));
	cell(rec, COL_NAME, rc.name, sizeof(rc.name));
	if (rc.id[0] == '\0')
		return name_criterion(d, rec, rc.crit, rc.name);
	if ((e = row_criterion(d, rec, rc.crit)) != ERR_OK)
		return e;
	cell(rec, COL_TYPE, rc.type, sizeof(rc.type));
	cell(rec, COL_UNIT, rc.unit, sizeof(rc.unit));
	cell(rec, COL_OP, rc.op, sizeof(rc.op));
	ind = json_object();
	json_object_set_new(ind, "id", json_string(rc.id));
	json_object_set_new(ind, "name", json_string(rc.name));
	if (strcmp(rc.type, "boolean") == 0)
		e = boolean_indicator(d, rec, &rc, ind);
	else if (strcmp(rc.type, "number") == 0)
		e = number_indicator(d, rec, &rc, ind);
	else
		e = unknown_type(d, rec, rc.type);
	if (e != ERR_OK) {
		json_decref(ind);
		return e;
	}
	if (rc.unit[0] != '\0')
		json_object_set_new(ind, "unit", json_string(rc.unit));
	add_indicator(d, rc.crit, ind, rec->line);
	return ERR_OK;
}

/* Read "name[N]" at *p, advancing past it; false if it is not there. */
static bool
path_index(const char **p, const char *name, size_t *out)
{
	size_t n = strlen(name);
	char *end;

	if (strncmp(*p, name, n) != 0 || (*p)[n] != '[' ||
	    !((*p)[n + 1] >= '0' && (*p)[n + 1] <= '9'))
		return false;
	*out = strtoul(*p + n + 1, &end, 10);
	if (*end != ']')
		return false;
	*p = end + 1;
	return true;
}

/*
 * Turn a validation error whose field points into "criteria" into one at
 * the table's line and column; others (meta's fields) stay as they are.
 */
static void
relocate(struct csvdoc *d, struct errinfo *ei)
{
	static const struct {
		const char *key;
		long col;
	} cols[] = {
		{ ".id", COL_INDICATOR + 1 }, { ".name", COL_NAME + 1 },
		{ ".type", COL_TYPE + 1 }, { ".unit", COL_UNIT + 1 },
		{ ".op", COL_OP + 1 },
	};
	const char *p = ei->field;
	size_t ci, ii, k, i;
	long line = 0, col = 0;

	if (!path_index(&p, "criteria", &ci) || ci >= d->n_crit)
		return;
	if (strncmp(p, ".indicators", 11) == 0) {
		p++;
		if (!path_index(&p, "indicators", &ii))
			return;
		for (i = 0; i < d->n_inds; i++)
			if (d->inds[i].crit == ci && d->inds[i].ind == ii)
				line = d->inds[i].line;
		for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			if (strcmp(p, cols[i].key) == 0)
				col = cols[i].col;
		if (strncmp(p, ".thresholds", 11) == 0) {
			p++;
			if (path_index(&p, "thresholds", &k))
				col = (long)(COL_FIRST_VARIANT + k) + 1;
		}
	} else {
		line = d->crit_line[ci];
		if (strcmp(p, ".id") == 0)
			col = COL_CRITERION + 1;
		else if (strcmp(p, ".name") == 0 && d->name_line[ci] != 0) {
			line = d->name_line[ci];
			col = COL_NAME + 1;
		}
	}
	if (line == 0)
		return;
	/* The validator's messages start with the path: the line and
	 * column take its place. */
	drop_through(ei->message, ": ");
	drop_through(ei->message_en, ": ");
	snprintf(ei->field, sizeof(ei->field), "line %ld", line);
	at_line(ei, line, col);
}

enum err
crit_doc_from_csv(const char *csv, size_t len, json_t *meta, json_t **out,
    struct errinfo *ei)
{
	struct csvdoc d;
	struct csv_reader *r = NULL;
	struct csv_record *rec = NULL;
	struct crit_set *s = NULL;
	struct errinfo ei2;
	json_t *doc = NULL, *v;
	FILE *f = NULL;
	char *copy = NULL;
	enum err e = ERR_OK;
	size_t i;
	int rc;

	*out = NULL;
	memset(&d, 0, sizeof(d));
	d.ei = ei;
	if (!json_is_object(meta))
		return err_set(ei, ERR_INVALID, "criteria.bad_value", "meta",
		    "meta: cần một đối tượng JSON",
		    "meta: a JSON object is needed");
	if (len > CRIT_DOC_MAX)
		return err_set(ei, ERR_MALFORMED, "criteria.too_large", "",
		    "bảng dài %zu byte, tối đa %d",
		    "the table is %zu bytes long, at most %d", len,
		    CRIT_DOC_MAX);
	d.by = CRIT_BY_NONE;
	if ((v = json_object_get(meta, "variant_by")) != NULL &&
	    !json_is_null(v)) {
		for (i = 0; crit_variant_by_names[i] != NULL; i++)
			if (json_is_string(v) && strcmp(json_string_value(v),
			    crit_variant_by_names[i]) == 0)
				break;
		if (crit_variant_by_names[i] == NULL)
			return err_set(ei, ERR_INVALID, "criteria.unknown_value",
			    "variant_by", "variant_by: phải là none, region7 "
			    "hoặc commune_group",
			    "variant_by: must be none, region7 or "
			    "commune_group");
		d.by = (enum crit_variant_by)i;
	}

	/* fmemopen wants a writable buffer of one byte at least. */
	copy = xmalloc(len + 1);
	if (len > 0)
		memcpy(copy, csv, len);
	if ((f = fmemopen(copy, len > 0 ? len : 1, "r")) == NULL) {
		e = err_set(ei, ERR_SYS, "criteria.io", "", "fmemopen thất bại",
		    "fmemopen failed");
		goto out;
	}
	if (len == 0)
		fgetc(f);
	r = csv_reader_new(f, "csv");
	rec = xmalloc(sizeof(*rec));
	d.criteria = json_array();
	d.ids = json_object();
	for (i = 0; (rc = csv_read(r, rec, &ei2)) == 1; i++) {
		e = i == 0 ? read_header(&d, rec) : read_row(&d, rec);
		if (e != ERR_OK)
			goto out;
	}
	if (rc < 0) {
		/* The reader's "csv: dòng N, cột C: what" (its name, "csv",
		 * first) as "dòng N, cột C: what" naming "line N". */
		e = ei2.err;
		if (ei != NULL) {
			*ei = ei2;
			drop_through(ei->message, "csv: ");
			drop_through(ei->message_en, "csv: ");
			snprintf(ei->field, sizeof(ei->field), "line %ld",
			    csv_line(r));
		}
		goto out;
	}
	if (i == 0) {
		e = fail_at(&d, 1, 0, "criteria.bad_header",
		    "bảng rỗng, thiếu dòng tiêu đề",
		    "the table is empty: the header line is missing");
		goto out;
	}
	if (d.n_crit == 0) {
		e = fail_at(&d, 2, 0, "criteria.empty",
		    "bảng không có tiêu chí nào", "the table has no criteria");
		goto out;
	}

	doc = json_deep_copy(meta);
	json_object_set_new(doc, "format", json_string(CRIT_FORMAT));
	json_object_set(doc, "criteria", d.criteria);
	if ((e = crit_set_from_json(doc, &s, ei)) != ERR_OK) {
		if (ei != NULL)
			relocate(&d, ei);
		json_decref(doc);
		doc = NULL;
		goto out;
	}
	crit_set_free(s);
	*out = doc;
out:
	for (i = 0; i < d.n_variants; i++)
		free((char *)d.variants[i]);
	free(d.crit_line);
	free(d.name_line);
	free(d.inds);
	json_decref(d.criteria);
	json_decref(d.ids);
	free(rec);
	if (r != NULL)
		csv_reader_free(r);
	if (f != NULL)
		fclose(f);
	free(copy);
	return e;
}
