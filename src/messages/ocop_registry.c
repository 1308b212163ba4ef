/*
 * ocop_registry.c - the message table of OCOP producers, products and the
 * OCOP cycle (keys ocop_*: what domain/ocop/ocop_producers.c,
 * ocop_products.c, ocop_cycle.c and web/web_ocop_registry.c say).
 *
 * One entry per string a person reads: key, Vietnamese, English.
 */
#include "core/msg.h"

const struct msg msg_table_ocop_registry[] = {
	{ "ocop_kind_cooperative", "Hợp tác xã", "Cooperative" },
	{ "ocop_kind_enterprise", "Doanh nghiệp", "Enterprise" },
	{ "ocop_kind_business_household", "Hộ kinh doanh",
	  "Business household" },
	{ "ocop_kind_cooperative_group", "Tổ hợp tác", "Cooperative group" },
	{ "ocop_assess_origin", "Nguồn gốc sản phẩm và nguyên liệu",
	  "Origin of the product and its materials" },
	{ "ocop_assess_labour", "Sử dụng lao động địa phương",
	  "Local labour" },
	{ "ocop_assess_idea", "Nguồn gốc ý tưởng sản phẩm",
	  "Origin of the product idea" },
	{ "ocop_assess_identity", "Bản sắc địa phương", "Local identity" },
	{ NULL, NULL, NULL }
};
