/*
 * rep_auto.c - the message table of the reports' automatic figures, plan
 * versus actual and longer periods (keys rauto_*: what
 * domain/reporting/rep_auto.c, rep_plan.c and rep_report.c's aggregate of
 * a longer period say).
 *
 * One entry per string a person reads: key, Vietnamese, English.  Every
 * module's table is listed in messages.c; core/msg.h looks keys up.
 */
#include "core/msg.h"

const struct msg msg_table_rep_auto[] = {
	{ "rauto_units_met_one",
	  "Theo đánh giá năm {1} theo bộ tiêu chí “{2}”: {3} (1 là đạt "
	  "chuẩn, 0 là chưa)",
	  "From the {1} evaluation under the criteria set “{2}”: {3} (1 when "
	  "the standard is met, 0 when not)" },
	{ "rauto_status_met", "đạt chuẩn", "meets the standard" },
	{ "rauto_status_not_met", "chưa đạt chuẩn",
	  "does not meet the standard" },
	{ "rauto_status_incomplete", "chưa đủ số liệu để đạt chuẩn",
	  "not enough data to meet the standard" },
	{ "rauto_units_met_scope",
	  "{1} trong {2} xã được đánh giá năm {3} đạt chuẩn theo bộ tiêu chí "
	  "“{4}” (tổng hợp đánh giá tiêu chí)",
	  "{1} of the {2} communes evaluated for {3} meet the standard of the "
	  "criteria set “{4}” (the criteria roll-up)" },
	{ "rauto_no_rollup",
	  "Chưa có xã nào được đánh giá năm {1} theo bộ tiêu chí “{2}”: để "
	  "trống",
	  "No commune has a {1} evaluation under the criteria set “{2}” yet: "
	  "left empty" },
	{ "rauto_criteria_met",
	  "Đạt {1}/{2} tiêu chí theo đánh giá năm {3} theo bộ tiêu chí “{4}”",
	  "{1} of {2} criteria met in the {3} evaluation under the criteria "
	  "set “{4}”" },
	{ "rauto_no_eval",
	  "Chưa có đánh giá năm {1} theo bộ tiêu chí “{2}”: để trống",
	  "No {1} evaluation under the criteria set “{2}” yet: left empty" },
	{ "rauto_no_survey",
	  "Chưa có đợt khảo sát sự hài lòng nào của đơn vị kết thúc trước "
	  "hết kỳ báo cáo: để trống",
	  "No satisfaction survey of the unit had closed by the end of the "
	  "period: left empty" },
	{ "rauto_survey_few",
	  "Đợt khảo sát “{1}” (kết thúc {2}) có {3} phiếu, quá ít để công bố "
	  "tỷ lệ: để trống",
	  "The survey “{1}” (closed {2}) has {3} responses, too few to publish "
	  "a rate: left empty" },
	{ "rauto_survey",
	  "Tỷ lệ người dân hài lòng của đợt khảo sát “{1}” (kết thúc {2}, {3} "
	  "phiếu): {4}",
	  "The satisfied share of the survey “{1}” (closed {2}, {3} "
	  "responses): {4}" },
	{ "rauto_title_any", "nông thôn mới (mọi mức)",
	  "New Rural (any level)" },
	{ "rauto_titles_one",
	  "{1} quyết định công nhận danh hiệu {2} cho đơn vị, ký từ {3} đến "
	  "{4}",
	  "{1} decisions granting the unit the title {2}, dated {3} to {4}" },
	{ "rauto_titles_scope",
	  "{1} quyết định công nhận danh hiệu {2} cho đơn vị và các xã thuộc "
	  "đơn vị, ký từ {3} đến {4}",
	  "{1} decisions granting the title {2} to the unit and its communes, "
	  "dated {3} to {4}" },
	{ "rauto_frozen",
	  "Số liệu nền tảng tự điền, giữ nguyên như khi nộp báo cáo",
	  "Filled in by the platform, kept as it was when the report was "
	  "submitted" },
	{ "rauto_plan_report",
	  "Kế hoạch: báo cáo kế hoạch năm {1} của chính đơn vị. Tỷ lệ thực "
	  "hiện = thực hiện ÷ kế hoạch × 100, để trống khi chưa có kế hoạch "
	  "hoặc kế hoạch bằng 0.",
	  "Plan: the unit's own plan for {1}. Share achieved = actual ÷ plan × "
	  "100, left empty when there is no plan or the plan is 0." },
	{ "rauto_plan_aggregate",
	  "Kế hoạch: tổng kế hoạch năm {1} của các xã thuộc đơn vị (số liệu "
	  "tổng hợp được cập nhật mỗi lần lưu). Tỷ lệ thực hiện = thực hiện ÷ "
	  "kế hoạch × 100, để trống khi chưa có kế hoạch hoặc kế hoạch bằng 0.",
	  "Plan: the sum of the {1} plans of the unit's communes (kept up to "
	  "date on every save). Share achieved = actual ÷ plan × 100, left "
	  "empty when there is no plan or the plan is 0." },
	{ "rauto_over_time_method",
	  "Số liệu kỳ {1} được tính từ số liệu tổng hợp của từng kỳ ({2} trong "
	  "{3} kỳ có báo cáo): chỉ tiêu lũy kế lấy kỳ gần nhất có số liệu, chỉ "
	  "tiêu phát sinh trong kỳ được cộng các kỳ, nội dung văn bản để trống.",
	  "The figures of {1} are made from the aggregate of each period ({2} "
	  "of {3} periods have reports): a running total takes the latest "
	  "period with a figure, a figure of the period alone adds the "
	  "periods, texts are left out." },
	{ NULL, NULL, NULL }
};
