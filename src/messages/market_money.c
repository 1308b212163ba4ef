/* market_money.c - the words of the producer's money pages and the
 * marketplace's programme statistics (docs/MARKET.md sections 6 and 7). */
#include "core/msg.h"

const struct msg msg_table_market_money[] = {
	{ "mm_reconcile_title", "Đối soát chuyển khoản",
	  "Reconcile bank transfers" },
	{ "mm_menu_reconcile", "Đối soát chuyển khoản (tải sao kê ngân hàng)",
	  "Reconcile transfers (upload the bank statement)" },
	{ "mm_menu_statement", "Sao kê bán hàng theo tháng",
	  "Monthly sales statement" },
	{ "mm_reconcile_intro",
	  "Tải lên bản sao kê tài khoản (tệp CSV tải từ ngân hàng điện tử). "
	  "Mỗi khoản tiền vào được ghi một lần và đối chiếu với đơn hàng có "
	  "mã đơn trong nội dung chuyển khoản.",
	  "Upload the account statement (the CSV your internet banking "
	  "exports). Each credit is recorded once and matched with the order "
	  "whose reference its description carries." },
	{ "mm_file", "Tệp sao kê (CSV)", "Statement file (CSV)" },
	{ "mm_upload", "Tải lên và đối soát", "Upload and reconcile" },
	{ "mm_readonly", "Chỉ tài khoản của chủ thể được tải sao kê lên; "
	  "cán bộ xem kết quả.", "Only the producer's accounts upload "
	  "statements; officers read the results." },
	{ "mm_producer", "Chủ thể", "Producer" },
	{ "mm_choose", "Xem", "Show" },
	{ "mm_result", "Kết quả đối soát", "Reconciliation result" },
	{ "mm_result_counts", "khoản tiền vào trong tệp", "credits in the file" },
	{ "mm_known", "đã có từ trước (không tính lại)",
	  "already known (not counted again)" },
	{ "mm_new", "khoản mới", "new" },
	{ "mm_recent", "Các khoản tiền vào 90 ngày qua",
	  "Credits of the last 90 days" },
	{ "mm_matched", "Đã đủ tiền", "Paid in full" },
	{ "mm_matched_help", "Đơn hàng đã nhận đủ số tiền phải trả.",
	  "The order has received all it is owed." },
	{ "mm_partial", "Chưa đủ tiền", "Paid in part" },
	{ "mm_partial_help", "Người mua chuyển thiếu: còn thiếu số tiền ghi "
	  "bên cạnh.", "The buyer paid less: the amount beside is missing." },
	{ "mm_excess", "Chuyển thừa", "Paid too much" },
	{ "mm_excess_help", "Đơn hàng nhận nhiều hơn số phải trả: cần trả "
	  "lại người mua phần thừa.", "The order received more than it is "
	  "owed: return the excess to the buyer." },
	{ "mm_unmatched", "Không khớp đơn nào", "Matching no order" },
	{ "mm_unmatched_help", "Nội dung chuyển khoản không có mã đơn hàng "
	  "nào của cơ sở: hãy xem và liên hệ người chuyển.",
	  "The description carries no order reference of this producer: look "
	  "and contact the sender." },
	{ "mm_missing", "còn thiếu", "missing" },
	{ "mm_description", "Nội dung chuyển khoản", "Transfer description" },
	{ "mm_order", "Đơn hàng", "Order" },
	{ "mm_none", "Không có.", "None." },
	{ "mm_uploads", "Các lần tải lên", "Uploads" },
	{ "mm_uploaded_at", "Lúc tải", "Uploaded" },
	{ "mm_lines", "Số dòng", "Lines" },
	{ "mm_transfers", "Khoản mới", "New credits" },
	{ "mm_columns_help", "Các cột được đọc (tên như ngân hàng xuất, "
	  "không phân biệt dấu, hoa thường): Ngày giao dịch (hoặc Ngày, Ngày "
	  "GD, Ngày hạch toán); Số tiền ghi có (hoặc Ghi có, Có, Credit); "
	  "Nội dung (hoặc Diễn giải, Mô tả); Số tham chiếu (hoặc Mã giao "
	  "dịch, Số giao dịch; không bắt buộc). Tệp CSV dấu phẩy hoặc chấm "
	  "phẩy, UTF-8, UTF-16 hoặc Windows-1258.",
	  "The columns read (named as banks export them, accents and case "
	  "ignored): transaction date (Ngày giao dịch, Ngày, Date); credit "
	  "amount (Số tiền ghi có, Ghi có, Credit); description (Nội dung, "
	  "Diễn giải, Description); reference (Số tham chiếu, Mã giao dịch; "
	  "optional). CSV with commas or semicolons, UTF-8, UTF-16 or "
	  "Windows-1258." },
	{ "mm_statement", "Sao kê", "Statement" },
	{ "mm_statement_title", "Sao kê bán hàng theo kỳ",
	  "Sales statement of a period" },
	{ "mm_statement_intro", "Mỗi dòng là một đơn hàng đã giao trong kỳ; "
	  "mỗi tổng cộng bằng tổng của cột ở trên. Ý nghĩa các cột: xem phần "
	  "giải thích bên dưới.", "Each line is an order delivered in the "
	  "period; each total is the sum of its column. What the columns "
	  "mean: see the notes below." },
	{ "mm_month", "Tháng", "Month" },
	{ "mm_period", "Kỳ", "Period" },
	{ "mm_download_csv", "Tải CSV", "Download CSV" },
	{ "mm_download_xlsx", "Tải Excel", "Download Excel" },
	{ "mm_col_date", "Ngày giao", "Delivered" },
	{ "mm_col_reference", "Mã đơn", "Order" },
	{ "mm_col_payment", "Thanh toán", "Payment" },
	{ "mm_col_goods", "Tiền hàng", "Goods" },
	{ "mm_col_shipping", "Phí vận chuyển", "Shipping" },
	{ "mm_col_sales", "Doanh thu", "Sales" },
	{ "mm_col_fee", "Phí sàn", "Platform fee" },
	{ "mm_col_owed", "Cơ sở được hưởng", "Due to the producer" },
	{ "mm_col_transfer", "Đã nhận chuyển khoản", "Received by transfer" },
	{ "mm_col_cod", "Đơn vị vận chuyển thu hộ", "COD collected" },
	{ "mm_col_outstanding", "Còn phải thu", "Outstanding" },
	{ "mm_total", "Tổng cộng", "Total" },
	{ "mm_pay_cod", "Thu hộ (COD)", "Cash on delivery" },
	{ "mm_pay_transfer", "Chuyển khoản", "Bank transfer" },
	{ "mm_no_lines", "Không có đơn hàng nào được giao trong kỳ.",
	  "No order was delivered in the period." },
	{ "mm_returned", "Đơn hàng bị trả lại trong kỳ",
	  "Orders returned in the period" },
	{ "mm_returned_help", "Không tính vào doanh thu; số đã nhận chuyển "
	  "khoản phải trả lại người mua.", "Not counted as sales; what was "
	  "received by transfer is owed back to the buyer." },
	{ "mm_unmatched_period", "Tiền vào trong kỳ không khớp đơn nào",
	  "Credits of the period matching no order" },
	{ "mm_explain_title", "Cách đọc sao kê", "How to read the statement" },
	{ "mm_explain_sales", "Doanh thu = Tiền hàng + Phí vận chuyển (số "
	  "người mua trả).", "Sales = goods + shipping (what the buyer pays)." },
	{ "mm_explain_owed", "Cơ sở được hưởng = Doanh thu − Phí sàn (phí "
	  "tính lúc đặt hàng).", "Due to the producer = sales − platform fee "
	  "(fixed when the order was placed)." },
	{ "mm_explain_cod", "Thu hộ: đơn trả tiền khi nhận hàng, đơn vị vận "
	  "chuyển đã thu toàn bộ doanh thu khi giao.", "COD: the carrier "
	  "collected the whole sale on delivery." },
	{ "mm_explain_transfer", "Đã nhận chuyển khoản: tổng các khoản tiền "
	  "vào trong sao kê ngân hàng đã khớp với đơn.", "Received by "
	  "transfer: the credits of the bank statements matched to the "
	  "order." },
	{ "mm_explain_outstanding", "Còn phải thu = Doanh thu − Thu hộ − Đã "
	  "nhận chuyển khoản (số âm: người mua trả thừa).",
	  "Outstanding = sales − COD − received by transfer (negative: the "
	  "buyer paid too much)." },
	{ "mm_stats_title", "Thống kê Chợ OCOP", "OCOP market statistics" },
	{ "mm_stats_intro", "Các đơn hàng đã giao: số đơn và tiền hàng theo "
	  "tỉnh, thành phố, nhóm sản phẩm và số sao, từng tháng.",
	  "Delivered orders: count and goods value by province, product group "
	  "and stars, month by month." },
	{ "mm_stats_note", "Một đơn có sản phẩm của hai nhóm được tính ở cả "
	  "hai nhóm, với tiền hàng của từng nhóm.", "An order with products of "
	  "two groups counts in both, with the goods of each." },
	{ "mm_chart_province", "Tiền hàng theo tỉnh, thành phố",
	  "Goods value by province" },
	{ "mm_chart_group", "Tiền hàng theo nhóm sản phẩm",
	  "Goods value by product group" },
	{ "mm_chart_stars", "Tiền hàng theo số sao", "Goods value by stars" },
	{ "mm_dim", "Theo", "By" },
	{ "mm_dim_value", "Giá trị", "Value" },
	{ "mm_dim_province", "Tỉnh, thành phố", "Province" },
	{ "mm_dim_group", "Nhóm sản phẩm", "Product group" },
	{ "mm_dim_stars", "Số sao", "Stars" },
	{ "mm_orders", "Số đơn", "Orders" },
	{ "mm_stars", "sao", "stars" },
	{ "mm_unrated", "Chưa xếp hạng", "Not rated" },
	{ "mm_from", "Từ ngày", "From" },
	{ "mm_to", "Đến ngày", "To" },
	{ "mm_all_country", "Cả nước", "The whole country" },
	{ "mm_col_booked", "Ngày tiền vào", "Credited on" },
	{ "mm_no_sales", "Chưa có đơn hàng nào được giao trong khoảng này.",
	  "No order was delivered in this period." },
	{ "field_producer", "Chủ thể", "Producer" },
	{ "field_month", "Tháng", "Month" },
	{ NULL, NULL, NULL }
};
