/*
 * xlsxfile.c - an XLSX workbook made in a temporary file and read back
 * into a buffer (xlsxfile.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/xlsxfile/xlsxfile.h"

static const char *
tmp_dir(void)
{
	const char *dir = getenv("TMPDIR");

	return dir != NULL && dir[0] != '\0' ? dir : "/tmp";
}

/* "<module>.<what>" into code (codes are short: module names are). */
static const char *
code_of(char code[64], const char *module, const char *what)
{
	snprintf(code, 64, "%s.%s", module, what);
	return code;
}

/* Append the file behind fd to out; ERR_LIMIT past out's maximum. */
static enum err
append_file(int fd, struct buf *out)
{
	char chunk[16384];
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		return ERR_SYS;
	if ((size_t)st.st_size > out->max - out->len)
		return ERR_LIMIT;
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ERR_SYS;
		}
		if (buf_append(out, chunk, (size_t)n) != ERR_OK)
			return ERR_LIMIT;
	}
	return ERR_OK;
}

enum err
xlsxfile_open(struct xlsxfile *x, const char *module, const char *title,
    struct errinfo *ei)
{
	lxw_workbook_options opt = { 0 };
	const char *dir = tmp_dir();
	char code[64];
	int n;

	x->module = module;
	x->wb = NULL;
	n = snprintf(x->path, sizeof(x->path), "%s/ntm-xlsx-XXXXXX", dir);
	if (n < 0 || (size_t)n >= sizeof(x->path) ||
	    (x->fd = mkstemp(x->path)) < 0)
		return err_set(ei, ERR_SYS, code_of(code, module, "tmpfile"),
		    NULL, "Không tạo được tệp tạm trong %s",
		    "No temporary file could be made in %s", dir);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)dir;
	if ((x->wb = workbook_new_opt(x->path, &opt)) == NULL) {
		close(x->fd);
		unlink(x->path);
		return err_set(ei, ERR_SYS, code_of(code, module,
		    "xlsx_failed"), NULL, "Không tạo được tệp Excel",
		    "The Excel file could not be made");
	}
	workbook_set_properties(x->wb, &(lxw_doc_properties){
	    .title = (char *)(title != NULL ? title : ""), .author = "ntm" });
	return ERR_OK;
}

enum err
xlsxfile_close(struct xlsxfile *x, lxw_error first, struct buf *out,
    struct errinfo *ei)
{
	lxw_error le = workbook_close(x->wb);	/* frees the workbook */
	size_t start = out->len;
	char code[64];
	enum err e = ERR_OK;

	x->wb = NULL;
	if (first == LXW_NO_ERROR)
		first = le;
	if (first == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED ||
	    first == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)
		e = err_set(ei, ERR_LIMIT, code_of(code, x->module,
		    "export_too_large"), NULL,
		    "Dữ liệu vượt quá giới hạn của tệp Excel (%s)",
		    "The data exceed what an Excel file holds (%s)",
		    lxw_strerror(first));
	else if (first != LXW_NO_ERROR)
		e = err_set(ei, ERR_SYS, code_of(code, x->module,
		    "xlsx_failed"), NULL, "Không tạo được tệp Excel (%s)",
		    "The Excel file could not be made (%s)",
		    lxw_strerror(first));
	else if ((e = append_file(x->fd, out)) == ERR_LIMIT)
		err_set(ei, e, code_of(code, x->module, "export_too_large"),
		    NULL, "Tệp Excel vượt quá giới hạn kích thước",
		    "The Excel file is larger than allowed");
	else if (e != ERR_OK)
		err_set(ei, e, code_of(code, x->module, "tmpfile"), NULL,
		    "Không đọc được tệp Excel tạm",
		    "The temporary Excel file could not be read");
	close(x->fd);
	unlink(x->path);
	if (e != ERR_OK && out->data != NULL) {
		out->len = start;	/* as it was */
		out->data[start] = '\0';
	}
	return e;
}
