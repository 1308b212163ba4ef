/*
 * notices.c - the message table of notices and mail (keys ntc_* and the
 * settings form's field labels; domain/notices/notices.h).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_notices[] = {
	{ "ntc_title", "Thông báo và thư điện tử", "Notices and e-mail" },
	{ "ntc_intro", "Hệ thống ghi lại những việc đang chờ bạn (báo cáo sắp "
	  "đến hạn hoặc quá hạn, hồ sơ chờ xử lý, giấy chứng nhận OCOP sắp hết "
	  "hạn, đợt khảo sát sắp đóng, webhook bị lỗi) và có thể gửi thư cho "
	  "bạn: ngay khi có việc, hoặc một bản tin mỗi sáng.",
	  "The platform notes what waits for you (reports due soon or late, "
	  "dossiers to handle, OCOP certificates expiring, surveys closing, "
	  "failing webhooks) and can mail you: at once, or a digest every "
	  "morning." },
	{ "ntc_user_title", "Thông báo của tài khoản", "The account's notices" },
	{ "ntc_home_title", "Thông báo", "Notices" },
	{ "ntc_home_none", "Chưa có thông báo nào.", "No notices yet." },
	{ "ntc_new", "Mới", "New" },
	{ "ntc_resolved", "Đã xong", "Done" },
	{ "ntc_found_on", "Ghi nhận ngày", "Noted on" },
	{ "ntc_mail_off", "Hệ thống chưa được cấu hình để gửi thư điện tử: "
	  "thông báo vẫn hiện ở đây, thư sẽ được gửi khi máy chủ thư được cấu "
	  "hình.", "Mail is off on this platform: notices show here, and mail "
	  "is sent once a mail server is configured." },
	{ "ntc_mail_to", "Thư gửi tới", "Mail goes to" },
	{ "ntc_no_address", "Chưa có địa chỉ thư điện tử: thông báo chỉ hiện "
	  "trên trang chủ.", "No e-mail address: notices show only on the home "
	  "page." },
	{ "ntc_settings", "Cách nhận thông báo", "How to get notices" },
	{ "ntc_change", "Thay đổi", "Change" },
	{ "ntc_email_hint", "Để trống nếu không muốn nhận thư.",
	  "Leave empty for no mail." },
	{ "ntc_pref_unset", "Không gửi thư (chưa có địa chỉ)",
	  "No mail (no address)" },
	{ "ntc_pref_immediate", "Gửi thư ngay khi có việc mới",
	  "A mail for each new item, at once" },
	{ "ntc_pref_digest", "Một bản tin mỗi sáng (mặc định)",
	  "A digest every morning (the default)" },
	{ "ntc_pref_none", "Không gửi thư", "No mail" },
	{ "ntc_lang_vi", "Tiếng Việt", "Vietnamese" },
	{ "ntc_lang_en", "Tiếng Anh", "English" },
	{ "field_email", "Địa chỉ thư điện tử", "E-mail address" },
	{ "field_pref", "Nhận thư", "Mail" },
	{ "field_lang", "Ngôn ngữ của thư", "Language of the mail" },
	{ "ntc_mail_from_name", "Nông thôn mới", "New Rural Development" },
	{ "ntc_mail_hello", "Chào {1},", "Hello {1}," },
	{ "ntc_mail_intro", "Có một việc mới đang chờ bạn:",
	  "Something new is waiting for you:" },
	{ "ntc_mail_digest_intro", "Những việc mới chờ bạn trong ngày {1}:",
	  "What started waiting for you on {1}:" },
	{ "ntc_mail_digest_subject", "Bản tin ngày {1}: {2} việc mới",
	  "Digest of {1}: {2} new items" },
	{ "ntc_mail_footer", "Thư gửi tự động từ hệ thống Nông thôn mới. Đổi "
	  "cách nhận thông báo tại {1}",
	  "Sent automatically by the New Rural Development platform. Change "
	  "how you get notices at {1}" },
	{ NULL, NULL, NULL }
};
