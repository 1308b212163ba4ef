/*
 * numfmt.c - numbers as people read them (numfmt.h).
 *
 * Every form is printed by snprintf in the C locale ("-1234.5") and then
 * rewritten: the integer digits grouped by three, the point replaced by
 * the language's decimal mark.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/msg.h"
#include "core/numfmt.h"

#define NBSP	"\xc2\xa0"
#define NO_DATA	"—"

/* plain ("-1234.5", C locale) into out, grouped (unless not grouped) and
 * with lang's marks. */
static const char *
localise_as(const char *plain, char out[NUMFMT_LEN], const char *lang,
    bool grouped)
{
	bool en = msg_is_en(lang);
	char group = en ? ',' : '.', mark = en ? '.' : ',';
	const char *p = plain, *point;
	size_t n = 0, digits;

	if (*p == '-') {
		out[n++] = '-';
		p++;
	}
	point = strchr(p, '.');
	digits = point != NULL ? (size_t)(point - p) : strlen(p);
	for (size_t i = 0; i < digits && n < NUMFMT_LEN - 2; i++) {
		if (grouped && i > 0 && (digits - i) % 3 == 0)
			out[n++] = group;
		out[n++] = p[i];
	}
	if (point != NULL) {
		out[n++] = mark;
		for (p = point + 1; *p != '\0' && n < NUMFMT_LEN - 1; p++)
			out[n++] = *p;
	}
	out[n] = '\0';
	return out;
}

static const char *
localise(const char *plain, char out[NUMFMT_LEN], const char *lang)
{
	return localise_as(plain, out, lang, true);
}

static const char *
no_data(char out[NUMFMT_LEN])
{
	snprintf(out, NUMFMT_LEN, "%s", NO_DATA);
	return out;
}

const char *
numfmt_int(char out[NUMFMT_LEN], long long n, const char *lang)
{
	char plain[32];

	snprintf(plain, sizeof(plain), "%lld", n);
	return localise(plain, out, lang);
}

const char *
numfmt_fixed(char out[NUMFMT_LEN], double x, int decimals, const char *lang)
{
	char plain[NUMFMT_LEN];

	if (!isfinite(x) || fabs(x) >= 1e18)
		return no_data(out);
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	snprintf(plain, sizeof(plain), "%.*f", decimals, x);
	/* No "-0" or "-0,0": a value that rounds to zero is zero. */
	if (plain[0] == '-' && strspn(plain + 1, "0.") == strlen(plain + 1))
		memmove(plain, plain + 1, strlen(plain));
	return localise(plain, out, lang);
}

/* numfmt_num and numfmt_input. */
static const char *
num_as(char out[NUMFMT_LEN], double x, const char *lang, bool grouped)
{
	char plain[NUMFMT_LEN], *end;
	int decimals = 6;
	double ax = fabs(x);

	if (!isfinite(x) || ax >= 1e18)
		return no_data(out);
	/* Ten significant digits, at most six of them after the point. */
	if (ax >= 1) {
		int whole = (int)floor(log10(ax)) + 1;

		decimals = whole >= 10 ? 0 : 10 - whole;
		if (decimals > 6)
			decimals = 6;
	}
	snprintf(plain, sizeof(plain), "%.*f", decimals, x);
	if (strchr(plain, '.') != NULL) {
		end = plain + strlen(plain) - 1;
		while (*end == '0')
			*end-- = '\0';
		if (*end == '.')
			*end = '\0';
	}
	if (strcmp(plain, "-0") == 0)
		memmove(plain, plain + 1, strlen(plain));
	return localise_as(plain, out, lang, grouped);
}

const char *
numfmt_num(char out[NUMFMT_LEN], double x, const char *lang)
{
	return num_as(out, x, lang, true);
}

const char *
numfmt_input(char out[NUMFMT_LEN], double x, const char *lang)
{
	if (!isfinite(x)) {
		out[0] = '\0';
		return out;
	}
	return num_as(out, x, lang, false);
}

const char *
numfmt_pct_figure(char out[NUMFMT_LEN], double x, const char *lang)
{
	return numfmt_fixed(out, x, 1, lang);
}

const char *
numfmt_pct(char out[NUMFMT_LEN], double x, const char *lang)
{
	size_t n;

	if (!isfinite(x))
		return no_data(out);
	numfmt_pct_figure(out, x, lang);
	n = strlen(out);
	snprintf(out + n, NUMFMT_LEN - n, NBSP "%%");
	return out;
}

const char *
numfmt_bytes(char out[NUMFMT_LEN], long long n, const char *lang)
{
	static const char *const units[] = { "KB", "MB", "GB", "TB" };
	double x = (double)n;
	size_t u = 0, len;

	if (n < 1024 && n > -1024) {
		numfmt_int(out, n, lang);
		len = strlen(out);
		snprintf(out + len, NUMFMT_LEN - len, NBSP "B");
		return out;
	}
	x /= 1024.0;
	while (fabs(x) >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		x /= 1024.0;
		u++;
	}
	numfmt_fixed(out, x, 1, lang);
	len = strlen(out);
	snprintf(out + len, NUMFMT_LEN - len, NBSP "%s", units[u]);
	return out;
}

const char *
numfmt_vnd(char out[NUMFMT_LEN], long long n, const char *lang)
{
	size_t len;

	numfmt_int(out, n, lang);
	len = strlen(out);
	snprintf(out + len, NUMFMT_LEN - len, NBSP "%s",
	    msg_is_en(lang) ? "VND" : "₫");
	return out;
}

const char *
numfmt_int_a(struct arena *a, long long n, const char *lang)
{
	char out[NUMFMT_LEN];

	return arena_strdup(a, numfmt_int(out, n, lang));
}

const char *
numfmt_num_a(struct arena *a, double x, const char *lang)
{
	char out[NUMFMT_LEN];

	return arena_strdup(a, numfmt_num(out, x, lang));
}

const char *
numfmt_input_a(struct arena *a, double x, const char *lang)
{
	char out[NUMFMT_LEN];

	return arena_strdup(a, numfmt_input(out, x, lang));
}

const char *
numfmt_pct_a(struct arena *a, double x, const char *lang)
{
	char out[NUMFMT_LEN];

	return arena_strdup(a, numfmt_pct(out, x, lang));
}

const char *
numfmt_pct_figure_a(struct arena *a, double x, const char *lang)
{
	char out[NUMFMT_LEN];

	return arena_strdup(a, numfmt_pct_figure(out, x, lang));
}

const char *
numfmt_bytes_a(struct arena *a, long long n, const char *lang)
{
	char out[NUMFMT_LEN];

	return arena_strdup(a, numfmt_bytes(out, n, lang));
}

const char *
numfmt_vnd_a(struct arena *a, long long n, const char *lang)
{
	char out[NUMFMT_LEN];

	return arena_strdup(a, numfmt_vnd(out, n, lang));
}
