/*
 * cmd_help.c - "ntm help [COMMAND]": the list of commands, or one
 * command's --help text.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static int help_main(int argc, char **argv);

const struct cmd cmd_help = {
	"help", "list the commands, or show one command's help",
	"usage: ntm help [COMMAND]\n",
	help_main,
};

static int
help_main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--help") != 0) {
		for (size_t i = 0; cli_commands[i] != NULL; i++) {
			if (strcmp(cli_commands[i]->name, argv[1]) == 0) {
				fputs(cli_commands[i]->usage, stdout);
				return EXIT_OK;
			}
		}
		fprintf(stderr, "ntm help: unknown command '%s'\n", argv[1]);
		return EXIT_USAGE;
	}
	printf("ntm %s - the digital platform of Vietnam's New Rural "
	    "Development programme and OCOP\n\nusage: ntm COMMAND [OPTIONS]\n\n"
	    "commands:\n", NTM_VERSION);
	for (size_t i = 0; cli_commands[i] != NULL; i++)
		printf("  %-8s %s\n", cli_commands[i]->name,
		    cli_commands[i]->summary);
	printf("\nEvery command takes --help.  The database is --db DB, "
	    "$NTM_DB, or ntm.db.\n");
	return EXIT_OK;
}
