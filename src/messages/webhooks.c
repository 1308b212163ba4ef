/*
 * webhooks.c - the message table of webhook subscriptions (keys wh_* and
 * the form's field labels; domain/webhooks/webhooks.h).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_webhooks[] = {
	{ "wh_title", "Webhook: báo thay đổi cho hệ thống khác",
	  "Webhooks: changes sent to other systems" },
	{ "wh_intro", "Mỗi thay đổi thuộc phạm vi của anh/chị (đơn vị, chỉ "
	  "tiêu, báo cáo, hồ sơ, chứng nhận OCOP, kết quả khảo sát) được gửi "
	  "ngay tới địa chỉ của hệ thống nhận, có chữ ký để hệ thống đó kiểm "
	  "tra. Hệ thống nhận cũng có thể tự đọc danh sách thay đổi:",
	  "Every change inside your scope (units, indicators, reports, "
	  "dossiers, OCOP certificates, survey results) is sent at once to the "
	  "receiving system's address, signed so that it can check it. The "
	  "receiving system can also read the list of changes itself:" },
	{ "wh_feed_link", "danh sách thay đổi", "the change feed" },
	{ "wh_api_link", "Mô tả API cho lập trình viên",
	  "The API described, for developers" },
	{ "wh_url", "Địa chỉ nhận", "Receiver's address" },
	{ "wh_unit", "Phạm vi", "Scope" },
	{ "wh_state", "Trạng thái", "State" },
	{ "wh_state_active", "Đang gửi", "Sending" },
	{ "wh_state_paused", "Tạm dừng", "Paused" },
	{ "wh_last_failure", "Lỗi gần nhất", "Last failure" },
	{ "wh_last_delivered", "Gửi được gần nhất", "Last delivered" },
	{ "wh_created", "Đăng ký lúc", "Registered" },
	{ "wh_none", "Anh/chị chưa đăng ký webhook nào.",
	  "You have not registered any webhook." },
	{ "wh_new", "Đăng ký webhook mới", "Register a new webhook" },
	{ "wh_url_help", "Phải bắt đầu bằng https://. Không gửi tới địa chỉ "
	  "trong mạng nội bộ.", "Must start with https://. Nothing is sent "
	  "to addresses of a private network." },
	{ "wh_kinds_help", "Không chọn loại nào: gửi mọi loại thay đổi.",
	  "None chosen: every kind of change is sent." },
	{ "wh_register", "Đăng ký", "Register" },
	{ "wh_secret_once", "Đã đăng ký. Đây là khóa bí mật để hệ thống nhận "
	  "kiểm tra chữ ký: hãy chép lại ngay, khóa chỉ hiện một lần này.",
	  "Registered. This is the secret the receiving system checks the "
	  "signatures with: copy it now, it is shown this once." },
	{ "wh_one_title", "Webhook", "Webhook" },
	{ "wh_back", "← Các webhook", "← Webhooks" },
	{ "wh_every_kind", "Mọi loại thay đổi", "Every kind of change" },
	{ "wh_pause", "Tạm dừng", "Pause" },
	{ "wh_resume", "Gửi lại", "Resume" },
	{ "wh_rotate", "Đổi khóa bí mật", "New secret" },
	{ "wh_delete", "Xóa webhook", "Delete the webhook" },
	{ "wh_parked", "Đã ngừng gửi (cần xử lý)", "Given up (needs you)" },
	{ "wh_failing", "Đang gửi lại", "Being retried" },
	{ "wh_recent", "Gần đây", "Recent" },
	{ "wh_no_parked", "Không có lần gửi nào bị ngừng.",
	  "No delivery was given up." },
	{ "wh_no_failing", "Không có lần gửi nào đang lỗi.",
	  "No delivery is failing." },
	{ "wh_no_recent", "Chưa gửi gì.", "Nothing sent yet." },
	{ "wh_delivery", "Thay đổi", "Change" },
	{ "wh_error", "Lỗi", "Error" },
	{ "wh_attempts", "Số lần thử", "Attempts" },
	{ "wh_next_at", "Thử lại lúc", "Next attempt" },
	{ "wh_sent_at", "Gửi lúc", "Sent" },
	{ "wh_retry", "Gửi lại", "Send again" },
	{ "wh_retry_now", "Gửi ngay", "Send now" },
	{ "wh_dl_pending", "Chờ gửi", "Waiting" },
	{ "wh_dl_delivered", "Đã gửi", "Delivered" },
	{ "wh_dl_failing", "Đang lỗi", "Failing" },
	{ "wh_dl_parked", "Đã ngừng", "Given up" },
	{ "wh_home_failing", "Webhook đang gửi lỗi",
	  "Webhooks failing" },
	{ "wh_home_detail", "{1} lần gửi lỗi, {2} lần đã ngừng",
	  "{1} failing, {2} given up" },
	{ "wh_kind_unit", "Đơn vị hành chính", "Administrative units" },
	{ "wh_kind_indicator_values", "Số liệu chỉ tiêu", "Indicator values" },
	{ "wh_kind_evaluation", "Kết quả đánh giá tiêu chí",
	  "Criteria evaluations" },
	{ "wh_kind_report", "Báo cáo", "Reports" },
	{ "wh_kind_report_approval", "Duyệt báo cáo", "Report approvals" },
	{ "wh_kind_dossier_decision", "Quyết định công nhận",
	  "Recognition decisions" },
	{ "wh_kind_ocop_certificate", "Chứng nhận OCOP", "OCOP certificates" },
	{ "wh_kind_survey_results", "Kết quả khảo sát", "Survey results" },
	{ "field_url", "Địa chỉ nhận", "Receiver's address" },
	{ "field_kinds", "Loại thay đổi", "Kinds of change" },
	{ NULL, NULL, NULL }
};
