/*
 * market_checkout_phone.c - a Vietnamese phone number as a buyer types it,
 * read into its national form (market_orders.h).  Mobiles: 0 and 9 digits
 * with the prefixes in use since the 2018 change of 11-digit numbers;
 * landlines: 02, the area code and the number, 11 digits in all since
 * 2017.  +84 and 84 (the country code) stand for the leading 0.
 */
#include <ctype.h>
#include <string.h>

#include "domain/market/market_orders.h"

/* The mobile prefixes (the two digits after the 0) in use. */
static bool
mobile_prefix(char a, char b)
{
	switch (a) {
	case '3':
		return b >= '2' && b <= '9';
	case '5':
		return strchr("25689", b) != NULL;
	case '7':
		return b == '0' || (b >= '6' && b <= '9');
	case '8':
		return b >= '1' && b <= '9';
	case '9':
		return b != '5';
	default:
		return false;
	}
}

bool
market_phone_normalise(const char *in, char out[MARKET_PHONE_LEN])
{
	char d[MARKET_PHONE_LEN];
	size_t n = 0;
	bool plus = false;

	if (in == NULL)
		return false;
	/* The digits, and a plus before the first of them. */
	for (const char *s = in; *s != '\0'; s++) {
		if (strchr(" .-()", *s) != NULL)
			continue;
		if (*s == '+' && n == 0 && !plus) {
			plus = true;
			continue;
		}
		if (!isdigit((unsigned char)*s) || n + 1 >= sizeof(d))
			return false;
		d[n++] = *s;
	}
	d[n] = '\0';
	/* +84 912 345 678 or 84 912 345 678: the country code for the 0. */
	if (plus && (n < 2 || d[0] != '8' || d[1] != '4'))
		return false;
	if (n >= 11 && d[0] == '8' && d[1] == '4' && d[2] != '0') {
		memmove(d + 1, d + 2, n - 1);
		d[0] = '0';
		n--;
	}
	if (n == 0 || d[0] != '0')
		return false;
	if (!((n == 10 && mobile_prefix(d[1], d[2])) ||
	    (n == 11 && d[1] == '2')))
		return false;
	memcpy(out, d, n + 1);
	return true;
}
