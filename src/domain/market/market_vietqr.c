/*
 * market_vietqr.c - VietQR payloads, their QR image, the bank list
 * (market_vietqr.h).  Checked against the published example of NAPAS's
 * specification and codes banks accepted (tests/unit/market_vietqr_test.c).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/embed.h"
#include "core/qr.h"
#include "domain/market/market_vietqr.h"

uint16_t
market_vietqr_crc(const char *s, size_t n)
{
	uint16_t crc = 0xFFFF;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		crc ^= (uint16_t)((unsigned char)s[i] << 8);
		for (b = 0; b < 8; b++)
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) :
			    (uint16_t)(crc << 1);
	}
	return crc;
}

static bool
all_of(const char *s, size_t min, size_t max, int (*ok)(int), bool space)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (n >= max || !(ok((unsigned char)s[n]) ||
		    (space && s[n] == ' ')))
			return false;
	return n >= min;
}

/* Only ASCII: isalnum/isdigit under the C locale. */
static int
ascii_alnum(int c)
{
	return c < 128 && isalnum(c);
}

static int
ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

bool
market_vietqr_check(const char *bin, const char *account, int64_t amount_vnd,
    const char *reference, const char **field)
{
	const char *bad = NULL;

	if (bin == NULL || !all_of(bin, 6, 6, ascii_digit, false))
		bad = "bin";
	else if (account == NULL || !all_of(account, 1,
	    MARKET_VIETQR_ACCOUNT_MAX, ascii_alnum, false))
		bad = "account";
	else if (amount_vnd < 1 || amount_vnd > MARKET_VIETQR_AMOUNT_MAX)
		bad = "amount";
	else if (reference != NULL && reference[0] != '\0' &&
	    !all_of(reference, 1, MARKET_VIETQR_REFERENCE_MAX, ascii_alnum,
	    true))
		bad = "reference";
	if (field != NULL)
		*field = bad;
	return bad == NULL;
}

/* One data object: two-digit id, two-digit length, value. */
static enum err
tlv(struct buf *b, const char *id, const char *value)
{
	return buf_printf(b, "%s%02zu%s", id, strlen(value), value);
}

char *
market_vietqr_payload(const char *bin, const char *account,
    int64_t amount_vnd, const char *reference)
{
	struct buf b, ben, mai, add;
	char amount[24];
	bool ok;

	if (!market_vietqr_check(bin, account, amount_vnd, reference, NULL))
		return NULL;
	/* Every part is bounded above: 512 bytes are never reached. */
	buf_init(&b, 512);
	buf_init(&ben, 64);
	buf_init(&mai, 128);
	buf_init(&add, 64);
	snprintf(amount, sizeof amount, "%" PRId64, amount_vnd);
	ok = tlv(&ben, "00", bin) == ERR_OK &&
	    tlv(&ben, "01", account) == ERR_OK &&
	    tlv(&mai, "00", "A000000727") == ERR_OK &&
	    tlv(&mai, "01", buf_cstr(&ben)) == ERR_OK &&
	    tlv(&mai, "02", "QRIBFTTA") == ERR_OK &&
	    tlv(&b, "00", "01") == ERR_OK &&
	    tlv(&b, "01", "12") == ERR_OK &&
	    tlv(&b, "38", buf_cstr(&mai)) == ERR_OK &&
	    tlv(&b, "53", "704") == ERR_OK &&
	    tlv(&b, "54", amount) == ERR_OK &&
	    tlv(&b, "58", "VN") == ERR_OK;
	if (ok && reference != NULL && reference[0] != '\0')
		ok = tlv(&add, "08", reference) == ERR_OK &&
		    tlv(&b, "62", buf_cstr(&add)) == ERR_OK;
	/* The CRC covers its own id and length. */
	if (ok)
		ok = buf_puts(&b, "6304") == ERR_OK &&
		    buf_printf(&b, "%04X", market_vietqr_crc(b.data, b.len)) ==
		    ERR_OK;
	buf_free(&ben);
	buf_free(&mai);
	buf_free(&add);
	if (!ok) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Module size: a phone camera reads a 5 px module from a screen easily. */
#define VIETQR_MODULE_PX	5

enum err
market_vietqr_svg(struct buf *out, const char *payload)
{
	if (payload == NULL || payload[0] == '\0')
		return ERR_INVALID;
	return qr_svg(out, payload, VIETQR_MODULE_PX);
}

/* The embedded data/banks.csv, row by row: fn returns true to stop. */
static bool
banks_each(bool (*fn)(void *arg, const struct market_bank *b), void *arg)
{
	const struct embedded_file *f = embed_find("data/banks.csv");
	struct csv_reader *r;
	struct csv_record rec;
	struct market_bank b;
	bool stop = false, header = true;
	FILE *fp;

	if (f == NULL || (fp = fmemopen((void *)f->data, f->size, "r")) ==
	    NULL)
		return false;
	r = csv_reader_new(fp, "data/banks.csv");
	while (!stop && csv_read(r, &rec, NULL) == 1) {
		if (header || rec.nfields < 3) {
			header = false;
			continue;
		}
		snprintf(b.bin, sizeof b.bin, "%s", rec.fields[0]);
		snprintf(b.short_name, sizeof b.short_name, "%s",
		    rec.fields[1]);
		snprintf(b.name, sizeof b.name, "%s", rec.fields[2]);
		stop = fn(arg, &b);
	}
	csv_reader_free(r);
	fclose(fp);
	return stop;
}

struct bank_find {
	const char *bin;
	struct market_bank *out;
};

static bool
bank_match(void *arg, const struct market_bank *b)
{
	struct bank_find *q = arg;

	if (strcmp(b->bin, q->bin) != 0)
		return false;
	if (q->out != NULL)
		*q->out = *b;
	return true;
}

bool
market_bank_by_bin(const char *bin, struct market_bank *out)
{
	struct bank_find q = { bin, out };

	if (bin == NULL || !all_of(bin, 6, 6, ascii_digit, false))
		return false;
	return banks_each(bank_match, &q);
}

struct bank_list {
	struct market_bank *out;
	size_t max, n;
};

static bool
bank_add(void *arg, const struct market_bank *b)
{
	struct bank_list *l = arg;

	if (l->n < l->max)
		l->out[l->n] = *b;
	l->n++;
	return false;
}

size_t
market_banks(struct market_bank *out, size_t max)
{
	struct bank_list l = { out, max, 0 };

	(void)banks_each(bank_add, &l);
	return l.n;
}
