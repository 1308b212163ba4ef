/*
 * rep_period.c - the periods reports are made for, and their arithmetic.
 *
 * A period is written the way officers say it and sorts within its type:
 * "2026" (the year), "2026H1" / "2026H2" (half years), "2026Q1" ..
 * "2026Q4" (quarters), "2026-01" .. "2026-12" (months).  Exactly these
 * forms are read (no "2026-7", no lower case, no spaces), so one period
 * has one spelling and the text can be a key.  Dates are core/date.h day
 * numbers: a period is [start, end], both days included.
 */
#include <stdio.h>
#include <string.h>

#include "domain/reporting/reporting.h"

const char *const rep_period_type_names[REP_PERIOD_TYPE__MAX + 1] = {
	"month", "quarter", "half_year", "year", NULL };

/* Months in one period of each type. */
static const int months_of[REP_PERIOD_TYPE__MAX] = { 1, 3, 6, 12 };

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = 10 * v + (s[i] - '0');
	return v;
}

enum err
rep_period_parse(const char *text, const char *field, struct rep_period *out,
    struct errinfo *ei)
{
	size_t len = text != NULL ? strlen(text) : 0;
	struct rep_period p = { REP_YEAR, 0, 1 };
	int max = 1;

	if (len < 4 || !digits(text, 4))
		goto bad;
	p.year = num(text, 4);
	if (len == 4)
		max = 1;
	else if (len == 6 && text[4] == 'H' && digits(text + 5, 1)) {
		p.type = REP_HALF_YEAR;
		p.index = num(text + 5, 1);
		max = 2;
	} else if (len == 6 && text[4] == 'Q' && digits(text + 5, 1)) {
		p.type = REP_QUARTER;
		p.index = num(text + 5, 1);
		max = 4;
	} else if (len == 7 && text[4] == '-' && digits(text + 5, 2)) {
		p.type = REP_MONTH;
		p.index = num(text + 5, 2);
		max = 12;
	} else
		goto bad;
	if (p.index < 1 || p.index > max)
		goto bad;
	if (p.year < REP_YEAR_MIN || p.year > REP_YEAR_MAX)
		return err_set(ei, ERR_INVALID, "reporting.bad_period", field,
		    "%s: năm của kỳ báo cáo phải trong %d–%d",
		    "%s: the year of the period must be within %d–%d", field,
		    REP_YEAR_MIN, REP_YEAR_MAX);
	*out = p;
	return ERR_OK;
bad:
	return err_set(ei, ERR_INVALID, "reporting.bad_period", field,
	    "%s: kỳ báo cáo viết là 2026 (năm), 2026H1 (6 tháng), 2026Q3 "
	    "(quý) hoặc 2026-07 (tháng)", "%s: a period is written 2026 "
	    "(year), 2026H1 (half year), 2026Q3 (quarter) or 2026-07 (month)",
	    field);
}

const char *
rep_period_format(const struct rep_period *p, char out[REP_PERIOD_TEXT])
{
	unsigned y = (unsigned)p->year % 10000u, i = (unsigned)p->index % 100u;

	switch (p->type) {
	case REP_MONTH:
		snprintf(out, REP_PERIOD_TEXT, "%04u-%02u", y, i);
		break;
	case REP_QUARTER:
		snprintf(out, REP_PERIOD_TEXT, "%04uQ%u", y, i % 10u);
		break;
	case REP_HALF_YEAR:
		snprintf(out, REP_PERIOD_TEXT, "%04uH%u", y, i % 10u);
		break;
	default:
		snprintf(out, REP_PERIOD_TEXT, "%04u", y);
		break;
	}
	return out;
}

int
rep_periods_per_year(enum rep_period_type t)
{
	return 12 / months_of[t];
}

/* The day number of the first day of month m (1-12, or 13: January of
 * the next year) of year y. */
static long
month_start(int y, int m)
{
	char d[DATE_LEN];
	long days = 0;

	if (m > 12) {
		y++;
		m -= 12;
	}
	snprintf(d, sizeof(d), "%04u-%02u-01", (unsigned)y % 10000u,
	    (unsigned)m % 100u);
	(void)date_parse(d, &days);
	return days;
}

long
rep_period_start(const struct rep_period *p)
{
	return month_start(p->year, (p->index - 1) * months_of[p->type] + 1);
}

long
rep_period_end(const struct rep_period *p)
{
	return month_start(p->year, p->index * months_of[p->type] + 1) - 1;
}

bool
rep_period_prev(const struct rep_period *p, struct rep_period *out)
{
	*out = *p;
	if (p->index > 1) {
		out->index--;
		return true;
	}
	if (p->year <= REP_YEAR_MIN)
		return false;
	out->year--;
	out->index = rep_periods_per_year(p->type);
	return true;
}

bool
rep_period_next(const struct rep_period *p, struct rep_period *out)
{
	*out = *p;
	if (p->index < rep_periods_per_year(p->type)) {
		out->index++;
		return true;
	}
	if (p->year >= REP_YEAR_MAX)
		return false;
	out->year++;
	out->index = 1;
	return true;
}

int
rep_periods_of_year(enum rep_period_type t, int year,
    struct rep_period out[12])
{
	int n = rep_periods_per_year(t);

	for (int i = 0; i < n; i++) {
		out[i].type = t;
		out[i].year = year;
		out[i].index = i + 1;
	}
	return n;
}

int
rep_periods_within(const struct rep_period *outer, enum rep_period_type inner,
    struct rep_period out[12])
{
	int per = months_of[outer->type] / months_of[inner], first;

	if (months_of[inner] > months_of[outer->type])
		return 0;
	first = (outer->index - 1) * per;
	for (int i = 0; i < per; i++) {
		out[i].type = inner;
		out[i].year = outer->year;
		out[i].index = first + i + 1;
	}
	return per;
}

bool
rep_period_started(const struct rep_period *p, long today)
{
	return today >= rep_period_start(p);
}

int
rep_period_cmp(const struct rep_period *p, const struct rep_period *q)
{
	long a = rep_period_start(p), b = rep_period_start(q);

	if (a != b)
		return a < b ? -1 : 1;
	a = rep_period_end(p);
	b = rep_period_end(q);
	return a < b ? -1 : a > b;
}
