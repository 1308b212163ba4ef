/*
 * webhooks.h - signed webhooks: other systems told of each change of the
 * feed (domain/changes) by an HTTP POST.  Issue 20; docs/EXCHANGE.md
 * section 4.
 *
 * A coordinator or a province officer registers a subscription: a URL,
 * the kinds of change (changes_kinds_mask), a unit inside their scope.
 * It gets a secret (32 random bytes, shown as 64 hex digits once, kept so
 * the server can sign).  The outbox's job outbox_job_webhooks reads the
 * feed from each active subscription's cursor with its owner's bindings
 * and queues one outbox row per change (key "<sub id>:<seq>"), moving the
 * cursor in the same transaction; the channel outbox_channel_webhook
 * POSTs them, many at once (libcurl multi):
 *   body    {"id": <outbox id>, "subscription": <id>, "change": {...}}
 *   headers X-NTM-Delivery: <outbox id>, X-NTM-Timestamp: <unix s>,
 *           X-NTM-Signature: sha256=<hex HMAC-SHA256 of "<ts>.<body>">
 * 2xx is delivered; anything else (a redirect too) is retried by the
 * outbox; a subscription deleted parks its rows.
 *
 * URLs (webhooks_url_check): https, or http to the hosts the operator
 * allows; never to a loopback, link-local or private address unless the
 * operator allows it - checked when registered and again before each
 * batch, resolving the host ourselves and pinning the connection to the
 * address checked (no DNS rebinding between check and use).
 *
 * Results are new json_t references; strings in the caller's arena.
 */
#ifndef NTM_DOMAIN_WEBHOOKS_H
#define NTM_DOMAIN_WEBHOOKS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"
#include "domain/auth/auth.h"

#define WEBHOOK_URL_MAX		2000
#define WEBHOOK_KINDS_MAX	400
#define WEBHOOK_SECRET_HEX	64	/* 32 bytes as hex */
#define WEBHOOK_PROBLEMS_MAX	4
/* Who may register: the national coordinator, a province's officer. */
#define WEBHOOK_ROLES	(ROLE_BIT(ROLE_COORDINATOR) | \
	ROLE_BIT(ROLE_PROVINCE_OFFICER))

/* The operator's exceptions (ntm serve --webhook-allow-http HOST[,HOST],
 * --webhook-allow-private).  Unset, they are read from the environment
 * (NTM_WEBHOOK_ALLOW_HTTP, NTM_WEBHOOK_ALLOW_PRIVATE=1), so `ntm outbox
 * run` follows the same rule.  Call before any thread sends. */
void webhooks_allow_http(const char *hosts);
void webhooks_allow_private(void);

/* Where a checked URL's connection goes: the host, port and the address
 * checked, as libcurl's CURLOPT_RESOLVE wants it ("host:port:addr"). */
struct webhook_target {
	char host[256];
	long port;
	char resolve[300];
};

/*
 * Is url one the platform may POST to?  ERR_INVALID naming field "url":
 * "webhooks.bad_url" (not a URL, credentials in it, too long),
 * "webhooks.scheme" (not https, or http to a host not allowed),
 * "webhooks.unresolved" (no address), "webhooks.private" (an address of
 * the platform's own network).  With t non-NULL the host is resolved and
 * every address it has checked; t gets the first.
 */
enum err webhooks_url_check(const char *url, struct webhook_target *t,
    struct errinfo *ei);

/* A new subscription as typed: unit "STRUCTURE:CODE" split by the caller. */
struct webhook_in {
	const char *url, *kinds;	/* kinds: "" every kind */
	const char *structure, *code;
};

/* Every problem of in (url, kinds) into probs; their number. */
size_t webhooks_problems(const struct webhook_in *in, struct errinfo *probs,
    size_t max);

/*
 * Register in for who (its owner): checked again (ERR_INVALID), stored
 * active from the newest change on, audited; *id and the secret (hex,
 * NUL-terminated) to show this once.
 */
enum err webhooks_create(struct db *db, const struct audit_actor *who,
    const struct webhook_in *in, int64_t *id,
    char secret[WEBHOOK_SECRET_HEX + 1], struct errinfo *ei);

/* The unit of subscription id (the router's scope): ERR_NOTFOUND. */
enum err webhooks_unit_of(struct db *db, struct arena *a, int64_t id,
    const char **structure, const char **code, struct errinfo *ei);

/*
 * One subscription for its owner ({id, url, kinds, state, unit, unit_name,
 * created_at, last_delivered_at, last_failure, last_failure_at, href}):
 * ERR_NOTFOUND, ERR_FORBIDDEN "webhooks.not_yours" for anyone else.
 */
enum err webhooks_get(struct db *db, int64_t user_id, int64_t id,
    const char *lang, json_t **out, struct errinfo *ei);

/* The caller's subscriptions, newest first: {items, total}. */
enum err webhooks_list(struct db *db, int64_t user_id, const char *lang,
    int64_t limit, int64_t offset, json_t **out, struct errinfo *ei);

/*
 * The owner acts on a subscription: "pause", "resume", "delete",
 * "rotate" (a new secret into secret, which may be NULL otherwise).
 * One transaction, audited.  ERR_NOTFOUND, ERR_FORBIDDEN
 * "webhooks.not_yours", ERR_INVALID "webhooks.bad_action".
 */
enum err webhooks_act(struct db *db, const struct audit_actor *who,
    int64_t id, const char *action, char secret[WEBHOOK_SECRET_HEX + 1],
    struct errinfo *ei);

/* The signature of a delivery: "sha256=" and the hex HMAC-SHA256 keyed by
 * the secret's text over "<ts>.<body>" (out: 7 + 64 + 1 bytes). */
#define WEBHOOK_SIGNATURE_LEN	(7 + 64)
void webhooks_sign(const char *secret, long long ts, const char *body,
    size_t len, char out[WEBHOOK_SIGNATURE_LEN + 1]);

/* A delivery's body: {"id", "subscription", "change"} (payload is the
 * change's JSON as queued).  NULL when payload is not JSON. */
char *webhooks_body(int64_t delivery_id, int64_t sub_id, const char *payload);

/*
 * The deliveries of subscription id for its owner (ERR_NOTFOUND,
 * ERR_FORBIDDEN as webhooks_get), newest first, from the outbox:
 * {recent, failing, parked}, each a list of {id, seq, state, state_name,
 * attempts, error, next_at, created_at, sent_at} (at most limit each).
 */
enum err webhooks_deliveries(struct db *db, int64_t user_id, int64_t id,
    const char *lang, int64_t limit, json_t **out, struct errinfo *ei);

/* Send delivery did of subscription id again now (outbox_retry), for its
 * owner; audited.  ERR_NOTFOUND when did is not one of id's. */
enum err webhooks_retry(struct db *db, const struct audit_actor *who,
    int64_t id, int64_t did, struct errinfo *ei);

/* The caller's subscriptions with deliveries failing or parked (the
 * home's inbox): [{id, url, unit_name, failing, parked, href}]. */
enum err webhooks_troubled(struct db *db, int64_t user_id, json_t **out,
    struct errinfo *ei);

#endif
