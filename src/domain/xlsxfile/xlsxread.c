/*
 * xlsxread.c - the cells of an uploaded XLSX workbook (xlsxread.h): libzip
 * opens the zip from memory, expat reads each XML part as it is inflated.
 *
 * The parts, in the order they are read:
 *   _rels/.rels                 which part is the workbook (officeDocument)
 *   xl/workbook.xml             the sheets' names and relationship ids
 *   xl/_rels/workbook.xml.rels  the part of each sheet, the shared strings
 *   xl/sharedStrings.xml        the texts cells of type "s" point into
 *   xl/worksheets/sheetN.xml    <row r><c r t><f/><v/><is><t/></is></c>
 * (the paths are those of the relationships, whatever the producer named
 * them).  Element and attribute names are compared by their local part,
 * so a producer that writes "x:row" is read like one that writes "row".
 */
#include "domain/xlsxfile/xlsxread.h"

#include <errno.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/arena.h"
#include "core/xalloc.h"

#define CHUNK	16384

struct rd {
	zip_t *zip;
	const struct xlsx_limits *lim;
	struct errinfo *ei;
	enum err err;		/* the first error a handler met */
	XML_Parser parser;	/* of the part being read */
	const char *part;	/* its name, for messages */
	size_t total;		/* uncompressed bytes read so far */
	size_t ncells;		/* cells kept, all sheets */
	struct arena *a;
	const char **strings;	/* the shared strings */
	size_t nstrings, capstrings;
	char *text;		/* character data being collected */
	size_t ntext, captext;
};

/* ---- small helpers ---------------------------------------------------- */

static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *want)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), want) == 0)
			return atts[i + 1];
	return NULL;
}

/* Stop the part being read with an error (the first one is kept). */
static void
fail(struct rd *rd, enum err e)
{
	if (rd->err == ERR_OK)
		rd->err = e;
	if (rd->parser)
		XML_StopParser(rd->parser, XML_FALSE);
}

static void
text_reset(struct rd *rd)
{
	rd->ntext = 0;
	if (rd->text)
		rd->text[0] = '\0';
}

static void
text_add(struct rd *rd, const char *s, size_t n)
{
	if (rd->ntext + n + 1 > rd->captext) {
		size_t cap = rd->captext ? rd->captext : 256;
		while (cap < rd->ntext + n + 1)
			cap *= 2;
		rd->text = xrealloc(rd->text, cap);
		rd->captext = cap;
	}
	memcpy(rd->text + rd->ntext, s, n);
	rd->ntext += n;
	rd->text[rd->ntext] = '\0';
}

void
xlsx_cell_ref(uint32_t row, uint32_t col, char out[16])
{
	char letters[8];
	size_t n = 0;
	for (uint32_t c = col; c > 0 && n < sizeof letters; c = (c - 1) / 26)
		letters[n++] = (char)('A' + (c - 1) % 26);
	size_t o = 0;
	while (n > 0)
		out[o++] = letters[--n];
	snprintf(out + o, 16 - o, "%u", (unsigned)row);
}

/* "B7" -> col 2, row 7.  Either part may be absent (row 0 / col 0 then). */
static bool
parse_ref(const char *s, uint32_t *row, uint32_t *col)
{
	uint64_t c = 0, r = 0;
	size_t i = 0;
	for (; s[i] >= 'A' && s[i] <= 'Z'; i++) {
		if (i >= 3)
			return false;
		c = c * 26 + (uint64_t)(s[i] - 'A' + 1);
	}
	size_t d = i;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (i - d >= 7)
			return false;
		r = r * 10 + (uint64_t)(s[i] - '0');
	}
	if (s[i] != '\0' || i == 0)
		return false;
	*col = (uint32_t)c;
	*row = (uint32_t)r;
	return true;
}

static bool
parse_index(const char *s, size_t *out)
{
	if (*s < '0' || *s > '9' || strlen(s) > 9)
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end)
		return false;
	*out = (size_t)v;
	return true;
}

static bool
is_number(const char *s)
{
	/* What a spreadsheet writes for a number: an optional sign, digits,
	 * a decimal point, an exponent; no spaces, no hex, no inf/nan. */
	if (!*s || strpbrk(s, " \t\r\nxXiInN"))
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	return *end == '\0' && errno != ERANGE && isfinite(v);
}

/* ---- reading one part ------------------------------------------------- */

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	(void)name, (void)sysid, (void)pubid, (void)internal;
	struct rd *rd = *(struct rd **)ud;	/* every part's state begins with it */
	err_set(rd->ei, ERR_INVALID, "xlsx.dtd", rd->lim->field,
	    "Tệp Excel có phần “%s” chứa khai báo DOCTYPE, không được chấp nhận",
	    "The Excel file's part “%s” holds a DOCTYPE declaration, which is not accepted",
	    rd->part);
	fail(rd, ERR_INVALID);
}

static enum err
too_large(struct rd *rd, const char *what_vi, const char *what_en, size_t limit)
{
	err_set(rd->ei, ERR_LIMIT, "xlsx.too_large", rd->lim->field,
	    "Tệp Excel quá lớn: %s%.0s vượt giới hạn %zu",
	    "The Excel file is too large: %.0s%s exceed the limit of %zu",
	    what_vi, what_en, limit);
	return ERR_LIMIT;
}

/*
 * Stream the part named path through a new expat parser with the given
 * handlers and user data ud, a part's state whose first member is its
 * struct rd * (struct rels, wb, sst, sheetp).  ERR_NOTFOUND (no message)
 * when the zip has no such part.
 */
static enum err
read_part(struct rd *rd, const char *path, XML_StartElementHandler start,
    XML_EndElementHandler end, XML_CharacterDataHandler chars, void *ud)
{
	zip_int64_t idx = zip_name_locate(rd->zip, path, 0);
	if (idx < 0)
		return ERR_NOTFOUND;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(rd->zip, (zip_uint64_t)idx, 0, &st) != 0)
		return err_set(rd->ei, ERR_MEDIA, "xlsx.not_xlsx", rd->lim->field,
		    "Tệp không phải là tệp Excel (.xlsx) đọc được",
		    "The file is not a readable Excel (.xlsx) file");
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return err_set(rd->ei, ERR_MEDIA, "xlsx.encrypted", rd->lim->field,
		    "Tệp Excel được đặt mật khẩu: hãy lưu lại không có mật khẩu",
		    "The Excel file is password-protected: save it without a password");
	if ((st.valid & ZIP_STAT_SIZE) && st.size > rd->lim->max_part)
		return too_large(rd, "một phần của tệp khi giải nén (byte)",
		    "a part of the file, uncompressed (bytes),", rd->lim->max_part);

	zip_file_t *zf = zip_fopen_index(rd->zip, (zip_uint64_t)idx, 0);
	if (!zf)
		return err_set(rd->ei, ERR_MEDIA, "xlsx.not_xlsx", rd->lim->field,
		    "Tệp không phải là tệp Excel (.xlsx) đọc được",
		    "The file is not a readable Excel (.xlsx) file");
	XML_Parser p = XML_ParserCreate(NULL);
	if (!p) {
		zip_fclose(zf);
		return err_set(rd->ei, ERR_SYS, "xlsx.memory", rd->lim->field,
		    "Hết bộ nhớ khi đọc tệp Excel", "Out of memory reading the Excel file");
	}
	XML_SetUserData(p, ud);
	XML_SetElementHandler(p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(p, chars);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	rd->parser = p;
	rd->part = path;
	rd->err = ERR_OK;

	enum err e = ERR_OK;
	size_t part = 0;
	char buf[CHUNK];
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof buf);
		if (n < 0) {
			e = err_set(rd->ei, ERR_MEDIA, "xlsx.not_xlsx", rd->lim->field,
			    "Tệp Excel bị hỏng (phần “%s” không giải nén được)",
			    "The Excel file is damaged (its part “%s” cannot be uncompressed)", path);
			break;
		}
		part += (size_t)n;
		rd->total += (size_t)n;
		if (part > rd->lim->max_part) {
			e = too_large(rd, "một phần của tệp khi giải nén (byte)",
			    "a part of the file, uncompressed (bytes),", rd->lim->max_part);
			break;
		}
		if (rd->total > rd->lim->max_total) {
			e = too_large(rd, "tổng dung lượng khi giải nén (byte)",
			    "the uncompressed bytes in all", rd->lim->max_total);
			break;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) != XML_STATUS_OK) {
			if (rd->err != ERR_OK)
				e = rd->err;
			else
				e = err_set(rd->ei, ERR_INVALID, "xlsx.bad_xml", rd->lim->field,
				    "Tệp Excel bị hỏng: phần “%s”, dòng %lu: %s",
				    "The Excel file is damaged: part “%s”, line %lu: %s", path,
				    (unsigned long)XML_GetCurrentLineNumber(p),
				    XML_ErrorString(XML_GetErrorCode(p)));
			break;
		}
		if (rd->err != ERR_OK) {
			e = rd->err;
			break;
		}
		if (n == 0)
			break;
	}
	rd->parser = NULL;
	XML_ParserFree(p);
	zip_fclose(zf);
	return e;
}

/* ---- _rels/.rels and the workbook's relationships --------------------- */

struct rel {
	char id[64];
	char type[32];		/* the last segment of the Type URI */
	char *target;		/* the part's path inside the zip */
};

struct rels {
	struct rd *rd;
	const char *base;	/* directory the targets are relative to ("xl/") */
	struct rel *v;
	size_t n, cap;
};

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels *r = ud;
	if (strcmp(local(name), "Relationship") != 0)
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
	    *target = attr(atts, "Target");
	if (!id || !type || !target || r->n >= 4096)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	struct rel *x = &r->v[r->n++];
	snprintf(x->id, sizeof x->id, "%s", id);
	const char *slash = strrchr(type, '/');
	snprintf(x->type, sizeof x->type, "%s", slash ? slash + 1 : type);
	if (target[0] == '/')
		x->target = arena_strdup(r->rd->a, target + 1);
	else
		x->target = arena_printf(r->rd->a, "%s%s", r->base, target);
}

static void XMLCALL
ignore_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static const struct rel *
rel_find(const struct rels *r, const char *id, const char *type)
{
	for (size_t i = 0; i < r->n; i++)
		if ((!id || strcmp(r->v[i].id, id) == 0) &&
		    (!type || strcmp(r->v[i].type, type) == 0))
			return &r->v[i];
	return NULL;
}

/* ---- the workbook ----------------------------------------------------- */

struct wb_sheet {
	const char *name;
	const char *rid;
};

struct wb {
	struct rd *rd;
	struct wb_sheet *v;
	size_t n, cap;
};

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb *w = ud;
	if (strcmp(local(name), "sheet") != 0)
		return;
	const char *sname = attr(atts, "name"), *rid = NULL;
	for (size_t i = 0; atts[i]; i += 2)
		if (strchr(atts[i], ':') && strcmp(local(atts[i]), "id") == 0)
			rid = atts[i + 1];
	if (!sname || !rid)
		return;
	if (w->n >= w->rd->lim->max_sheets) {
		too_large(w->rd, "số trang", "the sheets", w->rd->lim->max_sheets);
		fail(w->rd, ERR_LIMIT);
		return;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n].name = arena_strdup(w->rd->a, sname);
	w->v[w->n].rid = arena_strdup(w->rd->a, rid);
	w->n++;
}

/* ---- shared strings --------------------------------------------------- */

struct sst {
	struct rd *rd;
	int in_si;		/* inside <si> */
	int in_t;		/* inside a <t> of it */
	int in_rph;		/* inside a phonetic run (not part of the text) */
};

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct sst *s = ud;
	const char *n = local(name);
	if (strcmp(n, "si") == 0) {
		s->in_si = 1;
		text_reset(s->rd);
	} else if (strcmp(n, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(n, "t") == 0 && s->in_si && !s->in_rph) {
		s->in_t = 1;
	}
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct sst *s = ud;
	struct rd *rd = s->rd;
	const char *n = local(name);
	if (strcmp(n, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		if (s->in_rph)
			s->in_rph--;
	} else if (strcmp(n, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (rd->nstrings >= rd->lim->max_strings) {
			too_large(rd, "số chuỗi văn bản", "the shared strings", rd->lim->max_strings);
			fail(rd, ERR_LIMIT);
			return;
		}
		if (rd->nstrings == rd->capstrings) {
			rd->capstrings = rd->capstrings ? rd->capstrings * 2 : 256;
			rd->strings = xrealloc(rd->strings, rd->capstrings * sizeof *rd->strings);
		}
		rd->strings[rd->nstrings++] = arena_strndup(rd->a, rd->text ? rd->text : "", rd->ntext);
	}
}

static void XMLCALL
sst_chars(void *ud, const XML_Char *s, int len)
{
	struct sst *x = ud;
	if (x->in_t && len > 0)
		text_add(x->rd, s, (size_t)len);
}

/* ---- a sheet ---------------------------------------------------------- */

struct sheetp {
	struct rd *rd;
	struct xlsx_sheet *sh;
	size_t cap;
	bool sorted;		/* cells came in order so far */
	uint32_t row, col;	/* the current row; the last column read in it */
	bool in_data;		/* inside <sheetData> */
	bool in_c;
	bool has_value;		/* a <v> or an inline <t> was met */
	bool has_f;
	char t[16];		/* the cell's type attribute */
	uint32_t crow, ccol;	/* the cell's position */
	int collect;		/* 1: inside <v>; 2: inside <is>'s <t> */
	int in_is, in_rph;
};

static void
cell_error(struct sheetp *p, const char *code, const char *vi, const char *en)
{
	char ref[16];
	xlsx_cell_ref(p->crow, p->ccol, ref);
	/* %.0s: each language's format takes both texts, prints its own */
	err_set(p->rd->ei, ERR_INVALID, code, p->rd->lim->field,
	    "Trang “%s”, ô %s: %s%.0s", "Sheet “%s”, cell %s: %.0s%s",
	    p->sh->name, ref, vi, en);
	fail(p->rd, ERR_INVALID);
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheetp *p = ud;
	struct rd *rd = p->rd;
	const char *n = local(name);
	if (strcmp(n, "sheetData") == 0) {
		p->in_data = true;
		return;
	}
	if (!p->in_data)
		return;
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		size_t v;
		if (r) {
			if (!parse_index(r, &v) || v == 0) {
				err_set(rd->ei, ERR_INVALID, "xlsx.bad_cell", rd->lim->field,
				    "Trang “%s”: số dòng “%s” không hợp lệ",
				    "Sheet “%s”: row number “%s” is not valid", p->sh->name, r);
				fail(rd, ERR_INVALID);
				return;
			}
		} else {
			v = (size_t)p->row + 1;
		}
		if (v > rd->lim->max_rows) {
			err_set(rd->ei, ERR_LIMIT, "xlsx.too_large", rd->lim->field,
			    "Trang “%s” dùng tới dòng %zu, vượt giới hạn %u dòng",
			    "Sheet “%s” reaches row %zu, past the limit of %u rows",
			    p->sh->name, v, (unsigned)rd->lim->max_rows);
			fail(rd, ERR_LIMIT);
			return;
		}
		p->row = (uint32_t)v;
		p->col = 0;
	} else if (strcmp(n, "c") == 0) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t");
		uint32_t row = p->row ? p->row : 1, col = p->col + 1;
		if (r && (!parse_ref(r, &row, &col) || col == 0 || row == 0)) {
			err_set(rd->ei, ERR_INVALID, "xlsx.bad_cell", rd->lim->field,
			    "Trang “%s”: địa chỉ ô “%.20s” không hợp lệ",
			    "Sheet “%s”: cell address “%.20s” is not valid", p->sh->name, r);
			fail(rd, ERR_INVALID);
			return;
		}
		if (row > rd->lim->max_rows || col > rd->lim->max_cols) {
			err_set(rd->ei, ERR_LIMIT, "xlsx.too_large", rd->lim->field,
			    "Trang “%s”: ô %s nằm ngoài giới hạn %u dòng, %u cột",
			    "Sheet “%s”: cell %s lies past the limit of %u rows, %u columns",
			    p->sh->name, r ? r : "?", (unsigned)rd->lim->max_rows,
			    (unsigned)rd->lim->max_cols);
			fail(rd, ERR_LIMIT);
			return;
		}
		p->in_c = true;
		p->has_value = p->has_f = false;
		p->crow = row;
		p->ccol = col;
		p->col = col;
		snprintf(p->t, sizeof p->t, "%s", t ? t : "n");
		text_reset(rd);
	} else if (p->in_c && strcmp(n, "v") == 0) {
		p->collect = 1;
		p->has_value = true;
		text_reset(rd);
	} else if (p->in_c && strcmp(n, "f") == 0) {
		p->has_f = true;
	} else if (p->in_c && strcmp(n, "is") == 0) {
		p->in_is = 1;
		p->has_value = true;
		text_reset(rd);
	} else if (p->in_is && strcmp(n, "rPh") == 0) {
		p->in_rph++;
	} else if (p->in_is && !p->in_rph && strcmp(n, "t") == 0) {
		p->collect = 2;
	}
}

static void
keep_cell(struct sheetp *p)
{
	struct rd *rd = p->rd;
	struct xlsx_cell c = { .row = p->crow, .col = p->ccol, .formula = p->has_f };
	const char *text = rd->text ? rd->text : "";
	if (!p->has_value)
		return;		/* a styled cell without a value */
	if (strcmp(p->t, "s") == 0) {
		size_t i;
		if (!parse_index(text, &i) || i >= rd->nstrings) {
			cell_error(p, "xlsx.bad_string",
			    "ô trỏ tới một chuỗi văn bản không có trong tệp",
			    "the cell points to a text the file does not hold");
			return;
		}
		c.kind = XLSX_TEXT;
		c.text = rd->strings[i];
	} else if (strcmp(p->t, "str") == 0 || strcmp(p->t, "inlineStr") == 0 ||
	    strcmp(p->t, "d") == 0) {
		c.kind = XLSX_TEXT;
	} else if (strcmp(p->t, "b") == 0) {
		if (strcmp(text, "0") != 0 && strcmp(text, "1") != 0) {
			cell_error(p, "xlsx.bad_cell", "giá trị đúng/sai không hợp lệ",
			    "a true/false value that is not valid");
			return;
		}
		c.kind = XLSX_BOOL;
	} else if (strcmp(p->t, "e") == 0) {
		c.kind = XLSX_ERROR;
	} else if (strcmp(p->t, "n") == 0) {
		if (!p->has_f && rd->ntext == 0)
			return;
		if (rd->ntext > 0 && !is_number(text)) {
			cell_error(p, "xlsx.bad_number", "ô số chứa giá trị không phải là số",
			    "a number cell holds something that is not a number");
			return;
		}
		c.kind = XLSX_NUMBER;
	} else {
		cell_error(p, "xlsx.bad_cell", "kiểu ô không được biết",
		    "the cell's type is not known");
		return;
	}
	if (!c.text)
		c.text = arena_strndup(rd->a, text, rd->ntext);
	if (rd->ncells >= rd->lim->max_cells) {
		too_large(rd, "số ô có giá trị", "the cells with a value", rd->lim->max_cells);
		fail(rd, ERR_LIMIT);
		return;
	}
	struct xlsx_sheet *sh = p->sh;
	if (sh->ncells == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		sh->cells = xrealloc(sh->cells, p->cap * sizeof *sh->cells);
	}
	if (sh->ncells > 0) {
		const struct xlsx_cell *last = &sh->cells[sh->ncells - 1];
		if (last->row > c.row || (last->row == c.row && last->col >= c.col))
			p->sorted = false;
	}
	sh->cells[sh->ncells++] = c;
	rd->ncells++;
	if (c.row > sh->max_row)
		sh->max_row = c.row;
	if (c.col > sh->max_col)
		sh->max_col = c.col;
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
	struct sheetp *p = ud;
	const char *n = local(name);
	if (strcmp(n, "sheetData") == 0) {
		p->in_data = false;
	} else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
		p->collect = 0;
	} else if (strcmp(n, "rPh") == 0) {
		if (p->in_rph)
			p->in_rph--;
	} else if (strcmp(n, "is") == 0) {
		p->in_is = 0;
	} else if (strcmp(n, "c") == 0 && p->in_c) {
		p->in_c = false;
		keep_cell(p);
	}
}

static void XMLCALL
sheet_chars(void *ud, const XML_Char *s, int len)
{
	struct sheetp *p = ud;
	if (p->collect && len > 0)
		text_add(p->rd, s, (size_t)len);
}

static int
cell_cmp(const void *a, const void *b)
{
	const struct xlsx_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* Cells out of order (allowed by nothing, written by some tools) are
 * sorted; the same cell twice is an error. */
static enum err
sheet_order(struct rd *rd, struct sheetp *p)
{
	struct xlsx_sheet *sh = p->sh;
	if (p->sorted)
		return ERR_OK;
	qsort(sh->cells, sh->ncells, sizeof *sh->cells, cell_cmp);
	for (size_t i = 1; i < sh->ncells; i++)
		if (cell_cmp(&sh->cells[i - 1], &sh->cells[i]) == 0) {
			char ref[16];
			xlsx_cell_ref(sh->cells[i].row, sh->cells[i].col, ref);
			return err_set(rd->ei, ERR_INVALID, "xlsx.bad_cell", rd->lim->field,
			    "Trang “%s”: ô %s xuất hiện hai lần",
			    "Sheet “%s”: cell %s appears twice", sh->name, ref);
		}
	return ERR_OK;
}

/* ---- the whole book --------------------------------------------------- */

static enum err
not_xlsx(struct rd *rd)
{
	return err_set(rd->ei, ERR_MEDIA, "xlsx.not_xlsx", rd->lim->field,
	    "Tệp không phải là tệp Excel (.xlsx): hãy lưu bảng tính dưới dạng “Sổ làm việc Excel (.xlsx)”",
	    "The file is not an Excel workbook (.xlsx): save the spreadsheet as “Excel Workbook (.xlsx)”");
}

/* The directory of a part's path, with its slash ("xl/" of
 * "xl/workbook.xml"; "" at the top). */
static char *
dir_of(struct arena *a, const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? arena_strndup(a, path, (size_t)(s - path + 1)) : arena_strdup(a, "");
}

static enum err
read_book(struct rd *rd, struct xlsx_book *out)
{
	enum err e;
	struct rels top = { .rd = rd, .base = "" };
	if ((e = read_part(rd, "_rels/.rels", rels_start, ignore_end, NULL, &top)) != ERR_OK) {
		free(top.v);
		return e == ERR_NOTFOUND ? not_xlsx(rd) : e;
	}
	const struct rel *doc = rel_find(&top, NULL, "officeDocument");
	const char *wb_path = doc ? doc->target : "xl/workbook.xml";
	free(top.v);

	struct wb wb = { .rd = rd };
	if ((e = read_part(rd, wb_path, wb_start, ignore_end, NULL, &wb)) != ERR_OK) {
		free(wb.v);
		return e == ERR_NOTFOUND ? not_xlsx(rd) : e;
	}
	const char *dir = dir_of(rd->a, wb_path);
	const char *slash = strrchr(wb_path, '/');
	char *rels_path = arena_printf(rd->a, "%s_rels/%s.rels", dir, slash ? slash + 1 : wb_path);
	struct rels wr = { .rd = rd, .base = dir };
	if ((e = read_part(rd, rels_path, rels_start, ignore_end, NULL, &wr)) != ERR_OK) {
		free(wb.v);
		free(wr.v);
		return e == ERR_NOTFOUND ? not_xlsx(rd) : e;
	}

	const struct rel *ss = rel_find(&wr, NULL, "sharedStrings");
	if (ss) {
		struct sst s = { .rd = rd };
		e = read_part(rd, ss->target, sst_start, sst_end, sst_chars, &s);
		if (e == ERR_NOTFOUND)
			e = not_xlsx(rd);
	}

	out->sheets = wb.n ? xcalloc(wb.n, sizeof *out->sheets) : NULL;
	for (size_t i = 0; e == ERR_OK && i < wb.n; i++) {
		struct xlsx_sheet *sh = &out->sheets[out->nsheets++];
		sh->name = wb.v[i].name;
		const struct rel *r = rel_find(&wr, wb.v[i].rid, NULL);
		if (!r) {
			e = not_xlsx(rd);
			break;
		}
		struct sheetp p = { .rd = rd, .sh = sh, .sorted = true };
		e = read_part(rd, r->target, sheet_start, sheet_end, sheet_chars, &p);
		if (e == ERR_NOTFOUND)
			e = not_xlsx(rd);
		if (e == ERR_OK)
			e = sheet_order(rd, &p);
	}
	if (e == ERR_OK && wb.n == 0)
		e = not_xlsx(rd);
	free(wb.v);
	free(wr.v);
	return e;
}

enum err
xlsx_read(const void *data, size_t len, const struct xlsx_limits *lim,
    struct xlsx_book *out, struct errinfo *ei)
{
	static const struct xlsx_limits defaults = XLSX_LIMITS_DEFAULT;
	memset(out, 0, sizeof *out);
	struct rd rd = { .lim = lim ? lim : &defaults, .ei = ei };

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = len ? zip_source_buffer_create(data, len, 0, &ze) : NULL;
	if (src)
		rd.zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	zip_error_fini(&ze);
	if (!rd.zip) {
		if (src)
			zip_source_free(src);
		return not_xlsx(&rd);
	}
	rd.a = arena_new(64 * 1024);
	out->arena = rd.a;
	enum err e = read_book(&rd, out);
	zip_discard(rd.zip);	/* frees src too */
	free(rd.strings);
	free(rd.text);
	if (e != ERR_OK) {
		xlsx_free(out);
		return e;
	}
	return ERR_OK;
}

void
xlsx_free(struct xlsx_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++)
		free(b->sheets[i].cells);
	free(b->sheets);
	if (b->arena)
		arena_free(b->arena);
	memset(b, 0, sizeof *b);
}

const struct xlsx_sheet *
xlsx_sheet(const struct xlsx_book *b, const char *name)
{
	for (size_t i = 0; i < b->nsheets; i++)
		if (strcmp(b->sheets[i].name, name) == 0)
			return &b->sheets[i];
	return NULL;
}

const struct xlsx_cell *
xlsx_cell(const struct xlsx_sheet *s, uint32_t row, uint32_t col)
{
	struct xlsx_cell key = { .row = row, .col = col };
	return bsearch(&key, s->cells, s->ncells, sizeof *s->cells, cell_cmp);
}
