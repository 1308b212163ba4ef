/*
 * demo_pilots.c - the pilot models of ntm demo (docs/DIGITAL.md section
 * 6): a smart village in Sóc Sơn's demo village (Hà Nội) and a smart
 * commune in Bà Nà (Đà Nẵng), each with its indicators before and after,
 * two progress notes with a drawn photo, and its lessons, so the
 * register, the lessons' search and the comparison read.  Every figure is
 * invented for the demonstration and says so.  Runs once: a database that
 * has pilots keeps them.
 */
#include <stdio.h>
#include <string.h>

#include <cairo.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "domain/pilots/pilots.h"

static cairo_status_t
png_write(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) == ERR_OK ?
	    CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* A plain picture for a note: a ground, a mast and its caption. */
static enum err
draw_photo(const char *caption, int n, struct buf *png)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    480, 320);
	cairo_t *cr = cairo_create(s);
	cairo_status_t st;

	cairo_set_source_rgb(cr, n % 2 ? .86 : .84, .92, n % 2 ? .97 : .82);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, .2, .3, .4);
	cairo_rectangle(cr, 228, 60, 24, 180);
	cairo_fill(cr);
	cairo_arc(cr, 240, 60, 30, 0, 6.2832);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, .1, .1, .1);
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 20);
	cairo_move_to(cr, 20, 280);
	cairo_show_text(cr, caption);
	cairo_set_font_size(cr, 14);
	cairo_move_to(cr, 20, 305);
	cairo_show_text(cr, "ảnh minh họa (demo)");
	cairo_destroy(cr);
	st = cairo_surface_write_to_png_stream(s, png_write, png);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS ? ERR_OK : ERR_SYS;
}

struct demo_note {
	const char *date, *body, *caption;
};

struct demo_pilot {
	struct pilot_in in;
	struct pilot_indicator_in ind[3];
	size_t nind;
	struct demo_note notes[2];
};

static struct demo_pilot pilots[] = {
	{ .in = { .unit = "2025:00376-01", .kind = "smart_village",
	  .status = "running",
	  .title = "Thôn thông minh: wifi công cộng, camera an ninh và "
	  "loa truyền thanh thông minh (demo)",
	  .deployed = "Wifi miễn phí ở nhà văn hóa và sân chơi; 12 camera an "
	  "ninh ở các ngã ba; loa truyền thanh thông minh điều khiển qua điện "
	  "thoại; tổ công nghệ số cộng đồng hướng dẫn người dân cài ứng dụng "
	  "dịch vụ công. Số liệu là minh họa.",
	  .cost = "850000000", .funding = "local",
	  .start_date = "2026-03-01", .review_date = "2026-12-15",
	  .resp_unit = "UBND xã Sóc Sơn", .resp_person = "Nguyễn Văn Demo",
	  .worked = "Tổ công nghệ số cộng đồng đi từng hộ: người cao tuổi "
	  "dùng được dịch vụ công trực tuyến. Loa thông minh thay loa dây cũ, "
	  "ít hỏng.",
	  .not_worked = "Camera cần đường truyền ổn định; hai tháng đầu mất "
	  "tín hiệu khi mưa lớn.",
	  .advice = "Khảo sát sóng di động trước khi chọn vị trí camera; giao "
	  "cho đoàn thanh niên duy trì tổ công nghệ số." },
	  .ind = {
		{ "Hộ dùng dịch vụ công trực tuyến", "%", "18", "2026-02-20",
		  "46", "2026-10-31", NULL },
		{ "Hộ có cáp quang", "%", "55", "2026-02-20", "72",
		  "2026-10-31", NULL },
		{ "Người được tập huấn kỹ năng số", "người", "0", "2026-02-20",
		  "140", "2026-10-31", NULL },
	  }, .nind = 3,
	  .notes = {
		{ "2026-04-15", "Lắp xong wifi công cộng ở nhà văn hóa và 12 "
		  "camera; tổ công nghệ số đã tập huấn đợt đầu cho 60 người.",
		  "Thôn 1 - wifi công cộng" },
		{ "2026-09-30", "Loa truyền thanh thông minh hoạt động; tỷ lệ hộ "
		  "dùng dịch vụ công trực tuyến tăng lên 46 %.",
		  "Thôn 1 - loa thông minh" },
	  } },
	{ .in = { .unit = "2025:20308", .kind = "smart_commune",
	  .status = "running",
	  .title = "Xã thông minh: một cửa số và thanh toán không dùng tiền "
	  "mặt cho du lịch cộng đồng (demo)",
	  .deployed = "Bộ phận một cửa tiếp nhận hồ sơ trực tuyến; mã QR thanh "
	  "toán tại các điểm du lịch cộng đồng và chợ; bản đồ số các điểm "
	  "du lịch. Số liệu là minh họa.",
	  .cost = "1200000000", .funding = "integrated",
	  .start_date = "2026-02-01", .review_date = "2027-01-31",
	  .resp_unit = "UBND xã Bà Nà", .resp_person = "Trần Thị Demo",
	  .worked = "Thanh toán bằng mã QR được các hộ làm du lịch đón nhận "
	  "nhanh.",
	  .not_worked = "Hồ sơ trực tuyến còn ít vì người dân quen nộp giấy.",
	  .advice = "Bắt đầu từ thủ tục người dân làm nhiều nhất; đặt máy tính "
	  "hỗ trợ ngay tại bộ phận một cửa." },
	  .ind = {
		{ "Hồ sơ thủ tục hành chính nộp trực tuyến", "%", "22",
		  "2026-01-31", "51", "2026-10-31", NULL },
		{ "Điểm kinh doanh nhận thanh toán không dùng tiền mặt", "điểm",
		  "9", "2026-01-31", "64", "2026-10-31", NULL },
	  }, .nind = 2,
	  .notes = {
		{ "2026-05-20", "Mở bộ phận một cửa số; 40 hộ du lịch cộng đồng "
		  "có mã QR thanh toán.", "Bà Nà - một cửa số" },
		{ "2026-10-05", "Hơn một nửa hồ sơ thủ tục nộp trực tuyến; bản "
		  "đồ số các điểm du lịch đã công bố.", "Bà Nà - bản đồ số" },
	  } },
};

int
demo_pilots(struct db *db)
{
	struct pilot_query q = { .limit = 1 };
	struct arena *a = arena_new(65536);
	struct errinfo ei, probs[PILOT_PROBLEMS_MAX];
	json_t *have = NULL;
	enum err e;

	if ((e = pilot_list(db, a, &q, "vi", &have, &ei)) != ERR_OK)
		goto fail;
	if (json_integer_value(json_object_get(have, "total")) > 0) {
		printf("Pilots: kept the pilot models already there\n");
		json_decref(have);
		arena_free(a);
		return EXIT_OK;
	}
	json_decref(have);
	for (size_t i = 0; i < sizeof(pilots) / sizeof(pilots[0]); i++) {
		struct demo_pilot *p = &pilots[i];
		int64_t id, note;
		size_t np;

		p->in.indicators = p->ind;
		p->in.n_indicators = p->nind;
		if ((e = pilot_create(db, NULL, &p->in, &id, &ei)) != ERR_OK)
			goto fail;
		for (size_t k = 0; k < 2; k++) {
			struct buf png;
			struct pilot_file f = { "anh-minh-hoa.png", NULL, 0 };

			buf_init(&png, 2 * 1024 * 1024);
			if ((e = draw_photo(p->notes[k].caption, (int)k, &png)) ==
			    ERR_OK) {
				f.data = png.data;
				f.len = png.len;
				e = pilot_note_add(db, a, NULL, id,
				    p->notes[k].date, p->notes[k].body, &f, 1,
				    &note, probs, PILOT_PROBLEMS_MAX, &np, &ei);
			} else
				err_set(&ei, e, "demo.photo", NULL,
				    "Không vẽ được ảnh", "The photo was not drawn");
			buf_free(&png);
			if (e != ERR_OK)
				goto fail;
		}
	}
	printf("Pilots: a smart village in Sóc Sơn's demo village and a smart "
	    "commune in Bà Nà, two progress notes each: /pilots\n");
	arena_free(a);
	return EXIT_OK;
fail:
	arena_free(a);
	return cli_fail("demo", &ei);
}
