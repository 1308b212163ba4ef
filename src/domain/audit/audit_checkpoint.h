/*
 * audit_checkpoint.h - signed checkpoints: the audit trail's head made
 * verifiable from outside the database.
 *
 * The hash chain (audit.h) shows a change only to someone who knows what
 * the chain looked like before: anyone who can write the database can
 * rewrite an entry and recompute every later hash, or delete the newest
 * entries, and the chain still verifies.  A checkpoint fixes the head: "the
 * trail had seq entries and entry seq's hash was head, at time at", signed
 * with an Ed25519 key (libsodium) whose secret half lives in a file outside
 * the database.  Checked against a checkpoint kept elsewhere (printed,
 * mailed, on another machine), a rewrite at or before entry seq changes
 * that entry's hash, and a cut tail leaves fewer than seq entries.
 *
 * Ownership: audit_key_load returns a key the caller frees with
 * audit_key_free (the secret is held in guarded memory and wiped).
 * Checkpoints are plain values.
 */
#ifndef NTM_DOMAIN_AUDIT_CHECKPOINT_H
#define NTM_DOMAIN_AUDIT_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "db/db.h"
#include "domain/audit/audit.h"

#define AUDIT_KEY_HEX	64	/* an Ed25519 public key in hex */
#define AUDIT_SIG_HEX	128	/* an Ed25519 signature in hex */
#define AUDIT_KEY_ID	16	/* hex digits of the key shown to people */
#define AUDIT_AT_MAX	31	/* "2026-12-03T16:20:00Z" fits */
#define AUDIT_CHECKPOINT_LINE_MAX 1024	/* bytes of one printed checkpoint */

struct audit_key;

struct audit_checkpoint {
	int64_t seq;			/* entries 1..seq covered (0: none) */
	char head[AUDIT_HASH_HEX + 1];	/* hash of entry seq; 64 '0' if 0 */
	char at[AUDIT_AT_MAX + 1];	/* when it was made, UTC */
	char key[AUDIT_KEY_HEX + 1];	/* the signer's public key */
	char sig[AUDIT_SIG_HEX + 1];	/* Ed25519 over the canonical form */
	int line;	/* where it came from, for messages: 0 the database,
			 * -1 the last line of the file kept outside, else a
			 * line of the file given to verify */
};

/* Write a new key to path: created with mode 0600, never over an existing
 * file (ERR_CONFLICT "audit.key_exists").  pub receives the public key. */
enum err audit_key_generate(const char *path, char pub[AUDIT_KEY_HEX + 1],
    struct errinfo *ei);
/* Read the key of path.  Refused (ERR_INVALID, field "key") when the file
 * is not a regular file, can be read or written by other users than its
 * owner, or is not a key written by audit_key_generate. */
enum err audit_key_load(const char *path, struct audit_key **out,
    struct errinfo *ei);
void audit_key_free(struct audit_key *k);
/* The public key of k in hex (valid while k is). */
const char *audit_key_public(const struct audit_key *k);

/* Is s a public key (AUDIT_KEY_HEX lowercase hex digits)? */
bool audit_key_hex_valid(const char *s);

/*
 * Make a checkpoint of the current head with key k: verify the chain from
 * the newest stored checkpoint of k and from kept (the last checkpoint of
 * the file kept outside, or NULL; ignored unless signed by k) - each
 * signature must hold and the chain must still reach and pass through each
 * head; from entry 1 if there is neither - then sign the last entry's
 * number and hash and store the checkpoint in one short write transaction.
 * Nothing is signed over a chain that does not verify (ERR_CONFLICT
 * "audit.broken", "audit.checkpoint_mismatch", "audit.cut",
 * "audit.checkpoint_forged").  only_if_new: when the newest stored
 * checkpoint of k already covers the head, store and sign nothing and set
 * *made = false (periodic callers).  Duplicates (several processes at
 * once) are harmless: each row is true.
 */
enum err audit_checkpoint_make(struct db *db, const struct audit_key *k,
    const struct audit_checkpoint *kept, bool only_if_new,
    struct audit_checkpoint *out, bool *made, struct errinfo *ei);
/* The last checkpoint of the file at path (its last line), *found = false
 * if the file does not exist or is empty. */
enum err audit_checkpoint_last_kept(const char *path,
    struct audit_checkpoint *c, bool *found, struct errinfo *ei);

/* c as one line of JSON (no newline) into out; false if it does not fit. */
bool audit_checkpoint_format(const struct audit_checkpoint *c, char *out,
    size_t outlen);
/* Parse one printed checkpoint (a JSON object as audit_checkpoint_format
 * writes it); ERR_MALFORMED/ERR_INVALID naming the field. */
enum err audit_checkpoint_parse(const char *text, struct audit_checkpoint *c,
    struct errinfo *ei);
/* Append c as a line to the file at path (created 0644 if absent). */
enum err audit_checkpoint_append(const char *path,
    const struct audit_checkpoint *c, struct errinfo *ei);

struct audit_check_result {
	int64_t entries;		/* entries in the chain, all verified */
	size_t stored;			/* checkpoints in the database checked */
	size_t given;			/* checkpoints given by the caller */
	struct audit_checkpoint newest;	/* the one with the highest seq */
	bool any;			/* newest is set */
};

/*
 * The whole check: the chain (audit_verify), every checkpoint stored in
 * the database and every one of given[0..ngiven): each signature must hold
 * (with pin, a public key in hex, each must also be signed by that key;
 * NULL: by the key it names), the chain must reach its seq (else the
 * newest entries were cut) and pass through its head (else an entry at or
 * before seq was rewritten).  The first failure is returned
 * (ERR_CONFLICT), named in ei.
 */
enum err audit_check(struct db *db, const char *pin,
    const struct audit_checkpoint *given, size_t ngiven,
    struct audit_check_result *res, struct errinfo *ei);

/*
 * The periodic checkpoints of ntm serve: a thread that every interval_s
 * seconds (and once at start and once at stop) opens target, makes a
 * checkpoint with k if there are new entries (only_if_new), appends it to
 * append_path (NULL: none) and logs one line to stderr.  k must outlive
 * audit_checkpointer_stop.
 */
enum err audit_checkpointer_start(const char *target,
    const struct audit_key *k, unsigned interval_s, const char *append_path,
    struct errinfo *ei);
void audit_checkpointer_stop(void);

#endif
