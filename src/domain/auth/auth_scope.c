/*
 * auth_scope.c - the scope rule and role names.
 *
 * A binding at unit B covers B's subtree in B's structure.  A unit T of the
 * other structure is covered when T, or one of its ancestors, has lineage
 * links and ALL of them lead into B's subtree: then T lies inside units
 * that lie inside B.  "Any link" would be unsound: new Đà Nẵng (48) was
 * formed from old Đà Nẵng and old Quảng Nam, so an old Quảng Nam binding
 * must not cover the new communes formed from old Đà Nẵng alone.  So a
 * pre-2025 commune is in the scope of the 2025 unit(s) it went into, a
 * pre-2025 district in the scope of the new province of its old province,
 * and a 2025 commune in the scope of an old district only when every old
 * commune it was formed from was in that district.  The country (VN)
 * covers everything.  At most five levels and a few lineage links are
 * read, each by key.
 */
#include <stdio.h>
#include <string.h>

#include "domain/auth/auth.h"

#define CHAIN_MAX 6
#define CODE_MAX 32
#define LINKS_MAX 64	/* a new commune was formed from at most ~30 */

const char *const role_names[ROLE__MAX] = {
	"admin", "coordinator", "province_officer", "commune_officer",
	"village_officer", "appraiser", "ocop_evaluator", "producer",
	"buyer"
};

int
auth_role_from_name(const char *s)
{
	for (int i = 0; s != NULL && i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

/* code and its ancestors in structure, self first.  Returns the count. */
static size_t
chain(struct db *db, const char *structure, const char *code,
    char out[CHAIN_MAX][CODE_MAX])
{
	size_t n = 0;

	snprintf(out[n++], CODE_MAX, "%s", code);
	while (n < CHAIN_MAX) {
		struct db_stmt *st = db_stmt(db, STMT_AUTH_UNIT_PARENT);
		const char *p;

		db_bind_text(st, 1, structure);
		db_bind_text(st, 2, out[n - 1]);
		if (db_step(st, NULL) != 1 || (p = db_col_text(st, 0)) == NULL) {
			db_done(st);
			break;
		}
		snprintf(out[n++], CODE_MAX, "%s", p);
		db_done(st);	/* copied: no read left open before a write */
	}
	return n;
}

static bool
in_subtree(struct db *db, const char *structure, const char *code,
    const char *root)
{
	char c[CHAIN_MAX][CODE_MAX];
	size_t n = chain(db, structure, code, c);

	for (size_t i = 0; i < n; i++)
		if (strcmp(c[i], root) == 0)
			return true;
	return false;
}

bool
auth_unit_in_scope(struct db *db, const char *b_structure, const char *b_code,
    const char *structure, const char *code)
{
	char c[CHAIN_MAX][CODE_MAX];
	size_t n;

	if (b_structure == NULL || b_code == NULL || structure == NULL ||
	    code == NULL)
		return false;
	if (strcmp(b_code, "VN") == 0)
		return true;
	if (strcmp(b_structure, structure) == 0)
		return in_subtree(db, structure, code, b_code);
	/* Across structures: the first of T's (self, ancestors) whose links
	 * all lead into the subtree proves T is inside it. */
	n = chain(db, structure, code, c);
	for (size_t i = 0; i < n; i++) {
		char linked[LINKS_MAX][CODE_MAX];
		size_t nl = 0, inside = 0;
		bool more = false;
		struct db_stmt *st = db_stmt(db, strcmp(structure, "pre2025") == 0 ?
		    STMT_AUTH_UNIT_LINEAGE_OUT : STMT_AUTH_UNIT_LINEAGE_IN);

		db_bind_text(st, 1, structure);
		db_bind_text(st, 2, c[i]);
		while (db_step(st, NULL) == 1) {
			if (nl == LINKS_MAX) {
				more = true;	/* too many to prove: not covered */
				break;
			}
			snprintf(linked[nl++], CODE_MAX, "%s", db_col_text(st, 1));
		}
		if (nl == 0 || more)
			continue;
		for (size_t k = 0; k < nl; k++)
			inside += in_subtree(db, b_structure, linked[k], b_code);
		if (inside == nl)
			return true;
	}
	return false;
}

bool
auth_can(struct db *db, const struct principal *p, unsigned mask,
    const char *structure, const char *code, const struct role_binding **used)
{
	if (p == NULL)
		return false;
	for (size_t i = 0; i < p->nroles; i++) {
		const struct role_binding *b = &p->roles[i];

		if (!(mask & ROLE_BIT(b->role)))
			continue;
		if (auth_unit_in_scope(db, b->structure, b->unit_code, structure,
		    code)) {
			if (used != NULL)
				*used = b;
			return true;
		}
	}
	return false;
}

const struct role_binding *
auth_acting_binding(struct db *db, const struct principal *p, unsigned mask,
    const char *structure, const char *code)
{
	const struct role_binding *b = NULL;

	if (p == NULL || p->nroles == 0)
		return NULL;
	if (structure != NULL && code != NULL &&
	    auth_can(db, p, mask, structure, code, &b))
		return b;
	return &p->roles[0];
}
