/*
 * crit_province.c - the message table of a province's own criteria sets
 * (keys cprov_*; issue 19, docs/DIGITAL.md section 5): the province's
 * page of sets and templates, and the model commune's smart villages on a
 * dossier.
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_crit_province[] = {
	{ "cprov_title", "Bộ tiêu chí riêng của tỉnh",
	  "The province's own criteria sets" },
	{ "cprov_help", "Tỉnh ban hành bộ tiêu chí thôn thông minh và xã nông "
	  "thôn mới hiện đại của mình trong khung quốc gia: sao chép một bộ mẫu, "
	  "rồi điền ngưỡng theo quyết định của UBND tỉnh. Chỉ các thôn, xã của "
	  "tỉnh được đánh giá theo bộ của tỉnh.",
	  "A province issues its own smart-village and modern-commune sets "
	  "within the national frame: copy a template, then fill the thresholds "
	  "from the provincial People's Committee's decision. Only the "
	  "province's villages and communes are evaluated against its sets." },
	{ "cprov_own", "Bộ tiêu chí của tỉnh", "The province's sets" },
	{ "cprov_own_none", "Tỉnh chưa có bộ tiêu chí riêng trên nền tảng.",
	  "The province has no set of its own on the platform yet." },
	{ "cprov_templates", "Bộ mẫu để sao chép", "Templates to copy" },
	{ "cprov_templates_help", "Bộ mẫu là điểm khởi đầu do nền tảng đề xuất, "
	  "không phải văn bản pháp lý; bộ mẫu không dùng để đánh giá.",
	  "A template is a starting point the platform proposes, not a legal "
	  "text; templates are never used to evaluate." },
	{ "cprov_copy", "Sao chép thành bộ của tỉnh", "Copy as the province's set" },
	{ "cprov_copied", "Tỉnh đã có bản sao", "The province has its copy" },
	{ "cprov_derived_from", "Sao chép từ bộ mẫu", "Copied from the template" },
	{ "cprov_version", "Phiên bản", "Version" },
	{ "cprov_set_threshold", "Sửa ngưỡng một chỉ tiêu",
	  "Set the threshold of an indicator" },
	{ "cprov_import", "Nạp phiên bản mới (tài liệu JSON)",
	  "Load a new version (JSON document)" },
	{ "cprov_import_help", "Tài liệu phải là bộ tiêu chí riêng của tỉnh này "
	  "(không phải bộ mẫu, không phải bộ của tỉnh khác).",
	  "The document must be this province's own set (not a template, not "
	  "another province's)." },
	{ "cprov_manage", "Bộ tiêu chí riêng của tỉnh",
	  "The province's own criteria sets" },
	{ "cprov_smart_villages", "Thôn thông minh: đánh giá trên nền tảng",
	  "Smart villages: the platform's evaluation" },
	{ "cprov_smart_help", "Kết quả đánh giá các thôn của xã theo bộ tiêu chí "
	  "thôn thông minh của tỉnh, bên cạnh minh chứng đính kèm.",
	  "The evaluation of the commune's villages against the province's "
	  "smart-village set, beside the attached evidence." },
	{ "cprov_smart_met", "Số thôn đạt", "Villages meeting the set" },
	{ "cprov_no_smart_set", "Tỉnh chưa có bộ tiêu chí thôn thông minh trên "
	  "nền tảng.", "The province has no smart-village set on the platform." },
	{ "cprov_no_villages", "Chưa có thôn nào trên nền tảng.",
	  "No village on the platform yet." },
	{ "cprov_not_evaluated", "Chưa đánh giá", "Not evaluated" },
	{ "dos_check_smart_village_met", "Ít nhất một thôn đạt tiêu chí thôn "
	  "thông minh của tỉnh", "At least one village meets the province's "
	  "smart-village set" },
	{ "cprov_badge_template", "Bộ mẫu", "Template" },
	{ "cprov_of_province", "Bộ riêng của", "The own set of" },
	{ NULL, NULL, NULL }
};
