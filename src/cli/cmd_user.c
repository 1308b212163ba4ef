/*
 * cmd_user.c - "ntm user add": create an account from the command line
 * (the machine's operator: no scope limits), e.g. the first admin.  The
 * password comes from standard input (one line) or, on a terminal, a
 * prompt without echo.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "domain/auth/auth.h"

static int user_main(int argc, char **argv);

const struct cmd cmd_user = {
	"user", "create an account (ntm user add)",
	"usage: ntm user add [--db DB] --username U --role ROLE --unit STRUCTURE:CODE\n"
	"                    [--full-name NAME]\n"
	"\n"
	"Create an account with one role bound to an administrative unit; the\n"
	"password is read from standard input (or asked for on a terminal).\n"
	"Roles: admin, coordinator (at 2025:VN), province_officer (a province),\n"
	"commune_officer (a commune), village_officer (a village), appraiser,\n"
	"ocop_evaluator (a province or commune), producer (a commune or village).\n"
	"\n"
	"  --db DB      SQLite file (default $NTM_DB or ntm.db)\n",
	user_main,
};

static const struct option user_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "username", required_argument, NULL, 'u' },
	{ "role", required_argument, NULL, 'r' },
	{ "unit", required_argument, NULL, 'U' },
	{ "full-name", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* One line from stdin, without its newline; echo off on a terminal. */
static bool
read_password(char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) != 0;
	size_t n;

	if (tty) {
		fputs("Mật khẩu / password: ", stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	if (fgets(buf, (int)len, stdin) == NULL)
		buf[0] = '\0';
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
	}
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return n > 0;
}

static int
user_main(int argc, char **argv)
{
	const char *db_flag = NULL, *username = NULL, *role_name = NULL;
	const char *unit = NULL, *full_name = NULL, *colon;
	char password[AUTH_PASSWORD_MAX + 2], structure[16];
	struct errinfo ei;
	struct db *db;
	int64_t id;
	int c, role;

	optind = 0;
	opterr = 0;
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
			fputs(cmd_user.usage, stdout);
			return EXIT_OK;
		}
		return cli_usage_error(&cmd_user, "expected 'add'%s", NULL);
	}
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", user_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'u': username = optarg; break;
		case 'r': role_name = optarg; break;
		case 'U': unit = optarg; break;
		case 'f': full_name = optarg; break;
		case 'h': fputs(cmd_user.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_user, argv);
		}
	}
	if (username == NULL || role_name == NULL || unit == NULL)
		return cli_usage_error(&cmd_user,
		    "--username, --role and --unit are required%s", NULL);
	if ((role = auth_role_from_name(role_name)) < 0)
		return cli_usage_error(&cmd_user, "unknown role '%s'", role_name);
	if ((colon = strchr(unit, ':')) == NULL ||
	    (size_t)(colon - unit) >= sizeof(structure))
		return cli_usage_error(&cmd_user,
		    "--unit must be STRUCTURE:CODE, not '%s'", unit);
	memcpy(structure, unit, (size_t)(colon - unit));
	structure[colon - unit] = '\0';
	err_clear(&ei);
	if (!read_password(password, sizeof(password))) {
		err_set(&ei, ERR_INVALID, "auth.bad_password", "password",
		    "không có mật khẩu trên đầu vào chuẩn",
		    "no password on standard input");
		return cli_fail("user", &ei);
	}
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("user", &ei);
	if (auth_user_create(db, NULL, username, full_name ? full_name : username,
	    password, (enum role)role, structure, colon + 1, &id, &ei) != ERR_OK) {
		db_close(db);
		return cli_fail("user", &ei);
	}
	db_close(db);
	printf("user %s created (id %lld), %s at %s\n", username, (long long)id,
	    role_names[role], unit);
	return EXIT_OK;
}
