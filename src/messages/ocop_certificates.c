/*
 * ocop_certificates.c - the message table of the OCOP certificates (keys
 * occ_*): the public verification page, the printed certificate, the
 * product page's certificates and the home's reminders (docs/OCOP.md
 * section 4).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_ocop_certificates[] = {
	{ "occ_verify_title", "Kiểm tra giấy chứng nhận OCOP",
	  "Check an OCOP certificate" },
	{ "occ_number", "Số giấy chứng nhận", "Certificate number" },
	{ "occ_product", "Sản phẩm", "Product" },
	{ "occ_group", "Nhóm sản phẩm", "Product group" },
	{ "occ_producer", "Chủ thể sản xuất", "Producer" },
	{ "occ_place", "Địa chỉ", "Place" },
	{ "occ_stars", "Hạng sao", "Stars" },
	{ "occ_stars_n", "{1} sao", "{1} stars" },
	{ "occ_level", "Cấp công nhận", "Recognised by" },
	{ "occ_issuer", "Cơ quan cấp", "Issued by" },
	{ "occ_issued_on", "Ngày cấp", "Issued on" },
	{ "occ_expires_on", "Có hiệu lực đến hết ngày", "Valid until the end of" },
	{ "occ_score", "Điểm đánh giá", "Score" },
	{ "occ_revoked_on", "Thu hồi ngày", "Revoked on" },
	{ "occ_revoked_reason", "Lý do thu hồi", "Reason" },
	{ "occ_replaced_by", "Đã được thay bằng giấy chứng nhận mới",
	  "Replaced by a newer certificate" },
	{ "occ_replaced_link", "Xem giấy chứng nhận mới",
	  "See the newer certificate" },
	{ "occ_status_valid", "CÒN HIỆU LỰC", "VALID" },
	{ "occ_status_expiring", "CÒN HIỆU LỰC — SẮP HẾT HẠN",
	  "VALID — EXPIRING SOON" },
	{ "occ_status_expired", "ĐÃ HẾT HẠN", "EXPIRED" },
	{ "occ_status_revoked", "ĐÃ BỊ THU HỒI", "REVOKED" },
	{ "occ_status_replaced", "ĐÃ ĐƯỢC THAY THẾ", "REPLACED" },
	{ "occ_expiring_note", "Giấy chứng nhận hết hạn sau {1} ngày nữa.",
	  "The certificate expires in {1} days." },
	{ "occ_expired_note", "Sản phẩm không còn được dùng giấy chứng nhận "
	  "này để ghi nhãn OCOP.",
	  "The product may no longer carry the OCOP label on this certificate." },
	{ "occ_not_found_title", "Không tìm thấy giấy chứng nhận",
	  "No such certificate" },
	{ "occ_not_found_help", "Hãy kiểm tra lại số in dưới mã QR trên giấy "
	  "chứng nhận hoặc trên nhãn sản phẩm, gõ lại đúng từng ký tự (chữ in "
	  "hoa, chữ số và dấu gạch ngang), hoặc quét lại mã QR. Nếu vẫn không "
	  "thấy, hãy hỏi cơ quan cấp giấy chứng nhận (Ủy ban nhân dân tỉnh, "
	  "thành phố) hoặc phòng kinh tế của xã nơi sản xuất.",
	  "Check the number printed under the QR code on the certificate or "
	  "the product's label and type it again character by character "
	  "(capital letters, digits and dashes), or scan the QR code again. If "
	  "it is still not found, ask the issuer (the province's People's "
	  "Committee) or the economic office of the producer's commune." },
	{ "occ_verify_again", "Kiểm tra số khác", "Check another number" },
	{ "occ_check", "Kiểm tra", "Check" },
	{ "occ_qr_alt", "Mã QR dẫn đến trang kiểm tra này",
	  "QR code leading to this page" },
	{ "occ_pdf_title", "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP",
	  "OCOP PRODUCT CERTIFICATE" },
	{ "occ_pdf_country", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
	  "SOCIALIST REPUBLIC OF VIET NAM" },
	{ "occ_pdf_motto", "Độc lập - Tự do - Hạnh phúc",
	  "Independence - Freedom - Happiness" },
	{ "occ_pdf_programme", "Chương trình Mỗi xã một sản phẩm (OCOP)",
	  "One Commune One Product programme (OCOP)" },
	{ "occ_pdf_verify", "Kiểm tra giấy chứng nhận:",
	  "Check this certificate:" },
	{ "occ_pdf_status", "Tình trạng ngày in {1}: {2}",
	  "Status on {1}, the day printed: {2}" },
	{ "occ_certificates", "Giấy chứng nhận OCOP", "OCOP certificates" },
	{ "occ_none", "Sản phẩm chưa có giấy chứng nhận OCOP.",
	  "The product holds no OCOP certificate." },
	{ "occ_status", "Tình trạng", "Status" },
	{ "occ_open_verify", "Trang kiểm tra", "Verification page" },
	{ "occ_open_pdf", "Bản in (PDF)", "Printable (PDF)" },
	{ "occ_revoke", "Thu hồi giấy chứng nhận", "Revoke the certificate" },
	{ "occ_revoke_reason", "Lý do thu hồi (bắt buộc)",
	  "Reason for revoking (required)" },
	{ "occ_record", "Ghi nhận giấy chứng nhận đã cấp (bản giấy)",
	  "Record a certificate already issued (on paper)" },
	{ "occ_level_province", "Tỉnh", "Province" },
	{ "occ_level_central", "Trung ương (5 sao)", "Central (5 stars)" },
	{ "occ_level_district", "Huyện (trước 01/7/2025)",
	  "District (before 1 July 2025)" },
	{ "occ_record_hint", "Để trống ngày hết hạn: 36 tháng kể từ ngày cấp.",
	  "Leave the expiry date empty: 36 months from the issue date." },
	{ "occ_save", "Ghi nhận", "Record" },
	{ "occ_home_expiring", "Giấy chứng nhận OCOP sắp hết hạn (trong 90 "
	  "ngày)", "OCOP certificates expiring within 90 days" },
	{ "occ_home_expires", "hết hạn {1}", "expires {1}" },
	{ "field_reason", "Lý do thu hồi", "Reason" },
	{ "field_number", "Số giấy chứng nhận", "Certificate number" },
	{ "field_issued_on", "Ngày cấp", "Issue date" },
	{ "field_expires_on", "Ngày hết hạn", "Expiry date" },
	{ "field_stars", "Hạng sao", "Stars" },
	{ "field_score", "Điểm", "Score" },
	{ NULL, NULL, NULL }
};
