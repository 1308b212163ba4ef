/*
 * web_market_money.c - the producer's money pages and API (docs/MARKET.md
 * section 6, domain/market/market_money.h):
 *
 *   GET  /cua-hang/doi-soat              upload a bank statement; the last
 *                                        uploads and transfers
 *   POST /cua-hang/doi-soat              the page's form (multipart "file"):
 *                                        matched, partial, unmatched
 *   POST /api/v1/market/shop/bank-uploads  the CSV as the raw body or a
 *                                        multipart "file"
 *   GET  /api/v1/market/shop/bank-uploads  the uploads
 *   GET  /api/v1/market/shop/transfers   transfers booked in ?from=&to=
 *   GET  /cua-hang/sao-ke (?month=)      the statement of a month
 *   GET  /cua-hang/sao-ke.csv, .xlsx     its download
 *   GET  /api/v1/market/shop/statement   ?from=&to= (default: this month)
 *
 * Which producer: ?producer_id=ID, else the first the account represents.
 * The router admits the caller on the producer's commune (.scope); the
 * domain adds the producer account's own-producer rule (403
 * market.not_yours).  Officers and the coordinator read; only producer
 * accounts upload.
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/jval.h"
#include "core/msg.h"
#include "core/numfmt.h"
#include "core/text.h"
#include "domain/market/market_listings.h"
#include "domain/market/market_money.h"
#include "domain/ocop/ocop_registry.h"
#include "http/http.h"
#include "web/web.h"
#include "web/web_market_money.h"
#include "web/web_uploads.h"

#define MONEY_READERS	(ROLE_BIT(ROLE_PRODUCER) | \
	ROLE_BIT(ROLE_PROVINCE_OFFICER) | ROLE_BIT(ROLE_COMMUNE_OFFICER) | \
	ROLE_BIT(ROLE_COORDINATOR))
#define MONEY_WRITERS	ROLE_BIT(ROLE_PRODUCER)

static const struct qfield producer_query[] = {
	{ "producer_id", Q_INT, 1, INT64_MAX / 2, 0, NULL } };
static const struct qfield period_query[] = {
	{ "producer_id", Q_INT, 1, INT64_MAX / 2, 0, NULL },
	{ "from", Q_TEXT, 0, 0, 10, NULL }, { "to", Q_TEXT, 0, 0, 10, NULL },
	{ "month", Q_TEXT, 0, 0, 7, NULL } };

/* The producer a request is about: ?producer_id=, else the first one the
 * signed-in account represents. */
static enum err
resolve_producer(struct req *r, struct web *w, struct scope_target *t,
    struct errinfo *ei)
{
	json_t *mine;
	int64_t id = web_qint(w, "producer_id", 0);

	t->field = "producer_id";
	if (id == 0 && w->who != NULL && ocop_producers_of_user(w->db,
	    w->who->user_id, &mine, ei) == ERR_OK) {
		id = jval_int(json_array_get(mine, 0), "id", 0);
		json_decref(mine);
	}
	if (id == 0)
		return err_set(ei, ERR_INVALID, "market.producer_required",
		    "producer_id", "Hãy chọn chủ thể (producer_id=…)",
		    "Choose the producer (producer_id=…)");
	t->id = id;
	return ocop_producer_unit_of(w->db, r->arena, id, &t->structure,
	    &t->code, ei);
}

static const struct scope scope_money_producer = { "market_producer",
	resolve_producer };

/* Every "<x>_vnd" integer of o (and of its objects and arrays, to depth
 * 3) gets a "<x>_text" as people read it. */
static void
money_texts(struct req *r, struct web *w, json_t *o, int depth)
{
	const char *k;
	json_t *v, *it;
	size_t i, n;

	if (depth > 3)
		return;
	if (json_is_array(o)) {
		json_array_foreach(o, i, it)
			money_texts(r, w, it, depth + 1);
		return;
	}
	if (!json_is_object(o))
		return;
	json_object_foreach(o, k, v) {
		n = strlen(k);
		if (json_is_integer(v) && n > 4 && strcmp(k + n - 4, "_vnd") ==
		    0)
			json_object_set_new(o, arena_printf(r->arena, "%.*s_text",
			    (int)(n - 4), k), json_string(numfmt_vnd_a(r->arena,
			    json_integer_value(v), w->lang)));
		else if (json_is_object(v) || json_is_array(v))
			money_texts(r, w, v, depth + 1);
	}
}

/* The producer's name and id in the view, and the producers the account
 * represents when they are several (a chooser). */
static void
producer_view(struct web *w, json_t *view)
{
	json_t *mine;
	struct errinfo ei;
	char name[256] = "";

	if (w->who != NULL && ocop_producers_of_user(w->db, w->who->user_id,
	    &mine, &ei) == ERR_OK) {
		json_t *it;
		size_t i;

		json_array_foreach(mine, i, it) {
			if (jval_int(it, "id", 0) == w->target.id)
				snprintf(name, sizeof name, "%s",
				    jval_str(it, "name"));
			json_object_set_new(it, "current", json_boolean(
			    jval_int(it, "id", 0) == w->target.id));
		}
		if (json_array_size(mine) > 1)
			json_object_set_new(view, "producers", mine);
		else
			json_decref(mine);
	}
	json_object_set_new(view, "producer", json_pack("{s:I, s:s}", "id",
	    (json_int_t)w->target.id, "name", name));
	db_end_reads(w->db);
}

/* Group transfers by outcome for the page. */
static void
group_transfers(json_t *view, json_t *transfers)
{
	static const char *const outcomes[] = { "matched", "partial", "excess",
		"unmatched", NULL };
	json_t *it;
	size_t i;

	for (int k = 0; outcomes[k] != NULL; k++) {
		json_t *list = json_array();

		json_array_foreach(transfers, i, it)
			if (json_is_string(json_object_get(it, "outcome")) &&
			    strcmp(jval_str(it, "outcome"), outcomes[k]) == 0)
				json_array_append(list, it);
		json_object_set_new(view, outcomes[k], list);
	}
}

/* Dates as people read them: each listed transfer's day, each upload's
 * time. */
static void
dates_for_people(struct req *r, struct web *w, json_t *view)
{
	static const char *const lists[] = { "matched", "partial", "excess",
		"unmatched", NULL };
	json_t *it;
	size_t i;

	for (int k = 0; lists[k] != NULL; k++)
		json_array_foreach(json_object_get(view, lists[k]), i, it)
			json_object_set_new(it, "booked_text", json_string(
			    date_display(r->arena, jval_str(it, "booked_on"),
			    w->lang)));
	json_array_foreach(json_object_get(view, "uploads"), i, it)
		json_object_set_new(it, "created_text", json_string(
		    date_display(r->arena, jval_str(it, "created_at"),
		    w->lang)));
}

/* ---- reconciliation ------------------------------------------------------ */

static enum err
money_page(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *uploads, *transfers;
	char today[DATE_LEN], since[DATE_LEN];
	long days;
	enum err e;

	(void)r;
	if ((e = market_check_owner(w->db, w->who, w->acting,
	    w->target.id, "producer_id", ei)) != ERR_OK)
		return e;
	producer_view(w, view);
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "mm_reconcile_title")));
	json_object_set_new(view, "may_upload", json_boolean(w->acting !=
	    NULL && w->acting->role == ROLE_PRODUCER));
	if ((e = market_bank_uploads(w->db, w->target.id, &uploads, ei)) !=
	    ERR_OK)
		return e;
	json_object_set_new(view, "uploads", uploads);
	/* The last 90 days' transfers that still need a look. */
	date_today(today);
	(void)date_parse(today, &days);
	date_format(days - 90, since);
	if ((e = market_transfers(w->db, w->target.id, since, today,
	    &transfers, ei)) != ERR_OK)
		return e;
	if (json_object_get(view, "result") == NULL) {
		group_transfers(view, transfers);
		json_object_set_new(view, "recent", json_true());
	}
	json_decref(transfers);
	dates_for_people(r, w, view);
	money_texts(r, w, view, 0);
	return ERR_OK;
}

/* A bank statement that did not come, in the shop's words. */
static const struct web_upload_words statement_words = {
	.media_code = "market.bank_body",
	.how_vi = "Gửi tệp sao kê CSV bằng biểu mẫu multipart (trường file) "
	    "hoặc gửi nguyên nội dung tệp",
	.how_en = "Send the statement CSV as a multipart form (field file) "
	    "or as the body itself",
	.choose_vi = "Hãy chọn tệp sao kê tài khoản (CSV) tải từ ngân hàng",
	.choose_en = "Choose the account statement (CSV) downloaded from the "
	    "bank" };

static enum err
upload_post(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	const void *data;
	const char *name = "sao-ke.csv";
	json_t *res;
	size_t len;
	enum err e;

	if ((e = web_upload_required(r, w, &statement_words, &data, &len,
	    &name, ei)) != ERR_OK ||
	    (e = market_bank_upload(w->db, w->who, w->acting, w->target.id,
	    name, data, len, &res, ei)) != ERR_OK) {
		if (!w->json)
			web_problem(w, ei, "f-file");
		return e;
	}
	if (w->json) {
		jval_merge(view, res);
		return ERR_OK;
	}
	group_transfers(view, json_object_get(res, "transfers"));
	json_object_set_new(view, "result", res);
	return money_page(r, w, view, ei);
}

static enum err
uploads_list(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	json_t *items;
	enum err e;

	(void)r;
	if ((e = market_check_owner(w->db, w->who, w->acting,
	    w->target.id, "producer_id", ei)) != ERR_OK ||
	    (e = market_bank_uploads(w->db, w->target.id, &items, ei)) !=
	    ERR_OK)
		return e;
	json_object_set_new(view, "items", items);
	return ERR_OK;
}

/* ?from=&to= (YYYY-MM-DD), else ?month=YYYY-MM, else this month. */
static enum err
period_of(struct web *w, char from[DATE_LEN], char to[DATE_LEN],
    struct errinfo *ei)
{
	const char *f = web_qtext(w, "from"), *t = web_qtext(w, "to");
	const char *m = web_qtext(w, "month");
	char today[DATE_LEN], probe[DATE_LEN];
	long d;
	int day;

	if (f != NULL || t != NULL) {
		if (f == NULL || !date_parse(f, NULL))
			return err_set(ei, ERR_INVALID, "market.bad_period",
			    "from", "“Từ ngày” phải có dạng YYYY-MM-DD",
			    "“from” must be YYYY-MM-DD");
		if (t == NULL || !date_parse(t, NULL))
			return err_set(ei, ERR_INVALID, "market.bad_period",
			    "to", "“Đến ngày” phải có dạng YYYY-MM-DD",
			    "“to” must be YYYY-MM-DD");
		snprintf(from, DATE_LEN, "%s", f);
		snprintf(to, DATE_LEN, "%s", t);
		return ERR_OK;
	}
	if (m == NULL)
		m = date_today(today);
	snprintf(probe, sizeof probe, "%.7s-01", m);
	if (strlen(m) < 7 || !date_parse(probe, &d))
		return err_set(ei, ERR_INVALID, "market.bad_period", "month",
		    "Tháng phải có dạng YYYY-MM", "The month must be YYYY-MM");
	snprintf(from, DATE_LEN, "%s", probe);
	/* The month's last day: the day before the next month's first. */
	for (day = 28; day <= 32; day++) {
		char next[DATE_LEN];

		date_format(d + day, next);
		if (strncmp(next, probe, 7) != 0) {
			date_format(d + day - 1, to);
			break;
		}
	}
	return ERR_OK;
}

static enum err
transfers_list(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	const char *f = web_qtext(w, "from"), *t = web_qtext(w, "to");
	json_t *items;
	enum err e;

	(void)r;
	if ((f != NULL && !date_parse(f, NULL)) || (t != NULL &&
	    !date_parse(t, NULL)))
		return err_set(ei, ERR_INVALID, "market.bad_period",
		    f != NULL && !date_parse(f, NULL) ? "from" : "to",
		    "Ngày phải có dạng YYYY-MM-DD", "Dates are YYYY-MM-DD");
	if ((e = market_check_owner(w->db, w->who, w->acting,
	    w->target.id, "producer_id", ei)) != ERR_OK ||
	    (e = market_transfers(w->db, w->target.id, f, t, &items, ei)) !=
	    ERR_OK)
		return e;
	json_object_set_new(view, "items", items);
	return ERR_OK;
}

/* ---- the statement ------------------------------------------------------- */

static enum err
statement_of(struct web *w, json_t **st, struct errinfo *ei)
{
	char from[DATE_LEN], to[DATE_LEN];
	enum err e;

	if ((e = period_of(w, from, to, ei)) != ERR_OK ||
	    (e = market_check_owner(w->db, w->who, w->acting,
	    w->target.id, "producer_id", ei)) != ERR_OK)
		return e;
	return market_statement(w->db, w->target.id, from, to, st, ei);
}

static enum err
statement_page(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	json_t *st, *it;
	size_t i;
	enum err e;

	if ((e = statement_of(w, &st, ei)) != ERR_OK)
		return e;
	jval_merge(view, st);
	if (w->json)
		return ERR_OK;
	producer_view(w, view);
	json_object_set_new(view, "title", jval_string(msg_get(w->lang,
	    "mm_statement_title")));
	json_object_set_new(view, "month", json_string(arena_printf(r->arena,
	    "%.7s", jval_str(view, "from"))));
	json_object_set_new(view, "from_text", json_string(date_display(
	    r->arena, jval_str(view, "from"), w->lang)));
	json_object_set_new(view, "to_text", json_string(date_display(
	    r->arena, jval_str(view, "to"), w->lang)));
	json_array_foreach(json_object_get(view, "lines"), i, it) {
		json_object_set_new(it, "date_text", json_string(date_display(
		    r->arena, jval_str(it, "date"), w->lang)));
		json_object_set_new(it, "payment_text", json_string(msg_get(
		    w->lang, strcmp(jval_str(it, "payment"), "cod") == 0 ?
		    "mm_pay_cod" : "mm_pay_transfer")));
	}
	json_array_foreach(json_object_get(view, "returned"), i, it)
		json_object_set_new(it, "date_text", json_string(date_display(
		    r->arena, jval_str(it, "date"), w->lang)));
	json_array_foreach(json_object_get(view, "unmatched"), i, it)
		json_object_set_new(it, "date_text", json_string(date_display(
		    r->arena, jval_str(it, "booked_on"), w->lang)));
	json_object_set_new(view, "query", json_string(arena_printf(r->arena,
	    "producer_id=%lld&month=%s", (long long)w->target.id,
	    jval_str(view, "month"))));
	money_texts(r, w, view, 0);
	return ERR_OK;
}

static enum err
statement_download(struct req *r, struct web *w, bool xlsx,
    struct errinfo *ei)
{
	json_t *st;
	enum err e;

	if ((e = statement_of(w, &st, ei)) != ERR_OK)
		return e;
	buf_reset(&r->out);
	e = xlsx ? market_statement_xlsx(st, w->lang, &r->out, ei) :
	    market_statement_csv(st, w->lang, &r->out, ei);
	if (e == ERR_OK) {
		r->status = 200;
		r->content_type = xlsx ? "application/"
		    "vnd.openxmlformats-officedocument.spreadsheetml.sheet" :
		    "text/csv; charset=utf-8";
		http_add_header(r, "Content-Disposition", arena_printf(
		    r->arena, "attachment; filename=\"sao-ke-%s-%s.%s\"",
		    jval_str(st, "from"), jval_str(st, "to"), xlsx ? "xlsx" :
		    "csv"));
	}
	json_decref(st);
	return e;
}

static enum err
statement_csv(struct req *r, struct web *w, json_t *view, struct errinfo *ei)
{
	(void)view;
	return statement_download(r, w, false, ei);
}

static enum err
statement_xlsx(struct req *r, struct web *w, json_t *view,
    struct errinfo *ei)
{
	(void)view;
	return statement_download(r, w, true, ei);
}

const struct route market_money_routes[] = {
	{ .method = "GET", .pattern = "/cua-hang/doi-soat",
	  .flags = ROUTE_HTML, .tmpl = "market/money_reconcile",
	  .fn = money_page, QUERY(producer_query), .roles = MONEY_READERS,
	  .scope = &scope_money_producer },
	{ .method = "POST", .pattern = "/cua-hang/doi-soat",
	  .flags = ROUTE_HTML | ROUTE_FORM, .tmpl = "market/money_reconcile",
	  .fn = upload_post, QUERY(producer_query), .roles = MONEY_WRITERS,
	  .scope = &scope_money_producer, .form_view = money_page },
	{ .method = "POST", .pattern = "/market/shop/bank-uploads",
	  .flags = ROUTE_API, .fn = upload_post, QUERY(producer_query),
	  .roles = MONEY_WRITERS, .scope = &scope_money_producer },
	{ .method = "GET", .pattern = "/market/shop/bank-uploads",
	  .flags = ROUTE_API, .fn = uploads_list, QUERY(producer_query),
	  .roles = MONEY_READERS, .scope = &scope_money_producer },
	{ .method = "GET", .pattern = "/market/shop/transfers",
	  .flags = ROUTE_API, .fn = transfers_list, QUERY(period_query),
	  .roles = MONEY_READERS, .scope = &scope_money_producer },
	{ .method = "GET", .pattern = "/cua-hang/sao-ke",
	  .flags = ROUTE_HTML, .tmpl = "market/money_statement",
	  .fn = statement_page, QUERY(period_query), .roles = MONEY_READERS,
	  .scope = &scope_money_producer },
	{ .method = "GET", .pattern = "/cua-hang/sao-ke.csv",
	  .flags = ROUTE_RAW, .fn = statement_csv, QUERY(period_query),
	  .roles = MONEY_READERS, .scope = &scope_money_producer },
	{ .method = "GET", .pattern = "/cua-hang/sao-ke.xlsx",
	  .flags = ROUTE_RAW, .fn = statement_xlsx, QUERY(period_query),
	  .roles = MONEY_READERS, .scope = &scope_money_producer },
	{ .method = "GET", .pattern = "/market/shop/statement",
	  .flags = ROUTE_API, .fn = statement_page, QUERY(period_query),
	  .roles = MONEY_READERS, .scope = &scope_money_producer },
	{ .method = NULL }
};
