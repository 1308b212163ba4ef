/*
 * dx_store.c - the message table of digital readiness's observed values
 * (keys dx_obs_*): how the platform measured each (domain/dx).
 *
 * One entry per string a person reads: key, Vietnamese, English.  Every
 * module's table is listed in messages.c; core/msg.h looks keys up.
 */
#include "core/msg.h"

const struct msg msg_table_dx_store[] = {
	{ "dx_obs_reports", "Kỳ báo cáo nộp đúng hạn trên nền tảng",
	  "Reporting periods submitted on time on the platform" },
	{ "dx_obs_dossiers", "Hồ sơ xét công nhận xử lý đúng hạn từng bước trên nền tảng",
	  "Recognition dossiers handled within every step's due date on the platform" },
	{ "dx_obs_selling", "Chủ thể OCOP có sản phẩm đang bán trên sàn",
	  "OCOP producers with a product on sale on the marketplace" },
	{ "dx_obs_orders", "Đơn hàng trực tuyến đã giao của chủ thể trong xã",
	  "Online orders delivered by the commune's producers" },
	{ "dx_obs_survey", "Phiếu khảo sát thu trực tuyến (trên tổng số phiếu)",
	  "Survey responses collected online (of all responses)" },
	{ "dx_obs_smart", "Thôn đạt bộ tiêu chí thôn thông minh của tỉnh",
	  "Villages meeting the province's smart-village set" },
	{ "dx_obs_year", "năm", "year" },
	{ "dx_obs_none", "Nền tảng chưa có số liệu để đo", "Nothing on the platform to measure yet" },
	{ NULL, NULL, NULL }
};
