/*
 * webhooks_url.c - which URLs the platform may POST to (webhooks.h).
 *
 * A webhook is a request the platform makes on someone's behalf, so a URL
 * could aim it at the platform's own network (a database's admin port,
 * a cloud metadata address).  The URL is parsed by libcurl's own parser
 * (the one that will use it), the scheme must be https (http only to the
 * hosts the operator names), and the host is resolved here: every address
 * it answers must be public unless the operator allows private ones.  The
 * sender connects to the address checked (CURLOPT_RESOLVE), so a DNS
 * answer that changes between the check and the connection cannot move
 * the request inside.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include <curl/curl.h>

#include "domain/webhooks/webhooks.h"

static const char *allow_http_opt;
static int allow_private_opt = -1;	/* -1: from the environment */

void
webhooks_allow_http(const char *hosts)
{
	allow_http_opt = hosts;
}

void
webhooks_allow_private(void)
{
	allow_private_opt = 1;
}

static bool
allow_private(void)
{
	const char *env;

	if (allow_private_opt == 1)
		return true;
	env = getenv("NTM_WEBHOOK_ALLOW_PRIVATE");
	return env != NULL && strcmp(env, "1") == 0;
}

/* Is host one of the comma-separated list of hosts allowed plain http? */
static bool
allow_http(const char *host)
{
	const char *list = allow_http_opt != NULL ? allow_http_opt :
	    getenv("NTM_WEBHOOK_ALLOW_HTTP");
	size_t n = strlen(host);

	while (list != NULL && *list != '\0') {
		const char *end = strchr(list, ',');
		size_t len = end != NULL ? (size_t)(end - list) : strlen(list);

		if (len == n && strncasecmp(list, host, n) == 0)
			return true;
		list = end != NULL ? end + 1 : NULL;
	}
	return false;
}

/* An IPv4 address (host order) of the platform's own network or of no
 * one: this host, RFC 1918, shared (CGNAT), link-local, multicast,
 * reserved. */
static bool
private4(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
	    (a >> 20) == (172u << 4 | 1) ||		/* 172.16/12 */
	    (a >> 16) == (192u << 8 | 168) ||		/* 192.168/16 */
	    (a >> 16) == (169u << 8 | 254) ||		/* 169.254/16 */
	    (a >> 22) == (100u << 2 | 1) ||		/* 100.64/10 */
	    (a >> 28) >= 14;				/* 224/4, 240/4 */
}

static bool
private_addr(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return private4(ntohl(((const struct sockaddr_in *)(const void *)
		    sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6) {
		const uint8_t *b = ((const struct sockaddr_in6 *)(const void *)
		    sa)->sin6_addr.s6_addr;
		static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
			0xff, 0xff };
		bool zero = true;

		for (int i = 0; i < 15; i++)
			zero = zero && b[i] == 0;
		if (zero)			/* :: and ::1 */
			return true;
		if (memcmp(b, mapped, 12) == 0)
			return private4((uint32_t)b[12] << 24 |
			    (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15]);
		return (b[0] & 0xfe) == 0xfc ||		/* fc00::/7 */
		    (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||	/* fe80::/10 */
		    b[0] == 0xff;			/* multicast */
	}
	return true;
}

static enum err
bad_url(struct errinfo *ei)
{
	return err_set(ei, ERR_INVALID, "webhooks.bad_url", "url",
	    "địa chỉ nhận không phải là một địa chỉ web đầy đủ "
	    "(ví dụ https://he-thong.tinh.gov.vn/ntm)",
	    "the receiver's address is not a full web address "
	    "(e.g. https://system.province.gov.vn/ntm)");
}

/* Resolve host and check every address; the first into t. */
static enum err
resolve(const char *host, long port, bool ipv6_literal,
    struct webhook_target *t, struct errinfo *ei)
{
	struct addrinfo hints = { 0 }, *res = NULL, *ai;
	char addr[INET6_ADDRSTRLEN] = "";
	char name[256];
	size_t n = strlen(host);
	enum err e = ERR_OK;

	/* libcurl gives an IPv6 literal in brackets. */
	if (ipv6_literal && n >= 2 && n - 2 < sizeof(name)) {
		memcpy(name, host + 1, n - 2);
		name[n - 2] = '\0';
	} else if (snprintf(name, sizeof(name), "%s", host) >=
	    (int)sizeof(name))
		return bad_url(ei);
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(name, NULL, &hints, &res) != 0 || res == NULL)
		return err_set(ei, ERR_INVALID, "webhooks.unresolved", "url",
		    "không tìm thấy máy chủ '%s'", "the host '%s' was not found",
		    name);
	for (ai = res; ai != NULL && e == ERR_OK; ai = ai->ai_next) {
		if (!allow_private() && private_addr(ai->ai_addr))
			e = err_set(ei, ERR_INVALID, "webhooks.private", "url",
			    "máy chủ '%s' thuộc mạng nội bộ: nền tảng không gửi "
			    "tới đó", "the host '%s' is on a private network: the "
			    "platform does not send there", name);
		else if (addr[0] == '\0')
			inet_ntop(ai->ai_family, ai->ai_family == AF_INET ?
			    (const void *)&((const struct sockaddr_in *)(const void *)
			    ai->ai_addr)->sin_addr : (const void *)&((const struct
			    sockaddr_in6 *)(const void *)ai->ai_addr)->sin6_addr,
			    addr, sizeof(addr));
	}
	if (e == ERR_OK && t != NULL) {
		snprintf(t->host, sizeof(t->host), "%s", name);
		t->port = port;
		snprintf(t->resolve, sizeof(t->resolve),
		    strchr(addr, ':') != NULL ? "%s:%ld:[%s]" : "%s:%ld:%s",
		    host, port, addr);
	}
	freeaddrinfo(res);
	return e;
}

enum err
webhooks_url_check(const char *url, struct webhook_target *t,
    struct errinfo *ei)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL;
	long portn;
	bool https;
	enum err e;

	if (url == NULL || url[0] == '\0' || strlen(url) > WEBHOOK_URL_MAX)
		return bad_url(ei);
	if ((u = curl_url()) == NULL)
		abort();
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK) {
		e = bad_url(ei);
		goto out;
	}
	/* Credentials in a URL would be shown on the list page. */
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		e = bad_url(ei);
		goto out;
	}
	https = strcmp(scheme, "https") == 0;
	if (!https && !(strcmp(scheme, "http") == 0 && allow_http(host))) {
		e = err_set(ei, ERR_INVALID, "webhooks.scheme", "url",
		    "địa chỉ nhận phải bắt đầu bằng https:// (http chỉ tới các "
		    "máy chủ mà người vận hành cho phép)",
		    "the receiver's address must start with https:// (http "
		    "only to the hosts the operator allows)");
		goto out;
	}
	portn = strtol(port, NULL, 10);
	e = resolve(host, portn, host[0] == '[', t, ei);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_url_cleanup(u);
	return e;
}
