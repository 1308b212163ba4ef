/*
 * market_vietqr.h - the VietQR code a buyer scans to pay an order by bank
 * transfer, and the list of banks that take VietQR transfers.
 *
 * The string is an EMVCo merchant-presented QR payload as NAPAS specifies
 * VietQR ("Technical Specifications on NAPAS QR Switching, Part IV: QR
 * code format", version 1.5.2, January 2021; the transfer-to-account
 * service "QRIBFTTA"):
 *   00 "01"            payload format
 *   01 "12"            dynamic (an amount is set)
 *   38 {00 "A000000727"  NAPAS's GUID,
 *       01 {00 BIN, 01 account}  the beneficiary organisation,
 *       02 "QRIBFTTA"}  transfer to an account
 *   53 "704"           VND
 *   54 amount          whole dong
 *   58 "VN"
 *   62 {08 reference}  purpose of transaction: the text bank apps put in
 *                      the transfer's description (what the statement
 *                      shows, what reconciliation looks for)
 *   63 CRC             CRC-16/CCITT-FALSE over everything before it,
 *                      "6304" included, 4 upper-case hex digits.
 * Banks (data/banks.csv, its source in data/README-banks.md): NAPAS BIN,
 * short and full Vietnamese name.
 */
#ifndef NTM_DOMAIN_MARKET_VIETQR_H
#define NTM_DOMAIN_MARKET_VIETQR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"

#define MARKET_VIETQR_ACCOUNT_MAX	19	/* letters and digits */
#define MARKET_VIETQR_REFERENCE_MAX	25	/* EMVCo: tag 62's sub-tags */
#define MARKET_VIETQR_AMOUNT_MAX	9999999999999LL	/* 13 digits */

/* The payload (malloc'd, the caller frees it), or NULL on bad input: bin
 * not 6 digits, account not 1..19 ASCII letters or digits, amount_vnd not
 * 1..MARKET_VIETQR_AMOUNT_MAX, reference (NULL or "" for none) not 1..25
 * ASCII letters, digits and spaces (what every bank keeps of a
 * description: accents and punctuation are dropped by some). */
char *market_vietqr_payload(const char *bin, const char *account,
    int64_t amount_vnd, const char *reference);

/* Whether bin, account, reference are acceptable (as above); field gets
 * the first bad one's name ("bin", "account", "reference") when not. */
bool market_vietqr_check(const char *bin, const char *account,
    int64_t amount_vnd, const char *reference, const char **field);

/* CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection,
 * no final xor) of n bytes: the check value of "123456789" is 0x29B1. */
uint16_t market_vietqr_crc(const char *s, size_t n);

/* The QR code of payload as an SVG image (core/qr.h), appended to out.
 * ERR_INVALID when payload is empty or too long for a QR code, ERR_LIMIT
 * when out is full, ERR_SYS when the encoder fails; out is then as it
 * was. */
enum err market_vietqr_svg(struct buf *out, const char *payload);

/* A bank that takes VietQR transfers. */
struct market_bank {
	char bin[7];		/* NAPAS BIN, 6 digits */
	char short_name[64];	/* "Vietcombank" */
	char name[192];		/* "Ngân hàng TMCP Ngoại Thương Việt Nam" */
};

/* The bank of bin into out; false when bin is no bank of the list. */
bool market_bank_by_bin(const char *bin, struct market_bank *out);
/* Every bank of the list, in its order (by short name), up to max into
 * out; returns how many there are (may be more than max). */
size_t market_banks(struct market_bank *out, size_t max);

#endif
