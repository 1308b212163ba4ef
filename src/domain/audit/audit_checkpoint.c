/*
 * audit_checkpoint.c - signed checkpoints of the audit trail's head: the
 * signing key in its file, making a checkpoint (verify, sign, store),
 * printing and parsing one, and checking the chain against every
 * checkpoint; the periodic checkpoints of ntm serve.
 *
 * The signed bytes.  A checkpoint signs, with Ed25519 (libsodium
 * crypto_sign_detached), the serialisation of the entry hash (audit.c):
 *
 *     "23:ntm.audit.checkpoint.v1,"  then seq (decimal), head (64 hex),
 *     at ("2026-12-03T16:20:00Z"), key (64 hex), each as a netstring
 *     "<byte length in decimal>:<bytes>,"
 *
 * so that a verifier in another language needs only this paragraph, the
 * one in audit.c and the printed line:
 *
 *     {"format":"ntm.audit.checkpoint.v1","seq":12,"head":"…","at":"…",
 *      "key":"…","sig":"…"}   (one line; hex in lowercase)
 *
 * The key file (written 0600, never overwritten, refused if others may
 * read it) holds the 32-byte seed and the public key it gives, in hex:
 *
 *     # comment lines
 *     ntm.audit.key.v1 <seed> <public key>
 *
 * What a checkpoint proves is bounded by who holds the key and where the
 * printed lines are kept: docs/ACCOUNTS.md ("What the audit trail
 * guarantees").
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "core/jval.h"
#include "core/stamp.h"
#include "core/xalloc.h"
#include "domain/audit/audit_checkpoint.h"

#define CP_TAG		"ntm.audit.checkpoint.v1"
#define KEY_TAG		"ntm.audit.key.v1"
#define KEY_FILE_MAX	4096

_Static_assert(crypto_sign_PUBLICKEYBYTES * 2 == AUDIT_KEY_HEX, "key size");
_Static_assert(crypto_sign_BYTES * 2 == AUDIT_SIG_HEX, "signature size");
_Static_assert(STAMP_TIME_LEN <= AUDIT_AT_MAX + 1, "time size");

struct audit_key {
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char pk_hex[AUDIT_KEY_HEX + 1];
};

static const char genesis[AUDIT_HASH_HEX + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static bool
hex_valid(const char *s, size_t n)
{
	if (s == NULL || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool
audit_key_hex_valid(const char *s)
{
	return hex_valid(s, AUDIT_KEY_HEX);
}

/* ---- the key file --------------------------------------------------- */

enum err
audit_key_generate(const char *path, char pub[AUDIT_KEY_HEX + 1],
    struct errinfo *ei)
{
	unsigned char seed[crypto_sign_SEEDBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	char seed_hex[crypto_sign_SEEDBYTES * 2 + 1];
	char text[256];
	enum err e;
	int fd, n;

	if ((e = audit_crypto_init(ei)) != ERR_OK)
		return e;
	/* O_EXCL: an existing key (or anything else) is never replaced. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ?
		    err_set(ei, ERR_CONFLICT, "audit.key_exists", "key",
		    "%s đã tồn tại; ntm không bao giờ ghi đè một khóa",
		    "%s already exists; ntm never overwrites a key", path) :
		    err_set(ei, ERR_SYS, "audit.key_write", "key",
		    "không tạo được %s: %s", "cannot create %s: %s", path,
		    strerror(errno));
	randombytes_buf(seed, sizeof(seed));
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_bin2hex(seed_hex, sizeof(seed_hex), seed, sizeof(seed));
	sodium_bin2hex(pub, AUDIT_KEY_HEX + 1, pk, sizeof(pk));
	n = snprintf(text, sizeof(text),
	    "# ntm audit signing key (Ed25519): keep it secret, outside the "
	    "database\n%s %s %s\n", KEY_TAG, seed_hex, pub);
	/* fchmod: the mode must not depend on the umask's kindness. */
	if (n < 0 || (size_t)n >= sizeof(text) || fchmod(fd, 0600) != 0 ||
	    write(fd, text, (size_t)n) != n || fsync(fd) != 0) {
		e = err_set(ei, ERR_SYS, "audit.key_write", "key",
		    "không ghi được %s: %s", "cannot write %s: %s", path,
		    strerror(errno));
		close(fd);
		unlink(path);
	} else if (close(fd) != 0) {
		e = err_set(ei, ERR_SYS, "audit.key_write", "key",
		    "không ghi được %s: %s", "cannot write %s: %s", path,
		    strerror(errno));
		unlink(path);
	}
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seed_hex, sizeof(seed_hex));
	sodium_memzero(text, sizeof(text));
	return e;
}

/* The seed and public key of the KEY_TAG line of text into k. */
static bool
key_parse(const char *text, struct audit_key *k)
{
	unsigned char seed[crypto_sign_SEEDBYTES], pk[crypto_sign_PUBLICKEYBYTES];
	const char *p = text;
	bool ok = false;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);
		size_t tag = sizeof(KEY_TAG) - 1;

		if (len == tag + 2 + 2 * AUDIT_KEY_HEX &&
		    memcmp(p, KEY_TAG " ", tag + 1) == 0 &&
		    p[tag + 1 + AUDIT_KEY_HEX] == ' ' &&
		    sodium_hex2bin(seed, sizeof(seed), p + tag + 1, AUDIT_KEY_HEX,
		    NULL, NULL, NULL) == 0 &&
		    sodium_hex2bin(pk, sizeof(pk), p + tag + 2 + AUDIT_KEY_HEX,
		    AUDIT_KEY_HEX, NULL, NULL, NULL) == 0) {
			crypto_sign_seed_keypair(k->pk, k->sk, seed);
			/* The public key written beside the seed must be the
			 * one it gives: a damaged file is refused, not used. */
			ok = sodium_memcmp(pk, k->pk, sizeof(pk)) == 0;
			break;
		}
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	sodium_memzero(seed, sizeof(seed));
	return ok;
}

enum err
audit_key_load(const char *path, struct audit_key **out,
    struct errinfo *ei)
{
	struct audit_key *k;
	struct stat sb;
	char text[KEY_FILE_MAX + 1];
	ssize_t n;
	enum err e;
	int fd;

	*out = NULL;
	if ((e = audit_crypto_init(ei)) != ERR_OK)
		return e;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(ei, ERR_INVALID, "audit.key_read", "key",
		    "không đọc được khóa %s: %s", "cannot read the key %s: %s",
		    path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return err_set(ei, ERR_INVALID, "audit.key_read", "key",
		    "%s không phải là một tệp khóa", "%s is not a key file",
		    path);
	}
	if ((sb.st_mode & 077) != 0) {
		close(fd);
		return err_set(ei, ERR_INVALID, "audit.key_mode", "key",
		    "người dùng khác có quyền trên khóa %s (chế độ %04o); hãy "
		    "chạy: chmod 600 %s",
		    "other users have access to the key %s (mode %04o); run: "
		    "chmod 600 %s", path, (unsigned)(sb.st_mode & 07777), path);
	}
	n = read(fd, text, KEY_FILE_MAX);
	close(fd);
	if (n < 0)
		return err_set(ei, ERR_INVALID, "audit.key_read", "key",
		    "không đọc được khóa %s: %s", "cannot read the key %s: %s",
		    path, strerror(errno));
	text[n] = '\0';
	if ((k = sodium_malloc(sizeof(*k))) == NULL)
		abort();	/* out of memory */
	if (!key_parse(text, k)) {
		sodium_memzero(text, sizeof(text));
		sodium_free(k);
		return err_set(ei, ERR_INVALID, "audit.key_bad", "key",
		    "%s không phải là khóa ký do 'ntm audit keygen' tạo (hoặc "
		    "đã bị hỏng)",
		    "%s is not a signing key written by 'ntm audit keygen' (or "
		    "it is damaged)", path);
	}
	sodium_memzero(text, sizeof(text));
	sodium_bin2hex(k->pk_hex, sizeof(k->pk_hex), k->pk, sizeof(k->pk));
	*out = k;
	return ERR_OK;
}

void
audit_key_free(struct audit_key *k)
{
	sodium_free(k);		/* wipes; NULL is a no-op */
}

const char *
audit_key_public(const struct audit_key *k)
{
	return k->pk_hex;
}

/* ---- signing and checking ------------------------------------------- */

/* Append s as a netstring to buf (len bytes used of cap); false if full. */
static bool
put_field(char *buf, size_t cap, size_t *len, const char *s)
{
	int n = snprintf(buf + *len, cap - *len, "%zu:%s,", strlen(s), s);

	if (n < 0 || (size_t)n >= cap - *len)
		return false;
	*len += (size_t)n;
	return true;
}

/* The signed bytes of c into buf; their length, or 0 if they do not fit
 * (impossible for fields of the sizes checked by the callers). */
static size_t
signed_bytes(const struct audit_checkpoint *c, char *buf, size_t cap)
{
	char seq[24];
	size_t len = 0;

	snprintf(seq, sizeof(seq), "%lld", (long long)c->seq);
	if (!put_field(buf, cap, &len, CP_TAG) ||
	    !put_field(buf, cap, &len, seq) ||
	    !put_field(buf, cap, &len, c->head) ||
	    !put_field(buf, cap, &len, c->at) ||
	    !put_field(buf, cap, &len, c->key))
		return 0;
	return len;
}

static void
checkpoint_sign(struct audit_checkpoint *c, const struct audit_key *k)
{
	unsigned char sig[crypto_sign_BYTES];
	char msg[512];
	size_t len;

	memcpy(c->key, k->pk_hex, sizeof(c->key));
	len = signed_bytes(c, msg, sizeof(msg));
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, len, k->sk);
	sodium_bin2hex(c->sig, sizeof(c->sig), sig, sizeof(sig));
}

/* Does c's signature hold under the key it names? */
static bool
checkpoint_sig_holds(const struct audit_checkpoint *c)
{
	unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
	char msg[512];
	size_t len;

	if (!hex_valid(c->key, AUDIT_KEY_HEX) || !hex_valid(c->sig, AUDIT_SIG_HEX) ||
	    !hex_valid(c->head, AUDIT_HASH_HEX) || c->seq < 0 ||
	    sodium_hex2bin(pk, sizeof(pk), c->key, AUDIT_KEY_HEX, NULL, NULL,
	    NULL) != 0 ||
	    sodium_hex2bin(sig, sizeof(sig), c->sig, AUDIT_SIG_HEX, NULL, NULL,
	    NULL) != 0 ||
	    (len = signed_bytes(c, msg, sizeof(msg))) == 0)
		return false;
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg, len,
	    pk) == 0;
}

/* Name checkpoint c in front of ei's message: where it came from, its
 * entry and its time. */
static enum err
checkpoint_named(struct errinfo *ei, const struct audit_checkpoint *c)
{
	char vi[48], en[48];

	if (c->line == 0) {
		snprintf(vi, sizeof(vi), "trong cơ sở dữ liệu");
		snprintf(en, sizeof(en), "stored in the database");
	} else if (c->line < 0) {
		snprintf(vi, sizeof(vi), "ở dòng cuối của tệp lưu ngoài");
		snprintf(en, sizeof(en), "on the last line of the file kept");
	} else {
		snprintf(vi, sizeof(vi), "ở dòng %d của tệp", c->line);
		snprintf(en, sizeof(en), "on line %d of the file", c->line);
	}
	err_prefix(ei, "điểm chốt %s%.0s (mục %lld, lúc %s): ",
	    "checkpoint %.0s%s (entry %lld, made %s): ", vi, en,
	    (long long)c->seq, c->at);
	return ei->err;
}

static enum err
checkpoint_forged(struct errinfo *ei, const struct audit_checkpoint *c)
{
	err_set(ei, ERR_CONFLICT, "audit.checkpoint_forged", NULL,
	    "chữ ký không hợp lệ: khóa %.16s… không ký điểm chốt này (giả "
	    "mạo hoặc đã bị sửa)",
	    "the signature does not hold: key %.16s… did not sign this "
	    "checkpoint (forged or altered)", c->key);
	return checkpoint_named(ei, c);
}

static enum err
checkpoint_mismatch(struct errinfo *ei, const struct audit_checkpoint *c)
{
	err_set(ei, ERR_CONFLICT, "audit.checkpoint_mismatch", NULL,
	    "chuỗi không còn đi qua điểm chốt: mã băm của mục %lld đã khác, "
	    "nhật ký đã bị viết lại tại hoặc trước mục %lld",
	    "the chain no longer passes through it: the hash of entry %lld "
	    "differs, so the trail was rewritten at or before entry %lld",
	    (long long)c->seq, (long long)c->seq);
	return checkpoint_named(ei, c);
}

static enum err
checkpoint_cut(struct errinfo *ei, const struct audit_checkpoint *c,
    int64_t entries)
{
	err_set(ei, ERR_CONFLICT, "audit.cut", NULL,
	    "nhật ký chỉ còn %lld mục nhưng điểm chốt ghi %lld mục: %lld mục "
	    "mới nhất đã bị xóa",
	    "the trail has %lld entries but the checkpoint records %lld: the "
	    "newest %lld entries were removed",
	    (long long)entries, (long long)c->seq,
	    (long long)(c->seq - entries));
	return checkpoint_named(ei, c);
}

/* The checkpoint of the current row of an audit_checkpoint statement. */
static void
checkpoint_from_row(struct db_stmt *st, struct audit_checkpoint *c)
{
	const char *s;

	memset(c, 0, sizeof(*c));
	c->seq = db_col_int(st, 0);
	snprintf(c->head, sizeof(c->head), "%s",
	    (s = db_col_text(st, 1)) != NULL ? s : "");
	snprintf(c->at, sizeof(c->at), "%s",
	    (s = db_col_text(st, 2)) != NULL ? s : "");
	snprintf(c->key, sizeof(c->key), "%s",
	    (s = db_col_text(st, 3)) != NULL ? s : "");
	snprintf(c->sig, sizeof(c->sig), "%s",
	    (s = db_col_text(st, 4)) != NULL ? s : "");
}

/* ---- making one ----------------------------------------------------- */

/* The anchors of a new checkpoint: the key's newest stored checkpoint and
 * the last one of the file kept outside; the walk starts at the lower. */
struct make_walk {
	struct audit_checkpoint anchor[2];
	size_t n;
	int64_t last;
	char head[AUDIT_HASH_HEX + 1];
};

static enum err
make_step(void *ctx, int64_t seq, const char *hash, struct errinfo *ei)
{
	struct make_walk *w = ctx;

	for (size_t i = 0; i < w->n; i++)
		if (seq == w->anchor[i].seq && strcmp(hash, w->anchor[i].head) != 0)
			return checkpoint_mismatch(ei, &w->anchor[i]);
	w->last = seq;
	memcpy(w->head, hash, sizeof(w->head));
	return ERR_OK;
}

/* Take c as an anchor of w if it is of key k (another key's checkpoint
 * says nothing this key vouched for); its signature must hold. */
static enum err
make_anchor(struct make_walk *w, const struct audit_key *k,
    const struct audit_checkpoint *c, struct errinfo *ei)
{
	if (strcmp(c->key, k->pk_hex) != 0)
		return ERR_OK;
	if (!checkpoint_sig_holds(c))
		return checkpoint_forged(ei, c);
	if (c->seq > 0)
		w->anchor[w->n++] = *c;
	return ERR_OK;
}

enum err
audit_checkpoint_make(struct db *db, const struct audit_key *k,
    const struct audit_checkpoint *kept, bool only_if_new,
    struct audit_checkpoint *out, bool *made, struct errinfo *ei)
{
	struct audit_checkpoint stored;
	struct make_walk w = { .n = 0, .last = 0 };
	struct db_stmt *st;
	int64_t checked, first_bad, from = 1, upto = 0;
	enum err e;
	int rc;

	*made = false;
	memcpy(w.head, genesis, sizeof(w.head));
	if ((e = audit_crypto_init(ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_AUDIT_CHECKPOINT_LAST_OF_KEY);
	db_bind_text(st, 1, k->pk_hex);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1) {
		checkpoint_from_row(st, &stored);
		db_end_reads(db);
		if ((e = make_anchor(&w, k, &stored, ei)) != ERR_OK)
			return e;
	}
	/* The stored rows can be deleted by whoever rewrites the trail; the
	 * line kept outside cannot, so the key never signs past it. */
	if (kept != NULL && (e = make_anchor(&w, k, kept, ei)) != ERR_OK)
		return e;
	/* Signed by this key, an anchor says what the chain was: walking on
	 * from it is enough (a change before it changes its head). */
	for (size_t i = 0; i < w.n; i++) {
		if (i == 0 || w.anchor[i].seq < from)
			from = w.anchor[i].seq;
		if (w.anchor[i].seq > upto)
			upto = w.anchor[i].seq;
	}
	e = audit_walk(db, from, make_step, &w, &checked, &first_bad, ei);
	db_end_reads(db);
	if (e != ERR_OK)
		return e;
	if (w.last < upto) {
		/* Count what is left for the message (or find the break). */
		e = audit_walk(db, 1, NULL, NULL, &checked, &first_bad, ei);
		db_end_reads(db);
		for (size_t i = 0; e == ERR_OK && i < w.n; i++)
			if (w.anchor[i].seq == upto)
				e = checkpoint_cut(ei, &w.anchor[i], checked);
		return e;
	}
	if (only_if_new && rc == 1 && stored.seq == w.last) {
		*out = stored;
		return ERR_OK;
	}
	memset(out, 0, sizeof(*out));
	out->seq = w.last;
	memcpy(out->head, w.head, sizeof(out->head));
	stamp_now(out->at);
	checkpoint_sign(out, k);

	/* The head was read by one statement (one snapshot) and the chain
	 * only grows, so it stays true: the write is one short insert. */
	if ((e = db_begin(db, ei)) != ERR_OK)
		return e;
	st = db_stmt(db, STMT_AUDIT_CHECKPOINT_INSERT);
	db_bind_int(st, 1, out->seq);
	db_bind_text(st, 2, out->head);
	db_bind_text(st, 3, out->at);
	db_bind_text(st, 4, out->key);
	db_bind_text(st, 5, out->sig);
	e = db_finish(db, db_exec(st, ei), ei);
	*made = e == ERR_OK;
	return e;
}

enum err
audit_checkpoint_last_kept(const char *path, struct audit_checkpoint *c,
    bool *found, struct errinfo *ei)
{
	char tail[AUDIT_CHECKPOINT_LINE_MAX * 2 + 1], *end, *line;
	struct stat sb;
	off_t at;
	ssize_t n;
	int fd;

	*found = false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno == ENOENT ? ERR_OK :
		    err_set(ei, ERR_SYS, "audit.checkpoint_kept", NULL,
		    "không đọc được %s: %s", "cannot read %s: %s", path,
		    strerror(errno));
	/* Only the end is read: the file grows for years. */
	at = fstat(fd, &sb) == 0 && sb.st_size > (off_t)sizeof(tail) - 1 ?
	    sb.st_size - (off_t)(sizeof(tail) - 1) : 0;
	n = pread(fd, tail, sizeof(tail) - 1, at);
	close(fd);
	if (n < 0)
		return err_set(ei, ERR_SYS, "audit.checkpoint_kept", NULL,
		    "không đọc được %s: %s", "cannot read %s: %s", path,
		    strerror(errno));
	tail[n] = '\0';
	end = tail + n;
	while (end > tail && (end[-1] == '\n' || end[-1] == '\r' ||
	    end[-1] == ' '))
		*--end = '\0';
	if (end == tail)
		return ERR_OK;
	line = strrchr(tail, '\n');
	line = line != NULL ? line + 1 : tail;
	if (audit_checkpoint_parse(line, c, ei) != ERR_OK) {
		err_prefix(ei, "%s, dòng cuối: ", "%s, last line: ", path);
		return ei->err;
	}
	c->line = -1;
	*found = true;
	return ERR_OK;
}

/* ---- printing and parsing ------------------------------------------- */

bool
audit_checkpoint_format(const struct audit_checkpoint *c, char *out,
    size_t outlen)
{
	int n = snprintf(out, outlen, "{\"format\":\"%s\",\"seq\":%lld,"
	    "\"head\":\"%s\",\"at\":\"%s\",\"key\":\"%s\",\"sig\":\"%s\"}",
	    CP_TAG, (long long)c->seq, c->head, c->at, c->key, c->sig);

	return n > 0 && (size_t)n < outlen;
}

/* A time as checkpoints write it: "YYYY-MM-DDTHH:MM:SSZ" in form. */
static bool
at_valid(const char *s)
{
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";

	if (strlen(s) != sizeof(form) - 1)
		return false;
	for (size_t i = 0; form[i] != '\0'; i++)
		if (form[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != form[i])
			return false;
	return true;
}

static enum err
text_field(const json_t *o, const char *name, size_t hex, char *out,
    size_t outlen, struct errinfo *ei)
{
	const char *s = jval_str(o, name);
	bool ok = s != NULL && (hex > 0 ? hex_valid(s, hex) : at_valid(s));

	if (!ok) {
		if (hex > 0)
			return err_set(ei, ERR_INVALID, "audit.checkpoint_field",
			    name, "trường \"%s\" phải là %zu chữ số thập lục "
			    "phân viết thường",
			    "field \"%s\" must be %zu lowercase hex digits",
			    name, hex);
		return err_set(ei, ERR_INVALID, "audit.checkpoint_field", name,
		    "trường \"%s\" phải là thời điểm YYYY-MM-DDTHH:MM:SSZ",
		    "field \"%s\" must be a time YYYY-MM-DDTHH:MM:SSZ", name);
	}
	snprintf(out, outlen, "%s", s);
	return ERR_OK;
}

enum err
audit_checkpoint_parse(const char *text, struct audit_checkpoint *c,
    struct errinfo *ei)
{
	json_error_t jerr;
	json_t *o, *seq;
	const char *fmt;
	enum err e = ERR_OK;

	memset(c, 0, sizeof(*c));
	if (strnlen(text, AUDIT_CHECKPOINT_LINE_MAX + 1) > AUDIT_CHECKPOINT_LINE_MAX)
		return err_set(ei, ERR_LIMIT, "audit.checkpoint_json", NULL,
		    "điểm chốt dài quá %d byte",
		    "a checkpoint is longer than %d bytes",
		    AUDIT_CHECKPOINT_LINE_MAX);
	o = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		return err_set(ei, ERR_MALFORMED, "audit.checkpoint_json", NULL,
		    "không phải một điểm chốt (một đối tượng JSON trên một dòng)",
		    "not a checkpoint (one JSON object on one line)");
	}
	fmt = jval_str(o, "format");
	seq = json_object_get(o, "seq");
	if (fmt == NULL || strcmp(fmt, CP_TAG) != 0)
		e = err_set(ei, ERR_INVALID, "audit.checkpoint_field", "format",
		    "trường \"format\" phải là \"%s\"",
		    "field \"format\" must be \"%s\"", CP_TAG);
	else if (!json_is_integer(seq) || json_integer_value(seq) < 0)
		e = err_set(ei, ERR_INVALID, "audit.checkpoint_field", "seq",
		    "trường \"seq\" phải là một số nguyên không âm",
		    "field \"seq\" must be a whole number, not negative");
	else if ((e = text_field(o, "head", AUDIT_HASH_HEX, c->head,
	    sizeof(c->head), ei)) == ERR_OK &&
	    (e = text_field(o, "at", 0, c->at, sizeof(c->at), ei)) == ERR_OK &&
	    (e = text_field(o, "key", AUDIT_KEY_HEX, c->key, sizeof(c->key),
	    ei)) == ERR_OK)
		e = text_field(o, "sig", AUDIT_SIG_HEX, c->sig, sizeof(c->sig), ei);
	if (e == ERR_OK)
		c->seq = json_integer_value(seq);
	json_decref(o);
	return e;
}

enum err
audit_checkpoint_append(const char *path, const struct audit_checkpoint *c,
    struct errinfo *ei)
{
	char line[AUDIT_CHECKPOINT_LINE_MAX + 2];
	size_t n;
	int fd;
	bool ok;

	if (!audit_checkpoint_format(c, line, sizeof(line) - 1))
		abort();	/* fixed-size fields always fit */
	n = strlen(line);
	line[n++] = '\n';
	/* One write with O_APPEND: lines of several processes never mix. */
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0644)) < 0)
		return err_set(ei, ERR_SYS, "audit.checkpoint_append", NULL,
		    "không ghi được điểm chốt vào %s: %s",
		    "cannot append the checkpoint to %s: %s", path,
		    strerror(errno));
	ok = write(fd, line, n) == (ssize_t)n && fsync(fd) == 0;
	if (close(fd) != 0)
		ok = false;
	if (!ok)
		return err_set(ei, ERR_SYS, "audit.checkpoint_append", NULL,
		    "không ghi được điểm chốt vào %s: %s",
		    "cannot append the checkpoint to %s: %s", path,
		    strerror(errno));
	return ERR_OK;
}

/* ---- checking against every checkpoint ------------------------------ */

static int
by_seq(const void *a, const void *b)
{
	const struct audit_checkpoint *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct check_walk {
	const struct audit_checkpoint *cp;
	size_t n, next;		/* cp[next] is the first not yet reached */
};

static enum err
check_step(void *ctx, int64_t seq, const char *hash, struct errinfo *ei)
{
	struct check_walk *w = ctx;

	for (; w->next < w->n && w->cp[w->next].seq == seq; w->next++)
		if (strcmp(hash, w->cp[w->next].head) != 0)
			return checkpoint_mismatch(ei, &w->cp[w->next]);
	return ERR_OK;
}

enum err
audit_check(struct db *db, const char *pin,
    const struct audit_checkpoint *given, size_t ngiven,
    struct audit_check_result *res, struct errinfo *ei)
{
	struct audit_checkpoint *cp = NULL;
	struct check_walk w = { 0 };
	struct db_stmt *st;
	size_t n = 0, cap = 0;
	int64_t first_bad;
	enum err e = ERR_OK;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((e = audit_crypto_init(ei)) != ERR_OK)
		return e;
	/* The caller's first: a problem with those is the one asked about. */
	if (ngiven > 0) {
		cap = ngiven;
		cp = xrealloc(cp, cap * sizeof(*cp));
		memcpy(cp, given, ngiven * sizeof(*cp));
		n = ngiven;
	}
	st = db_stmt(db, STMT_AUDIT_CHECKPOINT_ALL);
	while ((rc = db_step(st, ei)) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			cp = xrealloc(cp, cap * sizeof(*cp));
		}
		checkpoint_from_row(st, &cp[n++]);
	}
	if (rc < 0) {
		e = ei->err;
		goto out;
	}
	res->stored = n - ngiven;
	res->given = ngiven;
	for (size_t i = 0; i < n; i++) {
		if (pin != NULL && strcmp(cp[i].key, pin) != 0) {
			err_set(ei, ERR_CONFLICT, "audit.checkpoint_other_key",
			    NULL, "được ký bằng khóa %.16s…, không phải khóa đã "
			    "cho %.16s…",
			    "signed by key %.16s…, not by the key given %.16s…",
			    cp[i].key, pin);
			e = checkpoint_named(ei, &cp[i]);
			goto out;
		}
		if (!checkpoint_sig_holds(&cp[i])) {
			e = checkpoint_forged(ei, &cp[i]);
			goto out;
		}
	}
	if (n > 0)
		qsort(cp, n, sizeof(*cp), by_seq);
	/* Entry 0 is the empty chain: its head is the genesis value. */
	for (; w.next < n && cp[w.next].seq == 0; w.next++)
		if (strcmp(cp[w.next].head, genesis) != 0) {
			e = checkpoint_mismatch(ei, &cp[w.next]);
			goto out;
		}
	w.cp = cp;
	w.n = n;
	if ((e = audit_walk(db, 1, check_step, &w, &res->entries, &first_bad,
	    ei)) != ERR_OK)
		goto out;
	if (w.next < n) {
		/* The newest names how many entries at least were cut. */
		e = checkpoint_cut(ei, &cp[n - 1], res->entries);
		goto out;
	}
	if (n > 0) {
		res->newest = cp[n - 1];
		res->any = true;
	}
out:
	db_end_reads(db);
	free(cp);
	return e;
}

/* ---- the periodic checkpoints of ntm serve -------------------------- */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool running, stop;
	const char *target, *append;
	const struct audit_key *key;
	unsigned interval_s;
} cpr = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* One checkpoint on a connection of its own (opened each time: a database
 * that went away between two checkpoints costs nothing to recover from). */
static void
checkpointer_tick(void)
{
	struct audit_checkpoint c;
	struct errinfo ei;
	struct db *db;
	bool made = false;
	enum err e;

	err_clear(&ei);
	if ((e = db_open(cpr.target, DB_EXISTING, &db, &ei)) == ERR_OK) {
		struct audit_checkpoint kept;
		bool found = false;

		if ((e = db_prepare_all(db, &ei)) == ERR_OK &&
		    (cpr.append == NULL || (e = audit_checkpoint_last_kept(
		    cpr.append, &kept, &found, &ei)) == ERR_OK))
			e = audit_checkpoint_make(db, cpr.key, found ? &kept :
			    NULL, true, &c, &made, &ei);
		db_close(db);
	}
	if (e == ERR_OK && made && cpr.append != NULL)
		e = audit_checkpoint_append(cpr.append, &c, &ei);
	if (e != ERR_OK)
		fprintf(stderr, "ntm serve: audit checkpoint not made: %s\n",
		    err_message(&ei, "en"));
	else if (made)
		fprintf(stderr, "ntm serve: audit checkpoint: entry %lld, head "
		    "%.16s…, key %.16s…\n", (long long)c.seq, c.head, c.key);
}

static void *
checkpointer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cpr.lock);
	while (!cpr.stop) {
		struct timespec until;

		pthread_mutex_unlock(&cpr.lock);
		checkpointer_tick();
		pthread_mutex_lock(&cpr.lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)cpr.interval_s;
		while (!cpr.stop && pthread_cond_timedwait(&cpr.wake, &cpr.lock,
		    &until) == 0)
			;	/* woken early without stop: wait on */
	}
	pthread_mutex_unlock(&cpr.lock);
	checkpointer_tick();	/* the entries of the last minutes */
	return NULL;
}

enum err
audit_checkpointer_start(const char *target, const struct audit_key *k,
    unsigned interval_s, const char *append_path, struct errinfo *ei)
{
	pthread_mutex_lock(&cpr.lock);
	cpr.target = target;
	cpr.key = k;
	cpr.interval_s = interval_s > 0 ? interval_s : 1;
	cpr.append = append_path;
	cpr.stop = false;
	pthread_cond_init(&cpr.wake, NULL);
	cpr.running = pthread_create(&cpr.thread, NULL, checkpointer, NULL) == 0;
	pthread_mutex_unlock(&cpr.lock);
	if (!cpr.running)
		return err_set(ei, ERR_SYS, "audit.checkpointer", NULL,
		    "không khởi động được luồng điểm chốt nhật ký",
		    "cannot start the audit checkpoint thread");
	return ERR_OK;
}

void
audit_checkpointer_stop(void)
{
	pthread_mutex_lock(&cpr.lock);
	if (!cpr.running) {
		pthread_mutex_unlock(&cpr.lock);
		return;
	}
	cpr.stop = true;
	pthread_cond_signal(&cpr.wake);
	pthread_mutex_unlock(&cpr.lock);
	pthread_join(cpr.thread, NULL);
	pthread_cond_destroy(&cpr.wake);
	cpr.running = false;
}
