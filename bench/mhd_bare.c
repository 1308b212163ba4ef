/*
 * mhd_bare.c - the floor of ntm's HTTP layer, for bench/http.sh: a bare
 * libmicrohttpd server that answers every request with one prepared
 * response (the same daemon options and per-connection memory as
 * src/http/http.c, one polling thread), so that ntm's answers can be
 * compared with what libmicrohttpd alone costs on this machine.
 *
 *   mhd_bare PORT BODY HEADERS
 *     BODY     the file whose bytes every answer carries
 *     HEADERS  "Name: value" lines (curl -D output: the status line, Date,
 *              Content-Length and blank lines are skipped), sent in order
 *
 * Prints "listening on PORT" on stderr once bound; stops on SIGTERM/SIGINT.
 * Built by bench/http.sh into its temporary directory; not part of ntm.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

static struct MHD_Response *resp;

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;
	if (*con_cls == NULL) {
		/* As http.c: the first call only sees the headers. */
		*con_cls = (void *)1;
		return MHD_YES;
	}
	*upload_data_size = 0;
	return MHD_queue_response(c, MHD_HTTP_OK, resp);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	*con_cls = NULL;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (p = malloc((size_t)n + 1)) == NULL ||
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		if (f != NULL)
			fclose(f);
		free(p);
		return NULL;
	}
	fclose(f);
	p[n] = '\0';
	*len = (size_t)n;
	return p;
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	char *body, *hdrs, *line, *next, *end;
	size_t blen, hlen;
	sigset_t set;
	long port;
	int sig;

	if (argc != 4) {
		fputs("usage: mhd_bare PORT BODY HEADERS\n", stderr);
		return 2;
	}
	port = strtol(argv[1], &end, 10);
	if (*end != '\0' || port < 1 || port > 65535) {
		fputs("mhd_bare: PORT must be 1-65535\n", stderr);
		return 2;
	}
	if ((body = slurp(argv[2], &blen)) == NULL ||
	    (hdrs = slurp(argv[3], &hlen)) == NULL) {
		fputs("mhd_bare: cannot read the body or the headers\n", stderr);
		return 1;
	}
	resp = MHD_create_response_from_buffer(blen, body,
	    MHD_RESPMEM_PERSISTENT);
	for (line = hdrs; *line != '\0'; line = next) {
		char *colon;

		next = line + strcspn(line, "\r\n");
		if (*next != '\0')
			*next++ = '\0';
		next += strspn(next, "\r\n");
		colon = strchr(line, ':');
		if (colon == NULL || strncmp(line, "HTTP/", 5) == 0 ||
		    strncasecmp(line, "Date:", 5) == 0 ||
		    strncasecmp(line, "Content-Length:", 15) == 0)
			continue;
		*colon = '\0';
		MHD_add_response_header(resp, line, colon + 1 +
		    strspn(colon + 1, " "));
	}
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
	    MHD_USE_ERROR_LOG | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME,
	    (unsigned short)port, NULL, NULL, answer, NULL,
	    MHD_OPTION_CONNECTION_LIMIT, 1000u,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024), /* as ntm serve */
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
	    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "mhd_bare: cannot listen on %s\n", argv[1]);
		return 1;
	}
	fprintf(stderr, "listening on %s\n", argv[1]);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	MHD_destroy_response(resp);
	free(body);
	free(hdrs);
	return 0;
}
