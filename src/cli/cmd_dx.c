/*
 * cmd_dx.c - "ntm dx picture": build the national digital-readiness
 * picture (domain/dx) from the database and print how long it took -
 * the whole build (reads and scoring) and the in-memory scoring of every
 * commune alone - with the nation's counts.  For bench/dx.sh and for an
 * operator checking the cost after an import.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/dx/dx.h"

static int dx_main(int argc, char **argv);

const struct cmd cmd_dx = {
	"dx", "digital readiness: build the national picture and time it",
	"usage: ntm dx picture [--db DB] [--year Y] [--set ID] [--repeat N]\n"
	"\n"
	"picture builds the national picture of the current commune\n"
	"digital-readiness set (or --set) in year Y (default: this year within\n"
	"the set's years) N times (default 1), each from scratch, and prints\n"
	"one JSON line: set, year, communes, assessed, score_avg, build_ms and\n"
	"eval_ms (the in-memory scoring of every commune) of the fastest run.\n"
	"\n"
	"  --db DB        SQLite file or postgresql:// URL\n"
	"                 (default $NTM_DB or ntm.db)\n",
	dx_main,
};

static const struct option dx_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "year", required_argument, NULL, 'y' },
	{ "set", required_argument, NULL, 's' },
	{ "repeat", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
picture(struct db *db, const char *set, int year, int repeat)
{
	const struct dx_picture *p = NULL;
	double best = INFINITY, best_eval = INFINITY;
	json_t *roll;
	struct errinfo ei;
	enum err e;

	err_clear(&ei);
	/* The roll-up resolves the set and the year as the API does. */
	if ((e = dx_rollup_json(db, set, year, "VN", "vi", 1, 0, &roll,
	    &ei)) != ERR_OK)
		return cli_fail("dx", &ei);
	year = (int)json_integer_value(json_object_get(roll, "year"));
	set = json_string_value(json_object_get(json_object_get(roll, "set"),
	    "id"));
	for (int i = 0; i < repeat; i++) {
		dx_cache_free();	/* each run from scratch */
		if ((e = dx_picture_get(db, set, 0, year, &p, &ei)) != ERR_OK) {
			json_decref(roll);
			return cli_fail("dx", &ei);
		}
		if (p->build_ms < best)
			best = p->build_ms;
		if (p->eval_ms < best_eval)
			best_eval = p->eval_ms;
		if (i + 1 < repeat)
			dx_picture_release(p);
	}
	printf("{\"set\": \"%s\", \"year\": %d, \"communes\": %zu, "
	    "\"assessed\": %ld, \"score_avg\": %.1f, \"build_ms\": %.2f, "
	    "\"eval_ms\": %.2f}\n", set, year, p->n_communes,
	    p->nation.assessed, isnan(p->nation.score_avg) ? 0 :
	    p->nation.score_avg, best, best_eval);
	dx_picture_release(p);
	json_decref(roll);
	dx_cache_free();
	return EXIT_OK;
}

static int
dx_main(int argc, char **argv)
{
	const char *db_flag = NULL, *set = NULL;
	int year = 0, repeat = 1, c, rc;
	char *end;
	struct errinfo ei;
	struct db *db;

	if (argc < 2 || strcmp(argv[1], "picture") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)) {
			fputs(cmd_dx.usage, stdout);
			return EXIT_OK;
		}
		return cli_usage_error(&cmd_dx, "unknown or missing task '%s' "
		    "(picture)", argc >= 2 ? argv[1] : "");
	}
	argc--;
	argv++;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", dx_opts, NULL)) != -1) {
		switch (c) {
		case 'd': db_flag = optarg; break;
		case 'y': year = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg)
				year = -1;
			break;
		case 's': set = optarg; break;
		case 'r': repeat = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg)
				repeat = 0;
			break;
		case 'h': fputs(cmd_dx.usage, stdout); return EXIT_OK;
		default: return cli_bad_option(&cmd_dx, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(&cmd_dx, "unexpected argument '%s'",
		    argv[optind]);
	if (year != 0 && (year < 2000 || year > 2100))
		return cli_usage_error(&cmd_dx, "--year: a year from 2000 to "
		    "2100%s", "");
	if (repeat < 1 || repeat > 1000)
		return cli_usage_error(&cmd_dx, "--repeat: 1 to 1000%s", "");
	err_clear(&ei);
	if (cli_open_db(cli_db_target(db_flag), &db, &ei) != ERR_OK)
		return cli_fail("dx", &ei);
	rc = picture(db, set, year, repeat);
	db_close(db);
	return rc;
}
