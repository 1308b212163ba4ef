/*
 * ocop_import_table_test.c - unit tests for domain/ocop/ocop_import_table.c:
 * a province's OCOP list read into rows of text.  CSV: the header in any
 * order and case with a byte order mark and CRLF, quoted commas, cells
 * trimmed and in NFC, short rows, blank rows skipped, every missing column
 * named at once, an empty file.  XLSX (written by libxlsxwriter, as Excel
 * types a list): a commune code typed as a number gets its leading zeros
 * back, a date cell becomes YYYY-MM-DD, stars stay "4".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "domain/ocop/ocop_import_table.h"
#include "domain/xlsxfile/xlsxfile.h"

static enum err
read_text(struct arena *a, const char *s, struct oi_table *t,
    struct errinfo *ei)
{
	return oi_table_read(a, s, strlen(s), "list.csv", t, ei);
}

static void
test_csv_header_any_order(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct errinfo ei = { 0 };
	struct oi_table t;
	/* "Cà" decomposed (a + combining grave) must come back composed */
	const char *csv = "\xEF\xBB\xBF" "Stars,GROUP, product_name ,producer_name,"
	    "producer_type,structure,commune_code,certificate_no,issued,expires,"
	    "note\r\n"
	    "4,1,  Ca\xCC\x80 phê  ,\"HTX Cà phê, Sơn La\",,2025,00376,"
	    "\"12/QĐ-UBND\",2024-01-02,,extra\r\n"
	    ",,,,,,,,,,\r\n"
	    "\r\n"
	    "3,2,Trà\r\n";

	assert_int_equal(read_text(a, csv, &t, &ei), ERR_OK);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.header[OI_STARS], "Stars");
	assert_string_equal(t.header[OI_PRODUCT], "product_name");
	assert_int_equal(t.rows[0].line, 2);
	assert_string_equal(t.rows[0].cell[OI_PRODUCT], "Cà phê");
	assert_string_equal(t.rows[0].cell[OI_PRODUCER], "HTX Cà phê, Sơn La");
	assert_string_equal(t.rows[0].cell[OI_STARS], "4");
	assert_string_equal(t.rows[0].cell[OI_NUMBER], "12/QĐ-UBND");
	assert_string_equal(t.rows[0].cell[OI_EXPIRES], "");
	/* a short row: the missing cells are empty */
	assert_int_equal(t.rows[1].line, 5);
	assert_string_equal(t.rows[1].cell[OI_PRODUCT], "Trà");
	assert_string_equal(t.rows[1].cell[OI_COMMUNE], "");
	arena_free(a);
}

static void
test_csv_missing_columns_named(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct errinfo ei = { 0 };
	struct oi_table t;

	assert_int_equal(read_text(a, "product_name,producer_name,group\nA,B,1\n",
	    &t, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "ocop.import_header");
	assert_string_equal(ei.field, "file");
	assert_non_null(strstr(ei.message, "list.csv: dòng 1 thiếu cột "
	    "producer_type, structure, commune_code, stars, certificate_no, "
	    "issued, expires"));
	assert_int_equal(oi_table_read(a, "", 0, "list.csv", &t, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.code, "ocop.import_empty");
	/* bad CSV: the reader's error, naming the line */
	assert_int_equal(read_text(a, "product_name,producer_name,producer_type,"
	    "structure,commune_code,group,stars,certificate_no,issued,expires\n"
	    "\"open,quote\n", &t, &ei), ERR_INVALID);
	assert_non_null(strstr(ei.code, "csv."));
	arena_free(a);
}

/* A row with invalid UTF-8: refused, and the error names the file (the
 * upload form's field), as every other error of the reader does. */
static void
test_csv_bad_utf8_names_file(void **state)
{
	(void)state;
	struct arena *a = arena_new(4096);
	struct errinfo ei = { 0 };
	struct oi_table t;
	const char *csv = "stars,group,product_name,producer_name,producer_type,"
	    "structure,commune_code,certificate_no,issued,expires\r\n"
	    "4,1,Tr\xE0\x80,HTX,,2025,00376,1/QĐ,2024-01-02,\r\n";

	assert_int_not_equal(read_text(a, csv, &t, &ei), ERR_OK);
	assert_string_equal(ei.field, "file");
	assert_true(ei.message[0] != '\0' && ei.message_en[0] != '\0');
	arena_free(a);
}

static void
test_xlsx_typed_cells(void **state)
{
	(void)state;
	static const char *const head[] = { "product_name", "producer_name",
		"producer_type", "structure", "commune_code", "group", "stars",
		"certificate_no", "issued", "expires" };
	struct arena *a = arena_new(4096);
	struct errinfo ei = { 0 };
	lxw_error first = LXW_NO_ERROR;
	struct xlsxfile x;
	struct oi_table t;
	struct buf out;

	assert_int_equal(xlsxfile_open(&x, "test", "OCOP", &ei), ERR_OK);
	lxw_worksheet *ws = workbook_add_worksheet(x.wb, "Danh sách");
	for (lxw_col_t c = 0; c < 10; c++)
		xlsxfile_note(&first, worksheet_write_string(ws, 0, c, head[c],
		    NULL));
	xlsxfile_note(&first, worksheet_write_string(ws, 1, 0, "Mật ong", NULL));
	xlsxfile_note(&first, worksheet_write_string(ws, 1, 1, "HTX Sóc Sơn", NULL));
	xlsxfile_note(&first, worksheet_write_string(ws, 1, 3, "2025", NULL));
	xlsxfile_note(&first, worksheet_write_number(ws, 1, 4, 376, NULL));
	xlsxfile_note(&first, worksheet_write_number(ws, 1, 5, 1, NULL));
	xlsxfile_note(&first, worksheet_write_number(ws, 1, 6, 4, NULL));
	xlsxfile_note(&first, worksheet_write_string(ws, 1, 7, "12/QĐ-UBND", NULL));
	/* 2025-01-01 as Excel stores a date */
	xlsxfile_note(&first, worksheet_write_number(ws, 1, 8, 45658, NULL));
	/* an empty row between, then one more */
	xlsxfile_note(&first, worksheet_write_string(ws, 3, 0, "Trà", NULL));
	buf_init(&out, 16u << 20);
	assert_int_equal(xlsxfile_close(&x, first, &out, &ei), ERR_OK);

	assert_int_equal(oi_table_read(a, out.data, out.len, "list.xlsx", &t,
	    &ei), ERR_OK);
	buf_free(&out);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.rows[0].line, 2);
	assert_string_equal(t.rows[0].cell[OI_COMMUNE], "00376");
	assert_string_equal(t.rows[0].cell[OI_GROUP], "1");
	assert_string_equal(t.rows[0].cell[OI_STARS], "4");
	assert_string_equal(t.rows[0].cell[OI_ISSUED], "2025-01-01");
	assert_string_equal(t.rows[0].cell[OI_TYPE], "");
	assert_int_equal(t.rows[1].line, 4);
	assert_string_equal(t.rows[1].cell[OI_PRODUCT], "Trà");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_header_any_order),
		cmocka_unit_test(test_csv_missing_columns_named),
		cmocka_unit_test(test_xlsx_typed_cells),
		cmocka_unit_test(test_csv_bad_utf8_names_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
