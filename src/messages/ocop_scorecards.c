/*
 * ocop_scorecards.c - the message table of the OCOP scorecards (keys
 * ocs_*, and doc_scorecard for the documents' own refusals): the
 * scorecard page and the scoring sheet (docs/OCOP.md section 3).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_ocop_scorecards[] = {
	{ "doc_scorecard", "bảng điểm OCOP", "OCOP scorecard" },
	{ "ocs_title", "Bảng điểm đánh giá, phân hạng sản phẩm OCOP",
	  "OCOP product evaluation scorecards" },
	{ "ocs_part", "Phần", "Part" },
	{ "ocs_max", "Điểm tối đa", "Maximum" },
	{ "ocs_sections", "Nhóm tiêu chí", "Sections" },
	{ "ocs_to_complete", "chưa nhập", "not yet entered" },
	{ "ocs_groups", "Nhóm sản phẩm", "Product groups" },
	{ "ocs_by_part", "chấm theo phần (tiêu chí chi tiết chưa nhập)",
	  "scored by part (sub-criteria not yet entered)" },
	{ "ocs_items_count", "tiêu chí chi tiết", "sub-criteria" },
	{ "ocs_bands", "Hạng sao", "Star bands" },
	{ "ocs_stars", "Số sao", "Stars" },
	{ "ocs_from", "Từ (điểm)", "From (points)" },
	{ "ocs_spread", "Chênh lệch tối đa giữa các thành viên trước khi phải "
	  "thảo luận", "Largest spread between members before discussion" },
	{ "ocs_rounding", "Điểm trung bình được làm tròn 5 lên, đến một chữ số "
	  "thập phân, trước khi xếp hạng sao.",
	  "The mean is rounded half-up to one decimal before banding." },
	{ "ocs_source", "Căn cứ", "Legal source" },
	{ "ocs_status_verified", "đã đối chiếu văn bản", "verified" },
	{ "ocs_status_carried_over", "lấy từ văn bản trước, chưa xác nhận",
	  "carried over, not yet confirmed" },
	{ "ocs_status_to_complete", "chưa nhập", "to complete" },
	{ "ocs_status_local", "thiết lập của phần mềm", "a software setting" },
	{ "ocs_sheet_title", "Phiếu chấm điểm (thử)", "Scoring sheet (preview)" },
	{ "ocs_sheet_intro", "Nhập điểm của từng thành viên hội đồng; kết quả "
	  "chỉ để xem trước, không được lưu.",
	  "Enter each council member's scores; the result is a preview and is "
	  "not saved." },
	{ "ocs_member", "Thành viên", "Member" },
	{ "ocs_compute", "Tính điểm", "Compute" },
	{ "ocs_total", "Tổng điểm", "Total" },
	{ "ocs_mean", "Điểm trung bình", "Mean" },
	{ "ocs_flagged", "Các thành viên chấm chênh nhau nhiều: cần thảo luận",
	  "Members disagree widely: discuss before closing" },
	{ "ocs_result", "Kết quả tạm tính", "Provisional result" },
	{ "ocs_open_sheet", "Mở phiếu chấm thử", "Open a scoring sheet" },
	{ NULL, NULL, NULL }
};
