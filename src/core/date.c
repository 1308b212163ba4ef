/*
 * date.c - ISO dates and day numbers (date.h).  The conversions are Howard
 * Hinnant's days_from_civil / civil_from_days: exact over the proleptic
 * Gregorian calendar, no time zone, no libc state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/date.h"
#include "core/msg.h"

static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_format(long days, char out[DATE_LEN])
{
	long z = days + 719468, era, doe, yoe, y, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp + (mp < 10 ? 3 : -9);
	y += m <= 2;
	snprintf(out, DATE_LEN, "%04d-%02d-%02d", (int)(y % 10000 + 10000) % 10000,
	    (int)(m % 100 + 100) % 100, (int)(d % 100 + 100) % 100);
}

bool
date_parse(const char *s, long *days)
{
	long y, m, d, n;
	char back[DATE_LEN];

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	n = days_from_civil(y, m, d);
	date_format(n, back);	/* 2026-02-30 comes back as March */
	if (strcmp(back, s) != 0)
		return false;
	if (days != NULL)
		*days = n;
	return true;
}

bool
date_parse_user(const char *s, long *days)
{
	long y;

	if (!date_parse(s, days))
		return false;
	y = strtol(s, NULL, 10);
	return y >= DATE_USER_MIN_YEAR && y <= DATE_USER_MAX_YEAR;
}

const char *
date_today(char out[DATE_LEN])
{
	const char *env = getenv("NTM_TODAY");
	time_t t;
	struct tm tm;

	if (env != NULL && date_parse(env, NULL)) {
		snprintf(out, DATE_LEN, "%s", env);
		return out;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(out, DATE_LEN, "%Y-%m-%d", &tm);
	return out;
}

const char *
date_display(struct arena *a, const char *iso, const char *lang)
{
	char d[DATE_LEN];

	if (iso == NULL || strlen(iso) < 10 || (iso[10] != '\0' &&
	    iso[10] != 'T'))
		return iso;
	snprintf(d, sizeof(d), "%.10s", iso);
	if (!date_parse(d, NULL))
		return iso;
	if (msg_is_en(lang))
		return arena_strdup(a, d);
	return arena_printf(a, "%.2s/%.2s/%.4s", d + 8, d + 5, d);
}
