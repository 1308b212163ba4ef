/*
 * market_buyers.c - the message table of the marketplace's buyer
 * accounts (web_market_buyers.c, templates/market/buyer_*).
 */
#include "core/msg.h"

const struct msg msg_table_market_buyers[] = {
	{ "role_buyer", "Người mua (chợ OCOP)", "Buyer (OCOP market)" },
	{ "dos_role_buyer", "Người mua", "Buyer" },
	{ "mb_register_title", "Tạo tài khoản người mua", "Create a buyer account" },
	{ "mb_register_intro", "Tài khoản giúp bạn xem lại mọi đơn hàng đã đặt. Số điện thoại là tên đăng nhập.",
	  "An account lets you see every order you placed again. Your phone number is what you sign in with." },
	{ "mb_name", "Họ tên", "Name" },
	{ "mb_phone", "Số điện thoại", "Phone" },
	{ "mb_register", "Tạo tài khoản", "Create the account" },
	{ "mb_have_account", "Đã có tài khoản? Đăng nhập", "Have an account? Sign in" },
	{ "mb_orders_title", "Đơn hàng của tôi", "My orders" },
	{ "mb_none", "Bạn chưa có đơn hàng nào khi đã đăng nhập.", "You have no orders placed while signed in yet." },
	{ "mb_to_market", "Đến chợ OCOP", "Go to the OCOP market" },
	{ "mb_order_title", "Đơn hàng", "Order" },
	{ "mb_steps_on_link", "Hủy đơn, xác nhận đã nhận hàng và đánh giá: dùng đường dẫn riêng của đơn hàng nhận được khi đặt.",
	  "To cancel, confirm receipt or review, use the order's private link you received when you placed it." },
	{ "mb_back", "Về đơn hàng của tôi", "Back to my orders" },
	{ "mb_account_nav", "Đơn hàng của tôi", "My orders" },
	{ NULL, NULL, NULL }
};
