/*
 * rep_csv.c - a report, or a province's communes' reports, as CSV (see
 * rep_file_csv in rep_upload.h): one line per slot, UTF-8 with a BOM so
 * that Excel reads Vietnamese right, numbers plain, RFC 4180 quoting.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/msg.h"
#include "domain/reporting/rep_internal.h"
#include "domain/reporting/rep_upload.h"

/* One field, quoted when it holds a comma, a quote or a line break (a
 * leading = + - @ is quoted too and prefixed by ' so that a spreadsheet
 * never runs a text as a formula). */
static enum err
field(struct buf *b, const char *s, bool last)
{
	enum err e = ERR_OK;
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@';

	if (formula || strpbrk(s, ",\"\r\n") != NULL) {
		e = buf_putc(b, '"');
		if (e == ERR_OK && formula)
			e = buf_putc(b, '\'');
		for (const char *p = s; e == ERR_OK && *p != '\0'; p++)
			e = *p == '"' ? buf_puts(b, "\"\"") : buf_putc(b, *p);
		if (e == ERR_OK)
			e = buf_putc(b, '"');
	} else
		e = buf_puts(b, s);
	if (e == ERR_OK)
		e = buf_puts(b, last ? "\r\n" : ",");
	return e;
}

/* A number as plain digits: whole numbers without a decimal point, others
 * with at most 15 significant digits and a '.'. */
static const char *
plain_number(char *out, size_t size, double v)
{
	if (fabs(v) < 1e15 && floor(v) == v)
		snprintf(out, size, "%.0f", v);
	else
		snprintf(out, size, "%.15g", v);
	return out;
}

static const char *
value_text(const struct rep_element *el, const struct rep_value *v,
    char *num, size_t size)
{
	if (!v->present)
		return "";
	if (el->kind == REP_TEXT)
		return v->text != NULL ? v->text : "";
	return plain_number(num, size, v->num);
}

/* The lines of one value column. */
static enum err
unit_lines(const struct rep_file *rf, const struct rep_xlsx_unit *u,
    const char *lang, struct buf *b)
{
	const struct rep_form *f = rf->f;
	char name[REP_SLOT_NAME], num[64];
	enum err e = ERR_OK;

	for (size_t s = 0; s < f->n_slots && e == ERR_OK; s++) {
		long cat;
		const struct rep_element *el = rep_slot_element(f, s, &cat);
		const char *category = "";

		if (el == NULL || !rep_element_filled_by(f, el, u->level))
			continue;
		if (cat >= 0)
			category = msg_pick(lang,
			    el->breakdown->categories[cat].name,
			    el->breakdown->categories[cat].name_en);
		rep_slot_name(f, s, name, sizeof(name));
		if (rf->communes && ((e = field(b, u->ref, false)) != ERR_OK ||
		    (e = field(b, u->name, false)) != ERR_OK))
			break;
		if ((e = field(b, name, false)) == ERR_OK &&
		    (e = field(b, msg_pick(lang, el->name, el->name_en),
		    false)) == ERR_OK &&
		    (e = field(b, category, false)) == ERR_OK)
			e = field(b, value_text(el, &u->vals[s], num,
			    sizeof(num)), true);
	}
	return e;
}

enum err
rep_file_csv(const struct rep_file *rf, const char *lang, struct buf *out,
    struct errinfo *ei)
{
	enum err e;

	if ((e = buf_puts(out, "\xef\xbb\xbf")) == ERR_OK)
		e = buf_puts(out, rf->communes ?
		    "unit,unit_name,slot,label,category,value\r\n" :
		    "slot,label,category,value\r\n");
	for (size_t i = 0; i < rf->n && e == ERR_OK; i++)
		e = unit_lines(rf, &rf->units[i], lang, out);
	if (e != ERR_OK)
		return err_set(ei, e, "reporting.csv_too_large", NULL,
		    "tệp CSV quá lớn", "the CSV file is too large");
	return ERR_OK;
}
