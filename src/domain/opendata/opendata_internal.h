/*
 * opendata_internal.h - the builders of the open data sets (one each,
 * named in od_datasets[]): fill table's "columns" (od_column) and "rows".
 */
#ifndef NTM_DOMAIN_OPENDATA_INTERNAL_H
#define NTM_DOMAIN_OPENDATA_INTERNAL_H

#include "domain/opendata/opendata.h"

#define OD_BUILDER(name) enum err name(struct db *db, const char *lang, \
    json_t *table, struct errinfo *ei)

/* opendata_sql.c */
OD_BUILDER(od_build_units_2025);
OD_BUILDER(od_build_units_pre2025);
OD_BUILDER(od_build_lineage);
OD_BUILDER(od_build_rollups);
OD_BUILDER(od_build_evaluations);
OD_BUILDER(od_build_recognitions);
/* opendata_modules.c */
OD_BUILDER(od_build_surveys);
OD_BUILDER(od_build_ocop_register);
OD_BUILDER(od_build_ocop_stats);
OD_BUILDER(od_build_market_stats);
OD_BUILDER(od_build_criteria);
OD_BUILDER(od_build_legal);

#endif
