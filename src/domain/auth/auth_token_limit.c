/*
 * auth_token_limit.c - an API token limited to one unit: the unit checked
 * when the token is made, and the user's bindings narrowed to it each
 * time the token is used.  Narrowing the bindings themselves (rather than
 * adding a check somewhere) means every rule that reads them - the
 * router's scope check, the lists filtered by scope, the change feed -
 * sees only inside the unit without knowing tokens exist.
 */
#include <string.h>

#include "domain/auth/auth.h"
#include "domain/auth/auth_internal.h"
#include "domain/units/units.h"

enum err
auth_token_unit_check(struct db *db, const struct principal *p,
    const char *structure, const char *code, struct errinfo *ei)
{
	struct arena *a = arena_new(4096);
	struct unit u;
	enum err e;

	if ((e = units_get(db, a, structure, code, &u, ei)) != ERR_OK) {
		arena_free(a);
		if (e == ERR_NOTFOUND || e == ERR_INVALID)
			return err_set(ei, ERR_INVALID, "tokens.bad_unit", "unit",
			    "không có đơn vị hành chính này",
			    "there is no such administrative unit");
		return e;
	}
	for (size_t i = 0; i < p->nroles; i++)
		if (auth_unit_in_scope(db, p->roles[i].structure,
		    p->roles[i].unit_code, structure, code)) {
			arena_free(a);
			return ERR_OK;
		}
	e = err_set(ei, ERR_FORBIDDEN, "tokens.unit_outside_scope", "unit",
	    "%s nằm ngoài phạm vi của bạn", "%s is outside your scope",
	    u.full_name);
	arena_free(a);
	return e;
}

void
auth_token_narrow(struct db *db, struct arena *a, struct principal *p,
    const char *structure, const char *code)
{
	size_t k = 0;

	p->limit_structure = arena_strdup(a, structure);
	p->limit_code = arena_strdup(a, code);
	for (size_t i = 0; i < p->nroles; i++) {
		struct role_binding b = p->roles[i];

		if (auth_unit_in_scope(db, b.structure, b.unit_code, structure,
		    code)) {
			/* the binding holds the unit: now it holds only it */
			b.structure = p->limit_structure;
			b.unit_code = p->limit_code;
			p->roles[k++] = b;
		} else if (auth_unit_in_scope(db, structure, code, b.structure,
		    b.unit_code))
			p->roles[k++] = b;	/* already inside it */
	}
	p->nroles = k;
}
