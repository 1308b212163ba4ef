/*
 * opendata.c - the message table of open data (keys od_*;
 * docs/OPEN-DATA.md): the page /du-lieu-mo and the titles, descriptions
 * and sources of the data sets (domain/opendata/opendata.c).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_opendata[] = {
	{ "od_title", "Dữ liệu mở", "Open data" },
	{ "od_intro", "Các bảng dữ liệu công khai của nền tảng, tải về tự do "
	  "dưới dạng CSV (mở được bằng Excel) hoặc JSON. Ghi rõ nguồn khi dùng "
	  "lại.", "The platform's public tables, free to download as CSV "
	  "(opens in Excel) or JSON. Credit the source when you reuse them." },
	{ "od_licence_note", "Dữ liệu do nền tảng tạo ra (kết quả đánh giá, "
	  "danh hiệu, khảo sát, OCOP, chợ, tiêu chí) được cấp phép CC BY 4.0: "
	  "được sao chép, phân phối và sử dụng lại, kể cả cho mục đích thương "
	  "mại, với điều kiện ghi nguồn. Danh mục đơn vị hành chính và bảng "
	  "chuyển đổi lấy từ nguồn công bố theo giấy phép MIT (dữ liệu của "
	  "Tổng cục Thống kê).", "Data the platform produces (evaluations, "
	  "titles, surveys, OCOP, market, criteria) is licensed CC BY 4.0: "
	  "copy, share and reuse it, commercially too, with credit. The "
	  "administrative units and their lineage come from a source that "
	  "publishes them under the MIT licence (General Statistics Office "
	  "data)." },
	{ "od_col_dataset", "Bộ dữ liệu", "Data set" },
	{ "od_col_licence", "Giấy phép", "Licence" },
	{ "od_col_date", "Ngày số liệu", "As of" },
	{ "od_col_files", "Tải về", "Download" },
	{ "od_source", "Nguồn", "Source" },
	{ "od_see_page", "Xem trang tương ứng", "See the page" },
	{ "od_units2025", "Đơn vị hành chính từ 01/7/2025",
	  "Administrative units from 1 July 2025" },
	{ "od_units2025_desc", "34 tỉnh, thành phố và 3.321 xã, phường, đặc "
	  "khu: mã, tên, cấp, loại, đơn vị cấp trên, vùng.", "The 34 provinces "
	  "and 3,321 communes, wards and special zones: code, name, level, "
	  "type, parent, region." },
	{ "od_unitspre", "Đơn vị hành chính trước 01/7/2025",
	  "Administrative units before 1 July 2025" },
	{ "od_unitspre_desc", "63 tỉnh, thành phố, 696 huyện và 10.035 xã, "
	  "phường, thị trấn (đến 01/3/2025).", "The 63 provinces, 696 "
	  "districts and 10,035 communes, wards and towns (as of 1 March "
	  "2025)." },
	{ "od_lineage", "Chuyển đổi đơn vị cũ sang đơn vị mới",
	  "Old units to new units" },
	{ "od_lineage_desc", "Mỗi xã, tỉnh trước 2025 và đơn vị từ 01/7/2025 "
	  "mà nó được nhập vào (toàn bộ hoặc một phần).", "Each pre-2025 "
	  "commune and province and the unit from 1 July 2025 it went into "
	  "(whole or in part)." },
	{ "od_rollups", "Kết quả nông thôn mới theo tỉnh và năm",
	  "NTM results by province and year" },
	{ "od_rollups_desc", "Cả nước và từng tỉnh, mỗi bộ tiêu chí và năm: "
	  "số xã đã đánh giá, đạt chuẩn, chưa đạt, chưa đủ số liệu.",
	  "The nation and each province, per criteria set and year: communes "
	  "evaluated, meeting the standard, not meeting it, incomplete." },
	{ "od_evals", "Kết quả nông thôn mới theo xã và năm",
	  "NTM results by commune and year" },
	{ "od_evals_desc", "Mỗi xã, mỗi bộ tiêu chí và năm: trạng thái và số "
	  "tiêu chí đạt.", "Each commune, per criteria set and year: status "
	  "and criteria met." },
	{ "od_titles", "Danh hiệu được công nhận", "Titles granted" },
	{ "od_titles_desc", "Sổ công nhận: đơn vị, danh hiệu, năm, số và ngày "
	  "quyết định; danh hiệu đã thu hồi có ngày và số quyết định thu hồi.",
	  "The register: unit, title, year, decision number and date; a "
	  "revoked title has the day and number of its revocation." },
	{ "od_surveys", "Kết quả khảo sát sự hài lòng đã công bố",
	  "Published satisfaction survey results" },
	{ "od_surveys_desc", "Mỗi đợt khảo sát đã kết thúc và được công bố: "
	  "số hộ, số phiếu, tỷ lệ tham gia, tỷ lệ hài lòng và khoảng tin cậy "
	  "95 %. Chỉ có tỷ lệ, không có phiếu hay ý kiến.", "Each closed, "
	  "published campaign: households, responses, coverage, the "
	  "satisfaction rate and its 95 % interval. Rates only: no answer, "
	  "no comment." },
	{ "od_ocop", "Sản phẩm OCOP được chứng nhận",
	  "Certified OCOP products" },
	{ "od_ocop_desc", "Sổ sản phẩm OCOP hôm nay: sản phẩm, nhóm, số sao, "
	  "chủ thể, xã, tỉnh, giấy chứng nhận.", "The OCOP register today: "
	  "product, group, stars, producer, commune, province, certificate." },
	{ "od_ocop_stats", "Thống kê sản phẩm OCOP", "OCOP statistics" },
	{ "od_ocop_stats_desc", "Số sản phẩm OCOP hôm nay theo tỉnh, số sao và "
	  "nhóm sản phẩm.", "OCOP products today by province, stars and "
	  "product group." },
	{ "od_market", "Thống kê bán hàng Chợ OCOP",
	  "OCOP market sales statistics" },
	{ "od_market_desc", "Đơn hàng đã giao và tiền hàng trong 12 tháng gần "
	  "nhất, theo tỉnh, nhóm sản phẩm, số sao và tháng.", "Orders "
	  "delivered and their goods value over the last twelve months, by "
	  "province, product group, stars and month." },
	{ "od_legal", "Văn bản pháp lý nền tảng áp dụng",
	  "Legal documents the platform applies" },
	{ "od_legal_desc", "Các quyết định, thông tư mà bộ tiêu chí, quy trình, "
	  "mẫu báo cáo và phiếu chấm điểm trích dẫn: số hiệu, cơ quan ban hành, "
	  "ngày, trích yếu, hiệu lực, văn bản thay thế, mức độ đã kiểm chứng (các "
	  "thông tin chưa kiểm chứng được nêu rõ) và số bản ghi trích dẫn.",
	  "The decisions and circulars the criteria sets, procedures, report "
	  "forms and scorecards cite: number, issuer, date, title, in force, "
	  "replaced by, how far it is verified (facts not yet verified named) "
	  "and how many records cite it." },
	{ "od_src_legal", "Thư viện văn bản của nền tảng (đối chiếu với nguồn "
	  "công bố ghi trong từng văn bản)", "The platform's legal library "
	  "(checked against the published source each document names)" },
	{ "od_criteria", "Bộ tiêu chí nông thôn mới",
	  "NTM criteria sets" },
	{ "od_criteria_desc", "Phiên bản mới nhất của mỗi bộ tiêu chí: từng "
	  "tiêu chí, chỉ tiêu, mức kiểm chứng và văn bản nguồn.", "The newest "
	  "version of each criteria set: every criterion and indicator, its "
	  "verification status and source document." },
	{ "od_src_units", "Tổng cục Thống kê, qua ThangLeQuoc/vietnamese-"
	  "provinces-database và dvhcvn (giấy phép MIT)", "General Statistics "
	  "Office, through ThangLeQuoc/vietnamese-provinces-database and "
	  "dvhcvn (MIT licence)" },
	{ "od_src_platform", "Nền tảng số nông thôn mới (ntm)",
	  "The NTM digital platform (ntm)" },
	{ "od_src_criteria", "Các quyết định ban hành bộ tiêu chí (mỗi dòng "
	  "ghi nguồn của nó)", "The decisions issuing the criteria sets (each "
	  "row names its source)" },
	{ NULL, NULL, NULL }
};
