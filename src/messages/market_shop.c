/*
 * market_shop.c - the message table of the producer's shop pages
 * (/cua-hang...; keys mshop_*; docs/MARKET.md section 3).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_market_shop[] = {
	{ "mshop_nav", "Cửa hàng", "My shop" },
	{ "mshop_title", "Cửa hàng của cơ sở", "The producer's shop" },
	{ "mshop_choose", "Chọn cơ sở sản xuất của cửa hàng",
	  "Choose the shop's producer" },
	{ "mshop_none", "Tài khoản này chưa đại diện cơ sở sản xuất nào. Hãy "
	  "đăng ký cơ sở ở mục Sản phẩm OCOP.",
	  "This account does not represent a producer yet. Register one under "
	  "OCOP products." },
	{ "mshop_not_open", "Cửa hàng chưa mở. Hãy chọn cách thanh toán để mở "
	  "cửa hàng, rồi đăng tin bán các sản phẩm đã được chứng nhận OCOP.",
	  "The shop is not open yet. Choose how buyers pay to open it, then "
	  "list your OCOP-certified products." },
	{ "mshop_open_it", "Mở cửa hàng", "Open the shop" },
	{ "mshop_waits", "Việc cần làm", "What waits" },
	{ "mshop_hidden_n", "Tin bán đang bị ẩn", "Hidden listings" },
	{ "mshop_sold_out_n", "Tin bán đã hết hàng", "Sold-out listings" },
	{ "mshop_nothing_waits", "Không có việc gì đang chờ.",
	  "Nothing waits." },
	{ "mshop_listings", "Tin bán", "Listings" },
	{ "mshop_no_listings", "Chưa có tin bán nào.", "No listing yet." },
	{ "mshop_new_listing", "Đăng tin bán mới", "New listing" },
	{ "mshop_product", "Sản phẩm", "Product" },
	{ "mshop_price", "Giá bán", "Price" },
	{ "mshop_stock", "Còn", "In stock" },
	{ "mshop_state", "Tình trạng", "State" },
	{ "mshop_sold_out", "Hết hàng", "Sold out" },
	{ "mshop_stars", "sao", "stars" },
	{ "mshop_menu", "Quản lý cửa hàng", "Manage the shop" },
	{ "mshop_menu_new", "Đăng tin bán mới", "New listing" },
	{ "mshop_menu_shipping", "Phí vận chuyển", "Shipping fees" },
	{ "mshop_menu_payments", "Thanh toán và tài khoản ngân hàng",
	  "Payments and bank account" },
	{ "mshop_payments_title", "Thanh toán và tài khoản ngân hàng",
	  "Payments and bank account" },
	{ "mshop_intro", "Giới thiệu cửa hàng", "About the shop" },
	{ "mshop_accepts", "Người mua trả tiền bằng", "Buyers pay by" },
	{ "mshop_accepts_cod", "Tiền mặt khi nhận hàng",
	  "Cash on delivery" },
	{ "mshop_accepts_transfer", "Chuyển khoản ngân hàng (mã QR)",
	  "Bank transfer (QR code)" },
	{ "mshop_bank", "Ngân hàng", "Bank" },
	{ "mshop_no_bank", "— chọn ngân hàng —", "— choose the bank —" },
	{ "mshop_bank_account", "Số tài khoản", "Account number" },
	{ "mshop_account_name", "Tên chủ tài khoản", "Account holder" },
	{ "mshop_transfer_hint", "Nhận chuyển khoản cần đủ ngân hàng, số tài "
	  "khoản và tên chủ tài khoản.",
	  "Bank transfers need the bank, the account number and the holder's "
	  "name." },
	{ "mshop_save", "Lưu", "Save" },
	{ "mshop_back", "Về cửa hàng", "Back to the shop" },
	{ "mshop_shipping_title", "Phí vận chuyển", "Shipping fees" },
	{ "mshop_shipping_intro", "Phí của một gói hàng: phí khối lượng đầu "
	  "đến khối lượng đầu, rồi thêm phí mỗi bước cho mỗi bước khối lượng "
	  "tiếp theo (chưa đủ một bước vẫn tính một bước). Nơi nào không có "
	  "dòng nào thì cơ sở không giao hàng đến đó. Khối lượng ghi theo "
	  "gam hoặc kg, ví dụ 500 g, 1,5 kg.",
	  "A parcel's fee: the first fee up to the first weight, then the "
	  "step fee for every started step beyond it. No line for a place: "
	  "the producer does not ship there. Weights in grams or kg, e.g. "
	  "500 g, 1.5 kg." },
	{ "mshop_destination", "Nơi nhận", "Destination" },
	{ "mshop_rest", "Các tỉnh, thành phố còn lại",
	  "Every other province" },
	{ "mshop_no_line", "— không dùng dòng này —", "— line not used —" },
	{ "mshop_first_grams", "Khối lượng đầu", "First weight" },
	{ "mshop_first_fee", "Phí khối lượng đầu (đồng)", "First fee (VND)" },
	{ "mshop_step_grams", "Mỗi bước tiếp theo", "Each next step" },
	{ "mshop_step_fee", "Phí mỗi bước (đồng)", "Fee of a step (VND)" },
	{ "mshop_line", "Dòng", "Line" },
	{ "mshop_new_title", "Đăng tin bán mới", "New listing" },
	{ "mshop_choose_product", "Sản phẩm được bán",
	  "The product sold" },
	{ "mshop_only_certified", "Chỉ sản phẩm có giấy chứng nhận OCOP còn "
	  "hiệu lực mới được bán.",
	  "Only products with a valid OCOP certificate are sold." },
	{ "mshop_no_products", "Cơ sở chưa có sản phẩm nào.",
	  "The producer has no product yet." },
	{ "mshop_variant", "Quy cách (ví dụ Hộp 500 g)",
	  "Variant (e.g. Box of 500 g)" },
	{ "mshop_unit_name", "Đơn vị bán (ví dụ hộp, chai, kg)",
	  "Unit sold (e.g. box, bottle, kg)" },
	{ "mshop_price_vnd", "Giá bán một đơn vị (đồng)",
	  "Price of a unit (VND)" },
	{ "mshop_stock_n", "Số lượng còn để bán", "Units in stock" },
	{ "mshop_weight", "Khối lượng một đơn vị khi gửi (g hoặc kg)",
	  "Shipping weight of a unit (g or kg)" },
	{ "mshop_description", "Mô tả", "Description" },
	{ "mshop_start", "Khi đăng", "When listed" },
	{ "mshop_start_active", "Bán ngay", "Sell at once" },
	{ "mshop_start_paused", "Tạm chưa bán", "Not yet on sale" },
	{ "mshop_create", "Đăng tin bán", "List it" },
	{ "mshop_listing_title", "Tin bán", "Listing" },
	{ "mshop_certificate", "Giấy chứng nhận OCOP", "OCOP certificate" },
	{ "mshop_valid_until", "còn hiệu lực đến", "valid until" },
	{ "mshop_verify", "Xem trang xác minh", "See the verification page" },
	{ "mshop_edit", "Sửa tin bán", "Edit the listing" },
	{ "mshop_photos", "Ảnh", "Photos" },
	{ "mshop_no_photos", "Chưa có ảnh riêng của tin bán.",
	  "No photo of this listing yet." },
	{ "mshop_add_photo", "Thêm ảnh (JPEG hoặc PNG)",
	  "Add a photo (JPEG or PNG)" },
	{ "mshop_upload", "Tải ảnh lên", "Upload" },
	{ "mshop_pause", "Tạm ngừng bán", "Pause" },
	{ "mshop_activate", "Bán trở lại", "Sell again" },
	{ "mshop_close", "Ngừng bán hẳn", "Close for good" },
	{ "mshop_photo_alt", "Ảnh sản phẩm", "Product photo" },
	{ "field_product_id", "Sản phẩm được bán", "The product sold" },
	{ "field_unit_name", "Đơn vị bán", "Unit sold" },
	{ "field_price_vnd", "Giá bán", "Price" },
	{ "field_weight_grams", "Khối lượng một đơn vị", "Weight of a unit" },
	{ "field_bank_bin", "Mã ngân hàng", "Bank code" },
	{ "field_bank_account", "Số tài khoản", "Account number" },
	{ "field_account_name", "Tên chủ tài khoản", "Account holder" },
	{ NULL, NULL, NULL }
};
