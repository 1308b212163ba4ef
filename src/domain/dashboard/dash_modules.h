/*
 * dash_modules.h - the panel builders of the modules beyond the criteria
 * and the dossiers (issue 18), each in its own dash_<module>.c and listed
 * in dash_panels[] (dash_panels.c).  Each reads its module's maintained
 * figures only and gives the numbers of the page it links to.
 */
#ifndef NTM_DOMAIN_DASH_MODULES_H
#define NTM_DOMAIN_DASH_MODULES_H

#include "domain/dashboard/dashboard.h"

/* Satisfaction: the published results of the campaigns in the unit's
 * scope (dash_surveys.c).  Every level. */
enum err dash_surveys(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
/* Progress reporting: the completeness of the newest period of the
 * progress form whose due date has passed, and its capital plan versus
 * actual by source (dash_reports.c).  Officers only (the reporting pages
 * are theirs); units of the form's structure. */
enum err dash_reports(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
/* OCOP: the register's products by stars (dash_ocop.c).  The nation and
 * the 2025 provinces. */
enum err dash_ocop(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
/* The marketplace: orders delivered and their value in the last twelve
 * months (dash_market.c).  The nation and the 2025 provinces. */
enum err dash_market(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);
/* Digital readiness: the national picture's figures of the unit, its
 * communes by level (dash_dx.c).  The nation, 2025 provinces and
 * communes. */
enum err dash_dx(const struct dash_ctx *c, json_t **panel,
    struct errinfo *ei);

#endif
