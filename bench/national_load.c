/*
 * bench/national_load.c - the load generator of bench/national.sh (issue
 * 21): the mixed national load over HTTP/1.1 keep-alive against one `ntm
 * serve`, every request a valid one (any answer other than 2xx/3xx is an
 * error), per workload counts, errors and latencies.
 *
 *   build/bench/national_load PLAN PORT CONNS SECONDS [RATE] [MIX]
 *
 * PLAN is the file bench/national.sh writes from the demo database, one
 * item a line:
 *   page PATH                 a public page or JSON (anonymous GET)
 *   search QUERY              unit search, URL-encoded (GET /api/v1/units?q=)
 *   dash PATH                 a dashboard (anonymous GET)
 *   officer USER PASS CODE    a commune officer of commune 2025:CODE
 *   province USER PASS        the province officer above those communes
 *   indicator SET YEAR BODY   the indicator write (BODY: JSON, one line)
 *   report FORM PERIOD BODY   the report saved, submitted, returned
 *   campaign ID ANSWERS       the survey campaign and a valid answer set
 *   code CODE                 a one-time survey code (one response each)
 *   listing ID PRICE COMMUNE  a listing that sells, and the buyers' commune
 * Every officer logs in first (POST /api/v1/session: the session cookie and
 * the CSRF token), as a browser does; their writes carry both.
 *
 * CONNS connections, each a closed loop (send, read the whole answer, pick
 * the next); with RATE (requests/s, 0 = as fast as the server answers) the
 * requests are started at that pace over all connections (the soak).  MIX
 * is "public=30,search=15,..." (weights; default below).  A report cycle
 * is three requests of one officer: save the draft (PUT), submit, and the
 * province officer's return (so the next save is allowed again); an
 * officer is used by one connection at a time.  An order is a checkout of
 * one unit of a listing, then (the connection's next request) its
 * cancellation by the buyer, which gives the stock back: two requests.
 *
 * Output: every 10 s "interval t=... n=... err=... rps=..."; at the end
 * one line per workload "workload name=... n=... err=... rps=... p50_us=...
 * p99_us=... max_us=..." and "total n=... err=... rps=... seconds=...".
 * The first few error answers are printed to stderr.  Exit status: 0 no
 * error, 1 errors (or a failed login), 2 usage.
 */
#define _GNU_SOURCE	/* memmem */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum wl { W_PUBLIC, W_SEARCH, W_DASH, W_INDICATOR, W_REPORT, W_SURVEY,
	W_ORDER, W_N };
static const char *const wl_name[W_N] = {
	"public", "search", "dashboard", "indicator", "report", "survey", "order",
};
/* The default shares of requests (bench/national.sh documents them). */
static int weight[W_N] = { 40, 15, 10, 10, 6, 12, 7 };

#define LINE_MAX_	8192
#define MAX_ITEMS	4096
#define REQ_MAX		16384
#define IN_MAX		(4 << 20)

struct officer {
	char user[64], pass[64], code[16];
	char cookie[256], csrf[128];
	int busy, phase;	/* report cycle: 0 save, 1 submit, 2 return */
	unsigned serial;
};

static char *pages[MAX_ITEMS], *searches[MAX_ITEMS], *dashes[MAX_ITEMS];
static size_t n_pages, n_searches, n_dashes;
static struct officer officers[MAX_ITEMS];
static size_t n_officers;
static struct officer province;
static char ind_set[64], ind_year[16], ind_body[LINE_MAX_];
static char rep_form[64], rep_period[16], rep_body[LINE_MAX_];
static char campaign[16], answers[LINE_MAX_];
static char **codes;
static size_t n_codes, codes_cap, next_code;
struct listing { char id[16], price[32], commune[32]; };
static struct listing listings[MAX_ITEMS];
static size_t n_listings;
static int port;

/* ---- statistics ---------------------------------------------------- */

struct stat_wl {
	uint32_t *lat;		/* µs, one per answer */
	size_t n, cap, err;
};
static struct stat_wl stats[W_N];
static size_t iv_n, iv_err, printed_errors;

static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fprintf(stderr, "national_load: out of memory\n");
		exit(1);
	}
	return q;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = xrealloc(NULL, n);
	memcpy(d, s, n);
	return d;
}

static void
record(enum wl w, double secs, int ok)
{
	struct stat_wl *s = &stats[w];
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 4096;
		s->lat = xrealloc(s->lat, s->cap * sizeof *s->lat);
	}
	s->lat[s->n++] = (uint32_t)(secs * 1e6);
	iv_n++;
	if (!ok) {
		s->err++;
		iv_err++;
	}
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static uint32_t
pct(const uint32_t *v, size_t n, double p)
{
	size_t k;
	if (n == 0)
		return 0;
	k = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1];
}

/* ---- HTTP ----------------------------------------------------------- */

struct answer {
	int status;
	size_t head_len, body_len;	/* body_len: of a complete answer */
	int close;
	char *body;			/* into the buffer */
};

static const char *
find_header(const char *head, size_t len, const char *name)
{
	size_t nl = strlen(name);
	const char *p = head, *end = head + len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			p += nl + 1;
			while (*p == ' ')
				p++;
			return p;
		}
		p = eol + 1;
	}
	return NULL;
}

/* Is buf[0..len) one complete answer?  1 yes (a filled in), 0 not yet,
 * -1 malformed.  Content-Length or chunked bodies (de-chunked in place is
 * not needed: only the length matters, the body is kept as received). */
static int
parse_answer(char *buf, size_t len, struct answer *a)
{
	char *he;
	const char *v;
	if (len < 12)
		return 0;
	he = memmem(buf, len, "\r\n\r\n", 4);
	if (!he)
		return 0;
	a->head_len = (size_t)(he - buf) + 4;
	if (memcmp(buf, "HTTP/1.", 7) != 0)
		return -1;
	a->status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
	v = find_header(buf, a->head_len, "Connection");
	a->close = v && strncasecmp(v, "close", 5) == 0;
	a->body = buf + a->head_len;
	v = find_header(buf, a->head_len, "Content-Length");
	if (v) {
		char *e;
		unsigned long long cl = strtoull(v, &e, 10);
		if (e == v)
			return -1;
		a->body_len = (size_t)cl;
		return len >= a->head_len + cl ? 1 : 0;
	}
	v = find_header(buf, a->head_len, "Transfer-Encoding");
	if (v && strncasecmp(v, "chunked", 7) == 0) {
		size_t off = a->head_len;
		for (;;) {
			char *e;
			unsigned long long n;
			char *crlf = memmem(buf + off, len - off, "\r\n", 2);
			if (!crlf)
				return 0;
			n = strtoull(buf + off, &e, 16);
			if (e == buf + off)
				return -1;
			off = (size_t)(crlf - buf) + 2;
			if (n == 0) {
				/* no trailers from ntm: the final CRLF */
				if (len < off + 2)
					return 0;
				a->body_len = off + 2 - a->head_len;
				return 1;
			}
			if (len < off + n + 2)
				return 0;
			off += n + 2;
		}
	}
	if (a->status == 204 || a->status == 304 || a->status / 100 == 1) {
		a->body_len = 0;
		return 1;
	}
	return -1;	/* ntm always says how long its answers are */
}

static int
connect_to(int nonblock)
{
	struct sockaddr_in sa;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (nonblock)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The request into out (REQ_MAX bytes): 0, or -1 when too long.  With an
 * officer, its session cookie and CSRF token (a browser's write). */
static int
build(char *out, size_t *len, const char *method, const char *path,
    const struct officer *o, const char *body)
{
	int n = snprintf(out, REQ_MAX,
	    "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: national_load\r\n"
	    "Accept: */*\r\n%s%s%s%s%s%s%s"
	    "Content-Length: %zu\r\n\r\n%s",
	    method, path, port,
	    body ? "Content-Type: application/json\r\n" : "",
	    o ? "Cookie: " : "", o ? o->cookie : "", o ? "\r\n" : "",
	    o ? "X-CSRF-Token: " : "", o ? o->csrf : "", o ? "\r\n" : "",
	    body ? strlen(body) : (size_t)0, body ? body : "");
	if (n < 0 || n >= REQ_MAX)
		return -1;
	*len = (size_t)n;
	return 0;
}

/* One blocking exchange (the logins): the answer in *buf (malloc'd). */
static int
exchange(const char *req, size_t len, char **buf, struct answer *a)
{
	size_t cap = 65536, have = 0, off = 0;
	int fd = connect_to(0), r;
	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t w = write(fd, req + off, len - off);
		if (w <= 0) {
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	*buf = xrealloc(NULL, cap + 1);
	for (;;) {
		ssize_t rd;
		if (have == cap) {
			cap *= 2;
			*buf = xrealloc(*buf, cap + 1);
		}
		rd = read(fd, *buf + have, cap - have);
		if (rd <= 0) {
			close(fd);
			return -1;
		}
		have += (size_t)rd;
		(*buf)[have] = '\0';
		r = parse_answer(*buf, have, a);
		if (r != 0) {
			close(fd);
			return r == 1 ? 0 : -1;
		}
	}
}

/* The value of "key":"..." in a JSON text (no escapes in what we read). */
static int
json_str(const char *json, const char *key, char *out, size_t cap)
{
	char pat[80];
	const char *p, *e;
	snprintf(pat, sizeof pat, "\"%s\":\"", key);
	p = strstr(json, pat);
	if (!p)
		return -1;
	p += strlen(pat);
	e = strchr(p, '"');
	if (!e || (size_t)(e - p) >= cap)
		return -1;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return 0;
}

static int
login(struct officer *o)
{
	char req[REQ_MAX], body[256], *buf = NULL;
	size_t len;
	struct answer a;
	const char *c;
	size_t i = 0;
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}",
	    o->user, o->pass);
	if (build(req, &len, "POST", "/api/v1/session", NULL, body) < 0 ||
	    exchange(req, len, &buf, &a) < 0 || a.status != 200) {
		fprintf(stderr, "national_load: login of %s failed (%d)\n%s\n",
		    o->user, buf ? a.status : 0, buf ? buf : "");
		free(buf);
		return -1;
	}
	c = find_header(buf, a.head_len, "Set-Cookie");
	if (!c || json_str(a.body, "csrf_token", o->csrf, sizeof o->csrf) < 0) {
		fprintf(stderr, "national_load: no session for %s\n", o->user);
		free(buf);
		return -1;
	}
	while (c[i] && c[i] != ';' && c[i] != '\r' && i + 1 < sizeof o->cookie) {
		o->cookie[i] = c[i];
		i++;
	}
	o->cookie[i] = '\0';
	free(buf);
	return 0;
}

/* Where the officer's report cycle stands (a previous run may have left
 * its report submitted): a submitted report is returned first. */
static int
report_phase(struct officer *o)
{
	char req[REQ_MAX], path[256], state[32], *buf = NULL;
	size_t len;
	struct answer a;
	int phase = 0;
	snprintf(path, sizeof path, "/api/v1/reports/%s/2025/%s/%s", rep_form, o->code, rep_period);
	if (build(req, &len, "GET", path, o, NULL) < 0 || exchange(req, len, &buf, &a) < 0) {
		free(buf);
		return -1;
	}
	/* the report's own state comes first (its history names others) */
	if (a.status == 200 && json_str(a.body, "state", state, sizeof state) == 0 &&
	    strcmp(state, "submitted") == 0)
		phase = 2;
	free(buf);
	o->phase = phase;
	return 0;
}

/* ---- the plan --------------------------------------------------------- */

static void
copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

static int
read_plan(const char *path)
{
	static char line[LINE_MAX_];
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *kind = line, *rest, *a2, *a3;
		line[strcspn(line, "\n")] = '\0';
		rest = strchr(line, ' ');
		if (!rest)
			continue;
		*rest++ = '\0';
		if (!strcmp(kind, "page") && n_pages < MAX_ITEMS)
			pages[n_pages++] = xstrdup(rest);
		else if (!strcmp(kind, "search") && n_searches < MAX_ITEMS)
			searches[n_searches++] = xstrdup(rest);
		else if (!strcmp(kind, "dash") && n_dashes < MAX_ITEMS)
			dashes[n_dashes++] = xstrdup(rest);
		else if (!strcmp(kind, "code")) {
			if (n_codes == codes_cap) {
				codes_cap = codes_cap ? 2 * codes_cap : 65536;
				codes = xrealloc(codes, codes_cap * sizeof *codes);
			}
			codes[n_codes++] = xstrdup(rest);
		} else if ((a2 = strchr(rest, ' ')) == NULL)
			continue;
		else {
			*a2++ = '\0';
			a3 = strchr(a2, ' ');
			if (a3)
				*a3++ = '\0';
			if (!strcmp(kind, "officer") && a3 && n_officers < MAX_ITEMS) {
				struct officer *o = &officers[n_officers++];
				copy(o->user, sizeof o->user, rest);
				copy(o->pass, sizeof o->pass, a2);
				copy(o->code, sizeof o->code, a3);
			} else if (!strcmp(kind, "province")) {
				copy(province.user, sizeof province.user, rest);
				copy(province.pass, sizeof province.pass, a2);
			} else if (!strcmp(kind, "indicator") && a3) {
				copy(ind_set, sizeof ind_set, rest);
				copy(ind_year, sizeof ind_year, a2);
				copy(ind_body, sizeof ind_body, a3);
			} else if (!strcmp(kind, "report") && a3) {
				copy(rep_form, sizeof rep_form, rest);
				copy(rep_period, sizeof rep_period, a2);
				copy(rep_body, sizeof rep_body, a3);
			} else if (!strcmp(kind, "campaign")) {
				copy(campaign, sizeof campaign, rest);
				/* the answers may hold spaces: rejoin */
				if (a3)
					a3[-1] = ' ';
				copy(answers, sizeof answers, a2);
			} else if (!strcmp(kind, "listing") && a3 && n_listings < MAX_ITEMS) {
				struct listing *l = &listings[n_listings++];
				copy(l->id, sizeof l->id, rest);
				copy(l->price, sizeof l->price, a2);
				copy(l->commune, sizeof l->commune, a3);
			}
		}
	}
	fclose(f);
	return 0;
}

/* ---- connections -------------------------------------------------------- */

enum cstate { C_IDLE, C_BUSY };

struct conn {
	int fd;
	enum cstate st;
	enum wl w;
	struct officer *o;	/* the officer whose cycle this is */
	char out[REQ_MAX];
	size_t out_len, out_off;
	char *in;
	size_t in_len, in_cap;
	char cancel[64];	/* the order to cancel next */
	double t0;
};

static unsigned long long rng = 88172645463325252ULL;
static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static struct officer *
free_officer(void)
{
	size_t i, start;
	if (n_officers == 0)
		return NULL;
	start = rnd((unsigned)n_officers);
	for (i = 0; i < n_officers; i++) {
		struct officer *o = &officers[(start + i) % n_officers];
		if (!o->busy)
			return o;
	}
	return NULL;
}

static enum wl
pick(void)
{
	int total = 0, r, i;
	for (i = 0; i < W_N; i++)
		total += weight[i];
	r = (int)rnd((unsigned)total);
	for (i = 0; i < W_N; i++) {
		if (r < weight[i])
			return (enum wl)i;
		r -= weight[i];
	}
	return W_PUBLIC;
}

/* tmpl with its first "@N@" replaced by v (the plan's bodies: a value
 * that changes with every write, so that each write changes something). */
static void
subst(char *out, size_t cap, const char *tmpl, int v)
{
	const char *at = strstr(tmpl, "@N@");
	if (!at)
		snprintf(out, cap, "%s", tmpl);
	else
		snprintf(out, cap, "%.*s%d%s", (int)(at - tmpl), tmpl, v, at + 3);
}

/* Build the connection's next request; 0 ok, -1 cannot (try another). */
static int
next_request(struct conn *c, enum wl w)
{
	char path[1024], body[2 * LINE_MAX_];
	struct officer *o;
	c->w = w;
	c->o = NULL;
	switch (w) {
	case W_PUBLIC:
		if (!n_pages)
			return -1;
		return build(c->out, &c->out_len, "GET", pages[rnd((unsigned)n_pages)], NULL, NULL);
	case W_SEARCH:
		if (!n_searches)
			return -1;
		snprintf(path, sizeof path, "/api/v1/units?q=%s&limit=20",
		    searches[rnd((unsigned)n_searches)]);
		return build(c->out, &c->out_len, "GET", path, NULL, NULL);
	case W_DASH:
		if (!n_dashes)
			return -1;
		return build(c->out, &c->out_len, "GET", dashes[rnd((unsigned)n_dashes)], NULL, NULL);
	case W_INDICATOR:
		if (!ind_set[0] || (o = free_officer()) == NULL)
			return -1;
		snprintf(path, sizeof path, "/api/v1/units/2025/%s/indicators/%s/%s",
		    o->code, ind_set, ind_year);
		subst(body, sizeof body, ind_body, 50 + (int)rnd(50));
		o->busy = 1;
		c->o = o;
		return build(c->out, &c->out_len, "PUT", path, o, body);
	case W_REPORT:
		if (!rep_form[0] || !province.cookie[0] || (o = free_officer()) == NULL)
			return -1;
		o->busy = 1;
		c->o = o;
		snprintf(path, sizeof path, "/api/v1/reports/%s/2025/%s/%s%s",
		    rep_form, o->code, rep_period,
		    o->phase == 0 ? "" : o->phase == 1 ? "/submit" : "/return");
		if (o->phase == 0) {
			subst(body, sizeof body, rep_body, (int)(++o->serial % 1000));
			return build(c->out, &c->out_len, "PUT", path, o, body);
		}
		if (o->phase == 1)
			return build(c->out, &c->out_len, "POST", path, o, "{}");
		return build(c->out, &c->out_len, "POST", path, &province,
		    "{\"reason\":\"Kiểm tra lại số giải ngân\"}");
	case W_SURVEY:
		if (!campaign[0] || next_code >= n_codes)
			return -1;
		snprintf(path, sizeof path, "/api/v1/s/%s", campaign);
		snprintf(body, sizeof body, "{\"code\":\"%s\",\"answers\":%s}",
		    codes[next_code++], answers);
		return build(c->out, &c->out_len, "POST", path, NULL, body);
	case W_ORDER: {
		const struct listing *l;
		if (!n_listings)
			return -1;
		l = &listings[rnd((unsigned)n_listings)];
		snprintf(body, sizeof body,
		    "{\"lines\":[{\"listing_id\":%s,\"quantity\":1,\"price_vnd\":%s}],"
		    "\"buyer\":{\"name\":\"Người mua thử\",\"phone\":\"0912345678\","
		    "\"address\":\"Thôn 1\",\"commune\":\"%s\"}}", l->id, l->price, l->commune);
		return build(c->out, &c->out_len, "POST", "/api/v1/market/checkout", NULL, body);
	}
	case W_N:
		break;
	}
	return -1;
}

static size_t skipped[W_N];

static void
start_request(struct conn *c)
{
	enum wl w = pick();
	int tries = 0;
	if (c->cancel[0]) {
		char path[128];
		snprintf(path, sizeof path, "/api/v1/market/orders/%s/cancel", c->cancel);
		c->cancel[0] = '\0';
		c->w = W_ORDER;
		c->o = NULL;
		if (build(c->out, &c->out_len, "POST", path, NULL, "{}") == 0)
			goto go;
	}
	while (next_request(c, w) < 0) {
		skipped[w]++;
		/* the workload cannot run now (no free officer, codes spent):
		 * another one in its place */
		w = (enum wl)((w + 1) % W_N);
		if (++tries > W_N) {
			fprintf(stderr, "national_load: nothing to request\n");
			exit(2);
		}
	}
go:
	c->out_off = 0;
	c->in_len = 0;
	c->st = C_BUSY;
	c->t0 = now_s();
}

static int ep;

static void
reconnect(struct conn *c)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLET };
	if (c->fd >= 0) {
		epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
	}
	c->fd = connect_to(1);
	if (c->fd < 0) {
		fprintf(stderr, "national_load: cannot connect: %s\n", strerror(errno));
		exit(1);
	}
	ev.data.ptr = c;
	epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

static void
finish(struct conn *c, const struct answer *a, int ok)
{
	record(c->w, now_s() - c->t0, ok);
	if (!ok && printed_errors < 5) {
		printed_errors++;
		fprintf(stderr, "national_load: %s answered %d: %.*s\n  request: %.*s\n",
		    wl_name[c->w], a ? a->status : 0, a ? (int)(a->body_len > 400 ? 400 : a->body_len) : 0,
		    a ? a->body : "", (int)(c->out_len > 400 ? 400 : c->out_len), c->out);
	}
	if (ok && a && c->w == W_ORDER && memcmp(c->out, "POST /api/v1/market/checkout", 28) == 0 &&
	    json_str(a->body, "token", c->cancel, sizeof c->cancel) < 0)
		c->cancel[0] = '\0';
	if (c->o) {
		if (ok && c->w == W_REPORT)
			c->o->phase = (c->o->phase + 1) % 3;
		c->o->busy = 0;
		c->o = NULL;
	}
	c->st = C_IDLE;
}

/* Write and read what the socket allows. */
static void
pump(struct conn *c)
{
	if (c->st == C_IDLE) {
		/* an idle kept-alive connection the server closed */
		char b[256];
		ssize_t rd = read(c->fd, b, sizeof b);
		if (rd == 0 || (rd < 0 && errno != EAGAIN && errno != EINTR))
			reconnect(c);
		return;
	}
	while (c->st == C_BUSY && c->out_off < c->out_len) {
		ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (w <= 0) {
			finish(c, NULL, 0);
			reconnect(c);
			return;
		}
		c->out_off += (size_t)w;
	}
	while (c->st == C_BUSY) {
		struct answer a;
		ssize_t rd;
		int r;
		if (c->in_cap - c->in_len < 65536) {
			c->in_cap = c->in_cap ? 2 * c->in_cap : 131072;
			if (c->in_cap > IN_MAX * 4) {
				fprintf(stderr, "national_load: answer too large\n");
				exit(1);
			}
			c->in = xrealloc(c->in, c->in_cap);
		}
		rd = read(c->fd, c->in + c->in_len, c->in_cap - c->in_len - 1);
		if (rd < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (rd <= 0) {
			/* the server closed a kept-alive connection: an error
			 * only if the request was sent on it */
			finish(c, NULL, 0);
			reconnect(c);
			return;
		}
		c->in_len += (size_t)rd;
		c->in[c->in_len] = '\0';
		r = parse_answer(c->in, c->in_len, &a);
		if (r == 0)
			continue;
		finish(c, r == 1 ? &a : NULL, r == 1 && a.status >= 200 && a.status < 400);
		if (r < 0 || a.close)
			reconnect(c);
	}
}

static int
parse_mix(const char *mix)
{
	char buf[512], *p, *save = NULL;
	int i;
	snprintf(buf, sizeof buf, "%s", mix);
	for (i = 0; i < W_N; i++)
		weight[i] = 0;
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(p, '='), *e;
		long v;
		if (!eq)
			return -1;
		*eq = '\0';
		v = strtol(eq + 1, &e, 10);
		if (*e || v < 0 || v > 1000)
			return -1;
		for (i = 0; i < W_N; i++)
			if (!strcmp(p, wl_name[i]))
				break;
		if (i == W_N)
			return -1;
		weight[i] = (int)v;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	long conns, secs;
	double rate = 0, t_start, t_end, next_at, last_iv, now;
	struct conn *cs;
	size_t i, total = 0, errs = 0;
	int w;
	char *e;

	if (argc < 5 || argc > 7) {
		fprintf(stderr, "usage: national_load PLAN PORT CONNS SECONDS [RATE] [MIX]\n");
		return 2;
	}
	port = (int)strtol(argv[2], &e, 10);
	conns = strtol(argv[3], &e, 10);
	secs = strtol(argv[4], &e, 10);
	if (argc > 5)
		rate = strtod(argv[5], &e);
	if (port <= 0 || conns < 1 || conns > 1024 || secs < 1 || rate < 0 ||
	    (argc > 6 && parse_mix(argv[6]) < 0)) {
		fprintf(stderr, "national_load: bad argument\n");
		return 2;
	}
	if (read_plan(argv[1]) < 0)
		return 2;
	for (i = 0; i < n_officers; i++)
		if (login(&officers[i]) < 0 || (rep_form[0] && report_phase(&officers[i]) < 0))
			return 1;
	if (province.user[0] && login(&province) < 0)
		return 1;

	ep = epoll_create1(0);
	cs = calloc((size_t)conns, sizeof *cs);
	if (!cs || ep < 0)
		return 1;
	for (i = 0; i < (size_t)conns; i++) {
		cs[i].fd = -1;
		reconnect(&cs[i]);
	}
	t_start = now_s();
	t_end = t_start + (double)secs;
	next_at = t_start;
	last_iv = t_start;
	for (;;) {
		struct epoll_event evs[256];
		int n, k, timeout = 50;
		now = now_s();
		if (now >= t_end)
			break;
		/* start requests on idle connections, at RATE if given */
		for (i = 0; i < (size_t)conns; i++) {
			if (cs[i].st != C_IDLE)
				continue;
			if (rate > 0) {
				if (now < next_at)
					break;
				next_at += 1.0 / rate;
				/* never bank more than a second of requests */
				if (next_at < now - 1.0)
					next_at = now - 1.0;
			}
			start_request(&cs[i]);
			pump(&cs[i]);
		}
		if (rate > 0 && next_at > now)
			timeout = (int)((next_at - now) * 1000) + 1;
		if (timeout > 50)
			timeout = 50;
		n = epoll_wait(ep, evs, 256, timeout);
		for (k = 0; k < n; k++)
			pump((struct conn *)evs[k].data.ptr);
		now = now_s();
		if (now - last_iv >= 10.0) {
			printf("interval t=%.0f n=%zu err=%zu rps=%.0f\n", now - t_start,
			    iv_n, iv_err, (double)iv_n / (now - last_iv));
			fflush(stdout);
			iv_n = iv_err = 0;
			last_iv = now;
		}
	}
	now = now_s();
	/* the requests still in flight are not counted */
	for (w = 0; w < W_N; w++) {
		struct stat_wl *s = &stats[w];
		qsort(s->lat, s->n, sizeof *s->lat, cmp_u32);
		printf("workload name=%s n=%zu err=%zu rps=%.1f p50_us=%u p99_us=%u max_us=%u skipped=%zu\n",
		    wl_name[w], s->n, s->err, (double)s->n / (now - t_start),
		    pct(s->lat, s->n, 50), pct(s->lat, s->n, 99),
		    s->n ? s->lat[s->n - 1] : 0, skipped[w]);
		total += s->n;
		errs += s->err;
	}
	printf("total n=%zu err=%zu rps=%.1f seconds=%.2f codes_used=%zu codes=%zu\n",
	    total, errs, (double)total / (now - t_start), now - t_start, next_code, n_codes);
	return errs ? 1 : 0;
}
