/*
 * fuzz_xlsx.c - libFuzzer target for domain/xlsxfile/xlsxread.c: any bytes
 * as an uploaded workbook.
 *
 * Besides memory safety it checks the reader's promises: on success every
 * sheet's cells are sorted by row then column, inside the limits, each with
 * a text; on an error the book is empty, the code is one of the documented
 * ones, the field is the limits' and both messages are set.
 */
#include <stdint.h>
#include <string.h>

#include "domain/xlsxfile/xlsxread.h"

static const char *const codes[] = {
	"xlsx.not_xlsx", "xlsx.too_large", "xlsx.bad_xml", "xlsx.dtd",
	"xlsx.bad_cell", "xlsx.bad_string", "xlsx.bad_number", "xlsx.encrypted",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* small limits, so that the fuzzer meets them */
	struct xlsx_limits lim = XLSX_LIMITS_DEFAULT;
	lim.max_part = 1u << 20;
	lim.max_total = 2u << 20;
	lim.max_rows = 1000;
	lim.max_cells = 10000;
	lim.max_strings = 1000;
	struct xlsx_book b;
	struct errinfo ei = { 0 };
	enum err e = xlsx_read(data, size, &lim, &b, &ei);
	if (e != ERR_OK) {
		int known = 0;
		for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
			known |= strcmp(ei.code, codes[i]) == 0;
		if (!known || strcmp(ei.field, "file") != 0 || !ei.message[0] ||
		    !ei.message_en[0] || b.nsheets != 0 || b.sheets != NULL)
			__builtin_trap();
		return 0;
	}
	for (size_t s = 0; s < b.nsheets; s++) {
		const struct xlsx_sheet *sh = &b.sheets[s];
		if (!sh->name)
			__builtin_trap();
		for (size_t i = 0; i < sh->ncells; i++) {
			const struct xlsx_cell *c = &sh->cells[i];
			if (!c->text || c->row == 0 || c->col == 0 || c->row > lim.max_rows ||
			    c->col > lim.max_cols || c->row > sh->max_row || c->col > sh->max_col)
				__builtin_trap();
			if (i > 0 && (sh->cells[i - 1].row > c->row ||
			    (sh->cells[i - 1].row == c->row && sh->cells[i - 1].col >= c->col)))
				__builtin_trap();
			if (xlsx_cell(sh, c->row, c->col) != c)
				__builtin_trap();
		}
	}
	xlsx_free(&b);
	return 0;
}
