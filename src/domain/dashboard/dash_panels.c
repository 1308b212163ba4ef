/*
 * dash_panels.c - THE table of dashboard panels, in the order the page
 * shows them.  A module joins the dashboards by ADDING one line at the
 * end (its builder in its own dash_<module>.c): the key, the levels it
 * applies to (enum dash_level bits) and the builder.
 */
#include "domain/dashboard/dash_internal.h"
#include "domain/dashboard/dash_modules.h"

const struct dash_panel_def dash_panels[] = {
	{ "ntm_status", DASH_ALL, dash_ntm_status },
	{ "ntm_distribution", DASH_NATION | DASH_PROVINCE | DASH_DISTRICT,
	  dash_ntm_distribution },
	{ "ntm_missed", DASH_ALL, dash_ntm_missed },
	{ "ntm_close", DASH_NATION | DASH_PROVINCE | DASH_DISTRICT,
	  dash_ntm_close },
	{ "dossiers", DASH_ALL, dash_dossiers },
	{ "surveys", DASH_ALL, dash_surveys },
	{ "reports", DASH_ALL, dash_reports },
	{ "ocop_products", DASH_NATION | DASH_PROVINCE | DASH_COMMUNE, dash_ocop },
	{ "market", DASH_NATION | DASH_PROVINCE, dash_market },
	{ "digital", DASH_NATION | DASH_PROVINCE | DASH_COMMUNE, dash_dx },
	{ NULL, 0, NULL }
};
