/*
 * fuzz_ocop_import_table.c - libFuzzer target for
 * domain/ocop/ocop_import_table.c: any bytes as a province's OCOP list
 * (CSV, or XLSX when they start like a zip).
 *
 * Besides memory safety it checks the reader's promises: on success every
 * column has its header text and every row each cell (never NULL), within
 * OI_ROWS_MAX rows, none of them blank; on an error the field is "file"
 * and both messages are set.
 */
#include <stdint.h>
#include <string.h>

#include "domain/ocop/ocop_import_table.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new(64 * 1024);
	struct errinfo ei = { 0 };
	struct oi_table t;

	if (oi_table_read(a, data, size, "fuzz", &t, &ei) != ERR_OK) {
		if (strcmp(ei.field, "file") != 0 || !ei.message[0] ||
		    !ei.message_en[0])
			__builtin_trap();
	} else {
		if (t.n > OI_ROWS_MAX)
			__builtin_trap();
		for (int c = 0; c < OI__COLS; c++)
			if (t.header[c] == NULL)
				__builtin_trap();
		for (size_t i = 0; i < t.n; i++) {
			int filled = 0;

			for (int c = 0; c < OI__COLS; c++) {
				if (t.rows[i].cell[c] == NULL)
					__builtin_trap();
				filled |= t.rows[i].cell[c][0] != '\0';
			}
			if (!filled)
				__builtin_trap();
		}
	}
	arena_free(a);
	return 0;
}
