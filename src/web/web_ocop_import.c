/*
 * web_ocop_import.c - a province's OCOP list uploaded (docs/OCOP.md
 * section 5, domain/ocop/ocop_import.h):
 *
 *   GET  /ocop/import          the upload page (what the file holds)
 *   POST /ocop/import          the page's form (multipart, field "file")
 *   POST /api/v1/ocop/import   the CSV or XLSX as the raw body, or a
 *                              multipart form's "file" part
 *
 * Who: province officers and coordinators (the route's roles).  A file
 * names many communes, so the router cannot resolve one unit before the
 * handler runs: the import checks each row's commune against the
 * caller's bindings (ocop_import: a row of another province is listed,
 * nothing stored).  The answer is the counts by province and stars, or
 * every problem by row and column ("rows" of the JSON error).
 */
#include <string.h>

#include "core/jval.h"
#include "core/msg.h"
#include "core/text.h"
#include "domain/ocop/ocop_import.h"
#include "web/web.h"
#include "web/web_uploads.h"

static enum err
import_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)r;
	(void)ei;
	json_object_set_new(view, "title",
	    jval_string(msg_get(w->lang, "ocop_import_title")));
	json_object_set_new(view, "example", jval_string(
	    "product_name,producer_name,producer_type,structure,commune_code,"
	    "group,stars,certificate_no,issued,expires\n"
	    "Mật ong hoa nhãn,Hợp tác xã Nông nghiệp Sóc Sơn,hợp tác xã,"
	    "2025,00376,Thực phẩm,4,125/QĐ-UBND,2024-06-12,\n"
	    "Chè xanh Minh Phú,Hộ kinh doanh Lê Văn Bình,,pre2025,00397,2,3,"
	    "\"17/2023, QĐ-UBND\",2023-03-20,2026-03-19\n"));
	return ERR_OK;
}

/* A list that did not come, in the import's words. */
static const struct web_upload_words list_words = {
	.media_code = "ocop.import_body",
	.how_vi = "Gửi tệp CSV hoặc Excel (.xlsx) bằng biểu mẫu multipart "
	    "(trường file) hoặc gửi nguyên nội dung tệp",
	.how_en = "Send the CSV or Excel (.xlsx) file as a multipart form "
	    "(field file) or as the body itself",
	.choose_vi = "Hãy chọn tệp danh sách (CSV hoặc Excel .xlsx)",
	.choose_en = "Choose the list's file (CSV or Excel .xlsx)" };

static enum err
import_post(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const void *data;
	const char *name;
	json_t *result = NULL, *errors = NULL;
	size_t len;
	enum err e;

	if (!w->json && (e = import_page(r, w, view, ei)) != ERR_OK)
		return e;
	name = msg_get(w->lang, "ocop_import_the_file");
	if ((e = web_upload_required(r, w, &list_words, &data, &len, &name,
	    ei)) != ERR_OK ||
	    (e = ocop_import(w->db, w->who, data, len, name, w->lang, &result,
	    &errors, ei)) != ERR_OK) {
		/* every bad row on the page and in the JSON error ("rows") */
		if (errors != NULL)
			json_object_set_new(view, "errors", errors);
		if (!w->json)
			web_problem(w, ei, "f-file");
		return e;
	}
	jval_merge(view, result);
	if (!w->json)
		json_object_set_new(view, "done", json_true());
	return ERR_OK;
}

const struct route ocop_import_routes[] = {
	{ .method = "GET", .pattern = "/ocop/import",
	  .flags = ROUTE_HTML, .tmpl = "ocop/import", .fn = import_page,
	  .roles = OCOP_IMPORT_ROLES },
	{ .method = "POST", .pattern = "/ocop/import",
	  .flags = ROUTE_HTML | ROUTE_API | ROUTE_FORM, .tmpl = "ocop/import",
	  .fn = import_post, .roles = OCOP_IMPORT_ROLES,
	  .form_view = import_page },
	{ .method = NULL }
};
