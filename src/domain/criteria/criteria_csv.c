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
 * Every error's field is "line N" and its message starts "dòng N, cột C: ".
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

static enum err
fail_at(struct csvdoc *d, long line, long col, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ERR_INVALID at line (and column, when col > 0). */
static enum err
fail_at(struct csvdoc *d, long line, long col, const char *code,
    const char *fmt, ...)
{
	char field[32], text[256], where[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	snprintf(field, sizeof(field), "line %ld", line);
	if (col > 0)
		snprintf(where, sizeof(where), "dòng %ld, cột %ld", line, col);
	else
		snprintf(where, sizeof(where), "dòng %ld", line);
	return err_set_vi(d->ei, ERR_INVALID, code, field, "%s: %s", where, text);
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
			    "<nhóm/vùng>...)", fixed_cols[i], 40, c);
	for (i = COL_FIRST_VARIANT; i < rec->nfields; i++) {
		cell(rec, i, c, sizeof(c));
		if (d->by == CRIT_BY_NONE) {
			if (strcmp(c, "value") != 0 || i > COL_FIRST_VARIANT)
				return fail_at(d, rec->line, (long)i + 1,
				    "criteria.unknown_variant", "bộ tiêu chí "
				    "không phân theo vùng hay nhóm xã: chỉ một "
				    "cột “value”, có “%.*s”", 40, c);
		} else if (!crit_variant_valid(&tmp, c))
			return fail_at(d, rec->line, (long)i + 1,
			    "criteria.unknown_variant", "“%.*s” không phải %s",
			    40, c, d->by == CRIT_BY_REGION7 ? "mã vùng (TDMNPB, "
			    "DBSH, BTB, DHNTB, TN, DNB, DBSCL)" :
			    "nhóm xã (1, 2, 3)");
		for (j = 0; j < d->n_variants; j++)
			if (strcmp(d->variants[j], c) == 0)
				return fail_at(d, rec->line, (long)i + 1,
				    "criteria.duplicate_value",
				    "cột “%s” lặp lại", c);
		d->variants[d->n_variants++] = xstrdup(c);
	}
	if (d->n_variants == 0)
		return fail_at(d, rec->line, 0, "criteria.bad_header",
		    "thiếu cột ngưỡng (%s)", d->by == CRIT_BY_NONE ? "value" :
		    "một cột cho mỗi nhóm/vùng");
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

static enum err
read_row(struct csvdoc *d, const struct csv_record *rec)
{
	char crit[CRIT_TEXT_MAX + 1], id[CRIT_TEXT_MAX + 1];
	char name[CRIT_TEXT_MAX + 1], type[64], unit[CRIT_TEXT_MAX + 1];
	char op[16], c[256], f[64];
	json_t *ind, *ts, *t, *arr;
	size_t i, ci, last;
	double x;
	bool pct, any_pct = false;

	/* Skip blank rows; refuse cells beyond the header. */
	last = 0;
	for (i = 0; i < rec->nfields; i++)
		if (cell(rec, i, c, sizeof(c))[0] != '\0')
			last = i + 1;
	if (last == 0)
		return ERR_OK;
	if (last > COL_FIRST_VARIANT + d->n_variants)
		return fail_at(d, rec->line, (long)last, "criteria.bad_cell",
		    "ô ngoài các cột của dòng tiêu đề");

	cell(rec, COL_CRITERION, crit, sizeof(crit));
	cell(rec, COL_INDICATOR, id, sizeof(id));
	cell(rec, COL_NAME, name, sizeof(name));
	if (id[0] == '\0') {
		/* A criterion's own row: its name. */
		if (crit[0] == '\0')
			return fail_at(d, rec->line, COL_CRITERION + 1,
			    "criteria.missing_field", "thiếu mã tiêu chí");
		if (name[0] == '\0')
			return fail_at(d, rec->line, COL_NAME + 1,
			    "criteria.missing_field", "thiếu tên tiêu chí");
		ci = criterion_index(d, crit, rec->line);
		if (d->name_line[ci] != 0)
			return fail_at(d, rec->line, COL_NAME + 1,
			    "criteria.duplicate_id", "tiêu chí “%s” đã được "
			    "đặt tên ở dòng %ld", crit, d->name_line[ci]);
		d->name_line[ci] = rec->line;
		json_object_set_new(json_array_get(d->criteria, ci), "name",
		    json_string(name));
		snprintf(d->prev, sizeof(d->prev), "%s", crit);
		return ERR_OK;
	}
	if (crit[0] == '\0') {
		if (d->prev[0] == '\0')
			return fail_at(d, rec->line, COL_CRITERION + 1,
			    "criteria.missing_field", "thiếu mã tiêu chí");
		snprintf(crit, sizeof(crit), "%s", d->prev);
	}
	snprintf(d->prev, sizeof(d->prev), "%s", crit);
	cell(rec, COL_TYPE, type, sizeof(type));
	cell(rec, COL_UNIT, unit, sizeof(unit));
	cell(rec, COL_OP, op, sizeof(op));

	ind = json_object();
	json_object_set_new(ind, "id", json_string(id));
	json_object_set_new(ind, "name", json_string(name));
	if (strcmp(type, "boolean") == 0) {
		json_object_set_new(ind, "type", json_string("boolean"));
		if (op[0] != '\0') {
			json_decref(ind);
			return fail_at(d, rec->line, COL_OP + 1,
			    "criteria.unexpected_field", "chỉ tiêu đạt/không "
			    "đạt không có phép so sánh");
		}
		for (i = 0; i < d->n_variants; i++) {
			folded(cell(rec, COL_FIRST_VARIANT + i, c, sizeof(c)),
			    f, sizeof(f));
			if (c[0] != '\0' && strcmp(f, "dat") != 0 &&
			    strcmp(f, "co") != 0) {
				json_decref(ind);
				return fail_at(d, rec->line,
				    (long)(COL_FIRST_VARIANT + i) + 1,
				    "criteria.bad_cell", "chỉ tiêu đạt/không đạt: "
				    "ô để trống hoặc ghi “Đạt”/“Có”, có “%.*s”",
				    40, c);
			}
		}
	} else if (strcmp(type, "number") == 0) {
		json_object_set_new(ind, "type", json_string("number"));
		if (op_name(op) == NULL) {
			json_decref(ind);
			return fail_at(d, rec->line, COL_OP + 1,
			    op[0] == '\0' ? "criteria.missing_field" :
			    "criteria.unknown_op", "cần phép so sánh >=, >, <=, "
			    "< hoặc ==, có “%s”", op);
		}
		json_object_set_new(ind, "op", json_string(op_name(op)));
		ts = json_array();
		json_object_set_new(ind, "thresholds", ts);
		for (i = 0; i < d->n_variants; i++) {
			cell(rec, COL_FIRST_VARIANT + i, c, sizeof(c));
			t = json_object();
			if (d->by != CRIT_BY_NONE)
				json_object_set_new(t, "variant",
				    json_string(d->variants[i]));
			if (c[0] == '\0')
				json_object_set_new(t, "value", json_null());
			else if (number_cell(c, &x, &pct)) {
				json_object_set_new(t, "value", x == floor(x) &&
				    fabs(x) < 1e15 ? json_integer((json_int_t)x) :
				    json_real(x));
				any_pct |= pct;
			} else {
				json_decref(t);
				json_decref(ind);
				return fail_at(d, rec->line,
				    (long)(COL_FIRST_VARIANT + i) + 1,
				    "criteria.bad_cell", "“%.*s” không phải một "
				    "số (viết 91,5 hoặc 91.5; để trống nếu chưa "
				    "có)", 40, c);
			}
			json_array_append_new(ts, t);
		}
		if (any_pct && unit[0] != '\0' && strcmp(unit, "%") != 0) {
			json_decref(ind);
			return fail_at(d, rec->line, COL_UNIT + 1,
			    "criteria.bad_cell", "ô ngưỡng có dấu %% nhưng đơn "
			    "vị là “%.*s”", 40, unit);
		}
		if (any_pct && unit[0] == '\0')
			snprintf(unit, sizeof(unit), "%%");
	} else {
		json_decref(ind);
		if (strcmp(type, "enum") == 0 ||
		    strcmp(type, "children_share") == 0)
			return fail_at(d, rec->line, COL_TYPE + 1,
			    "criteria.unknown_type", "kiểu %s không nhập được "
			    "qua bảng CSV (dùng tài liệu JSON)", type);
		return fail_at(d, rec->line, COL_TYPE + 1,
		    type[0] == '\0' ? "criteria.missing_field" :
		    "criteria.unknown_type", "kiểu phải là number hoặc boolean, "
		    "có “%.*s”", 40, type);
	}
	if (unit[0] != '\0')
		json_object_set_new(ind, "unit", json_string(unit));

	ci = criterion_index(d, crit, rec->line);
	arr = json_object_get(json_array_get(d->criteria, ci), "indicators");
	if (d->n_inds == d->cap_inds) {
		d->cap_inds = d->cap_inds ? 2 * d->cap_inds : 64;
		d->inds = xrealloc(d->inds, d->cap_inds * sizeof(*d->inds));
	}
	d->inds[d->n_inds].crit = ci;
	d->inds[d->n_inds].ind = json_array_size(arr);
	d->inds[d->n_inds].line = rec->line;
	d->n_inds++;
	json_array_append_new(arr, ind);
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
	const char *p = ei->field, *rest;
	char msg[sizeof(ei->message)], code[sizeof(ei->code)];
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
	/* The validator's message starts with the path: drop it. */
	rest = ei->message;
	if ((p = strstr(rest, ": ")) != NULL)
		rest = p + 2;
	snprintf(msg, sizeof(msg), "%s", rest);
	snprintf(code, sizeof(code), "%s", ei->code);
	fail_at(d, line, col, code, "%s", msg);
}

enum err
crit_doc_from_csv(const char *csv, size_t len, json_t *meta, json_t **out,
    struct errinfo *ei)
{
	static const char *const bys[] = { "none", "region7", "commune_group" };
	struct csvdoc d;
	struct csv_reader *r = NULL;
	struct csv_record *rec = NULL;
	struct crit_set *s = NULL;
	struct errinfo ei2;
	json_t *doc = NULL, *v;
	FILE *f = NULL;
	char *copy = NULL;
	const char *msg;
	enum err e = ERR_OK;
	size_t i;
	int rc;

	*out = NULL;
	memset(&d, 0, sizeof(d));
	d.ei = ei;
	if (!json_is_object(meta))
		return err_set_vi(ei, ERR_INVALID, "criteria.bad_value", "meta",
		    "meta: cần một đối tượng JSON");
	if (len > CRIT_DOC_MAX)
		return err_set_vi(ei, ERR_MALFORMED, "criteria.too_large", "",
		    "bảng dài %zu byte, tối đa %d", len, CRIT_DOC_MAX);
	d.by = CRIT_BY_NONE;
	if ((v = json_object_get(meta, "variant_by")) != NULL &&
	    !json_is_null(v)) {
		for (i = 0; i < 3; i++)
			if (json_is_string(v) &&
			    strcmp(json_string_value(v), bys[i]) == 0)
				break;
		if (i == 3)
			return err_set_vi(ei, ERR_INVALID, "criteria.unknown_value",
			    "variant_by", "variant_by: phải là none, region7 "
			    "hoặc commune_group");
		d.by = (enum crit_variant_by)i;
	}

	/* fmemopen wants a writable buffer of one byte at least. */
	copy = xmalloc(len + 1);
	if (len > 0)
		memcpy(copy, csv, len);
	if ((f = fmemopen(copy, len > 0 ? len : 1, "r")) == NULL) {
		e = err_set_vi(ei, ERR_SYS, "criteria.io", "", "fmemopen thất bại");
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
		/* "csv: dòng N, cột C: what" -> field "line N". */
		msg = strncmp(ei2.message, "csv: ", 5) == 0 ? ei2.message + 5 :
		    ei2.message;
		err_set_vi(ei, ei2.err, ei2.code, NULL, "%s", msg);
		if (ei != NULL)
			snprintf(ei->field, sizeof(ei->field), "line %ld",
			    csv_line(r));
		e = ei2.err;
		goto out;
	}
	if (i == 0) {
		e = fail_at(&d, 1, 0, "criteria.bad_header",
		    "bảng rỗng, thiếu dòng tiêu đề");
		goto out;
	}
	if (d.n_crit == 0) {
		e = fail_at(&d, 2, 0, "criteria.empty",
		    "bảng không có tiêu chí nào");
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
