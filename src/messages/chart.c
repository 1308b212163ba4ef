/*
 * chart.c - the message table of the server's charts (core/chart.h; keys
 * chart_*): the few words a chart writes itself.
 */
#include "core/msg.h"

const struct msg msg_table_chart[] = {
	{ "chart_threshold", "ngưỡng", "threshold" },
	{ NULL, NULL, NULL }
};
