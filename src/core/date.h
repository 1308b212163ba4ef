/*
 * date.h - calendar dates as every module writes and reads them: ISO
 * "YYYY-MM-DD" text, a day number for arithmetic (days since 1970-01-01),
 * today's date, and the date as people read it.  One parser, one rule: a
 * date is exactly ten characters, four-digit year 1900-9999, and a day
 * that exists (2026-02-30 and 2025-02-29 are refused).  A date a user
 * gives (a campaign's days, a decision's date) is held to the years
 * DATE_USER_MIN_YEAR-DATE_USER_MAX_YEAR as well (date_parse_user): the
 * platform's own time, and nothing computed from it (a closing day plus
 * the posting days) leaves four-digit years.
 */
#ifndef NTM_CORE_DATE_H
#define NTM_CORE_DATE_H

#include <stdbool.h>

#include "core/arena.h"

#define DATE_LEN	11	/* "YYYY-MM-DD" and its NUL */

#define DATE_USER_MIN_YEAR	2000
#define DATE_USER_MAX_YEAR	2100

/* Is s a date by the rule above?  *days (may be NULL) its day number. */
bool date_parse(const char *s, long *days);
/* The same for a date a user gives: also within DATE_USER_MIN_YEAR to
 * DATE_USER_MAX_YEAR (callers name the field and the years in their
 * 422). */
bool date_parse_user(const char *s, long *days);
/* Day number days as "YYYY-MM-DD". */
void date_format(long days, char out[DATE_LEN]);
/* Today in UTC, or $NTM_TODAY when it holds a date (tests and demos move
 * the calendar with it); returns out. */
const char *date_today(char out[DATE_LEN]);
/* The date (or the date part of an ISO time "YYYY-MM-DDTHH:MM:SSZ") as
 * people read it in lang: "31/12/2026" in Vietnamese, "2026-12-31" in
 * English; anything else is returned as it is.  In arena a. */
const char *date_display(struct arena *a, const char *iso, const char *lang);

#endif
