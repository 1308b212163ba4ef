/*
 * outbox.h - the durable outbox: everything the platform sends out
 * (signed webhook POSTs, e-mail) is first a row written in a transaction,
 * then delivered by the server's sender, retried, and never lost.
 * Issue 20; docs/EXCHANGE.md (webhooks), docs/NOTIFICATIONS.md (mail).
 *
 * A row is (channel, key, target, payload): the key is unique per channel,
 * so writing the same notice or the same change's delivery twice leaves
 * one row (never two copies); the row is committed with what caused it
 * (the webhook fan-out with its cursor, a notice with its record), so a
 * crash between the cause and the sending loses nothing.  The sender
 * claims due rows in batches (on PostgreSQL FOR UPDATE SKIP LOCKED, so
 * several `ntm serve` share the work without sending one row twice at
 * once), hands each to its channel, and records the outcome: delivered,
 * or a failure retried with exponential backoff (OUTBOX_FIRST_RETRY_S
 * doubling) until OUTBOX_GIVE_UP_S after the first attempt, then parked
 * (shown on the deliveries page, re-queued by hand).  A sender killed
 * mid-send leaves the row claimed until its lease ends; it is then sent
 * again: delivery is at least once, and the receiver de-duplicates by
 * the row's id (the webhook's X-NTM-Delivery, the mail's Message-ID).
 */
#ifndef NTM_DOMAIN_OUTBOX_H
#define NTM_DOMAIN_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/err.h"
#include "db/db.h"

#define OUTBOX_FIRST_RETRY_S	30
#define OUTBOX_GIVE_UP_S	(24 * 3600)
#define OUTBOX_LEASE_S		120	/* a claimed row's sender presumed dead */
#define OUTBOX_DEFER_S		60	/* a channel not ready looks again */

/* One row handed to a channel. */
struct outbox_item {
	int64_t id;
	const char *channel, *key;
	int64_t target;		/* the subscription's or the user's id */
	const char *payload;	/* the channel's own text (JSON, a message) */
	int attempts;		/* before this one */
	const char *created_at;
};

/*
 * A way out.  send delivers one item: ERR_OK when the far side accepted
 * it; any other error is a failure to retry, described in ei (shown on
 * the deliveries page).  permanent set true parks it at once (a
 * subscription deleted, an address refused for good).  send_batch, when
 * not NULL, is used instead for a claimed batch of the channel (the
 * webhooks' parallel transfers): results[i] and errors[i] per item.
 */
struct outbox_channel {
	const char *name;	/* "webhook", "mail" */
	enum err (*send)(struct db *db, const struct outbox_item *it,
	    bool *permanent, struct errinfo *ei);
	void (*send_batch)(struct db *db, const struct outbox_item *items,
	    size_t n, enum err *results, bool *permanent,
	    struct errinfo *errors);
	/* NULL or true: the channel can send now.  False (mail with no SMTP
	 * server configured): its items are not tried - no attempt counted,
	 * so they are never parked for it - and wait OUTBOX_DEFER_S at a
	 * time until it can. */
	bool (*ready)(void);
};

/* Work the sender does on every tick before delivering, each in its own
 * transaction: the webhooks' fan-out of new changes, the notices' sweep. */
struct outbox_job {
	const char *name;
	int period_s;		/* at most once per period */
	enum err (*run)(struct db *db, struct errinfo *ei);
};

extern const struct outbox_channel outbox_channel_webhook;	/* webhooks.c */
extern const struct outbox_channel outbox_channel_mail;	/* notices_mail.c */
extern const struct outbox_job outbox_job_webhooks;	/* webhooks.c */
extern const struct outbox_job outbox_job_notices;	/* notices.c */

/*
 * Queue one item inside the caller's transaction: *created (may be NULL)
 * false when (channel, key) was already queued - then nothing changes.
 * not_before: unix seconds before which it is not sent (0: now; a digest).
 */
enum err outbox_put(struct db *db, const char *channel, const char *key,
    int64_t target, const char *payload, int64_t not_before,
    bool *created, struct errinfo *ei);

/* One round of the sender: the jobs that are due, then up to max due
 * items delivered; *sent and *failed counted (either may be NULL). */
enum err outbox_run_once(struct db *db, size_t max, size_t *sent,
    size_t *failed, struct errinfo *ei);

/* The sender of `ntm serve`: a thread with its own connection to
 * db_target, a round every second (sooner while items are due).
 * --no-sender (or NTM_NO_SENDER=1) leaves it off. */
enum err outbox_sender_start(const char *db_target, struct errinfo *ei);
void outbox_sender_stop(void);

/* Unit tests only: deliver through list (NULL-terminated) instead of the
 * shipped channels; NULL restores them. */
void outbox_channels_for_test(const struct outbox_channel *const *list);

/* Put a parked or failing item back to be sent now (the deliveries page). */
enum err outbox_retry(struct db *db, int64_t id, struct errinfo *ei);

#endif
