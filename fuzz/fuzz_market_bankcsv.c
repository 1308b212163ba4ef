/*
 * fuzz_market_bankcsv.c - libFuzzer target for a bank statement as the
 * producer uploads it (market_bankcsv_read, market_money.h): any bytes,
 * any encoding.
 *
 * Besides memory safety it checks the reader's promises: on success every
 * credit has a valid date, an amount above zero, UTF-8 texts and a line
 * key; on an error one of the documented codes, naming the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/text.h"
#include "domain/market/market_money.h"

static int
known_code(const char *code)
{
	static const char *const codes[] = { "market.bank_column",
		"market.bank_row", "market.bank_encoding", "market.bank_empty",
		"market.bank_too_large", "csv.syntax", "csv.utf8", "csv.limit",
		NULL };

	for (int i = 0; codes[i] != NULL; i++)
		if (strcmp(code, codes[i]) == 0)
			return 1;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(4096);
	struct market_bankfile f;
	struct errinfo ei;

	if (market_bankcsv_read(a, data, size, &f, &ei) == ERR_OK) {
		for (size_t i = 0; i < f.ncredits; i++) {
			const struct market_bankline *l = &f.credits[i];

			if (!date_parse(l->booked_on, NULL) ||
			    l->amount_vnd <= 0 || l->line_key[0] == '\0' ||
			    !text_utf8_valid(l->description,
			    strlen(l->description)) ||
			    !text_utf8_valid(l->bank_ref, strlen(l->bank_ref)))
				abort();
		}
	} else if (!known_code(ei.code))
		abort();
	arena_free(a);
	return 0;
}
