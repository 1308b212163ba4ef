/*
 * dash_panels.c - the message table of the dashboards' module panels
 * (keys dp_*; issue 18): satisfaction surveys, progress reporting, OCOP
 * and the marketplace (src/domain/dashboard/dash_surveys.c,
 * dash_reports.c, dash_ocop.c, dash_market.c).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_dash_panels[] = {
	/* satisfaction surveys */
	{ "dp_surveys_title", "Sự hài lòng của người dân",
	  "Residents' satisfaction" },
	{ "dp_surveys_empty", "Chưa có đợt lấy ý kiến nào đã công bố kết quả.",
	  "No survey campaign has published its results yet." },
	{ "dp_surveys_rate", "Tỷ lệ hài lòng (đợt gần nhất)",
	  "Satisfaction rate (latest campaign)" },
	{ "dp_surveys_campaigns", "Đợt lấy ý kiến đã công bố",
	  "Campaigns with published results" },
	{ "dp_surveys_met", "Đợt đạt yêu cầu (độ bao phủ và tỷ lệ hài lòng)",
	  "Campaigns meeting both coverage and satisfaction" },
	{ "dp_surveys_responses", "Phiếu trả lời", "Responses" },
	{ "dp_surveys_n_responses", "{1} phiếu trả lời", "{1} responses" },
	{ "dp_surveys_newest", "{1} đợt gần nhất", "the newest {1}" },
	{ "dp_surveys_chart", "Tỷ lệ hài lòng theo đợt (%)",
	  "Satisfaction rate by campaign (%)" },
	{ "dp_surveys_unit", "Địa phương", "Place" },
	{ "dp_surveys_rate_col", "Tỷ lệ hài lòng", "Satisfaction" },
	{ "dp_surveys_met_col", "Đạt yêu cầu", "Met" },
	{ "dp_surveys_suppressed", "Quá ít phiếu để công bố tỷ lệ",
	  "Too few responses to publish a rate" },
	{ "dp_yes", "Đạt", "Yes" },
	{ "dp_no", "Chưa đạt", "No" },
	/* progress reporting */
	{ "dp_reports_title", "Báo cáo tiến độ và vốn",
	  "Progress reports and capital" },
	{ "dp_reports_empty", "Chưa có kỳ báo cáo tiến độ nào đến hạn.",
	  "No progress report period has fallen due yet." },
	{ "dp_reports_period", "Kỳ báo cáo", "Reporting period" },
	{ "dp_reports_own", "Báo cáo của đơn vị", "The unit's own report" },
	{ "dp_reports_submitted", "{1}: đã nộp", "{1}: submitted" },
	{ "dp_reports_on_time", "{1}: nộp đúng hạn", "{1}: on time" },
	{ "dp_reports_late", "{1}: nộp muộn", "{1}: late" },
	{ "dp_reports_missing", "{1}: chưa nộp", "{1}: not submitted" },
	{ "dp_reports_disbursed", "Vốn đã giải ngân so với kế hoạch năm",
	  "Capital disbursed against the year's plan" },
	{ "dp_reports_share_note", "{1} kế hoạch", "{1} of the plan" },
	{ "dp_reports_chart", "Tỷ lệ giải ngân so với kế hoạch theo nguồn vốn (%)",
	  "Capital disbursed against plan by source (%)" },
	{ "dp_reports_source", "Nguồn vốn", "Source" },
	{ "dp_reports_plan", "Kế hoạch năm", "Year's plan" },
	{ "dp_reports_mobilised", "Đã huy động", "Mobilised" },
	{ "dp_reports_disbursed_col", "Đã giải ngân", "Disbursed" },
	{ "dp_reports_share", "Tỷ lệ giải ngân", "Disbursed share" },
	{ "dp_reports_total", "Tổng số", "Total" },
	/* OCOP */
	{ "dp_ocop_title", "Sản phẩm OCOP", "OCOP products" },
	{ "dp_ocop_empty", "Chưa có sản phẩm OCOP nào có giấy chứng nhận còn "
	  "hiệu lực.", "No OCOP product holds a valid certificate yet." },
	{ "dp_ocop_total", "Sản phẩm có giấy chứng nhận còn hiệu lực",
	  "Products with a valid certificate" },
	{ "dp_ocop_stars", "{1} sao", "{1} stars" },
	{ "dp_ocop_col_product", "Sản phẩm", "Product" },
	{ "dp_ocop_col_stars", "Hạng", "Rating" },
	{ "dp_ocop_col_producer", "Chủ thể", "Producer" },
	{ "dp_ocop_chart", "Sản phẩm OCOP theo hạng sao",
	  "OCOP products by stars" },
	{ "dp_ocop_as_of", "Tính đến {1}", "As of {1}" },
	/* marketplace */
	{ "dp_market_title", "Bán hàng trên sàn OCOP",
	  "Sales on the OCOP marketplace" },
	{ "dp_market_empty", "Chưa có đơn hàng nào đã giao trong 12 tháng qua.",
	  "No order was delivered in the last twelve months." },
	{ "dp_market_orders", "Đơn hàng đã giao", "Orders delivered" },
	{ "dp_market_goods", "Giá trị hàng đã giao", "Value of goods delivered" },
	{ "dp_market_period", "Từ {1} đến {2}", "From {1} to {2}" },
	{ "dp_market_chart", "Giá trị hàng đã giao theo tháng",
	  "Value of goods delivered by month" },
	{ NULL, NULL, NULL }
};
