/*
 * criteria_formula.c - the formulas of derived indicators ("formula":
 * "100 * [hh_clean] / [hh_total]").
 *
 * A formula is compiled once, when the set is parsed, into a short program
 * in reverse Polish order; evaluation runs that program over the values of
 * the slots (indicators and named inputs) with a fixed-size stack, so no
 * text is ever interpreted at evaluation time and a hostile document cannot
 * make evaluation recurse or allocate.
 *
 * Grammar (whitespace anywhere between tokens):
 *   expr    = term { ("+" | "-") term }
 *   term    = unary { ("*" | "/") unary }
 *   unary   = "-" unary | primary
 *   primary = number | "[" id "]" | "(" expr ")"
 *   number  = digit { digit } [ "." digit { digit } ]
 * Nesting (parentheses and unary minus) is limited to FORMULA_DEPTH and
 * the evaluation stack to CRIT_FORMULA_STACK; past either the formula is
 * refused as <module>.bad_formula.  The cycle check over formulas that
 * reference each other is the parser's (criteria_doc.c).
 *
 * What a reference may name is the caller's (struct crit_formula_refs,
 * formula.h): the criteria set's indicators and inputs here
 * (crit_formula_compile), a report form's elements in domain/reporting.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "core/arena.h"
#include "domain/criteria/criteria_internal.h"

#define FORMULA_DEPTH	32	/* nested parentheses and unary minus */
#define NUMBER_MAX	40	/* bytes of a numeric literal */

struct fparse {
	const struct crit_formula_refs *r;
	char code[64];		/* "<module>.bad_formula" */
	const char *text;	/* the whole formula, for positions */
	const char *p;		/* next unread byte */
	const char *field;
	struct crit_fop_ins *ins;
	size_t n_ins, cap;
	long *refs;
	size_t n_refs;
	int depth;
	struct errinfo *ei;
	enum err err;		/* the first error; later ones are ignored */
};

static enum err parse_expr(struct fparse *fp);

/* Record a syntax error at the current position (1-based byte); vi and
 * en say what is wrong there. */
static enum err
syntax(struct fparse *fp, const char *vi, const char *en)
{
	if (fp->err == ERR_OK)
		fp->err = err_set(fp->ei, ERR_INVALID, fp->code, fp->field, "%s: công thức sai ở ký tự %zu: %s%.0s",
		    "%s: the formula is wrong at character %zu: %.0s%s",
		    fp->field, (size_t)(fp->p - fp->text) + 1, vi, en);
	return fp->err;
}

static void
skip_space(struct fparse *fp)
{
	while (*fp->p == ' ' || *fp->p == '\t' || *fp->p == '\n' ||
	    *fp->p == '\r')
		fp->p++;
}

/* Append one instruction; cap is the formula's length, which bounds the
 * count (every instruction consumes at least one byte of text). */
static void
emit(struct fparse *fp, enum crit_fop op, double num, long slot)
{
	struct crit_fop_ins *in;

	if (fp->n_ins >= fp->cap)
		return;		/* cannot happen; see cap */
	in = &fp->ins[fp->n_ins++];
	in->op = op;
	in->num = num;
	in->slot = slot;
}

static enum err
parse_number(struct fparse *fp)
{
	char tmp[NUMBER_MAX + 1];
	const char *start = fp->p;
	size_t n;
	double v;

	while (*fp->p >= '0' && *fp->p <= '9')
		fp->p++;
	if (*fp->p == '.') {
		fp->p++;
		if (!(*fp->p >= '0' && *fp->p <= '9'))
			return syntax(fp, "cần chữ số sau dấu chấm thập phân",
			    "a digit is needed after the decimal point");
		while (*fp->p >= '0' && *fp->p <= '9')
			fp->p++;
	}
	n = (size_t)(fp->p - start);
	if (n > NUMBER_MAX) {
		fp->p = start;
		return syntax(fp, "số quá dài",
		    "the number is too long");
	}
	memcpy(tmp, start, n);
	tmp[n] = '\0';
	v = strtod(tmp, NULL);
	if (!isfinite(v)) {
		fp->p = start;
		return syntax(fp, "số quá lớn",
		    "the number is too large");
	}
	emit(fp, CRIT_FOP_NUM, v, -1);
	return ERR_OK;
}

/* A refusal of reference id whose two messages are built from the
 * caller's words (their order differs between the languages). */
static enum err
bad_ref(struct fparse *fp, const char *reason, const char *vi,
    const char *en)
{
	char code[64];

	if (fp->err == ERR_OK) {
		snprintf(code, sizeof(code), "%s.%s", fp->r->module, reason);
		fp->err = err_set_texts(fp->ei, ERR_INVALID, code, fp->field,
		    vi, en);
	}
	return fp->err;
}

/* "[" id "]": the id must name a number the caller's resolver knows. */
static enum err
parse_ref(struct fparse *fp)
{
	char id[CRIT_ID_MAX + 1], vi[320], en[320];
	const char *start = ++fp->p, *end, *type = "?";
	size_t n, i;
	long slot;

	if ((end = strchr(start, ']')) == NULL) {
		fp->p = start - 1;
		return syntax(fp, "thiếu dấu ] đóng tham chiếu",
		    "the ] closing the reference is missing");
	}
	n = (size_t)(end - start);
	if (n == 0 || n > CRIT_ID_MAX || memchr(start, '[', n) != NULL) {
		fp->p = start - 1;
		return syntax(fp, "tham chiếu phải có dạng [mã]",
		    "a reference is written [id]");
	}
	memcpy(id, start, n);
	id[n] = '\0';
	if ((slot = fp->r->resolve(fp->r->ctx, id, &type)) == -1) {
		snprintf(vi, sizeof(vi), "%s: công thức tham chiếu [%s] nhưng "
		    "không có %s nào mang mã này", fp->field, id,
		    fp->r->unknown_vi);
		snprintf(en, sizeof(en), "%s: the formula refers to [%s] but "
		    "no %s has this id", fp->field, id, fp->r->unknown_en);
		return bad_ref(fp, "unknown_reference", vi, en);
	}
	if (slot < 0) {
		snprintf(vi, sizeof(vi), "%s: công thức tham chiếu [%s] là %s "
		    "dạng %s, không phải dạng số", fp->field, id,
		    fp->r->thing_vi, type);
		snprintf(en, sizeof(en), "%s: the formula refers to [%s], a %s "
		    "%s, not a number", fp->field, id, type, fp->r->thing_en);
		return bad_ref(fp, "bad_reference", vi, en);
	}
	for (i = 0; i < fp->n_refs; i++)
		if (fp->refs[i] == slot)
			break;
	if (i == fp->n_refs)
		fp->refs[fp->n_refs++] = slot;
	fp->p = end + 1;
	emit(fp, CRIT_FOP_SLOT, 0, slot);
	return ERR_OK;
}

static enum err
parse_primary(struct fparse *fp)
{
	skip_space(fp);
	if (*fp->p >= '0' && *fp->p <= '9')
		return parse_number(fp);
	if (*fp->p == '[')
		return parse_ref(fp);
	if (*fp->p == '(') {
		if (++fp->depth > FORMULA_DEPTH)
			return syntax(fp, "lồng ngoặc quá sâu",
			    "parentheses nested too deep");
		fp->p++;
		if (parse_expr(fp) != ERR_OK)
			return fp->err;
		skip_space(fp);
		if (*fp->p != ')')
			return syntax(fp, "thiếu dấu ) đóng",
			    "the closing ) is missing");
		fp->p++;
		fp->depth--;
		return ERR_OK;
	}
	if (*fp->p == '\0')
		return syntax(fp, "công thức kết thúc giữa chừng",
		    "the formula ends too early");
	return syntax(fp, "cần một số, một tham chiếu [mã] hoặc dấu (",
	    "a number, a reference [id] or ( is needed");
}

static enum err
parse_unary(struct fparse *fp)
{
	skip_space(fp);
	if (*fp->p != '-')
		return parse_primary(fp);
	if (++fp->depth > FORMULA_DEPTH)
		return syntax(fp, "lồng dấu trừ quá sâu",
		    "minus signs nested too deep");
	fp->p++;
	if (parse_unary(fp) != ERR_OK)
		return fp->err;
	fp->depth--;
	emit(fp, CRIT_FOP_NEG, 0, -1);
	return ERR_OK;
}

static enum err
parse_term(struct fparse *fp)
{
	char c;

	if (parse_unary(fp) != ERR_OK)
		return fp->err;
	for (;;) {
		skip_space(fp);
		c = *fp->p;
		if (c != '*' && c != '/')
			return ERR_OK;
		fp->p++;
		if (parse_unary(fp) != ERR_OK)
			return fp->err;
		emit(fp, c == '*' ? CRIT_FOP_MUL : CRIT_FOP_DIV, 0, -1);
	}
}

static enum err
parse_expr(struct fparse *fp)
{
	char c;

	if (parse_term(fp) != ERR_OK)
		return fp->err;
	for (;;) {
		skip_space(fp);
		c = *fp->p;
		if (c != '+' && c != '-')
			return ERR_OK;
		fp->p++;
		if (parse_term(fp) != ERR_OK)
			return fp->err;
		emit(fp, c == '+' ? CRIT_FOP_ADD : CRIT_FOP_SUB, 0, -1);
	}
}

/* The deepest stack the program reaches (it is well formed by
 * construction: every binary op follows two operands). */
static size_t
stack_need(const struct crit_fop_ins *ins, size_t n)
{
	size_t i, sp = 0, max = 0;

	for (i = 0; i < n; i++) {
		switch (ins[i].op) {
		case CRIT_FOP_NUM:
		case CRIT_FOP_SLOT:
			sp++;
			break;
		case CRIT_FOP_NEG:
			break;
		default:
			sp--;
			break;
		}
		if (sp > max)
			max = sp;
	}
	return max;
}

/* A criteria set's reference: a number or children_share indicator, or
 * an input. */
static long
set_resolve(const void *ctx, const char *id, const char **type_name)
{
	const struct crit_set *s = ctx;
	long slot = crit_slot(s, id);
	const struct crit_indicator *ind;

	if (slot < 0 || (size_t)slot >= s->n_indicators)
		return slot;
	ind = &s->indicators[slot];
	if (ind->type != CRIT_NUMBER && ind->type != CRIT_CHILDREN_SHARE) {
		*type_name = crit_type_names[ind->type];
		return -2;
	}
	return slot;
}

enum err
crit_formula_compile(const struct crit_set *s, struct arena *a,
    const char *text, const char *field, struct crit_formula **out,
    struct errinfo *ei)
{
	const struct crit_formula_refs r = { "criteria",
		"chỉ tiêu hay đầu vào", "indicator or input", "chỉ tiêu",
		"indicator", set_resolve, s };

	return crit_formula_compile_refs(&r, a, text, field, out, ei);
}

enum err
crit_formula_compile_refs(const struct crit_formula_refs *r, struct arena *a,
    const char *text, const char *field, struct crit_formula **out,
    struct errinfo *ei)
{
	struct fparse fp;
	struct crit_formula *f;
	size_t len = strlen(text);

	memset(&fp, 0, sizeof(fp));
	fp.r = r;
	snprintf(fp.code, sizeof(fp.code), "%s.bad_formula", r->module);
	fp.text = fp.p = text;
	fp.field = field;
	fp.ei = ei;
	fp.cap = len + 1;
	fp.ins = arena_alloc(a, fp.cap * sizeof(*fp.ins));
	fp.refs = arena_alloc(a, (len / 3 + 1) * sizeof(*fp.refs));
	skip_space(&fp);
	if (*fp.p == '\0')
		return syntax(&fp, "công thức rỗng",
		    "the formula is empty");
	if (parse_expr(&fp) != ERR_OK)
		return fp.err;
	skip_space(&fp);
	if (*fp.p != '\0')
		return syntax(&fp, "thừa ký tự sau biểu thức",
		    "characters after the expression");
	if (stack_need(fp.ins, fp.n_ins) > CRIT_FORMULA_STACK)
		return syntax(&fp, "công thức quá phức tạp",
		    "the formula is too complex");
	f = arena_alloc(a, sizeof(*f));
	f->ins = fp.ins;
	f->n_ins = fp.n_ins;
	f->refs = fp.refs;
	f->n_refs = fp.n_refs;
	*out = f;
	return ERR_OK;
}

long
crit_formula_missing(const struct crit_formula *f, const bool *have)
{
	size_t i;

	for (i = 0; i < f->n_refs; i++)
		if (!have[f->refs[i]])
			return f->refs[i];
	return -1;
}

enum crit_reason
crit_formula_eval(const struct crit_formula *f, const double *vals,
    const bool *have, double *out)
{
	double st[CRIT_FORMULA_STACK], x, y;
	size_t i, sp = 0;

	if (crit_formula_missing(f, have) >= 0)
		return CRIT_R_INPUT_MISSING;
	for (i = 0; i < f->n_ins; i++) {
		const struct crit_fop_ins *in = &f->ins[i];

		switch (in->op) {
		case CRIT_FOP_NUM:
			st[sp++] = in->num;
			continue;
		case CRIT_FOP_SLOT:
			st[sp++] = vals[in->slot];
			continue;
		case CRIT_FOP_NEG:
			st[sp - 1] = -st[sp - 1];
			continue;
		default:
			break;
		}
		y = st[--sp];
		x = st[sp - 1];
		switch (in->op) {
		case CRIT_FOP_ADD:
			x += y;
			break;
		case CRIT_FOP_SUB:
			x -= y;
			break;
		case CRIT_FOP_MUL:
			x *= y;
			break;
		default:	/* CRIT_FOP_DIV */
			if (y == 0)
				return CRIT_R_DIV_ZERO;
			x /= y;
			break;
		}
		st[sp - 1] = x;
	}
	if (sp != 1 || !isfinite(st[0]))
		return CRIT_R_DIV_ZERO;
	*out = st[0];
	return CRIT_R_MET;
}

bool
crit_compare(enum crit_op op, double x, double t)
{
	bool near = crit_near(x, t);

	switch (op) {
	case CRIT_GE:
		return x > t || near;
	case CRIT_GT:
		return x > t && !near;
	case CRIT_LE:
		return x < t || near;
	case CRIT_LT:
		return x < t && !near;
	default:
		return near;
	}
}
