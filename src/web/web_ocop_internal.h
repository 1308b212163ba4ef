/* web_ocop_internal.h - what web_ocop_registry.c and web_ocop_pages.c share. */
#ifndef NTM_WEB_OCOP_INTERNAL_H
#define NTM_WEB_OCOP_INTERNAL_H

#include "http/http.h"
#include "web/web.h"

#define OCOPW_READERS	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_COORDINATOR) | \
	ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
	ROLE_BIT(ROLE_OCOP_EVALUATOR) | ROLE_BIT(ROLE_PRODUCER))
#define OCOPW_WRITERS	(ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
	ROLE_BIT(ROLE_PRODUCER))

/* The product or producer of the path's {id}: its unit (the router). */
extern const struct scope ocopw_scope_producer;
extern const struct scope ocopw_scope_product;

/* What the pages add to the views of the list, a producer, a product. */
void ocopw_list_page(struct req *r, struct web *w, json_t *view);
void ocopw_producer_page(struct req *r, struct web *w, json_t *view);
void ocopw_producers_page(struct req *r, struct web *w, json_t *view);
void ocopw_producer_edit_page(struct req *r, struct web *w, json_t *view);
void ocopw_product_page(struct req *r, struct web *w, json_t *view);

#endif
