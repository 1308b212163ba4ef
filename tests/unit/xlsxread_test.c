/*
 * xlsxread_test.c - unit tests for domain/xlsxfile/xlsxread.c: a workbook
 * written by libxlsxwriter (as ntm's downloads are) read back cell by cell,
 * and the files an upload must refuse whole: not a zip, a zip without a
 * workbook, a zip bomb, a million rows, a DOCTYPE with entities, a shared
 * string that is not there, a number that is not one, a cell twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "core/buf.h"
#include "domain/xlsxfile/xlsxfile.h"
#include "domain/xlsxfile/xlsxread.h"

/* ---- building test files ---------------------------------------------- */

struct part {
	const char *name;
	const char *data;	/* NULL: size bytes of 'a' */
	size_t size;
};

/* A zip of the given parts, into out (libzip writes files, not memory). */
static void
make_zip(const struct part *parts, size_t n, struct buf *out)
{
	char path[] = "/tmp/xlsxread-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int ze;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		const void *d = parts[i].data;
		size_t len = d ? strlen(parts[i].data) : parts[i].size;
		void *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		if (d)
			memcpy(copy, d, len);
		else
			memset(copy, 'a', len);
		zip_source_t *s = zip_source_buffer(z, copy, len, 1);
		assert_non_null(s);
		assert_true(zip_file_add(z, parts[i].name, s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	buf_init(out, 64u << 20);
	assert_int_equal(buf_read_file(out, path), ERR_OK);
	unlink(path);
}

#define RELS \
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define WORKBOOK \
	"<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>" \
	"<sheet name=\"Xã\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define WB_RELS \
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" \
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"
#define SST(x) \
	"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" x "</sst>"
#define SHEET(x) \
	"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" \
	x "</sheetData></worksheet>"

/* A one-sheet workbook "Xã" with the given shared strings and sheet data. */
static enum err
read_parts(const char *sst, const char *sheet, const struct xlsx_limits *lim,
    struct xlsx_book *b, struct errinfo *ei)
{
	struct part parts[] = {
		{ "_rels/.rels", RELS, 0 },
		{ "xl/workbook.xml", WORKBOOK, 0 },
		{ "xl/_rels/workbook.xml.rels", WB_RELS, 0 },
		{ "xl/sharedStrings.xml", sst, 0 },
		{ "xl/worksheets/sheet1.xml", sheet, 0 },
	};
	struct buf z;
	make_zip(parts, 5, &z);
	enum err e = xlsx_read(z.data, z.len, lim, b, ei);
	buf_free(&z);
	return e;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_libxlsxwriter_round_trip(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsxfile x;
	assert_int_equal(xlsxfile_open(&x, "test", "Báo cáo", &ei), ERR_OK);
	lxw_worksheet *ws = workbook_add_worksheet(x.wb, "Sóc Sơn");
	lxw_worksheet *ws2 = workbook_add_worksheet(x.wb, "Thứ hai");
	lxw_error first = LXW_NO_ERROR;
	xlsxfile_note(&first, worksheet_write_string(ws, 0, 0, "Vốn ngân sách trung ương", NULL));
	xlsxfile_note(&first, worksheet_write_number(ws, 0, 1, 1500000, NULL));
	xlsxfile_note(&first, worksheet_write_number(ws, 1, 1, 0.25, NULL));
	xlsxfile_note(&first, worksheet_write_boolean(ws, 2, 0, 1, NULL));
	xlsxfile_note(&first, worksheet_write_formula_num(ws, 2, 1, "=B1+1", NULL, 1500001));
	xlsxfile_note(&first, worksheet_write_string(ws2, 99, 27, "AB100", NULL));
	struct buf out;
	buf_init(&out, 16u << 20);
	assert_int_equal(xlsxfile_close(&x, first, &out, &ei), ERR_OK);

	struct xlsx_book b;
	assert_int_equal(xlsx_read(out.data, out.len, NULL, &b, &ei), ERR_OK);
	buf_free(&out);
	assert_int_equal(b.nsheets, 2);
	assert_string_equal(b.sheets[0].name, "Sóc Sơn");
	const struct xlsx_sheet *s = xlsx_sheet(&b, "Sóc Sơn");
	assert_non_null(s);
	assert_int_equal(s->ncells, 5);
	const struct xlsx_cell *c = xlsx_cell(s, 1, 1);
	assert_non_null(c);
	assert_int_equal(c->kind, XLSX_TEXT);
	assert_string_equal(c->text, "Vốn ngân sách trung ương");
	c = xlsx_cell(s, 1, 2);
	assert_int_equal(c->kind, XLSX_NUMBER);
	assert_string_equal(c->text, "1500000");
	assert_false(c->formula);
	assert_string_equal(xlsx_cell(s, 2, 2)->text, "0.25");
	assert_int_equal(xlsx_cell(s, 3, 1)->kind, XLSX_BOOL);
	assert_string_equal(xlsx_cell(s, 3, 1)->text, "1");
	c = xlsx_cell(s, 3, 2);
	assert_true(c->formula);
	assert_string_equal(c->text, "1500001");
	assert_null(xlsx_cell(s, 2, 1));
	assert_int_equal(s->max_row, 3);
	assert_int_equal(s->max_col, 2);
	s = xlsx_sheet(&b, "Thứ hai");
	c = xlsx_cell(s, 100, 28);
	assert_non_null(c);
	assert_string_equal(c->text, "AB100");
	char ref[16];
	xlsx_cell_ref(c->row, c->col, ref);
	assert_string_equal(ref, "AB100");
	xlsx_cell_ref(1048576, 16384, ref);
	assert_string_equal(ref, "XFD1048576");
	xlsx_free(&b);
}

static void
test_not_a_zip(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsx_book b;
	const char pdf[] = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";
	assert_int_equal(xlsx_read(pdf, sizeof pdf - 1, NULL, &b, &ei), ERR_MEDIA);
	assert_string_equal(ei.code, "xlsx.not_xlsx");
	assert_string_equal(ei.field, "file");
	assert_int_equal(xlsx_read("", 0, NULL, &b, &ei), ERR_MEDIA);
	assert_int_equal(b.nsheets, 0);

	/* a zip, but of something else */
	struct part parts[] = { { "readme.txt", "hello", 0 } };
	struct buf z;
	make_zip(parts, 1, &z);
	assert_int_equal(xlsx_read(z.data, z.len, NULL, &b, &ei), ERR_MEDIA);
	assert_string_equal(ei.code, "xlsx.not_xlsx");
	buf_free(&z);
}

static void
test_zip_bomb_stops_at_the_limit(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsx_book b;
	struct xlsx_limits lim = XLSX_LIMITS_DEFAULT;
	lim.max_part = 1u << 20;
	/* 2 MiB of one letter in the sheet part: a few KB once zipped */
	struct part parts[] = {
		{ "_rels/.rels", RELS, 0 },
		{ "xl/workbook.xml", WORKBOOK, 0 },
		{ "xl/_rels/workbook.xml.rels", WB_RELS, 0 },
		{ "xl/sharedStrings.xml", SST(""), 0 },
		{ "xl/worksheets/sheet1.xml", NULL, 2u << 20 },
	};
	struct buf z;
	make_zip(parts, 5, &z);
	assert_true(z.len < 64 * 1024);
	assert_int_equal(xlsx_read(z.data, z.len, &lim, &b, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "xlsx.too_large");
	buf_free(&z);
}

static void
test_a_million_rows_is_refused(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsx_book b;
	assert_int_equal(read_parts(SST(""),
	    SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"1000000\"/>"),
	    NULL, &b, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "xlsx.too_large");
	assert_non_null(strstr(ei.message, "1000000"));
	assert_non_null(strstr(ei.message, "“Xã”"));
}

static void
test_doctype_is_refused(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsx_book b;
	const char *laughs = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><sst><si><t>&b;</t></si></sst>";
	assert_int_equal(read_parts(laughs, SHEET(""), NULL, &b, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "xlsx.dtd");
}

static void
test_shared_string_pointing_nowhere(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsx_book b;
	assert_int_equal(read_parts(SST("<si><t>một</t></si>"),
	    SHEET("<row r=\"4\"><c r=\"C4\" t=\"s\"><v>5</v></c></row>"), NULL, &b, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.code, "xlsx.bad_string");
	assert_non_null(strstr(ei.message, "Trang “Xã”, ô C4"));
	assert_non_null(strstr(ei.message_en, "Sheet “Xã”, cell C4"));
	assert_null(strstr(ei.message, "points"));
	assert_null(strstr(ei.message_en, "chuỗi"));
}

static void
test_cells_as_written(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsx_book b;
	/* prefixed names, inline strings with rich runs and a phonetic run,
	 * a cell without r, cells out of order, an empty styled cell */
	assert_int_equal(read_parts(SST("<si><r><t>Vốn </t></r><r><t>tín dụng</t></r><rPh><t>x</t></rPh></si>"),
	    "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	    "<x:sheetData><x:row r=\"2\"><x:c r=\"B2\"><x:v>-12.5E3</x:v></x:c><x:c t=\"s\"><x:v>0</x:v></x:c></x:row>"
	    "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>Tổng</x:t></x:is></x:c><x:c r=\"B1\" s=\"3\"/></x:row>"
	    "</x:sheetData></x:worksheet>", NULL, &b, &ei), ERR_OK);
	const struct xlsx_sheet *s = &b.sheets[0];
	assert_int_equal(s->ncells, 3);
	assert_string_equal(xlsx_cell(s, 1, 1)->text, "Tổng");
	assert_string_equal(xlsx_cell(s, 2, 2)->text, "-12.5E3");
	assert_string_equal(xlsx_cell(s, 2, 3)->text, "Vốn tín dụng");
	assert_null(xlsx_cell(s, 1, 2));
	assert_int_equal(s->cells[0].row, 1);
	xlsx_free(&b);
}

static void
test_bad_cells(void **state)
{
	(void)state;
	struct errinfo ei = { 0 };
	struct xlsx_book b;
	assert_int_equal(read_parts(SST(""),
	    SHEET("<row r=\"3\"><c r=\"B3\"><v>12abc</v></c></row>"), NULL, &b, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "xlsx.bad_number");
	assert_non_null(strstr(ei.message, "ô B3"));
	assert_int_equal(read_parts(SST(""),
	    SHEET("<row r=\"3\"><c r=\"B3\"><v>inf</v></c></row>"), NULL, &b, &ei), ERR_INVALID);
	assert_int_equal(read_parts(SST(""),
	    SHEET("<row r=\"3\"><c r=\"B3\"><v>1</v></c></row><row r=\"3\"><c r=\"B3\"><v>2</v></c></row>"),
	    NULL, &b, &ei), ERR_INVALID);
	assert_non_null(strstr(ei.message, "hai lần"));
	assert_int_equal(read_parts(SST(""),
	    SHEET("<row r=\"3\"><c r=\"3B\"><v>1</v></c></row>"), NULL, &b, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "xlsx.bad_cell");
	assert_int_equal(read_parts(SST(""),
	    SHEET("<row r=\"3\"><c r=\"B3\"><v>1</v></row>"), NULL, &b, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "xlsx.bad_xml");
	struct xlsx_limits lim = XLSX_LIMITS_DEFAULT;
	lim.max_cells = 2;
	lim.field = "upload";
	assert_int_equal(read_parts(SST(""),
	    SHEET("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>1</v></c><c r=\"C1\"><v>1</v></c></row>"),
	    &lim, &b, &ei), ERR_LIMIT);
	assert_string_equal(ei.field, "upload");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libxlsxwriter_round_trip),
		cmocka_unit_test(test_not_a_zip),
		cmocka_unit_test(test_zip_bomb_stops_at_the_limit),
		cmocka_unit_test(test_a_million_rows_is_refused),
		cmocka_unit_test(test_doctype_is_refused),
		cmocka_unit_test(test_shared_string_pointing_nowhere),
		cmocka_unit_test(test_cells_as_written),
		cmocka_unit_test(test_bad_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
