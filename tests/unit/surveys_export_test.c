/*
 * surveys_export_test.c - unit tests of the exports of surveys
 * (surveys_export.h) and of the CSV writer under them (core/csvw.h).
 *
 *  - csvw: plain cells, RFC 4180 quoting, the byte order mark, the
 *    formula-injection guard (text guarded, numbers not), records without
 *    cells, the sticky ERR_LIMIT, and a round trip through core/csv.h.
 *  - surv_responses_csv: the exact bytes for a small campaign.
 *  - surv_sheet_pdf: 10 codes make a 2-page PDF whose text, extracted by
 *    pdftotext (poppler-utils), holds the Vietnamese title and every code,
 *    and whose words (pdftotext -bbox) each stay in their cell without
 *    overlapping; 100 codes make 13 pages; texts far too long for a cell
 *    stay in their bands too; bad input and a full buffer leave the
 *    buffer as it was.
 *  - surv_qr_svg: the SVG has the module count of QRcode_encodeString's
 *    symbol and exactly its dark modules.
 *  - surv_results_xlsx: a zip ("PK", listed by unzip) with the three
 *    worksheets and the chart; no temporary file is left behind.
 *  - surv_rates_svg: starts with <svg, escapes a question text holding
 *    <script>, one bar per question that counts.
 *
 * Tools that are not installed (pdftotext, pdfinfo, unzip) make their
 * checks print "skipped: ..." and fall back to what can be checked
 * without them.  At the end printout_shutdown releases pango's, cairo's
 * and fontconfig's caches, so valgrind --leak-check=full reports no
 * definite leak from this binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>
#include <qrencode.h>

#include "core/csv.h"
#include "core/csvw.h"
#include "domain/printout/printout.h"
#include "domain/surveys/surveys_export.h"

#define TITLE_VI "Khảo sát sự hài lòng của người dân về kết quả xây " \
	"dựng nông thôn mới"

/* ---- helpers ------------------------------------------------------------ */

static int
have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* Write n bytes to a new temporary file; its path goes to path. */
static void
write_tmp(const char *data, size_t n, const char *suffix, char *path,
    size_t size)
{
	FILE *f;
	int fd;

	snprintf(path, size, "/tmp/ntm-export-test-XXXXXX%s", suffix);
	assert_true((fd = mkstemps(path, (int)strlen(suffix))) >= 0);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* The whole output of cmd, NUL-terminated (the caller frees it). */
static char *
run(const char *cmd)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *p;

	buf_init(&b, 64 * 1024 * 1024);
	assert_non_null(p = popen(cmd, "r"));
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), ERR_OK);
	assert_int_equal(pclose(p), 0);
	assert_int_equal(buf_putc(&b, '\0'), ERR_OK);
	return buf_detach(&b, NULL);
}

/* s with every run of white space as one space (pdftotext breaks lines
 * where the layout wrapped them). */
static void
squeeze(char *s)
{
	char *w = s, *start = s;
	int space = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t' ||
		    *s == '\f') {
			space = 1;
			continue;
		}
		if (space && w > start)
			*w++ = ' ';
		space = 0;
		*w++ = *s;
	}
	*w = '\0';
}

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (j == NULL)
		fail_msg("bad test JSON: %s (line %d)", jerr.text, jerr.line);
	return j;
}

/* ---- csvw --------------------------------------------------------------- */

#define CELLS(w, ...) do { \
	const char *cs_[] = { __VA_ARGS__ }; \
	size_t i_; \
	for (i_ = 0; i_ < sizeof(cs_) / sizeof(cs_[0]); i_++) \
		assert_int_equal(csvw_cellz(w, cs_[i_]), ERR_OK); \
	assert_int_equal(csvw_end_row(w), ERR_OK); \
} while (0)

static void
test_csvw_plain(void **state)
{
	struct csvw w;
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	assert_int_equal(csvw_init(&w, &b, 0), ERR_OK);
	CELLS(&w, "a", "b c", "Xã Sóc Sơn");
	CELLS(&w, "1", "", "x");
	assert_string_equal(b.data, "a,b c,Xã Sóc Sơn\r\n1,,x\r\n");
	buf_free(&b);
}

static void
test_csvw_quoting(void **state)
{
	struct csvw w;
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	csvw_init(&w, &b, 0);
	CELLS(&w, "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "\"");
	CELLS(&w, "\xEF\xBB\xBF" "bom", " spaced ");
	assert_string_equal(b.data,
	    "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\"\"\"\"\r\n"
	    "\"\xEF\xBB\xBF" "bom\", spaced \r\n");
	buf_free(&b);
}

static void
test_csvw_bom(void **state)
{
	struct csvw w;
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	assert_int_equal(csvw_init(&w, &b, CSVW_BOM), ERR_OK);
	assert_int_equal(b.len, 3);
	CELLS(&w, "x");
	assert_string_equal(b.data, "\xEF\xBB\xBFx\r\n");
	/* The lone empty cell right after the BOM is still "". */
	buf_reset(&b);
	csvw_init(&w, &b, CSVW_BOM);
	CELLS(&w, "");
	assert_string_equal(b.data, "\xEF\xBB\xBF\"\"\r\n");
	buf_free(&b);
}

static void
test_csvw_guard(void **state)
{
	struct csvw w;
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	csvw_init(&w, &b, CSVW_GUARD);
	CELLS(&w, "=1+2", "+33", "-5", "@SUM(A1)", "\tx", "ok=1");
	CELLS(&w, "=HYPERLINK(\"http://x\",\"y\")", "\rz", "=a,b");
	assert_int_equal(csvw_int(&w, -3), ERR_OK);
	assert_int_equal(csvw_num(&w, -2.5), ERR_OK);
	assert_int_equal(csvw_num(&w, 0.1), ERR_OK);
	assert_int_equal(csvw_end_row(&w), ERR_OK);
	assert_string_equal(b.data,
	    "'=1+2,'+33,'-5,'@SUM(A1),'\tx,ok=1\r\n"
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'\rz\",\"'=a,b\"\r\n"
	    "-3,-2.5,0.1\r\n");
	/* Without the flag nothing is prefixed. */
	buf_reset(&b);
	csvw_init(&w, &b, 0);
	CELLS(&w, "=1+2", "-5");
	assert_string_equal(b.data, "=1+2,-5\r\n");
	for (int c = 0; c < 256; c++)
		assert_int_equal(csvw_needs_guard((unsigned char)c),
		    c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
		    c == '\r');
	buf_free(&b);
}

static void
test_csvw_empty_records(void **state)
{
	struct csvw w;
	struct buf b;

	(void)state;
	buf_init(&b, 1000);
	csvw_init(&w, &b, 0);
	assert_int_equal(csvw_end_row(&w), ERR_OK);	/* no cells */
	CELLS(&w, "");					/* one empty cell */
	CELLS(&w, "", "");				/* two */
	assert_int_equal(csvw_cell(&w, NULL, 0), ERR_OK);
	assert_int_equal(csvw_num(&w, 0.0 / 0.0), ERR_OK);	/* NaN: "" */
	assert_int_equal(csvw_end_row(&w), ERR_OK);
	assert_string_equal(b.data, "\"\"\r\n\"\"\r\n,\r\n,\r\n");
	buf_free(&b);
}

static void
test_csvw_limit_is_sticky(void **state)
{
	struct csvw w;
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	csvw_init(&w, &b, 0);
	assert_int_equal(csvw_cellz(&w, "abcdef"), ERR_OK);
	assert_int_equal(csvw_cellz(&w, "ghijkl"), ERR_LIMIT);
	assert_int_equal(csvw_cellz(&w, "x"), ERR_LIMIT);	/* would fit */
	assert_int_equal(csvw_end_row(&w), ERR_LIMIT);
	assert_int_equal(csvw_int(&w, 1), ERR_LIMIT);
	buf_free(&b);
}

/* What the writer writes, core/csv.h reads back (guarded cells with
 * their "'"). */
static void
test_csvw_round_trip(void **state)
{
	static const char *const cells[] = { "plain", "a,b", "\"q\"",
		"multi\r\nline", "=cmd", "", "Tỉnh Lào Cai", "-1", " ", "\r" };
	static const char *const want[] = { "plain", "a,b", "\"q\"",
		"multi\r\nline", "'=cmd", "", "Tỉnh Lào Cai", "'-1", " ",
		"'\r" };
	struct csv_record rec;
	struct csv_reader *r;
	struct errinfo ei;
	struct csvw w;
	struct buf b;
	size_t i;
	FILE *f;

	(void)state;
	buf_init(&b, 4096);
	csvw_init(&w, &b, CSVW_EXCEL);
	for (i = 0; i < 10; i++)
		csvw_cellz(&w, cells[i]);
	csvw_end_row(&w);
	CELLS(&w, "");
	csvw_end_row(&w);
	assert_non_null(f = fmemopen(b.data, b.len, "r"));
	assert_non_null(r = csv_reader_new(f, "rt.csv"));
	assert_int_equal(csv_read(r, &rec, &ei), 1);
	assert_int_equal(rec.nfields, 10);
	for (i = 0; i < 10; i++)
		assert_string_equal(rec.fields[i], want[i]);
	for (i = 0; i < 2; i++) {
		assert_int_equal(csv_read(r, &rec, &ei), 1);
		assert_int_equal(rec.nfields, 1);
		assert_string_equal(rec.fields[0], "");
	}
	assert_int_equal(csv_read(r, &rec, &ei), 0);
	csv_reader_free(r);
	fclose(f);
	buf_free(&b);
}

/* ---- results fixtures --------------------------------------------------- */

static const char results_json[] =
    "{\"campaign\": {\"id\": 7, \"title\": \"" TITLE_VI " năm 2026\","
    "  \"unit_name\": \"Xã Sóc Sơn, Thành phố Hà Nội\", \"households\": 120,"
    "  \"min_coverage\": 60, \"threshold\": 90, \"state\": \"closed\"},"
    " \"responses\": 3, \"coverage\": 2.5, \"rate\": 66.6666666666667,"
    " \"ci\": [20.1, 94.4], \"coverage_met\": false, \"rate_met\": false,"
    " \"met\": false,"
    " \"questions\": ["
    "  {\"id\": \"q1\", \"text\": \"Mức độ hài lòng về đường giao thông\","
    "   \"type\": \"scale5\", \"counts\": true, \"answered\": 3,"
    "   \"satisfied\": 2, \"rate\": 66.7, \"ci\": [20.8, 93.9],"
    "   \"options\": [{\"id\": \"1\", \"text\": \"1\", \"count\": 0},"
    "                {\"id\": \"4\", \"text\": \"4\", \"count\": 1},"
    "                {\"id\": \"5\", \"text\": \"5\", \"count\": 1}]},"
    "  {\"id\": \"q2\", \"text\": \"Ông/bà có hài lòng <script>alert(1)"
    "</script> & \\\"khác\\\"?\", \"type\": \"yesno\", \"counts\": true,"
    "   \"answered\": 3, \"satisfied\": 3, \"rate\": 100, \"ci\": [43.8, 100]},"
    "  {\"id\": \"q3\", \"text\": \"Lĩnh vực cần cải thiện\","
    "   \"type\": \"multi\", \"counts\": false, \"answered\": 2,"
    "   \"options\": [{\"id\": \"a\", \"text\": \"Môi trường\", \"count\": 2},"
    "                {\"id\": \"b\", \"text\": \"Y tế\", \"count\": 1}]},"
    "  {\"id\": \"q4\", \"text\": \"Góp ý\", \"type\": \"text\","
    "   \"counts\": false, \"answered\": 2}],"
    " \"villages\": [{\"code\": \"T1\", \"name\": \"Thôn Đông\", \"codes\": 60,"
    "   \"responses\": 2, \"coverage\": 3.3, \"rate\": 50},"
    "  {\"code\": \"T2\", \"name\": \"Thôn Đoài\", \"codes\": 60,"
    "   \"responses\": 1, \"coverage\": 1.7, \"rate\": 100}]}";

static const char rows_json[] =
    "[{\"village\": \"=1+2, \\\"ok\\\"\", \"day\": \"2026-05-01\", \"q1\": 4,"
    "  \"q2\": \"yes\", \"q3\": [\"a\", \"b\"], \"q4\": \"=1+2, \\\"ok\\\"\"},"
    " {\"village\": \"Thôn Đông\", \"day\": \"2026-05-02\", \"q1\": 2,"
    "  \"q2\": \"yes\"},"
    " {\"village\": null, \"day\": \"2026-05-02\", \"q1\": 5, \"q2\": \"no\","
    "  \"q3\": [\"a\"], \"q4\": \"Tốt\\nlắm\"}]";

static void
test_responses_csv_exact(void **state)
{
	static const char want[] =
	    "\xEF\xBB\xBF" "village,q1,q2,q3\r\n"
	    "\"'=1+2, \"\"ok\"\"\",4,yes,a; b\r\n"
	    "Thôn Đông,2,yes,\r\n"
	    ",5,no,a\r\n";
	json_t *results = load(results_json), *rows = load(rows_json);
	struct errinfo ei;
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(surv_responses_csv(results, rows, &b, &ei), ERR_OK);
	assert_int_equal(b.len, sizeof(want) - 1);
	assert_memory_equal(b.data, want, b.len);

	/* Too small a buffer: ERR_LIMIT, and the buffer as it was. */
	buf_free(&b);
	buf_init(&b, 40);
	assert_int_equal(buf_puts(&b, "keep"), ERR_OK);
	assert_int_equal(surv_responses_csv(results, rows, &b, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "surveys.export_too_large");
	assert_string_equal(b.data, "keep");

	/* Not an array of objects. */
	json_decref(rows);
	rows = load("[1]");
	assert_int_equal(surv_responses_csv(results, rows, &b, &ei),
	    ERR_INVALID);
	assert_string_equal(ei.field, "rows");
	assert_string_equal(b.data, "keep");
	json_decref(rows);
	json_decref(results);
	buf_free(&b);
}

/* ---- the code sheet ----------------------------------------------------- */

static struct surv_sheet_code codes10[10] = {
	{ "K7M2-Q9XD", "Thôn Đông" }, { "A3F8-HH2K", "Thôn Đông" },
	{ "Z9QW-4RTP", "Thôn Đoài" }, { "M4N7-B2CX", "Thôn Đoài" },
	{ "P8L3-Y6UE", NULL }, { "R5T1-W9QA", "Bản Nà Hẩu" },
	{ "C2V6-J8KS", "Ấp Phước Hưng" }, { "E7G4-N3DZ", "Thôn Thượng" },
	{ "H1U9-X5MB", "Thôn Hạ" }, { "W6Y2-T4FL", "Thôn Trung" },
};

static struct surv_sheet sheet10 = {
	.campaign_title = TITLE_VI " năm 2026",
	.unit_name = "Xã Sóc Sơn, Thành phố Hà Nội",
	.link = "https://ntm.gov.vn/s/42",
	.closes = "2026-12-31",
	.codes = codes10,
	.n_codes = 10,
};

/* Pages of the PDF at path by pdfinfo, -1 when pdfinfo is missing. */
static int
pdf_pages(const char *path)
{
	char cmd[256], *out, *p;
	int pages = -1;

	if (!have_tool("pdfinfo"))
		return -1;
	snprintf(cmd, sizeof(cmd), "pdfinfo '%s' 2>/dev/null", path);
	out = run(cmd);
	if ((p = strstr(out, "\nPages:")) != NULL)
		pages = (int)strtol(p + 7, NULL, 10);
	free(out);
	return pages;
}

/*
 * The layout promise, checked on the words pdftotext finds on page 1 of
 * the PDF at path: every word lies inside the cell its centre is in (the
 * page footer, below the grid, aside), and no two words overlap.
 * Returns the number of words, or -1 when pdftotext is missing.
 */
#define GRID_X	18.0
#define GRID_Y	18.0
#define CELL_W	279.5
#define CELL_H	201.5
#define EPS	0.3
struct box { double x0, y0, x1, y1; };

static long
check_layout(const char *path)
{
	struct box *boxes = NULL;
	size_t n = 0, cap = 0, i, j;
	char cmd[160], *out, *p;

	if (!have_tool("pdftotext"))
		return -1;
	snprintf(cmd, sizeof(cmd), "pdftotext -bbox -f 1 -l 1 '%s' -", path);
	out = run(cmd);
	for (p = out; (p = strstr(p, "<word xMin=\"")) != NULL; ) {
		struct box b;
		double cx, cy, l, t;

		b.x0 = strtod(p + 12, &p);
		b.y0 = strtod(strstr(p, "yMin=\"") + 6, &p);
		b.x1 = strtod(strstr(p, "xMax=\"") + 6, &p);
		b.y1 = strtod(strstr(p, "yMax=\"") + 6, &p);
		cx = (b.x0 + b.x1) / 2;
		cy = (b.y0 + b.y1) / 2;
		if (cy > GRID_Y + 4 * CELL_H)
			continue;		/* the page footer */
		l = GRID_X + CELL_W * (int)((cx - GRID_X) / CELL_W);
		t = GRID_Y + CELL_H * (int)((cy - GRID_Y) / CELL_H);
		if (b.x0 < l - EPS || b.x1 > l + CELL_W + EPS ||
		    b.y0 < t - EPS || b.y1 > t + CELL_H + EPS)
			fail_msg("word at %.1f,%.1f-%.1f,%.1f leaves its cell",
			    b.x0, b.y0, b.x1, b.y1);
		if (n == cap)
			assert_non_null(boxes = realloc(boxes,
			    (cap = cap ? 2 * cap : 64) * sizeof(*boxes)));
		boxes[n++] = b;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (boxes[i].x0 < boxes[j].x1 - EPS &&
			    boxes[j].x0 < boxes[i].x1 - EPS &&
			    boxes[i].y0 < boxes[j].y1 - EPS &&
			    boxes[j].y0 < boxes[i].y1 - EPS)
				fail_msg("words overlap at %.1f,%.1f and "
				    "%.1f,%.1f", boxes[i].x0, boxes[i].y0,
				    boxes[j].x0, boxes[j].y0);
	free(boxes);
	free(out);
	return (long)n;
}

static void
test_sheet_pdf_10_codes(void **state)
{
	struct errinfo ei;
	struct buf b;
	char path[64], cmd[160], *text;
	size_t i;

	(void)state;
	buf_init(&b, 8 * 1024 * 1024);
	assert_int_equal(surv_sheet_pdf(&sheet10, &b, &ei), ERR_OK);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "%PDF-", 5);
	assert_non_null(strstr(b.data + b.len - 32, "%%EOF"));
	write_tmp(b.data, b.len, ".pdf", path, sizeof(path));
	if (getenv("SURV_KEEP_PDF") != NULL)
		printf("kept %s\n", path);
	i = (size_t)pdf_pages(path);
	if (i != (size_t)-1)
		assert_int_equal(i, 2);
	if (!have_tool("pdftotext")) {
		printf("skipped: pdftotext is not installed (poppler-utils); "
		    "the text of the PDF was not checked\n");
	} else {
		snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
		text = run(cmd);
		squeeze(text);
		assert_non_null(strstr(text, TITLE_VI));
		assert_non_null(strstr(text, "Xã Sóc Sơn, Thành phố Hà Nội"));
		assert_non_null(strstr(text, "31/12/2026"));
		assert_non_null(strstr(text, "Ấp Phước Hưng"));
		assert_non_null(strstr(text, "không gắn với mã"));
		for (i = 0; i < 10; i++)
			assert_non_null(strstr(text, codes10[i].code));
		free(text);
		assert_true(check_layout(path) > 100);
	}
	if (getenv("SURV_KEEP_PDF") == NULL)
		unlink(path);
	buf_free(&b);
}

/* The sheet in English: its words from the message table, the closing
 * date as English pages write it; what people typed stays as it is. */
static void
test_sheet_pdf_english(void **state)
{
	struct surv_sheet s = sheet10;
	struct errinfo ei;
	struct buf b;
	char path[64], cmd[160], *text;

	(void)state;
	if (!have_tool("pdftotext")) {
		printf("skipped: pdftotext is not installed\n");
		return;
	}
	s.lang = "en";
	s.n_codes = 1;
	buf_init(&b, 8 * 1024 * 1024);
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_OK);
	write_tmp(b.data, b.len, ".pdf", path, sizeof(path));
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", path);
	text = run(cmd);
	squeeze(text);
	assert_non_null(strstr(text, "Household code"));
	assert_non_null(strstr(text, "Answer by: 2026-12-31"));
	assert_non_null(strstr(text, "not linked to it"));
	assert_non_null(strstr(text, "page 1/1"));
	assert_non_null(strstr(text, TITLE_VI));
	assert_null(strstr(text, "Hạn trả lời"));
	free(text);
	unlink(path);
	buf_free(&b);
}

static void
test_sheet_pdf_100_codes(void **state)
{
	struct surv_sheet_code codes[100];
	struct surv_sheet s = sheet10;
	char names[100][16], path[64];
	struct errinfo ei;
	struct buf b;
	size_t i;
	int pages;

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(names[i], sizeof(names[i]), "C%03zu-XYZW", i);
		codes[i].code = names[i];
		codes[i].village = i % 2 ? "Thôn Đông" : NULL;
	}
	s.codes = codes;
	s.n_codes = 100;
	buf_init(&b, 16 * 1024 * 1024);
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_OK);
	printf("100 codes: %zu bytes of PDF\n", b.len);
	write_tmp(b.data, b.len, ".pdf", path, sizeof(path));
	pages = pdf_pages(path);
	if (pages >= 0)
		assert_int_equal(pages, 13);
	unlink(path);
	buf_free(&b);
}

/* Texts far too long for a cell (title, village, code, link): each stays
 * in its band, the code shrinks but is never cut, nothing overlaps. */
static void
test_sheet_pdf_long_texts(void **state)
{
	static struct surv_sheet_code c[3] = {
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "Thôn có một cái tên "
		  "rất rất dài để xem dòng có bị cắt hay không khi in ra giấy" },
		{ "K7M2-Q9XD", NULL }, { "WWWWWWWWWWWWWWWW", "Thôn Đông" } };
	struct surv_sheet s = sheet10;
	struct errinfo ei;
	struct buf b, title, link;
	char path[64], cmd[160], *text;
	int i;

	(void)state;
	buf_init(&title, 4096);
	buf_init(&link, 4096);
	for (i = 0; i < 10; i++)
		assert_int_equal(buf_puts(&title, TITLE_VI " "), ERR_OK);
	assert_int_equal(buf_puts(&link, "https://ntm.gov.vn/khao-sat/xa-soc-son-thanh-pho-"
	    "ha-noi/2026/phieu-khao-sat-su-hai-long-cua-nguoi-dan/42"), ERR_OK);
	s.campaign_title = title.data;
	s.unit_name = title.data;
	s.link = link.data;
	s.codes = c;
	s.n_codes = 3;
	s.closes = "cuối năm";
	buf_init(&b, 8 * 1024 * 1024);
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_OK);
	write_tmp(b.data, b.len, ".pdf", path, sizeof(path));
	if (getenv("SURV_KEEP_PDF") != NULL)
		printf("kept %s\n", path);
	if (have_tool("pdftotext")) {
		assert_true(check_layout(path) > 30);
		/* The first cell alone (x, y, w, h in points at 72 dpi). */
		snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 -x 18 -y 18 "
		    "-W 279 -H 201 '%s' -", path);
		text = run(cmd);
		squeeze(text);
		/* Wrapped at any character, with no hyphen added. */
		assert_non_null(strstr(text, "ABCDEFGHIJKLMNOPQRSTU"));
		assert_null(strstr(text, "-VWXYZ"));
		assert_non_null(strstr(text, "Hạn trả lời: cuối năm"));
		free(text);
	}
	if (getenv("SURV_KEEP_PDF") == NULL)
		unlink(path);
	buf_free(&title);
	buf_free(&link);
	buf_free(&b);
}

static void
test_sheet_pdf_errors(void **state)
{
	static struct surv_sheet_code bad[2] = { { "OK12", NULL }, { "", NULL } };
	static struct surv_sheet_code bad8[1] = { { "OK\xC3", NULL } };
	struct surv_sheet s;
	struct errinfo ei;
	struct buf b;

	(void)state;
	buf_init(&b, 2000);
	assert_int_equal(buf_puts(&b, "keep"), ERR_OK);
	s = sheet10;
	s.n_codes = 0;
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "surveys.no_codes");
	s = sheet10;
	s.link = NULL;
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_INVALID);
	assert_string_equal(ei.field, "link");
	s = sheet10;
	s.codes = bad;
	s.n_codes = 2;
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_INVALID);
	assert_string_equal(ei.code, "surveys.no_code");
	s.codes = bad8;
	s.n_codes = 1;
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_MALFORMED);
	s = sheet10;
	s.n_codes = SURV_SHEET_MAX_CODES + 1;
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_LIMIT);
	/* 2000 bytes cannot hold the PDF. */
	s = sheet10;
	assert_int_equal(surv_sheet_pdf(&s, &b, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "surveys.export_too_large");
	assert_string_equal(b.data, "keep");
	buf_free(&b);
}

/* ---- QR ----------------------------------------------------------------- */

static void
test_qr_svg_matches_qrencode(void **state)
{
	static const char *const texts[] = { "https://ntm.gov.vn/s/42?code="
	    "K7M2-Q9XD", "x", "https://ntm.gov.vn/s/123456?code=ABCD-EFGH-"
	    "IJKL-MNOP&utm=giấy" };
	struct errinfo ei;
	struct buf b;
	size_t t;

	(void)state;
	buf_init(&b, 1024 * 1024);
	for (t = 0; t < 3; t++) {
		QRcode *qr = QRcode_encodeString(texts[t], 0, QR_ECLEVEL_M,
		    QR_MODE_8, 1);
		long dark = 0, drawn = 0, n, px;
		const char *p;
		char want[96];
		int i;

		assert_non_null(qr);
		for (i = 0; i < qr->width * qr->width; i++)
			dark += qr->data[i] & 1;
		buf_reset(&b);
		assert_int_equal(surv_qr_svg(texts[t], 3, &b, &ei), ERR_OK);
		assert_memory_equal(b.data, "<svg ", 5);
		/* viewBox: the symbol and a quiet zone of 4 modules a side. */
		assert_non_null(p = strstr(b.data, "viewBox=\"0 0 "));
		n = strtol(p + 13, NULL, 10);
		assert_int_equal(n, qr->width + 8);
		snprintf(want, sizeof(want), "width=\"%ld\" height=\"%ld\"",
		    n * 3, n * 3);
		assert_non_null(strstr(b.data, want));
		/* Every run "M x y h n v1 h-n z" is n dark modules. */
		for (p = strstr(b.data, " d=\""); (p = strchr(p, 'h')) != NULL;
		    p++) {
			if (p[1] == '-')
				continue;
			px = strtol(p + 1, NULL, 10);
			assert_true(px > 0);
			drawn += px;
		}
		assert_int_equal(drawn, dark);
		assert_non_null(strstr(b.data, "</svg>"));
		QRcode_free(qr);
	}
	assert_int_equal(surv_qr_svg("", 3, &b, &ei), ERR_INVALID);
	assert_int_equal(surv_qr_svg("x", 0, &b, &ei), ERR_INVALID);
	buf_free(&b);
}

/* ---- XLSX --------------------------------------------------------------- */

static int
dir_is_empty(const char *path)
{
	struct dirent *e;
	DIR *d;
	int n = 0;

	assert_non_null(d = opendir(path));
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n == 0;
}

static void
test_results_xlsx(void **state)
{
	json_t *results = load(results_json), *rows = load(rows_json);
	char tmpdir[] = "/tmp/ntm-xlsx-test-XXXXXX", path[64], cmd[160];
	char *old = getenv("TMPDIR"), *saved = old ? strdup(old) : NULL;
	struct errinfo ei;
	struct buf b;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(tmpdir));
	setenv("TMPDIR", tmpdir, 1);
	buf_init(&b, 8 * 1024 * 1024);
	assert_int_equal(surv_results_xlsx(results, rows, "vi", &b, &ei), ERR_OK);
	assert_true(dir_is_empty(tmpdir));
	assert_memory_equal(b.data, "PK\x03\x04", 4);
	if (have_tool("unzip")) {
		char *list;

		write_tmp(b.data, b.len, ".xlsx", path, sizeof(path));
		snprintf(cmd, sizeof(cmd), "unzip -l '%s'", path);
		list = run(cmd);
		assert_non_null(strstr(list, "xl/worksheets/sheet1.xml"));
		assert_non_null(strstr(list, "xl/worksheets/sheet2.xml"));
		assert_non_null(strstr(list, "xl/worksheets/sheet3.xml"));
		assert_non_null(strstr(list, "xl/charts/chart1.xml"));
		free(list);
		/* The sheet names, and Vietnamese text in a cell. */
		snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/workbook.xml "
		    "xl/worksheets/sheet3.xml", path);
		list = run(cmd);
		assert_non_null(strstr(list, "name=\"Tổng hợp\""));
		assert_non_null(strstr(list, "name=\"Thôn\""));
		assert_non_null(strstr(list, "name=\"Phiếu\""));
		assert_non_null(strstr(list, "Môi trường; Y tế"));
		assert_non_null(strstr(list, ">Không<"));
		free(list);
		unlink(path);
		/* The same workbook in English: its sheets and words. */
		buf_reset(&b);
		assert_int_equal(surv_results_xlsx(results, rows, "en", &b,
		    &ei), ERR_OK);
		write_tmp(b.data, b.len, ".xlsx", path, sizeof(path));
		snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/workbook.xml "
		    "xl/worksheets/sheet3.xml", path);
		list = run(cmd);
		assert_non_null(strstr(list, "name=\"Summary\""));
		assert_non_null(strstr(list, "name=\"Villages\""));
		assert_non_null(strstr(list, "name=\"Responses\""));
		assert_non_null(strstr(list, ">No<"));
		assert_null(strstr(list, ">Không<"));
		free(list);
		unlink(path);
	} else {
		/* The end-of-central-directory record closes a zip. */
		printf("skipped: unzip is not installed; only the zip "
		    "signatures were checked\n");
		assert_true(b.len > 22);
		assert_memory_equal(b.data + b.len - 22, "PK\x05\x06", 4);
	}
	for (i = 0; i + 4 <= b.len; i++)	/* a zip, whatever unzip says */
		if (memcmp(b.data + i, "PK\x05\x06", 4) == 0)
			break;
	assert_true(i + 4 <= b.len);

	/* Too small a buffer: ERR_LIMIT, the buffer as it was, no file left. */
	buf_free(&b);
	buf_init(&b, 1000);
	assert_int_equal(surv_results_xlsx(results, rows, "vi", &b, &ei), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	assert_true(dir_is_empty(tmpdir));

	/* A temporary folder that does not exist: ERR_SYS. */
	setenv("TMPDIR", "/nonexistent/ntm", 1);
	assert_int_equal(surv_results_xlsx(results, rows, "vi", &b, &ei), ERR_SYS);
	assert_string_equal(ei.code, "surveys.tmpfile");

	if (saved != NULL)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	rmdir(tmpdir);
	json_decref(rows);
	json_decref(results);
	buf_free(&b);
}

/* ---- the SVG chart ------------------------------------------------------ */

static size_t
count(const char *s, const char *needle)
{
	size_t n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_rates_svg(void **state)
{
	json_t *results = load(results_json);
	struct errinfo ei;
	struct buf b;

	(void)state;
	buf_init(&b, 1024 * 1024);
	assert_int_equal(surv_rates_svg(results, 360, "vi", &b, &ei), ERR_OK);
	assert_memory_equal(b.data, "<svg ", 5);
	assert_non_null(strstr(b.data, "</svg>"));
	assert_null(strstr(b.data, "<script"));
	assert_non_null(strstr(b.data, "&lt;script&gt;"));
	assert_non_null(strstr(b.data, "&amp; &quot;khác&quot;"));
	/* The overall rate and the two questions that count: 3 bars. */
	assert_int_equal(count(b.data, "<g>"), 3);
	assert_non_null(strstr(b.data, "66,7\xc2\xa0%"));
	assert_non_null(strstr(b.data, "100,0\xc2\xa0%"));
	assert_non_null(strstr(b.data, "ngưỡng 90,0\xc2\xa0%"));
	assert_null(strstr(b.data, "Góp ý"));	/* does not count */
	if (getenv("SURV_KEEP_SVG") != NULL) {
		FILE *f = fopen("/tmp/ntm-rates.svg", "w");

		fputs(b.data, f);
		fclose(f);
	}
	assert_int_equal(surv_rates_svg(results, 10, "vi", &b, &ei), ERR_INVALID);
	/* In English: the words of the table, a decimal point. */
	buf_reset(&b);
	assert_int_equal(surv_rates_svg(results, 360, "en", &b, &ei), ERR_OK);
	assert_non_null(strstr(b.data, "Overall satisfaction"));
	assert_non_null(strstr(b.data, "threshold 90.0\xc2\xa0%"));
	assert_non_null(strstr(b.data, "66.7\xc2\xa0%"));
	assert_null(strstr(b.data, "66,7"));
	assert_null(strstr(b.data, "ngưỡng"));
	buf_free(&b);
	json_decref(results);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csvw_plain),
		cmocka_unit_test(test_csvw_quoting),
		cmocka_unit_test(test_csvw_bom),
		cmocka_unit_test(test_csvw_guard),
		cmocka_unit_test(test_csvw_empty_records),
		cmocka_unit_test(test_csvw_limit_is_sticky),
		cmocka_unit_test(test_csvw_round_trip),
		cmocka_unit_test(test_responses_csv_exact),
		cmocka_unit_test(test_sheet_pdf_10_codes),
		cmocka_unit_test(test_sheet_pdf_english),
		cmocka_unit_test(test_sheet_pdf_100_codes),
		cmocka_unit_test(test_sheet_pdf_long_texts),
		cmocka_unit_test(test_sheet_pdf_errors),
		cmocka_unit_test(test_qr_svg_matches_qrencode),
		cmocka_unit_test(test_results_xlsx),
		cmocka_unit_test(test_rates_svg),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	printout_shutdown();
	return rc;
}
