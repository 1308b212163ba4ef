/*
 * webhooks_send.c - the outbox channel "webhook": a claimed batch of
 * deliveries POSTed at once with libcurl's multi interface (webhooks.h).
 *
 * Each thread that sends keeps one multi handle, so connections to a
 * receiver are kept alive from one batch to the next and several
 * transfers run in parallel (the ≥ 1,000 deliveries a second of the
 * benchmark come from there, not from threads).  Before a batch each
 * subscription's URL is checked again and its host resolved once; every
 * transfer of it is pinned to that address (CURLOPT_RESOLVE), follows no
 * redirect and uses no proxy.  The body is built here, because it names
 * the outbox row's own id, and signed with the subscription's secret.
 * 2xx is delivered; any other status, a redirect, a timeout fails with
 * the reason, which the outbox records and shows; a subscription that no
 * longer exists parks its rows (permanent).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "core/stamp.h"
#include "domain/outbox/outbox.h"
#include "domain/webhooks/webhooks.h"

#define SEND_PARALLEL		32	/* transfers at once, all hosts */
#define SEND_PER_HOST		16	/* connections to one receiver */
#define SEND_CONNECT_S		5
#define SEND_TOTAL_S		10
#define SEND_BODY_KEEP		200	/* bytes of a refusal shown */
#define SEND_BODY_MAX		(64 * 1024)	/* read past it: abort */

/* Each sending thread keeps one multi handle, so connections to a
 * receiver are reused from batch to batch; the key's destructor closes
 * it when the thread ends (the outbox sender stopping with the server),
 * else its connections and caches would be lost with the thread. */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static pthread_key_t multi_key;

static void
multi_end(void *m)
{
	curl_multi_cleanup(m);
}

static void
curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (pthread_key_create(&multi_key, multi_end) != 0)
		abort();
}

/* What a subscription needs for a batch, looked up once per batch. */
struct sub {
	int64_t id;
	bool gone;		/* deleted: park */
	enum err checked;	/* the URL's check now */
	struct errinfo why;
	char *url, *secret;
	struct webhook_target t;
	struct curl_slist *resolve;
	int delivered, failed;
	char failure[300];
};

struct transfer {
	CURL *h;
	struct curl_slist *headers;
	char *body;
	size_t got;
	char keep[SEND_BODY_KEEP + 1];
	size_t nkeep;
};

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct transfer *x = arg;
	size_t len = size * n, room = SEND_BODY_KEEP - x->nkeep;

	if (room > len)
		room = len;
	memcpy(x->keep + x->nkeep, p, room);
	x->nkeep += room;
	x->keep[x->nkeep] = '\0';
	x->got += len;
	/* The answer is not read: a receiver sending more is cut off. */
	return x->got > SEND_BODY_MAX ? 0 : len;
}

static struct sub *
sub_find(struct sub *subs, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (subs[i].id == id)
			return &subs[i];
	return NULL;
}

/* Read and check the subscription of every item once. */
static size_t
subs_load(struct db *db, const struct outbox_item *items, size_t n,
    struct sub *subs)
{
	size_t ns = 0;
	struct errinfo ei;

	for (size_t i = 0; i < n; i++) {
		struct sub *s;
		struct db_stmt *st;
		int rc;

		if (sub_find(subs, ns, items[i].target) != NULL)
			continue;
		s = &subs[ns++];
		memset(s, 0, sizeof(*s));
		s->id = items[i].target;
		st = db_stmt(db, STMT_WEBHOOKS_SIGN_KEY);
		db_bind_int(st, 1, s->id);
		err_clear(&ei);
		rc = db_step(st, &ei);
		if (rc == 1) {
			s->url = strdup(db_col_text(st, 0));
			s->secret = strdup(db_col_text(st, 1));
			if (s->url == NULL || s->secret == NULL)
				abort();
		} else if (rc == 0)
			s->gone = true;
		else {
			s->checked = ERR_DB;
			s->why = ei;
		}
		db_end_reads(db);
		if (s->url != NULL && (s->checked = webhooks_url_check(s->url,
		    &s->t, &s->why)) == ERR_OK &&
		    (s->resolve = curl_slist_append(NULL, s->t.resolve)) == NULL)
			abort();
	}
	return ns;
}

static CURLM *
multi(void)
{
	CURLM *m;

	pthread_once(&curl_once, curl_start);
	if ((m = pthread_getspecific(multi_key)) != NULL)
		return m;
	if ((m = curl_multi_init()) == NULL ||
	    pthread_setspecific(multi_key, m) != 0)
		abort();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)SEND_PARALLEL);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)SEND_PER_HOST);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)SEND_PARALLEL);
	return m;
}

/* An easy handle for item it of subscription s; false when its body
 * cannot be built (a payload that is not JSON). */
static bool
transfer_setup(struct transfer *x, const struct outbox_item *it,
    const struct sub *s)
{
	char line[128], sig[WEBHOOK_SIGNATURE_LEN + 1];
	long long ts = (long long)time(NULL);
	struct curl_slist *h = NULL;

	if ((x->body = webhooks_body(it->id, s->id, it->payload)) == NULL)
		return false;
	webhooks_sign(s->secret, ts, x->body, strlen(x->body), sig);
	if ((x->h = curl_easy_init()) == NULL)
		abort();
	h = curl_slist_append(h, "Content-Type: application/json");
	snprintf(line, sizeof(line), "X-NTM-Delivery: %lld", (long long)it->id);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-NTM-Timestamp: %lld", ts);
	h = curl_slist_append(h, line);
	snprintf(line, sizeof(line), "X-NTM-Signature: %s", sig);
	h = curl_slist_append(h, line);
	h = curl_slist_append(h, "Expect:");	/* no 100-continue wait */
	if (h == NULL)
		abort();
	x->headers = h;
	curl_easy_setopt(x->h, CURLOPT_URL, s->url);
	curl_easy_setopt(x->h, CURLOPT_RESOLVE, s->resolve);
	curl_easy_setopt(x->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(x->h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(x->h, CURLOPT_PROXY, "");
	curl_easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->h, CURLOPT_CONNECTTIMEOUT, (long)SEND_CONNECT_S);
	curl_easy_setopt(x->h, CURLOPT_TIMEOUT, (long)SEND_TOTAL_S);
	curl_easy_setopt(x->h, CURLOPT_USERAGENT, "ntm-webhooks/1");
	curl_easy_setopt(x->h, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(x->h, CURLOPT_POSTFIELDS, x->body);
	curl_easy_setopt(x->h, CURLOPT_POSTFIELDSIZE, (long)strlen(x->body));
	curl_easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->h, CURLOPT_PRIVATE, x);
	return true;
}

/* The outcome of a finished transfer into result and ei. */
static enum err
transfer_result(struct transfer *x, CURLcode rc, struct errinfo *ei)
{
	long status = 0;

	curl_easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 200 && status < 300 && (rc == CURLE_OK ||
	    rc == CURLE_WRITE_ERROR))
		return ERR_OK;
	if (status != 0)
		return err_set(ei, ERR_SYS, "webhooks.refused", NULL,
		    "máy nhận trả lời %ld%s%.120s", "the receiver answered %ld%s"
		    "%.120s", status, x->nkeep > 0 ? ": " : "", x->keep);
	return err_set(ei, ERR_SYS, "webhooks.unreachable", NULL,
	    "không gửi được: %s", "not sent: %s", curl_easy_strerror(rc));
}

static void
note_outcomes(struct db *db, struct sub *subs, size_t ns)
{
	char at[STAMP_TIME_LEN];
	struct errinfo ei;

	stamp_now(at);
	/* A short write of its own: the sender holds no transaction here. */
	err_clear(&ei);
	if (db_begin(db, &ei) != ERR_OK)
		return;
	for (size_t i = 0; i < ns; i++) {
		struct db_stmt *st;

		if (subs[i].gone)
			continue;
		if (subs[i].delivered > 0) {
			st = db_stmt(db, STMT_WEBHOOKS_NOTE_DELIVERED);
			db_bind_text(st, 1, at);
			db_bind_int(st, 2, subs[i].id);
			(void)db_exec(st, &ei);
		}
		if (subs[i].failed > 0) {
			st = db_stmt(db, STMT_WEBHOOKS_NOTE_FAILURE);
			db_bind_text(st, 1, subs[i].failure);
			db_bind_text(st, 2, at);
			db_bind_int(st, 3, subs[i].id);
			(void)db_exec(st, &ei);
		}
	}
	/* What the list shows is a courtesy: its failure never fails the
	 * batch, which the outbox records on its own. */
	(void)db_finish(db, ERR_OK, &ei);
}

static void
send_batch(struct db *db, const struct outbox_item *items, size_t n,
    enum err *results, bool *permanent, struct errinfo *errors)
{
	struct sub *subs = calloc(n > 0 ? n : 1, sizeof(*subs));
	struct transfer *xs = calloc(n > 0 ? n : 1, sizeof(*xs));
	CURLM *m = multi();
	size_t ns, i;
	int running = 0, left;
	CURLMsg *msg;

	if (subs == NULL || xs == NULL)
		abort();
	ns = subs_load(db, items, n, subs);
	for (i = 0; i < n; i++) {
		struct sub *s = sub_find(subs, ns, items[i].target);

		permanent[i] = false;
		err_clear(&errors[i]);
		results[i] = ERR_SYS;
		if (s->gone) {
			permanent[i] = true;
			err_set(&errors[i], ERR_NOTFOUND, "webhooks.not_found",
			    NULL, "webhook đã bị xóa", "the webhook was deleted");
		} else if (s->checked != ERR_OK) {
			results[i] = s->checked;
			errors[i] = s->why;
		} else if (!transfer_setup(&xs[i], &items[i], s)) {
			permanent[i] = true;
			err_set(&errors[i], ERR_INVALID, "webhooks.bad_payload",
			    NULL, "nội dung gửi đi bị hỏng",
			    "the delivery's content is broken");
		} else {
			/* Failed until its transfer ends well. */
			err_set(&errors[i], ERR_SYS, "webhooks.unreachable",
			    NULL, "không gửi được", "not sent");
			curl_multi_add_handle(m, xs[i].h);
		}
	}
	do {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct transfer *x;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			i = (size_t)(x - xs);
			err_clear(&errors[i]);
			results[i] = transfer_result(x, msg->data.result,
			    &errors[i]);
			curl_multi_remove_handle(m, x->h);
		}
		if (running > 0)
			curl_multi_poll(m, NULL, 0, 1000, NULL);
	} while (running > 0);
	for (i = 0; i < n; i++) {
		struct sub *s = sub_find(subs, ns, items[i].target);

		if (xs[i].h != NULL) {
			/* Still attached only when perform itself failed. */
			curl_multi_remove_handle(m, xs[i].h);
			curl_easy_cleanup(xs[i].h);
		}
		curl_slist_free_all(xs[i].headers);
		free(xs[i].body);
		if (s->gone)
			continue;
		if (results[i] == ERR_OK)
			s->delivered++;
		else {
			s->failed++;
			snprintf(s->failure, sizeof(s->failure), "%s",
			    err_message(&errors[i], "vi"));
		}
	}
	note_outcomes(db, subs, ns);
	for (i = 0; i < ns; i++) {
		free(subs[i].url);
		free(subs[i].secret);
		curl_slist_free_all(subs[i].resolve);
	}
	free(subs);
	free(xs);
}

/* One item: a batch of one. */
static enum err
send_one(struct db *db, const struct outbox_item *it, bool *permanent,
    struct errinfo *ei)
{
	enum err e;

	send_batch(db, it, 1, &e, permanent, ei);
	return e;
}

const struct outbox_channel outbox_channel_webhook = { "webhook", send_one,
	send_batch, NULL };
