/*
 * web_market_money.h - the route tables of the producer's money
 * (web_market_money.c) and the programme's marketplace statistics
 * (web_market_stats.c), listed in web_route_tables[] (routes.c).
 */
#ifndef NTM_WEB_MARKET_MONEY_H
#define NTM_WEB_MARKET_MONEY_H

#include "web/web.h"

extern const struct route market_money_routes[];
extern const struct route market_stats_routes[];

#endif
