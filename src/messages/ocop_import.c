/* ocop_import.c - the words of the OCOP list import (docs/OCOP.md
 * section 5): the upload page and the command line. */
#include "core/msg.h"

const struct msg msg_table_ocop_import[] = {
	{ "ocop_import_title", "Nhập danh sách sản phẩm OCOP",
	  "Import a list of OCOP products" },
	{ "ocop_import_nav", "Nhập danh sách OCOP", "Import OCOP list" },
	{ "ocop_import_crumb", "Sản phẩm OCOP", "OCOP products" },
	{ "ocop_import_the_file", "Tệp danh sách", "The list's file" },
	{ "ocop_import_row", "dòng", "row" },
	{ "ocop_import_column", "cột", "column" },
	{ "ocop_import_done", "Đã nhập danh sách",
	  "The list is imported" },
	{ "ocop_import_products", "sản phẩm", "products" },
	{ "ocop_import_certified", "có giấy chứng nhận (3 đến 5 sao)",
	  "with a certificate (3 to 5 stars)" },
	{ "ocop_import_rated", "được xếp 1 hoặc 2 sao",
	  "rated 1 or 2 stars" },
	{ "ocop_import_registered", "chưa xếp hạng", "not yet rated" },
	{ "ocop_import_producers_created", "chủ thể mới",
	  "new producers" },
	{ "ocop_import_by_province", "Theo tỉnh, thành phố và số sao",
	  "By province and stars" },
	{ "ocop_import_province", "Tỉnh, thành phố", "Province" },
	{ "ocop_import_stars5", "5 sao", "5 stars" },
	{ "ocop_import_stars4", "4 sao", "4 stars" },
	{ "ocop_import_stars3", "3 sao", "3 stars" },
	{ "ocop_import_stars2", "2 sao", "2 stars" },
	{ "ocop_import_stars1", "1 sao", "1 star" },
	{ "ocop_import_unrated", "Chưa xếp hạng", "Not rated" },
	{ "ocop_import_total", "Tổng", "Total" },
	{ "ocop_import_see_products", "Xem danh sách sản phẩm",
	  "See the products" },
	{ "ocop_import_problems",
	  "Các lỗi trong tệp: chưa ghi dòng nào, hãy sửa rồi gửi lại cả tệp",
	  "Problems in the file: nothing is stored; fix them and send the "
	  "whole file again" },
	{ "ocop_import_row_h", "Dòng", "Row" },
	{ "ocop_import_column_h", "Cột", "Column" },
	{ "ocop_import_problem_h", "Lỗi", "Problem" },
	{ "ocop_import_help",
	  "Tệp CSV (UTF-8, dấu phẩy) hoặc Excel (.xlsx, trang đầu tiên), dòng "
	  "đầu là tiêu đề với các cột: product_name, producer_name, "
	  "producer_type, structure, commune_code, group, stars, "
	  "certificate_no, issued, expires. Ngày ghi năm-tháng-ngày "
	  "(2024-06-12).",
	  "A CSV file (UTF-8, commas) or an Excel workbook (.xlsx, its first "
	  "sheet) whose first row names the columns: product_name, "
	  "producer_name, producer_type, structure, commune_code, group, "
	  "stars, certificate_no, issued, expires. Dates are year-month-day "
	  "(2024-06-12)." },
	{ "ocop_import_help_place",
	  "structure: 2025 với mã xã, phường hiện nay; pre2025 với mã xã cũ "
	  "(trước 01/7/2025): sản phẩm được đưa về xã, phường mới theo quyết "
	  "định sắp xếp. Xã cũ chia về nhiều xã mới được báo lại để bạn chọn.",
	  "structure: 2025 with today's commune code; pre2025 with the old "
	  "commune's code (before 1 July 2025): the product goes to the new "
	  "commune it was merged into. An old commune split among several is "
	  "reported for you to choose." },
	{ "ocop_import_help_group",
	  "group: số nhóm 1 đến 6 hoặc tên nhóm (Thực phẩm, Đồ uống…); "
	  "producer_type: hợp tác xã, doanh nghiệp, hộ kinh doanh, tổ hợp "
	  "tác, hoặc để trống.",
	  "group: the group's number 1 to 6 or its name (Thực phẩm, Đồ "
	  "uống…); producer_type: cooperative, enterprise, business "
	  "household, cooperative group, or empty." },
	{ "ocop_import_help_stars",
	  "stars: 3 đến 5 sao cần số giấy chứng nhận và ngày cấp (hết hạn "
	  "mặc định sau 36 tháng); 1 hoặc 2 sao được ghi nhận, không có giấy "
	  "chứng nhận; để trống khi chưa xếp hạng.",
	  "stars: 3 to 5 stars need the certificate's number and issue date "
	  "(it expires 36 months later unless given); 1 or 2 stars are "
	  "recorded without a certificate; empty when not yet rated." },
	{ "ocop_import_help_all",
	  "Một dòng lỗi thì không ghi dòng nào; mọi lỗi được liệt kê. Sản phẩm "
	  "hoặc số giấy chứng nhận đã có trên hệ thống bị từ chối, nên gửi lại "
	  "cùng một tệp không tạo bản trùng.",
	  "One bad row and nothing is stored; every problem is listed. A "
	  "product or a certificate number already recorded is refused, so "
	  "sending the same file again makes no duplicates." },
	{ "ocop_import_file", "Tệp danh sách (CSV hoặc Excel .xlsx)",
	  "The list (CSV or Excel .xlsx)" },
	{ "ocop_import_button", "Nhập danh sách", "Import the list" },
	{ NULL, NULL, NULL }
};
