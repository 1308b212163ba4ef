/*
 * messages.c - the list of message tables: every string a person reads, in
 * Vietnamese and in English, one table per module (common.c, criteria.c,
 * surveys.c, dossiers.c, reporting.c).  A new module adds its file and one line here.
 * Keys are unique across all tables (tests/unit/msg_test.c checks it).
 */
#include "core/msg.h"

extern const struct msg msg_table_common[];
extern const struct msg msg_table_criteria[];
extern const struct msg msg_table_surveys[];
extern const struct msg msg_table_dossiers[];
extern const struct msg msg_table_reporting[];
extern const struct msg msg_table_rep_xlsx[];
extern const struct msg msg_table_rep_approval[];
extern const struct msg msg_table_rep_pages[];
extern const struct msg msg_table_rep_auto[];
extern const struct msg msg_table_ocop_scorecards[];
extern const struct msg msg_table_ocop_registry[];
extern const struct msg msg_table_ocop_import[];
extern const struct msg msg_table_ocop_certificates[];
extern const struct msg msg_table_ocop_register[];
extern const struct msg msg_table_ocop_rounds[];
extern const struct msg msg_table_market_money[];
extern const struct msg msg_table_market_shop[];
extern const struct msg msg_table_market_orders[];
extern const struct msg msg_table_market_buyers[];
extern const struct msg msg_table_maps[];
extern const struct msg msg_table_opendata[];
extern const struct msg msg_table_legal[];
extern const struct msg msg_table_chart[];
extern const struct msg msg_table_dashboard[];
extern const struct msg msg_table_dash_panels[];
extern const struct msg msg_table_dx_store[];
extern const struct msg msg_table_dx_pages[];
extern const struct msg msg_table_crit_province[];
extern const struct msg msg_table_pilots[];
extern const struct msg msg_table_notices[];
extern const struct msg msg_table_webhooks[];
extern const struct msg msg_table_tokens[];
extern const struct msg msg_table_exchange[];

const struct msg *const msg_tables[] = {
	msg_table_common,
	msg_table_criteria,
	msg_table_surveys,
	msg_table_dossiers,
	msg_table_reporting,
	msg_table_rep_xlsx,
	msg_table_rep_approval,
	msg_table_rep_pages,
	msg_table_rep_auto,
	msg_table_ocop_scorecards,
	msg_table_ocop_registry,
	msg_table_ocop_import,
	msg_table_ocop_certificates,
	msg_table_ocop_register,
	msg_table_ocop_rounds,
	msg_table_market_money,
	msg_table_market_shop,
	msg_table_market_orders,
	msg_table_market_buyers,
	msg_table_maps,
	msg_table_opendata,
	msg_table_legal,
	msg_table_chart,
	msg_table_dashboard,
	msg_table_dash_panels,
	msg_table_dx_store,
	msg_table_dx_pages,
	msg_table_crit_province,
	msg_table_pilots,
	msg_table_notices,
	msg_table_webhooks,
	msg_table_tokens,
	msg_table_exchange,
	NULL
};
