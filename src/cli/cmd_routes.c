/*
 * cmd_routes.c - "ntm routes": the route table as JSON, one object per
 * route and address (page and API), with the roles and the scope rule the
 * router enforces.  The end-to-end access matrix is generated from it, so
 * a new route joins the matrix without anyone writing a test line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "web/web.h"

static int routes_main(int argc, char **argv);

const struct cmd cmd_routes = {
	"routes", "print the route table (JSON) with roles and scope rules",
	"usage: ntm routes\n",
	routes_main,
};


static json_t *
roles_json(unsigned roles)
{
	json_t *a;

	if (roles == ROLES_PUBLIC)
		return json_string("public");
	if (roles == ROLES_SIGNED_IN)
		return json_string("signed_in");
	a = json_array();
	for (int i = 0; i < ROLE__MAX; i++)
		if (roles & ROLE_BIT(i))
			json_array_append_new(a, json_string(role_names[i]));
	return a;
}

static int
routes_main(int argc, char **argv)
{
	json_t *out = json_array();
	char *s;

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			fputs(cmd_routes.usage, stdout);
			json_decref(out);
			return EXIT_OK;
		}
		json_decref(out);
		return cli_usage_error(&cmd_routes, "unexpected argument '%s'",
		    argv[1]);
	}
	for (size_t t = 0; web_route_tables[t] != NULL; t++) {
		for (const struct route *rt = web_route_tables[t]; rt->pattern; rt++) {
			for (int api = 0; api < 2; api++) {
				char path[256];

				if (api && !(rt->flags & ROUTE_API))
					continue;
				if (!api && !(rt->flags & (ROUTE_HTML | ROUTE_RAW)))
					continue;
				snprintf(path, sizeof(path), "%s%s", api ? "/api/v1" : "",
				    api && strcmp(rt->pattern, "/") == 0 ? "/" : rt->pattern);
				json_array_append_new(out, json_pack(
				    "{s:s, s:s, s:b, s:o, s:s, s:b, s:o, s:b, s:b, s:b, s:b}",
				    "method", rt->method, "path", path, "api", api,
				    "roles", roles_json(rt->roles),
				    "scope", rt->scope ? rt->scope->name : "none",
				    "scope_soft", (rt->flags & ROUTE_SCOPE_SOFT) != 0,
				    "inside_roles", rt->inside_roles ?
				    roles_json(rt->inside_roles) : json_array(),
				    "csrf", !(rt->flags & ROUTE_NOCSRF) &&
				    strcmp(rt->method, "GET") != 0,
				    "form", (rt->flags & ROUTE_FORM) != 0,
				    /* signed_in: staff only unless any_account (a
				     * buyer account too) */
				    "any_account",
				    (rt->flags & ROUTE_ANY_ACCOUNT) != 0,
				    /* a file download at its page path (in the
				     * OpenAPI document too) */
				    "raw", !api && (rt->flags & ROUTE_RAW) != 0));
			}
		}
	}
	s = json_dumps(out, JSON_INDENT(1));
	puts(s);
	free(s);
	json_decref(out);
	return EXIT_OK;
}
