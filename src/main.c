/*
 * main.c - the ntm program: finds the command named by the first argument
 * in the table below and runs it.  One file per command in src/cli/.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/printout/printout.h"

const struct cmd *const cli_commands[] = {
	&cmd_init, &cmd_demo, &cmd_serve, &cmd_import, &cmd_backup, &cmd_audit,
	&cmd_copy, &cmd_user, &cmd_routes, &cmd_criteria, &cmd_procedures,
	&cmd_forms,
	&cmd_scorecards,
	&cmd_ocop,
	&cmd_dx,
	&cmd_outbox,
	&cmd_notices,
	&cmd_version, &cmd_help, NULL
};

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("ntm: no command given; try 'ntm help'\n", stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help.fn(1, argv);
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version.fn(1, argv);
	for (size_t i = 0; cli_commands[i] != NULL; i++)
		if (strcmp(cli_commands[i]->name, argv[1]) == 0) {
			int rc = cli_commands[i]->fn(argc - 1, argv + 1);

			/* The command and its threads are done: what pango,
			 * cairo and fontconfig keep for the process (a PDF, a
			 * certificate, a chart may have made it) goes, so
			 * LeakSanitizer reports only ntm's own. */
			printout_shutdown();
			return rc;
		}
	fprintf(stderr, "ntm: unknown command '%s'\nTry 'ntm help'.\n", argv[1]);
	return EXIT_USAGE;
}
