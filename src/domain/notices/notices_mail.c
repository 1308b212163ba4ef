/*
 * notices_mail.c - the outbox's mail channel (outbox_channel_mail): a
 * notice, or a user's digest of a day, written as a UTF-8 message in the
 * user's language when it is sent, and handed to the operator's SMTP
 * server with libcurl.
 *
 * The server is $NTM_SMTP_URL (smtp://host:port or smtps://host:port,
 * user and password in the URL or $NTM_SMTP_USER / $NTM_SMTP_PASSWORD),
 * the sender $NTM_MAIL_FROM, links start with $NTM_PUBLIC_URL (`ntm
 * serve --smtp`, `--mail-from`, `--public-url` set them).  smtp:// must
 * upgrade with STARTTLS unless $NTM_SMTP_INSECURE=1 (`--smtp-insecure`,
 * a local test server).  Without a server a mail fails softly and waits
 * in the outbox ("mail is off"): nothing is lost.  The Message-ID is made
 * of the outbox row's id, so a mail sent twice (a sender killed after
 * the server took it) is recognisably the same message.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "domain/notices/notices.h"
#include "domain/outbox/outbox.h"

#define MAIL_MAX	(512 * 1024)	/* a digest's message, at most */
#define MAIL_DEFAULT_BASE "http://127.0.0.1:8080"
#define MAIL_DEFAULT_FROM "ntm@localhost"

static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

bool
notices_mail_on(void)
{
	return env("NTM_SMTP_URL") != NULL;
}

static const char *
public_base(struct arena *a)
{
	const char *b = env("NTM_PUBLIC_URL");
	size_t n;

	if (b == NULL)
		return MAIL_DEFAULT_BASE;
	n = strlen(b);
	while (n > 0 && b[n - 1] == '/')
		n--;
	return arena_strndup(a, b, n);
}

/* The host of the public URL, for the Message-ID's right side. */
static const char *
public_host(struct arena *a)
{
	const char *b = public_base(a), *s = strstr(b, "://");
	size_t n;

	s = s != NULL ? s + 3 : b;
	n = strcspn(s, ":/?#");
	return n > 0 ? arena_strndup(a, s, n) : "localhost";
}

enum err
notices_mail_check(struct errinfo *ei)
{
	const char *url = env("NTM_SMTP_URL"), *from = env("NTM_MAIL_FROM");

	/* The URL may hold a password: the message never repeats it. */
	if (url != NULL && strncmp(url, "smtp://", 7) != 0 &&
	    strncmp(url, "smtps://", 8) != 0)
		return err_set(ei, ERR_INVALID, "notices.bad_smtp", "smtp",
		    "--smtp: địa chỉ phải bắt đầu bằng smtp:// hoặc smtps://",
		    "--smtp: the URL must start with smtp:// or smtps://");
	if (from != NULL && (strchr(from, '@') == NULL || strpbrk(from,
	    "<>\r\n \"") != NULL))
		return err_set(ei, ERR_INVALID, "notices.bad_from", "mail-from",
		    "--mail-from: '%s' không phải là một địa chỉ thư",
		    "--mail-from: '%s' is not an e-mail address", from);
	return ERR_OK;
}

/* ---- writing the message ---- */

static enum err
b64(struct buf *b, const unsigned char *p, size_t n, size_t line)
{
	char chunk[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
	enum err e = ERR_OK;

	/* line (76 for a body) = 57 bytes a line; 0: one run */
	for (size_t off = 0; off < n && e == ERR_OK; ) {
		size_t k = n - off > 57 ? 57 : n - off;

		sodium_bin2base64(chunk, sizeof(chunk), p + off, k,
		    sodium_base64_VARIANT_ORIGINAL);
		off += k;
		e = buf_puts(b, chunk);
		if (e == ERR_OK && line > 0)
			e = buf_puts(b, "\r\n");
	}
	return e;
}

/* A header's text as RFC 2047 encoded words (UTF-8, base64) of at most
 * 45 bytes each, never cutting a character, folded onto lines of their
 * own. */
static enum err
encoded_words(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	enum err e = ERR_OK;
	bool first = true;

	while (n > 0 && e == ERR_OK) {
		size_t k = text_utf8_cut(s, 45);

		if (k == 0)
			k = n < 45 ? n : 45;
		e = buf_puts(b, first ? "=?UTF-8?B?" : "\r\n =?UTF-8?B?");
		if (e == ERR_OK)
			e = b64(b, (const unsigned char *)s, k, 0);
		if (e == ERR_OK)
			e = buf_puts(b, "?=");
		s += k;
		n -= k;
		first = false;
	}
	return e;
}

/* Now as RFC 5322 says it, in English names whatever the locale. */
static void
rfc5322_date(char out[40])
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* One notice's lines of a body: what, which, the detail, the link. */
static enum err
notice_lines(struct buf *b, struct db_stmt *st, const char *base,
    bool bullet)
{
	const char *detail = db_col_text(st, 5);

	return buf_printf(b, "%s%s: %s\r\n%s%s%s%s%s%s\r\n\r\n",
	    bullet ? "- " : "", db_col_text(st, 3), db_col_text(st, 4),
	    bullet ? "  " : "", detail ? detail : "", detail ? "\r\n" : "",
	    bullet ? "  " : "", base, db_col_text(st, 2));
}

/* The body and subject of payload for user_id in lang. */
static enum err
write_content(struct db *db, struct arena *a, int64_t user_id,
    const json_t *pl, const char *lang, const char *base, struct buf *body,
    const char **subject, struct errinfo *ei)
{
	struct db_stmt *st;
	const char *day = jval_str(pl, "digest");
	const char *name = "";
	const char *args[2];
	int rc;
	int64_t n = 0;
	enum err e = ERR_OK;

	st = db_stmt(db, STMT_NOTICES_USER_NAME);
	db_bind_int(st, 1, user_id);
	if ((rc = db_step(st, ei)) < 0)
		return ei->err;
	if (rc == 1)
		name = arena_strdup(a, db_col_text(st, 0));
	args[0] = name;
	if (buf_printf(body, "%s\r\n\r\n", msg_formata(a, lang,
	    "ntc_mail_hello", args, 1)) != ERR_OK)
		goto limit;
	if (day == NULL) {
		st = db_stmt(db, STMT_NOTICES_GET);
		db_bind_int(st, 1, jval_int(pl, "notice", 0));
		if ((rc = db_step(st, ei)) < 0)
			return ei->err;
		if (rc == 0 || db_col_int(st, 9) != user_id)
			return err_set(ei, ERR_NOTFOUND, "notices.gone", NULL,
			    "thông báo không còn", "the notice is gone");
		*subject = arena_printf(a, "%s: %s", db_col_text(st, 3),
		    db_col_text(st, 4));
		if (buf_puts(body, msg_get(lang, "ntc_mail_intro")) != ERR_OK ||
		    buf_puts(body, "\r\n\r\n") != ERR_OK ||
		    notice_lines(body, st, base, false) != ERR_OK)
			goto limit;
	} else {
		args[0] = date_display(a, day, lang);
		if (buf_printf(body, "%s\r\n\r\n", msg_formata(a, lang,
		    "ntc_mail_digest_intro", args, 1)) != ERR_OK)
			goto limit;
		st = db_stmt(db, STMT_NOTICES_OF_DAY);
		db_bind_int(st, 1, user_id);
		db_bind_text(st, 2, day);
		while ((rc = db_step(st, ei)) == 1) {
			n++;
			if (notice_lines(body, st, base, true) != ERR_OK)
				goto limit;
		}
		if (rc < 0)
			return ei->err;
		args[1] = numfmt_int_a(a, (long long)n, lang);
		*subject = msg_formata(a, lang, "ntc_mail_digest_subject", args,
		    2);
	}
	args[0] = arena_printf(a, "%s/me", base);
	if (buf_printf(body, "-- \r\n%s\r\n", msg_formata(a, lang,
	    "ntc_mail_footer", args, 1)) != ERR_OK)
		goto limit;
	db_end_reads(db);
	return e;
limit:
	db_end_reads(db);
	return err_set(ei, ERR_LIMIT, "notices.too_long", NULL,
	    "thư quá dài", "the message is too long");
}

enum err
notices_mail_compose(struct db *db, struct arena *a, int64_t outbox_id,
    int64_t user_id, const char *payload, const char **to, const char **out,
    struct errinfo *ei)
{
	struct notice_settings s;
	struct buf body, msg;
	json_t *pl = json_loads(payload != NULL ? payload : "", 0, NULL);
	const char *subject = "", *base = public_base(a);
	const char *from = env("NTM_MAIL_FROM");
	char date[40];
	enum err e;

	*out = NULL;
	*to = NULL;
	buf_init(&body, MAIL_MAX);
	buf_init(&msg, MAIL_MAX * 2);
	if (pl == NULL || !json_is_object(pl)) {
		e = err_set(ei, ERR_MALFORMED, "notices.bad_payload", NULL,
		    "nội dung thư trong hàng đợi không đọc được",
		    "the queued mail cannot be read");
		goto out;
	}
	if ((e = notices_settings_get(db, a, user_id, &s, ei)) != ERR_OK)
		goto out;
	if (s.email == NULL || strcmp(s.pref, "none") == 0) {
		e = err_set(ei, ERR_NOTFOUND, "notices.no_address", NULL,
		    "người nhận không còn nhận thư", "the recipient no longer "
		    "takes mail");
		goto out;
	}
	if ((e = write_content(db, a, user_id, pl, s.lang, base, &body,
	    &subject, ei)) != ERR_OK)
		goto out;
	rfc5322_date(date);
	if (buf_puts(&msg, "From: ") != ERR_OK ||
	    encoded_words(&msg, msg_get(s.lang, "ntc_mail_from_name")) !=
	    ERR_OK ||
	    buf_printf(&msg, " <%s>\r\nTo: <%s>\r\nSubject: ", from ? from :
	    MAIL_DEFAULT_FROM, s.email) != ERR_OK ||
	    encoded_words(&msg, subject) != ERR_OK ||
	    buf_printf(&msg, "\r\nDate: %s\r\nMessage-ID: <outbox-%lld@%s>\r\n"
	    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\nContent-Language: %s\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n", date,
	    (long long)outbox_id, public_host(a), s.lang) != ERR_OK ||
	    b64(&msg, (const unsigned char *)buf_cstr(&body), body.len, 76) !=
	    ERR_OK) {
		e = err_set(ei, ERR_LIMIT, "notices.too_long", NULL,
		    "thư quá dài", "the message is too long");
		goto out;
	}
	*to = s.email;
	*out = arena_strdup(a, buf_cstr(&msg));
out:
	json_decref(pl);
	buf_free(&body);
	buf_free(&msg);
	return e;
}

/* ---- sending ---- */

struct upload {
	const char *p;
	size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;

	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void
curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

static enum err
mail_send(struct db *db, const struct outbox_item *it, bool *permanent,
    struct errinfo *ei)
{
	struct arena *a = arena_new(8192);
	const char *url = env("NTM_SMTP_URL"), *to, *msg;
	const char *from = env("NTM_MAIL_FROM");
	const char *user = env("NTM_SMTP_USER"), *pw = env("NTM_SMTP_PASSWORD");
	bool insecure = env("NTM_SMTP_INSECURE") != NULL &&
	    strcmp(env("NTM_SMTP_INSECURE"), "0") != 0;
	struct curl_slist *rcpt = NULL;
	struct upload up;
	char cerr[CURL_ERROR_SIZE] = "";
	long code = 0;
	CURL *c = NULL;
	CURLcode rc;
	enum err e;

	*permanent = false;
	if (url == NULL) {
		e = err_set(ei, ERR_UNAVAILABLE, "notices.mail_off", NULL,
		    "chưa cấu hình máy chủ thư (SMTP): thư đang chờ",
		    "no mail (SMTP) server is configured: the mail waits");
		goto out;
	}
	if ((e = notices_mail_compose(db, a, it->id, it->target, it->payload,
	    &to, &msg, ei)) != ERR_OK) {
		/* No address any more, the notice gone: never deliverable. */
		*permanent = e == ERR_NOTFOUND || e == ERR_MALFORMED;
		goto out;
	}
	pthread_once(&curl_once, curl_start);
	if ((c = curl_easy_init()) == NULL) {
		e = err_set(ei, ERR_SYS, "notices.curl", NULL,
		    "không khởi tạo được libcurl", "libcurl failed to start");
		goto out;
	}
	up.p = msg;
	up.left = strlen(msg);
	rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", to));
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>",
	    from ? from : MAIL_DEFAULT_FROM));
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	/* TLS always, except a local test server the operator names so. */
	curl_easy_setopt(c, CURLOPT_USE_SSL, insecure &&
	    strncmp(url, "smtp://", 7) == 0 ? (long)CURLUSESSL_NONE :
	    (long)CURLUSESSL_ALL);
	if (user != NULL)
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
	if (pw != NULL)
		curl_easy_setopt(c, CURLOPT_PASSWORD, pw);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc != CURLE_OK) {
		/* 5xx: the server refuses this mail for good (an address it
		 * does not know); anything else is tried again later. */
		*permanent = code >= 500 && code < 600;
		e = err_set(ei, ERR_UNAVAILABLE, "notices.smtp", NULL,
		    "máy chủ thư không nhận thư (%ld): %s",
		    "the mail server did not take the mail (%ld): %s", code,
		    cerr[0] ? cerr : curl_easy_strerror(rc));
	}
out:
	curl_slist_free_all(rcpt);
	if (c != NULL)
		curl_easy_cleanup(c);
	arena_free(a);
	return e;
}

const struct outbox_channel outbox_channel_mail = {
	"mail", mail_send, NULL, notices_mail_on
};
