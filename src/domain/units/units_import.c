/*
 * units_import.c - loading administrative units from CSV.
 *
 * The layout of a file is recognised from its header, so the same command
 * loads the national files shipped in data/admin/ (regions, the 63/696/
 * 10,035 pre-2025 units, the 34/3,321 units of 2025, the old->new commune
 * mapping) and the generic layout an administrator uses for villages or
 * corrections:
 *   structure,code,name,full_name,level,unit_type,parent_code
 *   [,name_en,region7_code,is_rural,unit_class]
 * Columns are found by name, in any order.  Every value is checked (codes,
 * names as NFC UTF-8, levels, flags, that a parent exists at the level
 * above) and the first bad value stops the import with the file, line,
 * column and reason.  The caller holds one transaction around the whole
 * import, so a bad row leaves the database unchanged.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/csv.h"
#include "core/strset.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "domain/units/units.h"

#define NAME_MAX_BYTES	200

enum layout {
	LAYOUT_REGIONS, LAYOUT_PROVINCES_PRE2025, LAYOUT_DISTRICTS_PRE2025,
	LAYOUT_COMMUNES_PRE2025, LAYOUT_PROVINCES_2025, LAYOUT_COMMUNES_2025,
	LAYOUT_MAPPING, LAYOUT_GENERIC, LAYOUT__MAX
};

/* Recognised by the first header column plus one distinguishing column. */
static const struct layout_def {
	const char *first, *marker, *label;
} layouts[LAYOUT__MAX] = {
	[LAYOUT_REGIONS] = { "region_code", "name_vi", "regions" },
	[LAYOUT_PROVINCES_PRE2025] = { "province_code", "code_name", "provinces pre2025" },
	[LAYOUT_DISTRICTS_PRE2025] = { "district_code", "province_code", "districts pre2025" },
	[LAYOUT_COMMUNES_PRE2025] = { "commune_code", "district_code", "communes pre2025" },
	[LAYOUT_PROVINCES_2025] = { "province_code", "merged_from_codes", "provinces 2025" },
	[LAYOUT_COMMUNES_2025] = { "commune_code", "unit_class", "communes 2025" },
	[LAYOUT_MAPPING] = { "new_commune_code", "old_commune_code", "commune mapping" },
	[LAYOUT_GENERIC] = { "structure", "code", "generic units" },
};

/* What an import of one or more files (one transaction) knows so far. */
struct import_memory {
	/* "structure/code" -> "level" or "level\tregion": every unit the
	 * import wrote or read, so that a parent is read from the database
	 * at most once (a read costs a round trip, and on PostgreSQL ends a
	 * batch of deferred writes). */
	struct strset known;
	/* The unit table had no row when the import began (ntm init): a unit
	 * not yet in known then has no search keys to clear. */
	bool started_empty;
};

/* The state of one file's import. */
struct import {
	struct db *db;
	struct arena *a;		/* per record */
	struct errinfo *ei;
	const char *path;
	struct csv_record rec;
	struct csv_record header;
	char *header_copy[CSV_MAX_FIELDS];
	struct units_import_stats *st;
	struct strset seen;		/* units and links of this file */
	char region_cache_code[32];	/* the last parent looked up */
	char region_cache_value[32];
	/* The row's fault as row_error saw it (units_import_file_all). */
	bool row_fault;
	int colno;
	char why[2][200];
	struct import_memory *mem;	/* shared by the files of an import */
};

/* Everything one row of any layout turns into. */
struct unit_row {
	const char *structure, *code, *name, *full_name, *name_en, *level;
	const char *unit_type, *unit_class, *parent_code, *region7_code;
	int is_rural;
};

static int
column_index(const struct import *im, const char *name)
{
	for (size_t i = 0; i < im->header.nfields; i++)
		if (strcmp(im->header_copy[i], name) == 0)
			return (int)i;
	return -1;
}

/*
 * The error of the current row: what is wrong (vi and en, two formats over
 * the same arguments) after the file, the line and, when colno >= 0, the
 * column (1-based in the message) and its name.
 */
static enum err
row_error(struct import *im, int colno, const char *colname, const char *vi,
    const char *en, ...) __attribute__((format(printf, 4, 6),
    format(printf, 5, 6)));

static enum err
row_error(struct import *im, int colno, const char *colname, const char *vi,
    const char *en, ...)
{
	char (*why)[200] = im->why;
	va_list ap, aq;

	va_start(ap, en);
	va_copy(aq, ap);
	vsnprintf(why[0], sizeof(im->why[0]), vi, ap);
	vsnprintf(why[1], sizeof(im->why[1]), en, aq);
	va_end(aq);
	va_end(ap);
	im->row_fault = true;
	im->colno = colno;
	if (colno >= 0)
		return err_set(im->ei, ERR_INVALID, "units.import", colname,
		    "%s: dòng %ld, cột %d (%s): %s%.0s",
		    "%s: line %ld, column %d (%s): %.0s%s", im->path,
		    im->rec.line, colno + 1, colname, why[0], why[1]);
	return err_set(im->ei, ERR_INVALID, "units.import", colname,
	    "%s: dòng %ld: %s%.0s", "%s: line %ld: %.0s%s", im->path,
	    im->rec.line, why[0], why[1]);
}

/* The value of a named column as NFC text; NULL for a missing optional
 * column or an empty optional value. */
static enum err
field(struct import *im, const char *name, bool required, const char **out)
{
	int i = column_index(im, name);
	struct buf b;
	enum err e;

	*out = NULL;
	if (i < 0) {
		if (required)
			return err_set(im->ei, ERR_INVALID, "units.import", name,
			    "%s: dòng 1: thiếu cột '%s'",
			    "%s: line 1: no column '%s'", im->path, name);
		return ERR_OK;
	}
	if ((size_t)i >= im->rec.nfields || im->rec.lens[i] == 0) {
		if (required)
			return row_error(im, i, name, "thiếu giá trị",
			    "no value");
		return ERR_OK;
	}
	buf_init(&b, NAME_MAX_BYTES * 4);
	e = text_nfc(im->rec.fields[i], im->rec.lens[i], &b);
	if (e != ERR_OK) {
		buf_free(&b);
		if (e == ERR_LIMIT)
			return row_error(im, i, name, "giá trị quá dài",
			    "value too long");
		return row_error(im, i, name, "UTF-8 không hợp lệ",
		    "invalid UTF-8");
	}
	for (size_t k = 0; k < b.len; k++) {
		if ((unsigned char)b.data[k] < 0x20) {
			buf_free(&b);
			return row_error(im, i, name, "có ký tự điều khiển",
			    "has a control character");
		}
	}
	*out = arena_strndup(im->a, b.data, b.len);
	buf_free(&b);
	return ERR_OK;
}

/* A code of exactly len digits (len 0: 1-20 of [0-9A-Za-z_.-]). */
static enum err
code_field(struct import *im, const char *name, size_t len, bool required,
    const char **out)
{
	enum err e = field(im, name, required, out);
	size_t n;

	if (e != ERR_OK || *out == NULL)
		return e;
	n = strlen(*out);
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)(*out)[k];

		if (len ? !isdigit(c) : !(isalnum(c) || c == '_' || c == '-' || c == '.'))
			goto bad;
	}
	if (len ? n == len : (n >= 1 && n <= 20))
		return ERR_OK;
bad:
	if (len)
		return row_error(im, column_index(im, name), name,
		    "mã phải gồm đúng %zu chữ số",
		    "the code must have exactly %zu digits", len);
	return row_error(im, column_index(im, name), name,
	    "mã chỉ gồm chữ, số, '_', '-', '.' (1–20 ký tự)",
	    "the code may hold only letters, digits, '_', '-', '.' "
	    "(1–20 characters)");
}

static enum err
name_field(struct import *im, const char *name, bool required, const char **out)
{
	enum err e = field(im, name, required, out);

	if (e == ERR_OK && *out != NULL && strlen(*out) > NAME_MAX_BYTES)
		return row_error(im, column_index(im, name), name,
		    "tên dài quá %d byte", "the name is longer than %d bytes",
		    NAME_MAX_BYTES);
	return e;
}

static enum err
flag_field(struct import *im, const char *name, bool required, int *out)
{
	const char *v;
	enum err e = field(im, name, required, &v);

	*out = 0;
	if (e != ERR_OK || v == NULL)
		return e;
	if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
		return row_error(im, column_index(im, name), name,
		    "phải là 0 hoặc 1, không phải '%.40s'",
		    "must be 0 or 1, not '%.40s'", v);
	*out = v[0] == '1';
	return ERR_OK;
}

static enum err
enum_field(struct import *im, const char *name, bool required,
    const char *const *allowed, const char **out)
{
	enum err e = field(im, name, required, out);

	if (e != ERR_OK || *out == NULL)
		return e;
	for (; *allowed != NULL; allowed++)
		if (strcmp(*out, *allowed) == 0)
			return ERR_OK;
	return row_error(im, column_index(im, name), name,
	    "giá trị '%.40s' không hợp lệ", "value '%.40s' is not valid",
	    *out);
}

/* A unit's key in the import's sets: "structure/code". */
static const char *
unit_key(struct import *im, const char *structure, const char *code)
{
	return arena_printf(im->a, "%s/%s", structure, code);
}

/* Remember the level and region (NULL: none) of the unit key for
 * unit_lookup. */
static void
unit_remember(struct import *im, const char *key, const char *level,
    const char *region)
{
	strset_put(&im->mem->known, key, region != NULL ?
	    arena_printf(im->a, "%s\t%s", level, region) : level);
}

/* Look up a unit's level and region.  Returns false if it does not exist. */
static bool
unit_lookup(struct import *im, const char *structure, const char *code,
    const char **level, const char **region)
{
	const char *key = unit_key(im, structure, code);
	const char *known = strset_get(&im->mem->known, key), *tab, *level_read;
	struct db_stmt *st;

	if (known == NULL) {
		st = db_stmt(im->db, STMT_UNITS_LEVEL_OF);
		db_bind_text(st, 1, structure);
		db_bind_text(st, 2, code);
		if (db_step(st, NULL) != 1)
			return false;
		level_read = db_col_text(st, 0);
		unit_remember(im, key, level_read ? level_read : "",
		    db_col_text(st, 1));
		known = strset_get(&im->mem->known, key);
	}
	tab = strchr(known, '\t');
	if (level != NULL)
		*level = tab ? arena_strndup(im->a, known, (size_t)(tab - known)) :
		    arena_strdup(im->a, known);
	if (region != NULL)
		*region = tab ? arena_strdup(im->a, tab + 1) : NULL;
	return true;
}

/* Check that parent exists in the structure at the expected level (NULL:
 * any level above the child's). */
static enum err
check_parent(struct import *im, const char *colname, const char *structure,
    const char *parent, const char *want_level, const char *child_level,
    const char **region)
{
	const char *level;
	int colno = column_index(im, colname);

	if (!unit_lookup(im, structure, parent, &level, region))
		return row_error(im, colno, colname,
		    "đơn vị cấp trên '%.40s' không tồn tại",
		    "the parent unit '%.40s' does not exist", parent);
	if (want_level != NULL && strcmp(level, want_level) != 0)
		return row_error(im, colno, colname,
		    "đơn vị cấp trên '%.40s' không đúng cấp",
		    "the parent unit '%.40s' is at the wrong level", parent);
	if (want_level == NULL && units_level_from_name(level) >=
	    units_level_from_name(child_level))
		return row_error(im, colno, colname,
		    "đơn vị cấp trên '%.40s' không ở cấp cao hơn",
		    "the parent unit '%.40s' is not at a higher level", parent);
	return ERR_OK;
}

/* Insert or update a unit and rebuild its search keys. */
static enum err
unit_put(struct import *im, const struct unit_row *u)
{
	const char *key = unit_key(im, u->structure, u->code);
	struct db_stmt *st;
	struct buf fname, ffull;
	bool fresh;
	enum err e;

	buf_init(&fname, NAME_MAX_BYTES * 4);
	buf_init(&ffull, NAME_MAX_BYTES * 4);
	if (im->rec.line > 0 && !strset_add(&im->seen, key)) {
		e = row_error(im, -1, "code", "mã %s/%s đã xuất hiện ở dòng trước "
		    "trong tệp này", "code %s/%s already appears on an earlier "
		    "line of this file", u->structure, u->code);
		goto out;
	}
	if (text_fold(u->name, strlen(u->name), &fname) != ERR_OK ||
	    text_fold(u->full_name, strlen(u->full_name), &ffull) != ERR_OK) {
		e = row_error(im, -1, "name", "không chuẩn hóa được tên",
		    "cannot normalise the name");
		goto out;
	}
	st = db_stmt(im->db, STMT_UNITS_UPSERT);
	db_bind_text(st, 1, u->structure);
	db_bind_text(st, 2, u->code);
	db_bind_text(st, 3, u->name);
	db_bind_text(st, 4, u->full_name);
	db_bind_text(st, 5, u->name_en);
	db_bind_text(st, 6, u->level);
	db_bind_int(st, 7, units_level_from_name(u->level));
	db_bind_text(st, 8, u->unit_type);
	db_bind_text(st, 9, u->unit_class);
	db_bind_text(st, 10, u->parent_code);
	db_bind_text(st, 11, u->region7_code);
	db_bind_int(st, 12, u->is_rural);
	db_bind_text(st, 13, fname.data ? fname.data : "");
	if ((e = db_exec(st, im->ei)) != ERR_OK) {
		/* Copied first: the new message is written where the cause
		 * is, and keeps it in both languages. */
		struct errinfo cause = *im->ei;

		e = row_error(im, -1, NULL, "không ghi được đơn vị: %.150s%.0s",
		    "cannot write the unit: %.0s%.150s", cause.message,
		    cause.message_en);
		/* The database refused: stop here (PostgreSQL has aborted
		 * the transaction; nothing after it would run). */
		im->row_fault = false;
		goto out;
	}
	fresh = im->mem->started_empty && strset_get(&im->mem->known, key) ==
	    NULL;
	unit_remember(im, key, u->level, u->region7_code);

	if (!fresh) {
		st = db_stmt(im->db, STMT_UNITS_SEARCH_CLEAR);
		db_bind_text(st, 1, u->structure);
		db_bind_text(st, 2, u->code);
		if ((e = db_exec(st, im->ei)) != ERR_OK)
			goto out;
	}
	/* The name from every word on, the code, the full name. */
	for (size_t i = 0; i < fname.len; i++) {
		if (i > 0 && fname.data[i - 1] != ' ')
			continue;
		st = db_stmt(im->db, STMT_UNITS_SEARCH_ADD);
		db_bind_text(st, 1, fname.data + i);
		db_bind_text(st, 2, u->structure);
		db_bind_text(st, 3, u->code);
		db_bind_int(st, 4, i == 0 ? 1 : 2);
		if ((e = db_exec(st, im->ei)) != ERR_OK)
			goto out;
	}
	st = db_stmt(im->db, STMT_UNITS_SEARCH_ADD);
	db_bind_text(st, 1, u->code);
	db_bind_text(st, 2, u->structure);
	db_bind_text(st, 3, u->code);
	db_bind_int(st, 4, 1);
	if ((e = db_exec(st, im->ei)) != ERR_OK)
		goto out;
	if (ffull.len > 0 && strcmp(ffull.data, buf_cstr(&fname)) != 0) {
		st = db_stmt(im->db, STMT_UNITS_SEARCH_ADD);
		db_bind_text(st, 1, ffull.data);
		db_bind_text(st, 2, u->structure);
		db_bind_text(st, 3, u->code);
		db_bind_int(st, 4, 3);
		if ((e = db_exec(st, im->ei)) != ERR_OK)
			goto out;
	}
	im->st->units++;
out:
	buf_free(&fname);
	buf_free(&ffull);
	return e;
}

static enum err
lineage_put(struct import *im, const char *old_structure, const char *old_code,
    const char *old_name, const char *new_structure, const char *new_code,
    const char *relation, const char *qa_flag)
{
	struct db_stmt *st;

	if (!strset_add(&im->seen, arena_printf(im->a, "%s/%s>%s/%s",
	    old_structure, old_code, new_structure, new_code)))
		return row_error(im, -1, NULL, "quan hệ %s → %s đã xuất hiện ở "
		    "dòng trước trong tệp này", "the link %s → %s already "
		    "appears on an earlier line of this file", old_code,
		    new_code);
	st = db_stmt(im->db, STMT_UNITS_LINEAGE_UPSERT);
	db_bind_text(st, 1, old_structure);
	db_bind_text(st, 2, old_code);
	db_bind_text(st, 3, old_name);
	db_bind_text(st, 4, new_structure);
	db_bind_text(st, 5, new_code);
	db_bind_text(st, 6, relation);
	db_bind_text(st, 7, qa_flag);
	if (db_exec(st, im->ei) != ERR_OK) {
		struct errinfo cause = *im->ei;	/* as above */

		return row_error(im, -1, NULL,
		    "không ghi được quan hệ sáp nhập: %.150s%.0s",
		    "cannot write the merger link: %.0s%.150s", cause.message,
		    cause.message_en);
	}
	im->st->lineage++;
	return ERR_OK;
}

static enum err
ensure_country(struct import *im, const char *structure)
{
	struct unit_row u = {
		.structure = structure, .code = "VN", .name = "Việt Nam",
		.full_name = "Nước Cộng hòa xã hội chủ nghĩa Việt Nam",
		.name_en = "Viet Nam", .level = "country", .unit_type = "Quốc gia",
	};

	if (unit_lookup(im, structure, "VN", NULL, NULL))
		return ERR_OK;
	return unit_put(im, &u);
}

static const char *const unit_classes[] = { "rural", "urban", "special_zone", NULL };
static const char *const relations[] = { "full", "partial", NULL };
static const char *const structures[] = { "2025", "pre2025", NULL };

/* The NTM class of a pre-2025 unit from its type: xã and huyện are rural. */
static const char *
class_from_type(const char *unit_type)
{
	if (strcmp(unit_type, "Xã") == 0 || strcmp(unit_type, "Huyện") == 0)
		return "rural";
	return "urban";
}

static enum err
import_region(struct import *im)
{
	const char *code, *name_vi, *name_en, *gso6;
	struct db_stmt *st;
	enum err e;

	if ((e = code_field(im, "region_code", 0, true, &code)) != ERR_OK ||
	    (e = name_field(im, "name_vi", true, &name_vi)) != ERR_OK ||
	    (e = name_field(im, "name_en", true, &name_en)) != ERR_OK ||
	    (e = code_field(im, "gso6_code", 0, true, &gso6)) != ERR_OK)
		return e;
	st = db_stmt(im->db, STMT_UNITS_REGION_UPSERT);
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, name_vi);
	db_bind_text(st, 3, name_en);
	db_bind_text(st, 4, gso6);
	if ((e = db_exec(st, im->ei)) != ERR_OK)
		return e;
	im->st->regions++;
	return ERR_OK;
}

static enum err
region_field(struct import *im, const char *name, bool required,
    const char **out)
{
	struct db_stmt *st;
	enum err e = code_field(im, name, 0, required, out);

	if (e != ERR_OK || *out == NULL)
		return e;
	st = db_stmt(im->db, STMT_UNITS_REGION_EXISTS);
	db_bind_text(st, 1, *out);
	if (db_step(st, NULL) != 1)
		return row_error(im, column_index(im, name), name,
		    "vùng '%.40s' không có trong danh mục 7 vùng",
		    "region '%.40s' is not one of the 7 regions", *out);
	return ERR_OK;
}

static enum err
import_province(struct import *im, bool pre2025)
{
	struct unit_row u = { .structure = pre2025 ? "pre2025" : "2025",
	    .level = "province", .parent_code = "VN" };
	const char *new_code = NULL;
	enum err e;

	if ((e = code_field(im, "province_code", 2, true, &u.code)) != ERR_OK ||
	    (e = name_field(im, "name", true, &u.name)) != ERR_OK ||
	    (e = name_field(im, "full_name", true, &u.full_name)) != ERR_OK ||
	    (e = name_field(im, "name_en", false, &u.name_en)) != ERR_OK ||
	    (e = name_field(im, "unit_type", true, &u.unit_type)) != ERR_OK ||
	    (e = region_field(im, "region7_code", true, &u.region7_code)) != ERR_OK)
		return e;
	if (pre2025 && (e = code_field(im, "new_province_code_2025", 2, false,
	    &new_code)) != ERR_OK)
		return e;
	if ((e = unit_put(im, &u)) != ERR_OK)
		return e;
	if (new_code != NULL) {
		if (!unit_lookup(im, "2025", new_code, NULL, NULL))
			return row_error(im, column_index(im, "new_province_code_2025"),
			    "new_province_code_2025",
			    "tỉnh mới '%.40s' chưa có (nạp provinces_34_2025.csv trước)",
			    "new province '%.40s' does not exist yet (load "
			    "provinces_34_2025.csv first)", new_code);
		return lineage_put(im, "pre2025", u.code, u.full_name, "2025",
		    new_code, "full", NULL);
	}
	return ERR_OK;
}

/* A district's or commune's region is its province's. */
static enum err
province_region(struct import *im, const char *structure, const char *code,
    const char **region)
{
	if (strcmp(im->region_cache_code, code) == 0) {
		*region = im->region_cache_value[0] ? im->region_cache_value : NULL;
		return ERR_OK;
	}
	if ((*region = NULL, !unit_lookup(im, structure, code, NULL, region)))
		return row_error(im, column_index(im, "province_code"),
		    "province_code", "tỉnh '%.40s' không tồn tại",
		    "province '%.40s' does not exist", code);
	snprintf(im->region_cache_code, sizeof(im->region_cache_code), "%s", code);
	snprintf(im->region_cache_value, sizeof(im->region_cache_value), "%s",
	    *region ? *region : "");
	return ERR_OK;
}

static enum err
import_district(struct import *im)
{
	struct unit_row u = { .structure = "pre2025", .level = "district" };
	enum err e;

	if ((e = code_field(im, "district_code", 3, true, &u.code)) != ERR_OK ||
	    (e = name_field(im, "name", true, &u.name)) != ERR_OK ||
	    (e = name_field(im, "full_name", true, &u.full_name)) != ERR_OK ||
	    (e = name_field(im, "name_en", false, &u.name_en)) != ERR_OK ||
	    (e = name_field(im, "unit_type", true, &u.unit_type)) != ERR_OK ||
	    (e = code_field(im, "province_code", 2, true, &u.parent_code)) != ERR_OK ||
	    (e = check_parent(im, "province_code", "pre2025", u.parent_code,
	    "province", "district", NULL)) != ERR_OK ||
	    (e = province_region(im, "pre2025", u.parent_code, &u.region7_code)) != ERR_OK)
		return e;
	u.unit_class = class_from_type(u.unit_type);
	u.is_rural = strcmp(u.unit_type, "Huyện") == 0;
	return unit_put(im, &u);
}

static enum err
import_commune_pre2025(struct import *im)
{
	struct unit_row u = { .structure = "pre2025", .level = "commune" };
	const char *province;
	enum err e;

	if ((e = code_field(im, "commune_code", 5, true, &u.code)) != ERR_OK ||
	    (e = name_field(im, "name", true, &u.name)) != ERR_OK ||
	    (e = name_field(im, "full_name", true, &u.full_name)) != ERR_OK ||
	    (e = name_field(im, "name_en", false, &u.name_en)) != ERR_OK ||
	    (e = name_field(im, "unit_type", true, &u.unit_type)) != ERR_OK ||
	    (e = flag_field(im, "is_rural_commune", true, &u.is_rural)) != ERR_OK ||
	    (e = code_field(im, "district_code", 3, true, &u.parent_code)) != ERR_OK ||
	    (e = code_field(im, "province_code", 2, true, &province)) != ERR_OK ||
	    (e = check_parent(im, "district_code", "pre2025", u.parent_code,
	    "district", "commune", NULL)) != ERR_OK ||
	    (e = province_region(im, "pre2025", province, &u.region7_code)) != ERR_OK)
		return e;
	u.unit_class = class_from_type(u.unit_type);
	return unit_put(im, &u);
}

static enum err
import_commune_2025(struct import *im)
{
	struct unit_row u = { .structure = "2025", .level = "commune" };
	enum err e;

	if ((e = code_field(im, "commune_code", 5, true, &u.code)) != ERR_OK ||
	    (e = name_field(im, "name", true, &u.name)) != ERR_OK ||
	    (e = name_field(im, "full_name", true, &u.full_name)) != ERR_OK ||
	    (e = name_field(im, "unit_type", true, &u.unit_type)) != ERR_OK ||
	    (e = enum_field(im, "unit_class", true, unit_classes, &u.unit_class)) != ERR_OK ||
	    (e = flag_field(im, "is_rural_commune", true, &u.is_rural)) != ERR_OK ||
	    (e = code_field(im, "province_code", 2, true, &u.parent_code)) != ERR_OK ||
	    (e = check_parent(im, "province_code", "2025", u.parent_code,
	    "province", "commune", NULL)) != ERR_OK ||
	    (e = province_region(im, "2025", u.parent_code, &u.region7_code)) != ERR_OK)
		return e;
	return unit_put(im, &u);
}

static enum err
import_mapping(struct import *im)
{
	const char *new_code, *old_code, *old_name, *relation, *qa_flag;
	enum err e;

	if ((e = code_field(im, "new_commune_code", 5, true, &new_code)) != ERR_OK ||
	    (e = code_field(im, "old_commune_code", 0, true, &old_code)) != ERR_OK ||
	    (e = name_field(im, "old_commune_name", true, &old_name)) != ERR_OK ||
	    (e = enum_field(im, "relation", true, relations, &relation)) != ERR_OK ||
	    (e = name_field(im, "qa_flag", false, &qa_flag)) != ERR_OK)
		return e;
	if (!unit_lookup(im, "2025", new_code, NULL, NULL))
		return row_error(im, column_index(im, "new_commune_code"),
		    "new_commune_code", "xã mới '%.40s' không tồn tại",
		    "new commune '%.40s' does not exist", new_code);
	return lineage_put(im, "pre2025", old_code, old_name, "2025", new_code,
	    relation, qa_flag);
}

static enum err
import_generic(struct import *im)
{
	static const char *const levels[] = { "province", "district", "commune",
	    "village", NULL };
	struct unit_row u = { 0 };
	const char *region = NULL;
	enum err e;

	if ((e = enum_field(im, "structure", true, structures, &u.structure)) != ERR_OK ||
	    (e = code_field(im, "code", 0, true, &u.code)) != ERR_OK ||
	    (e = name_field(im, "name", true, &u.name)) != ERR_OK ||
	    (e = name_field(im, "full_name", true, &u.full_name)) != ERR_OK ||
	    (e = enum_field(im, "level", true, levels, &u.level)) != ERR_OK ||
	    (e = name_field(im, "unit_type", true, &u.unit_type)) != ERR_OK ||
	    (e = code_field(im, "parent_code", 0, true, &u.parent_code)) != ERR_OK ||
	    (e = name_field(im, "name_en", false, &u.name_en)) != ERR_OK ||
	    (e = region_field(im, "region7_code", false, &u.region7_code)) != ERR_OK ||
	    (e = flag_field(im, "is_rural", false, &u.is_rural)) != ERR_OK ||
	    (e = enum_field(im, "unit_class", false, unit_classes, &u.unit_class)) != ERR_OK)
		return e;
	if (strcmp(u.structure, "2025") == 0 && strcmp(u.level, "district") == 0)
		return row_error(im, column_index(im, "level"), "level",
		    "cấu trúc 2025 không có cấp huyện",
		    "the 2025 structure has no district level");
	if ((e = check_parent(im, "parent_code", u.structure, u.parent_code, NULL,
	    u.level, &region)) != ERR_OK)
		return e;
	if (u.region7_code == NULL)
		u.region7_code = region;
	return unit_put(im, &u);
}

static enum err
detect_layout(struct import *im, enum layout *out)
{
	for (int l = 0; l < LAYOUT__MAX; l++) {
		if (strcmp(im->header_copy[0], layouts[l].first) == 0 &&
		    column_index(im, layouts[l].marker) >= 0) {
			*out = (enum layout)l;
			return ERR_OK;
		}
	}
	return err_set(im->ei, ERR_INVALID, "units.import", NULL,
	    "%s: dòng 1, cột 1: không nhận ra bố cục tệp (tiêu đề bắt đầu "
	    "bằng '%.40s'); xem docs/IMPORT.md",
	    "%s: line 1, column 1: unknown file layout (the header starts "
	    "with '%.40s'); see docs/IMPORT.md", im->path, im->header_copy[0]);
}

/* Tell fn about the current row's fault (ERR_OK: go on), or say why the
 * import must stop (e). */
static enum err
report_row(struct import *im, enum err e, units_problem_fn fn, void *ctx,
    size_t *nproblems, struct errinfo *first)
{
	struct units_problem p;

	if (fn == NULL || !im->row_fault || e != ERR_INVALID ||
	    *nproblems >= UNITS_PROBLEMS_MAX)
		return e;
	p.line = im->rec.line;
	p.column = im->colno >= 0 ? im->colno + 1 : 0;
	p.field = im->ei->field[0] != '\0' ? im->ei->field : NULL;
	p.code = im->ei->code;
	p.message_vi = im->why[0];
	p.message_en = im->why[1];
	fn(ctx, &p);
	if ((*nproblems)++ == 0)
		*first = *im->ei;
	im->row_fault = false;
	return ERR_OK;
}

enum err
units_import_file(struct db *db, const char *path,
    struct units_import_stats *st, struct errinfo *ei)
{
	return units_import_file_all(db, path, NULL, NULL, st, ei);
}

static void
memory_init(struct db *db, struct import_memory *mem)
{
	struct db_stmt *st = db_stmt(db, STMT_UNITS_ANY);

	strset_init(&mem->known);
	mem->started_empty = db_step(st, NULL) == 0;
	db_done(st);
}

/* units_import_file_all with what the import knows of units so far. */
static enum err
import_file(struct db *db, const char *path, units_problem_fn fn, void *ctx,
    struct import_memory *mem, struct units_import_stats *st,
    struct errinfo *ei)
{
	struct import im = { .db = db, .ei = ei, .path = path, .st = st,
	    .mem = mem };
	struct csv_reader *r;
	enum layout layout = LAYOUT_GENERIC;
	struct errinfo first;
	size_t nproblems = 0;
	FILE *f;
	enum err e = ERR_OK;
	int rc;

	if ((f = fopen(path, "rb")) == NULL)
		return err_set(ei, ERR_INVALID, "units.import", "file",
		    "không mở được tệp %s: %s", "cannot open the file %s: %s",
		    path, strerror(errno));
	strset_init(&im.seen);
	r = csv_reader_new(f, path);
	rc = csv_read(r, &im.header, ei);
	if (rc <= 0) {
		e = rc < 0 ? ei->err : err_set(ei, ERR_INVALID,
		    "units.import", "file", "%s: tệp rỗng", "%s: empty file",
		    path);
		goto out;
	}
	for (size_t i = 0; i < im.header.nfields; i++)
		im.header_copy[i] = xstrndup(im.header.fields[i],
		    im.header.lens[i]);
	if ((e = detect_layout(&im, &layout)) != ERR_OK)
		goto out;
	im.a = arena_new(4096);
	if ((e = ensure_country(&im, "2025")) == ERR_OK)
		e = ensure_country(&im, "pre2025");
	arena_free(im.a);
	if (e != ERR_OK)
		goto out;
	while ((rc = csv_read(r, &im.rec, ei)) == 1) {
		im.a = arena_new(4096);
		im.row_fault = false;
		switch (layout) {
		case LAYOUT_REGIONS: e = import_region(&im); break;
		case LAYOUT_PROVINCES_PRE2025: e = import_province(&im, true); break;
		case LAYOUT_PROVINCES_2025: e = import_province(&im, false); break;
		case LAYOUT_DISTRICTS_PRE2025: e = import_district(&im); break;
		case LAYOUT_COMMUNES_PRE2025: e = import_commune_pre2025(&im); break;
		case LAYOUT_COMMUNES_2025: e = import_commune_2025(&im); break;
		case LAYOUT_MAPPING: e = import_mapping(&im); break;
		case LAYOUT_GENERIC: e = import_generic(&im); break;
		case LAYOUT__MAX: break;
		}
		arena_free(im.a);
		im.a = NULL;
		if (e != ERR_OK && (e = report_row(&im, e, fn, ctx, &nproblems,
		    &first)) != ERR_OK)
			goto out;
	}
	if (rc < 0)
		e = ei->err;
	else if (nproblems > 0) {
		*ei = first;	/* nothing is kept: the caller rolls back */
		e = first.err;
	} else if ((e = units_recount(db, "2025", ei)) == ERR_OK &&
	    (e = units_recount(db, "pre2025", ei)) == ERR_OK) {
		/* Tell every process its search index is stale: a token no
		 * other database or import can have. */
		e = db_meta_bump(db, "units_version", ei);
	}
out:
	for (size_t i = 0; i < CSV_MAX_FIELDS; i++)
		free(im.header_copy[i]);
	strset_free(&im.seen);
	csv_reader_free(r);
	fclose(f);
	return e;
}

enum err
units_import_file_all(struct db *db, const char *path, units_problem_fn fn,
    void *ctx, struct units_import_stats *st, struct errinfo *ei)
{
	struct import_memory mem;
	enum err e;

	memory_init(db, &mem);
	e = import_file(db, path, fn, ctx, &mem, st, ei);
	strset_free(&mem.known);
	return e;
}

enum err
units_recount(struct db *db, const char *structure, struct errinfo *ei)
{
	struct db_stmt *st = db_stmt(db, STMT_UNITS_RECOUNT_CHILDREN);

	db_bind_text(st, 1, structure);
	return db_exec(st, ei);
}

/* The national files in dependency order: regions before provinces, 2025
 * units before the pre-2025 ones that point at them, the mapping last. */
static const char *const national_files[] = {
	"regions_ntm7.csv",
	"provinces_34_2025.csv",
	"communes_3321_2025.csv",
	"provinces_63_pre2025.csv",
	"districts_696_pre2025.csv",
	"communes_10035_pre2025.csv",
	"commune_mapping_pre2025_to_2025.csv",
};

enum err
units_import_national(struct db *db, const char *dir,
    struct units_import_stats *st, struct errinfo *ei)
{
	char path[4096];
	struct import_memory mem;
	enum err e = ERR_OK;

	memory_init(db, &mem);
	for (size_t i = 0; i < sizeof(national_files) / sizeof(national_files[0]) &&
	    e == ERR_OK; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, national_files[i]);
		e = import_file(db, path, NULL, NULL, &mem, st, ei);
	}
	strset_free(&mem.known);
	return e;
}
