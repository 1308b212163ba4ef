/*
 * demo_ocop_rounds.c - two closed OCOP evaluation rounds of Hà Nội in
 * "ntm demo" (docs/OCOP.md section 6), written through the domain as the
 * accounts that would act: the commune officer socson registers four
 * products of a Sóc Sơn tea cooperative, submits their plans and forwards
 * them with the four assessments; the province officer hanoi opens each
 * round chaired by the evaluator ocop with ocop2 and ocop3; each member
 * submits a sheet of part scores; the chair closes the round.
 *
 * Round 1: two products rated 4 and 3 stars, then certified by hanoi (two
 * platform-numbered certificates, OCOP-01-YYYY-NNNNN).  Round 2: one
 * product above 90 points, rated 4 stars at the province and sent to the
 * central round (it waits there for the central council); one rated 2
 * stars (no certificate: 148 certifies 3 to 5).  Running the demo again
 * keeps what exists (any round: skip); NTM_DEMO_OCOP_CERTS=none leaves the
 * rounds out with the certificates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/auth/auth_internal.h"
#include "domain/ocop/ocop_registry.h"
#include "domain/ocop/ocop_rounds.h"

#define MEMBERS 3

struct demo_round_product {
	const char *name, *description;
	int group;
	int scores[MEMBERS][3];		/* each member's parts A, B, C */
	const char *after;		/* the province's step after the close */
};

static const struct demo_round_product round1[] = {
	{ "Chè xanh Minh Phú", "Chè xanh búp sao tay, vùng đồi Minh Phú.", 2,
	  { { 33, 20, 30 }, { 32, 21, 29 }, { 34, 19, 31 } }, "certify" },
	{ "Chè vối túi lọc Minh Phú", "Nụ và lá vối ủ, sấy, đóng túi lọc.", 2,
	  { { 25, 14, 22 }, { 24, 15, 21 }, { 26, 13, 23 } }, "certify" },
};
static const struct demo_round_product round2[] = {
	{ "Chè đinh Minh Phú hộp quà", "Búp chè đinh hái một tôm, hộp sơn mài.",
	  2, { { 38, 23, 32 }, { 37, 24, 31 }, { 38, 23, 33 } },
	  "to_central" },
	{ "Bột chè xanh Minh Phú", "Bột chè xanh nghiền đá.", 2,
	  { { 18, 10, 16 }, { 17, 11, 15 }, { 19, 10, 17 } }, NULL },
};

static enum err
checked_product(struct db *db, const struct principal *socson,
    int64_t producer, const struct demo_round_product *d, int64_t *id,
    struct errinfo *ei)
{
	struct ocop_product_in in = { .name = d->name,
		.description = d->description, .group = d->group };
	json_t *as = json_pack("{s:s, s:s, s:s, s:s}", "origin", "met",
	    "labour", "met", "idea", "met", "identity", "met");
	enum err e;

	if ((e = ocop_product_create(db, socson, &socson->roles[0], producer,
	    &in, id, ei)) == ERR_OK &&
	    (e = ocop_product_act(db, socson, &socson->roles[0], *id,
	    "submit_plan", NULL, NULL, ei)) == ERR_OK)
		e = ocop_product_act(db, socson, &socson->roles[0], *id,
		    "forward", NULL, as, ei);
	json_decref(as);
	return e;
}

/* One round: open, members, products, every member's sheet, the close,
 * then the province's step for each product. */
static enum err
one_round(struct db *db, struct arena *a, const struct principal *hanoi,
    const struct principal *socson, struct principal members[MEMBERS],
    int64_t producer, const char *name,
    const struct demo_round_product *list, size_t n, struct errinfo *ei)
{
	struct ocop_round_in in = { .level = "province", .structure = "2025",
		.code = "01", .name = name, .chair_id = members[0].user_id };
	struct rep_problems pr;
	int64_t rid, pid[4];
	enum err e;

	for (size_t i = 0; i < n; i++)
		if ((e = checked_product(db, socson, producer, &list[i], &pid[i],
		    ei)) != ERR_OK)
			return e;
	rep_problems_init(&pr, a, 20);
	if ((e = ocop_round_open(db, hanoi, &in, &rid, &pr, ei)) != ERR_OK)
		return e;
	for (int m = 1; m < MEMBERS; m++)
		if ((e = ocop_round_add_member(db, hanoi, rid,
		    members[m].user_id, ei)) != ERR_OK)
			return e;
	for (size_t i = 0; i < n; i++)
		if ((e = ocop_round_add_product(db, hanoi, rid, pid[i], ei)) !=
		    ERR_OK)
			return e;
	for (size_t i = 0; i < n; i++)
		for (int m = 0; m < MEMBERS; m++) {
			const int *s = list[i].scores[m];
			json_t *sc = json_pack("{s:i, s:i, s:i}", "A", s[0],
			    "B", s[1], "C", s[2]);

			e = ocop_round_sheet_put(db, &members[m], rid, pid[i],
			    sc, true, &pr, ei);
			json_decref(sc);
			if (e != ERR_OK)
				return e;
		}
	if ((e = ocop_round_close(db, &members[0], rid, ei)) != ERR_OK)
		return e;
	for (size_t i = 0; i < n; i++)
		if (list[i].after != NULL && (e = ocop_product_act(db, hanoi,
		    &hanoi->roles[0], pid[i], list[i].after, NULL, NULL,
		    ei)) != ERR_OK)
			return e;
	return ERR_OK;
}

static enum err
run(struct db *db, struct arena *a, struct errinfo *ei)
{
	static const char *const evaluators[MEMBERS] = { "ocop", "ocop2",
		"ocop3" };
	struct principal hanoi, socson, members[MEMBERS];
	struct audit_actor who;
	struct ocop_producer_in producer = {
		.name = "Hợp tác xã Chè Minh Phú", .kind = "cooperative",
		.structure = "2025", .code = "00376",
		.address = "Thôn Đồng Đò, xã Sóc Sơn" };
	int64_t pid;
	enum err e;

	if ((e = demo_principal(db, a, "hanoi", &hanoi, ei)) != ERR_OK ||
	    (e = demo_principal(db, a, "socson", &socson, ei)) != ERR_OK)
		return e;
	for (int m = 0; m < MEMBERS; m++)
		if ((e = demo_principal(db, a, evaluators[m], &members[m],
		    ei)) != ERR_OK)
			return e;
	auth_actor(&socson, &socson.roles[0], &who);
	if ((e = ocop_producer_create(db, &who, &producer, 0, &pid, ei)) !=
	    ERR_OK)
		return e;
	if ((e = one_round(db, a, &hanoi, &socson, members, pid,
	    "Kỳ đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Nội, đợt 1",
	    round1, sizeof(round1) / sizeof(round1[0]), ei)) != ERR_OK)
		return e;
	return one_round(db, a, &hanoi, &socson, members, pid,
	    "Kỳ đánh giá, phân hạng sản phẩm OCOP tỉnh Hà Nội, đợt 2",
	    round2, sizeof(round2) / sizeof(round2[0]), ei);
}

int
demo_ocop_rounds(struct db *db)
{
	bool wrote;
	int rc = demo_once(db, STMT_OCOP_DEMO_ANY_ROUND,
	    demo_ocop_certs_left_out(), run, &wrote);

	if (wrote)
		printf("OCOP rounds: two closed evaluation rounds of Hà Nội "
		    "(chair ocop, members ocop2 and ocop3): two tea products rated "
		    "and certified (4 and 3 stars), one above 90 points sent to "
		    "the central round, one rated 2 stars; /ocop/rounds as hanoi "
		    "or ocop.\n");
	return rc;
}
