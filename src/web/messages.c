/*
 * messages.c - every string the interface shows, in Vietnamese and in
 * English: one table, so English is a second column, not a second code
 * path.  Templates read them as {{t.key}}; handlers through web_msg.
 */
#include <string.h>

#include "web/web_internal.h"

static const struct message {
	const char *key, *vi, *en;
} messages[] = {
	{ "app_name", "Nông thôn mới số", "NTM Digital" },
	{ "app_tagline", "Nền tảng số của Chương trình mục tiêu quốc gia xây dựng nông thôn mới và Chương trình OCOP",
	  "Digital platform of the National Target Programme on New Rural Development and the OCOP programme" },
	{ "home_intro", "Một cơ sở dữ liệu thống nhất, dùng chung cho trung ương, tỉnh, xã và thôn: kế hoạch và báo cáo, đánh giá và công nhận xã đạt chuẩn nông thôn mới theo bộ tiêu chí quốc gia, khảo sát sự hài lòng của người dân, sản phẩm OCOP và chuyển đổi số.",
	  "One standardised database shared by the central, province, commune and village levels: planning and reporting, appraisal and recognition of communes against the national New Rural criteria, citizen satisfaction surveys, OCOP products and digital transformation." },
	{ "nav_home", "Trang chủ", "Home" },
	{ "nav_units", "Đơn vị hành chính", "Administrative units" },
	{ "search_label", "Tìm đơn vị hành chính", "Find an administrative unit" },
	{ "search_placeholder", "Tỉnh, xã, phường… (có dấu hoặc không)", "Province, commune… (accents optional)" },
	{ "search_button", "Tìm", "Search" },
	{ "structure", "Cấu trúc", "Structure" },
	{ "structure_2025", "Từ 1/7/2025", "Since 1 July 2025" },
	{ "structure_pre2025", "Trước 1/7/2025", "Before 1 July 2025" },
	{ "level_country", "Quốc gia", "Country" },
	{ "level_province", "Tỉnh, thành phố", "Province" },
	{ "level_district", "Huyện, quận, thị xã", "District" },
	{ "level_commune", "Xã, phường", "Commune" },
	{ "level_village", "Thôn, bản, ấp", "Village" },
	{ "nationwide", "Cả nước", "Nationwide" },
	{ "provinces", "tỉnh, thành phố", "provinces" },
	{ "districts", "huyện, quận, thị xã", "districts" },
	{ "communes", "xã, phường, đặc khu", "communes" },
	{ "communes_pre2025", "xã, phường, thị trấn", "communes" },
	{ "rural_communes", "xã (thuộc phạm vi nông thôn mới)", "rural communes (xã, in the New Rural scope)" },
	{ "browse_units", "Duyệt đơn vị hành chính", "Browse administrative units" },
	{ "children", "Đơn vị trực thuộc", "Subordinate units" },
	{ "code", "Mã", "Code" },
	{ "subunits", "Trực thuộc", "Units" },
	{ "home", "Trang chủ", "Home" },
	{ "name", "Tên", "Name" },
	{ "type", "Loại", "Type" },
	{ "region", "Vùng", "Region" },
	{ "rural", "Nông thôn", "Rural" },
	{ "yes", "Có", "Yes" },
	{ "no", "Không", "No" },
	{ "units_count", "đơn vị", "units" },
	{ "successors", "Đã sáp nhập vào (từ 1/7/2025)", "Merged into (from 1 July 2025)" },
	{ "predecessors", "Hình thành từ", "Formed from" },
	{ "relation_full", "toàn bộ", "whole" },
	{ "relation_partial", "một phần", "part" },
	{ "qa_flag", "cần kiểm tra", "needs checking" },
	{ "results", "Kết quả", "Results" },
	{ "results_for", "Kết quả tìm kiếm cho", "Search results for" },
	{ "no_results", "Không tìm thấy đơn vị nào.", "No unit found." },
	{ "prev", "‹ Trang trước", "‹ Previous" },
	{ "next", "Trang sau ›", "Next ›" },
	{ "showing", "Hiển thị", "Showing" },
	{ "of", "trên", "of" },
	{ "other_lang_name", "English", "Tiếng Việt" },
	{ "modules", "Các phân hệ", "Modules" },
	{ "module_units", "Danh mục đơn vị hành chính hai cấu trúc (trước và sau 1/7/2025) và quan hệ sáp nhập.",
	  "The administrative units in both structures (before and after 1 July 2025) and how they merged." },
	{ "modules_coming", "Đang xây dựng: tài khoản và phân quyền, bộ tiêu chí và đánh giá, khảo sát sự hài lòng, hồ sơ công nhận, kế hoạch và báo cáo, OCOP, sàn thương mại điện tử, chuyển đổi số.",
	  "Being built: accounts and roles, criteria and evaluation, satisfaction surveys, recognition dossiers, planning and reporting, OCOP, the marketplace, digital transformation." },
	{ "error", "Lỗi", "Error" },
	{ "back_home", "Về trang chủ", "Back to home" },
	{ "data_source", "Dữ liệu đơn vị hành chính: Tổng cục Thống kê (mã GSO), Công văn 1027/CTK-CSCL; quan hệ sáp nhập theo các nghị quyết 1654–1687/NQ-UBTVQH15.",
	  "Administrative units: General Statistics Office (GSO codes), Official Letter 1027/CTK-CSCL; mergers per resolutions 1654–1687/NQ-UBTVQH15." },
	{ "skip_to_content", "Bỏ qua đến nội dung", "Skip to content" },
	{ "language", "Ngôn ngữ", "Language" },
	{ "merged_count", "đơn vị cũ", "former units" },
	{ "login", "Đăng nhập", "Sign in" },
	{ "logout", "Đăng xuất", "Sign out" },
	{ "username", "Tên đăng nhập", "Username" },
	{ "password", "Mật khẩu", "Password" },
	{ "full_name", "Họ và tên", "Full name" },
	{ "roles", "Vai trò", "Roles" },
	{ "role", "Vai trò", "Role" },
	{ "unit_field", "Đơn vị (cấu trúc:mã)", "Unit (structure:code)" },
	{ "change_password", "Đổi mật khẩu", "Change password" },
	{ "old_password", "Mật khẩu hiện tại", "Current password" },
	{ "new_password", "Mật khẩu mới (ít nhất 8 ký tự)", "New password (8 characters or more)" },
	{ "save", "Lưu", "Save" },
	{ "create", "Tạo", "Create" },
	{ "tokens", "Khóa API", "API tokens" },
	{ "tokens_help", "Khóa API cho phần mềm kết nối: gửi kèm tiêu đề 'Authorization: Bearer <khóa>'.", "Tokens for machine clients: send 'Authorization: Bearer <token>'." },
	{ "token_once", "Khóa mới (chỉ hiện một lần này, hãy lưu lại):", "New token (shown this once only; keep it safe):" },
	{ "new_token", "Tạo khóa API mới", "New API token" },
	{ "state", "Trạng thái", "State" },
	{ "active", "đang dùng", "active" },
	{ "revoked", "đã thu hồi", "revoked" },
	{ "revoke", "Thu hồi", "Revoke" },
	{ "users", "Tài khoản", "Accounts" },
	{ "new_user", "Tạo tài khoản", "New account" },
	{ "accounts_in_scope", "tài khoản trong phạm vi của bạn", "accounts in your scope" },
	{ "disabled", "đã khóa", "disabled" },
	{ "disable", "Khóa", "Disable" },
	{ "enable", "Mở khóa", "Enable" },
	{ "audit", "Nhật ký thao tác", "Audit trail" },
	{ "since", "Từ ngày", "Since" },
	{ "entries", "mục", "entries" },
	{ "time", "Thời gian", "Time" },
	{ "who", "Người thực hiện", "Who" },
	{ "action", "Thao tác", "Action" },
	{ "object", "Đối tượng", "Object" },
};

static json_t *tables[2];

void
web_messages_init(void)
{
	tables[0] = json_object();
	tables[1] = json_object();
	for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
		json_object_set_new(tables[0], messages[i].key,
		    json_string(messages[i].vi));
		json_object_set_new(tables[1], messages[i].key,
		    json_string(messages[i].en));
	}
}

void
web_messages_free(void)
{
	json_decref(tables[0]);
	json_decref(tables[1]);
	tables[0] = tables[1] = NULL;
}

const json_t *
web_messages(const char *lang)
{
	return tables[strcmp(lang, "en") == 0];
}

const char *
web_msg(const char *lang, const char *key)
{
	const char *s = json_string_value(json_object_get(web_messages(lang), key));

	return s != NULL ? s : key;
}
