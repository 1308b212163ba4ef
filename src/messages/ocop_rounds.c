/*
 * ocop_rounds.c - the message table of the OCOP evaluation rounds (keys
 * ocr_*: what domain/ocop/ocop_rounds.c and web/web_ocop_rounds.c say).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_ocop_rounds[] = {
	{ "ocr_level_province", "Cấp tỉnh", "Provincial" },
	{ "ocr_level_central", "Cấp Trung ương", "Central" },
	{ "ocr_state_open", "Đang chấm điểm", "Scoring" },
	{ "ocr_state_closed", "Đã kết thúc", "Closed" },
	{ "ocr_title", "Kỳ đánh giá, phân hạng OCOP", "OCOP evaluation rounds" },
	{ "ocr_intro", "Hội đồng cấp tỉnh hoặc Trung ương chấm điểm sản phẩm; "
	  "mỗi thành viên chấm độc lập, chủ tịch hội đồng kết thúc kỳ.",
	  "A provincial or central council scores products; each member "
	  "scores independently and the chair closes the round." },
	{ "ocr_none", "Chưa có kỳ đánh giá nào.", "No evaluation round yet." },
	{ "ocr_name", "Tên kỳ đánh giá", "Round" },
	{ "ocr_level", "Cấp đánh giá", "Level" },
	{ "ocr_state", "Tình trạng", "Status" },
	{ "ocr_open", "Mở kỳ đánh giá", "Open a round" },
	{ "ocr_open_button", "Mở kỳ đánh giá", "Open the round" },
	{ "ocr_province", "Tỉnh, thành phố", "Province" },
	{ "ocr_chair", "Chủ tịch hội đồng", "Chair" },
	{ "ocr_products", "Sản phẩm của kỳ", "Products of the round" },
	{ "ocr_product", "Sản phẩm", "Product" },
	{ "ocr_submitted", "Phiếu đã nộp", "Sheets submitted" },
	{ "ocr_result", "Kết quả", "Result" },
	{ "ocr_score", "Chấm điểm", "Score" },
	{ "ocr_sheets", "Phiếu chấm", "Score sheets" },
	{ "ocr_flagged", "Các thành viên chấm chênh lệch lớn",
	  "Members disagree widely" },
	{ "ocr_no_products", "Kỳ đánh giá chưa có sản phẩm.",
	  "The round has no product yet." },
	{ "ocr_members", "Thành viên hội đồng", "Council members" },
	{ "ocr_sheets_submitted", "phiếu đã nộp", "sheets submitted" },
	{ "ocr_close_help", "Kết thúc kỳ: điểm của mỗi sản phẩm là trung bình "
	  "điểm các phiếu đã nộp; hạng sao theo bảng điểm. Không chấm thêm "
	  "được sau khi kết thúc.", "Closing: each product's score is the mean "
	  "of the submitted sheets; stars follow the scorecard. No scoring "
	  "after the close." },
	{ "ocr_close", "Kết thúc kỳ đánh giá", "Close the round" },
	{ "ocr_add_member", "Thêm thành viên hội đồng", "Add a council member" },
	{ "ocr_add_product", "Thêm sản phẩm", "Add a product" },
	{ "ocr_add", "Thêm", "Add" },
	{ "ocr_back_round", "Về kỳ đánh giá", "Back to the round" },
	{ "ocr_sheet_title", "Phiếu chấm điểm sản phẩm", "Product score sheet" },
	{ "ocr_sheet_intro", "Chấm độc lập. Lưu nháp để chấm tiếp sau; nộp "
	  "phiếu thì không sửa được nữa. Điểm thập phân viết 30,5.",
	  "Score independently. Save a draft to go on later; a submitted "
	  "sheet cannot change. Decimals: 30.5." },
	{ "ocr_save_draft", "Lưu nháp", "Save draft" },
	{ "ocr_submit", "Nộp phiếu", "Submit" },
	{ "ocr_my_submitted", "Bạn đã nộp phiếu, tổng điểm",
	  "You submitted your sheet, total" },
	{ "ocr_sheet_submitted", "đã nộp", "submitted" },
	{ "ocr_sheet_waiting", "chưa nộp", "not submitted" },
	{ "ocr_hidden", "Điểm của các thành viên khác hiện sau khi bạn nộp "
	  "phiếu của mình.", "The other members' scores show once you have "
	  "submitted yours." },
	{ "ocr_provisional", "Kết quả tạm tính", "Provisional result" },
	{ "ocr_home_to_score", "Phiếu chấm OCOP đang chờ bạn",
	  "OCOP score sheets waiting for you" },
	{ "ocr_nav", "Hội đồng OCOP", "OCOP councils" },
	{ NULL, NULL, NULL }
};
