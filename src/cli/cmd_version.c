/*
 * cmd_version.c - "ntm version": ntm's version and the versions of the
 * libraries it runs with (as linked, not as compiled).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <microhttpd.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include "cli/cli.h"

static int version_main(int argc, char **argv);

const struct cmd cmd_version = {
	"version", "print the version of ntm and of its libraries",
	"usage: ntm version\n",
	version_main,
};

static int
version_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		fputs(cmd_version.usage, stdout);
		return EXIT_OK;
	}
	if (argc > 1)
		return cli_usage_error(&cmd_version, "unexpected argument '%s'",
		    argv[1]);
	printf("ntm %s\n", NTM_VERSION);
	printf("libmicrohttpd %s\n", MHD_get_version());
	printf("jansson %s\n", jansson_version_str());
	printf("sqlite %s\n", sqlite3_libversion());
	printf("utf8proc %s\n", utf8proc_version());
	return EXIT_OK;
}
