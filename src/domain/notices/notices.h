/*
 * notices.h - what reaches people about the work waiting for them: the
 * notices (issue 20, docs/NOTIFICATIONS.md).
 *
 * A notice is an entry of a person's home inbox (home_inbox, domain/home)
 * remembered in the table notice under the key kind|href, plus "|late"
 * when the entry is urgent (late, closing, due within days): a key is
 * UNIQUE per user in the database, so the same thing is never noticed
 * twice, whatever the number of sweeps or servers.  The sweep
 * (outbox_job_notices, also `ntm notices sweep`) builds the inbox of each
 * active staff user in bounded, resumable batches, records the new keys,
 * resolves the notices that left the inbox, and queues mail in the same
 * transaction through the outbox: one mail a notice ("notice:<id>") for
 * people who want it at once, one digest a day ("digest:<user>:<day>",
 * sent the next morning) for the others; nothing for "none" or without
 * an address.  The mail channel (notices_mail.c, outbox_channel_mail)
 * writes the message when it sends it.
 */
#ifndef NTM_DOMAIN_NOTICES_H
#define NTM_DOMAIN_NOTICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"
#include "domain/auth/auth.h"

#define NOTICES_EMAIL_MAX	254	/* RFC 5321's path limit */
#define NOTICES_BATCH		100	/* users a sweep round visits */
#define NOTICES_PERIOD_S	60	/* the sender's sweep period */
#define NOTICES_BUDGET_MS	2000	/* rounds of NOTICES_BATCH users a
					 * period runs, at most this long */
#define NOTICES_HOME_MAX	20	/* notices the home lists */
#define NOTICES_DUE_SOON_DAYS	3	/* a report due within: noticed */
#define NOTICES_DIGEST_HOUR_UTC	0	/* 07:00 in Vietnam, the next day */

/* A user's settings; email NULL when none.  pref "immediate", "digest",
 * "none"; lang "vi", "en". */
struct notice_settings {
	const char *email, *pref, *lang;
	int64_t seen_id;	/* the newest notice seen on the home */
};

/* The settings of user_id (the defaults when never set: no address,
 * digest, Vietnamese), strings in a. */
enum err notices_settings_get(struct db *db, struct arena *a,
    int64_t user_id, struct notice_settings *out, struct errinfo *ei);

/* Field checks, each its own problem (ERR_INVALID naming the field):
 * an address "local@domain" (trimmed, lower-cased domain, no spaces,
 * control characters, quotes or angle brackets, at most
 * NOTICES_EMAIL_MAX; "" means none: *out NULL); a preference; a
 * language.  *out is the value to store. */
enum err notices_email_check(struct arena *a, const char *raw,
    const char **out, struct errinfo *ei);
enum err notices_pref_check(const char *raw, const char **out,
    struct errinfo *ei);
enum err notices_lang_check(const char *raw, const char **out,
    struct errinfo *ei);

/* Store user_id's settings (already checked) in one transaction with its
 * audit entry ("notices.settings": the preference and whether an address
 * is set, never the address).  actor may be the user or a manager (the
 * web layer and the router have admitted it). */
enum err notices_settings_put(struct db *db, const struct principal *actor,
    int64_t user_id, const char *email, const char *pref, const char *lang,
    struct errinfo *ei);

/* One round of the sweep: up to batch users from where the last round
 * stopped; *users and *found (may be NULL) count the users visited and
 * the notices created, *wrapped (may be NULL) is true when the round
 * reached the last user (the next starts from the first).  Each user in
 * its own transaction (its notices, the resolved ones, its outbox mail
 * and the cursor past it), or in the caller's when one is open. */
enum err notices_sweep(struct db *db, size_t batch, size_t *users,
    size_t *found, bool *wrapped, struct errinfo *ei);

/* The home's list of user_id's notices: {"notices": [{kind, href, title,
 * label, detail, urgent, created_text, resolved, new}], "notices_new",
 * "mail": {on, email, pref_label}}; new ones (after the newest seen) are
 * marked and then remembered as seen (its own small transaction). */
enum err notices_home(struct db *db, struct arena *a, int64_t user_id,
    const char *lang, json_t **out, struct errinfo *ei);

/* ---- mail (notices_mail.c) ---- */

/* Is an SMTP server configured ($NTM_SMTP_URL, which `ntm serve --smtp`
 * sets)?  Without one, mail waits in the outbox. */
bool notices_mail_on(void);
/* Check the configuration at start: the URL's scheme (smtp, smtps), a
 * sender address.  ERR_INVALID naming the option. */
enum err notices_mail_check(struct errinfo *ei);

/* The message of an outbox item, as sent (RFC 5322, CRLF lines): for
 * tests and the deliveries page.  *out in a. */
enum err notices_mail_compose(struct db *db, struct arena *a,
    int64_t outbox_id, int64_t user_id, const char *payload,
    const char **to, const char **out, struct errinfo *ei);

#endif
