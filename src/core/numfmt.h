/*
 * numfmt.h - the one way ntm writes a number for people to read.
 *
 * Vietnamese (any lang that is not English, see msg_is_en): thousands
 * grouped with a dot, a decimal comma - "12.345", "91,5", "1.234,56".
 * English: "12,345", "91.5".  A percentage is always the number with one
 * decimal, a no-break space and "%" ("91,5 %", "91.5 %"), so it never
 * wraps between the figure and its sign.  A number that is not finite
 * (no data) is "—".  Years, ids and anything a machine reads (JSON, URLs,
 * CSV for import) are NOT formatted here: they stay plain digits.
 *
 * The char-array forms write into out (NUMFMT_LEN bytes, always enough)
 * and return it; the _a forms return a copy in the arena.  Templates print
 * a number of the view in this format with {{%name}} (http/template.h).
 */
#ifndef NTM_CORE_NUMFMT_H
#define NTM_CORE_NUMFMT_H

#include "core/arena.h"

#define NUMFMT_LEN	64

/* An integer: "1.234.567" / "1,234,567". */
const char *numfmt_int(char out[NUMFMT_LEN], long long n, const char *lang);
/* x rounded to exactly decimals (0..9) places: numfmt_fixed(1234.5, 2)
 * is "1.234,50". */
const char *numfmt_fixed(char out[NUMFMT_LEN], double x, int decimals,
    const char *lang);
/* x as a person wrote it: at most 10 significant digits (6 decimals),
 * trailing zeros dropped - 3.3 is "3,3", 12000 is "12.000", 0.25 is
 * "0,25".  For measured values and thresholds. */
const char *numfmt_num(char out[NUMFMT_LEN], double x, const char *lang);
/* x as numfmt_num but not grouped ("12000,5"): the value of a form
 * field, which text_decimal reads back (it takes no thousands marks, and
 * "12.000" would read as twelve). */
const char *numfmt_input(char out[NUMFMT_LEN], double x, const char *lang);
/* A percentage x (91.5 for 91.5 %), one decimal: "91,5 %". */
const char *numfmt_pct(char out[NUMFMT_LEN], double x, const char *lang);
/* The figure of a percentage alone, one decimal, no sign: "91,5" - for
 * a chart's axis or where the sign is in a heading. */
const char *numfmt_pct_figure(char out[NUMFMT_LEN], double x,
    const char *lang);
/* A size in bytes: "512 B", "1,5 KB", "12,3 MB". */
const char *numfmt_bytes(char out[NUMFMT_LEN], long long n, const char *lang);
/* An amount of money in whole đồng: "120.000 ₫" / "120,000 VND" (a
 * no-break space before the sign). */
const char *numfmt_vnd(char out[NUMFMT_LEN], long long n, const char *lang);

const char *numfmt_int_a(struct arena *a, long long n, const char *lang);
const char *numfmt_num_a(struct arena *a, double x, const char *lang);
const char *numfmt_input_a(struct arena *a, double x, const char *lang);
const char *numfmt_pct_a(struct arena *a, double x, const char *lang);
const char *numfmt_pct_figure_a(struct arena *a, double x, const char *lang);
const char *numfmt_vnd_a(struct arena *a, long long n, const char *lang);
const char *numfmt_bytes_a(struct arena *a, long long n, const char *lang);

#endif
