/*
 * legal.c - the message table of the legal library and the public
 * portal's block on the home page (keys leg_*; domain/legal/legal.h).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_legal[] = {
	{ "leg_nav", "Văn bản", "Legal documents" },
	{ "leg_title", "Văn bản pháp lý", "Legal documents" },
	{ "leg_intro", "Các văn bản mà nền tảng áp dụng: bộ tiêu chí, quy trình, "
	  "biểu mẫu báo cáo và bảng điểm đều dẫn chiếu tới chúng. Thông tin "
	  "ghi “chưa kiểm chứng” là ghi nhớ, chưa đối chiếu với văn bản gốc; "
	  "hãy tra văn bản gốc trên vanban.chinhphu.vn.",
	  "The documents the platform applies: its criteria sets, procedures, "
	  "report forms and scorecards cite them. A fact marked “not verified” "
	  "is recalled, not checked against the official text; consult the "
	  "official text at vanban.chinhphu.vn." },
	{ "leg_search", "Tìm theo số hiệu hoặc trích yếu",
	  "Search by number or title" },
	{ "leg_search_button", "Tìm", "Search" },
	{ "leg_found", "văn bản", "documents" },
	{ "leg_of", "trên", "of" },
	{ "leg_none", "Không có văn bản nào khớp.", "No document matches." },
	{ "leg_all", "Xem tất cả", "Show all" },
	{ "leg_number", "Số hiệu", "Number" },
	{ "leg_kind", "Loại văn bản", "Kind" },
	{ "leg_kind_decision", "Quyết định", "Decision" },
	{ "leg_kind_resolution", "Nghị quyết", "Resolution" },
	{ "leg_kind_decree", "Nghị định", "Decree" },
	{ "leg_kind_circular", "Thông tư", "Circular" },
	{ "leg_kind_letter", "Công văn", "Official letter" },
	{ "leg_issuer", "Cơ quan ban hành", "Issued by" },
	{ "leg_date", "Ngày ban hành", "Date" },
	{ "leg_date_unknown", "chưa tìm thấy", "not found" },
	{ "leg_effective", "Hiệu lực từ", "In force from" },
	{ "leg_status", "Tình trạng", "Status" },
	{ "leg_in_force_yes", "Còn hiệu lực", "In force" },
	{ "leg_in_force_no", "Hết hiệu lực hoặc hết giai đoạn áp dụng",
	  "No longer in force or its period has ended" },
	{ "leg_in_force_not_known", "Chưa xác định được",
	  "Not established" },
	{ "leg_replaced_by", "Được thay thế bởi", "Replaced by" },
	{ "leg_amended_by", "Được sửa đổi bởi", "Amended by" },
	{ "leg_summary", "Tóm tắt", "Summary" },
	{ "leg_verification", "Kiểm chứng", "Verification" },
	{ "leg_verified", "Đã kiểm chứng", "Verified" },
	{ "leg_recalled", "Ghi nhớ, chưa kiểm chứng", "Recalled, not verified" },
	{ "leg_recalled_mark", "chưa kiểm chứng", "not verified" },
	{ "leg_official_text", "Nguồn đã đối chiếu", "Source checked" },
	{ "leg_used_by", "Được áp dụng trong nền tảng",
	  "Used in the platform" },
	{ "leg_used_none", "Chưa có bộ tiêu chí, quy trình, biểu mẫu hay bảng "
	  "điểm nào trên nền tảng dẫn chiếu văn bản này.",
	  "No criteria set, procedure, form or scorecard of the platform cites "
	  "this document yet." },
	{ "leg_used_count", "nơi áp dụng", "uses" },
	{ "leg_cites_whole", "dẫn chiếu văn bản này", "cites this document" },
	{ "leg_cites_items", "Tiêu chí, mục dẫn chiếu:",
	  "Criteria and items citing it:" },
	{ "leg_cited_kind_criteria_set", "Bộ tiêu chí", "Criteria set" },
	{ "leg_cited_kind_procedure", "Quy trình", "Procedure" },
	{ "leg_cited_kind_form", "Biểu mẫu báo cáo", "Report form" },
	{ "leg_cited_kind_scorecard", "Bảng điểm OCOP", "OCOP scorecard" },
	{ "leg_version", "phiên bản", "version" },
	{ "leg_source_docs", "Văn bản", "Legal source" },
	{ "leg_portal_title", "Cổng thông tin công khai",
	  "The public portal" },
	{ "leg_portal_intro", "Người dân và báo chí xem không cần đăng nhập.",
	  "Citizens and the press read these without signing in." },
	{ "leg_portal_dashboard", "Bảng tổng hợp cả nước",
	  "The national dashboard" },
	{ "leg_portal_dashboard_text", "Tình hình xây dựng nông thôn mới, "
	  "khảo sát, hồ sơ công nhận và OCOP.",
	  "New rural development, surveys, recognition dossiers and OCOP at a "
	  "glance." },
	{ "leg_portal_maps", "Bản đồ", "Maps" },
	{ "leg_portal_maps_text", "Các chỉ số theo tỉnh, thành phố.",
	  "Indicators by province." },
	{ "leg_portal_register", "Danh sách công nhận",
	  "Register of recognitions" },
	{ "leg_portal_register_text", "Các địa phương đạt chuẩn và quyết định "
	  "công nhận.", "The places recognised and their decisions." },
	{ "leg_portal_library", "Thư viện văn bản", "Legal library" },
	{ "leg_portal_library_text", "Các văn bản mà nền tảng áp dụng.",
	  "The legal documents the platform applies." },
	{ "leg_portal_open_data", "Dữ liệu mở", "Open data" },
	{ "leg_portal_open_data_text", "Tải dữ liệu công khai dạng CSV và JSON.",
	  "Public data to download as CSV and JSON." },
	{ NULL, NULL, NULL }
};
