/*
 * text_test.c - unit tests for core/text.c: UTF-8 validation (against an
 * independent reference decoder, exhaustively up to three bytes), NFC of
 * decomposed Vietnamese, and the search fold over every Vietnamese vowel
 * with every tone, in both cases and both normal forms.
 *
 * The decomposed (NFD) strings are built here from code points rather than
 * by utf8proc, so the tests do not check utf8proc against itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <utf8proc.h>

#include "core/buf.h"
#include "core/text.h"

/* The twelve vowels, each bare and with the five tones (huyền, sắc, hỏi,
 * ngã, nặng), precomposed. */
static const char *const vowels_lower[12][6] = {
	{ "a", "à", "á", "ả", "ã", "ạ" },
	{ "ă", "ằ", "ắ", "ẳ", "ẵ", "ặ" },
	{ "â", "ầ", "ấ", "ẩ", "ẫ", "ậ" },
	{ "e", "è", "é", "ẻ", "ẽ", "ẹ" },
	{ "ê", "ề", "ế", "ể", "ễ", "ệ" },
	{ "i", "ì", "í", "ỉ", "ĩ", "ị" },
	{ "o", "ò", "ó", "ỏ", "õ", "ọ" },
	{ "ô", "ồ", "ố", "ổ", "ỗ", "ộ" },
	{ "ơ", "ờ", "ớ", "ở", "ỡ", "ợ" },
	{ "u", "ù", "ú", "ủ", "ũ", "ụ" },
	{ "ư", "ừ", "ứ", "ử", "ữ", "ự" },
	{ "y", "ỳ", "ý", "ỷ", "ỹ", "ỵ" },
};
static const char *const vowels_upper[12][6] = {
	{ "A", "À", "Á", "Ả", "Ã", "Ạ" },
	{ "Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ" },
	{ "Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ" },
	{ "E", "È", "É", "Ẻ", "Ẽ", "Ẹ" },
	{ "Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ" },
	{ "I", "Ì", "Í", "Ỉ", "Ĩ", "Ị" },
	{ "O", "Ò", "Ó", "Ỏ", "Õ", "Ọ" },
	{ "Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ" },
	{ "Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ" },
	{ "U", "Ù", "Ú", "Ủ", "Ũ", "Ụ" },
	{ "Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự" },
	{ "Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ" },
};
/* Decomposition of each vowel row: ASCII base and vowel mark (0: none). */
static const struct {
	char base;
	uint32_t mark;
} vowel_nfd[12] = {
	{ 'a', 0 }, { 'a', 0x0306 }, { 'a', 0x0302 }, { 'e', 0 },
	{ 'e', 0x0302 }, { 'i', 0 }, { 'o', 0 }, { 'o', 0x0302 },
	{ 'o', 0x031B }, { 'u', 0 }, { 'u', 0x031B }, { 'y', 0 },
};
/* Combining tone marks in column order (0: bare). */
static const uint32_t tone_marks[6] = {
	0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323
};

/* Append cp as UTF-8 to s (room assumed); returns the new end. */
static char *
put_cp(char *s, uint32_t cp)
{
	if (cp < 0x80)
		*s++ = (char)cp;
	else if (cp < 0x800) {
		*s++ = (char)(0xC0 | cp >> 6);
		*s++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*s++ = (char)(0xE0 | cp >> 12);
		*s++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*s++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*s++ = (char)(0xF0 | cp >> 18);
		*s++ = (char)(0x80 | (cp >> 12 & 0x3F));
		*s++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*s++ = (char)(0x80 | (cp & 0x3F));
	}
	*s = '\0';
	return s;
}

/*
 * Build the NFD of vowel row v, tone t into s (16 bytes).  canonical puts
 * the marks in canonical order (the dot below, class 220, before a breve
 * or circumflex, class 230); otherwise they come in typing order, vowel
 * mark first, as some keyboards send them.
 */
static void
make_nfd(char *s, int v, int t, int upper, int canonical)
{
	uint32_t m = vowel_nfd[v].mark, tm = tone_marks[t];
	char b = vowel_nfd[v].base;

	if (upper)
		b = (char)(b - 'a' + 'A');
	s = put_cp(s, (uint32_t)b);
	if (canonical && tm == 0x0323 && m != 0 && m != 0x031B) {
		s = put_cp(s, tm);
		put_cp(s, m);
		return;
	}
	if (m != 0)
		s = put_cp(s, m);
	if (tm != 0)
		put_cp(s, tm);
}

/* Fold s and compare with want; the case is named on failure. */
static void
check_fold(const char *s, const char *want)
{
	struct buf b;
	enum err e;

	buf_init(&b, 1024);
	e = text_fold(s, strlen(s), &b);
	if (e != ERR_OK || strcmp(buf_cstr(&b), want) != 0)
		print_error("fold(\"%s\") = %d \"%s\", want \"%s\"\n", s, e,
		    buf_cstr(&b), want);
	assert_int_equal(e, ERR_OK);
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static void
check_nfc(const char *s, const char *want)
{
	struct buf b;
	enum err e;

	buf_init(&b, 4096);
	e = text_nfc(s, strlen(s), &b);
	if (e != ERR_OK || strcmp(buf_cstr(&b), want) != 0)
		print_error("nfc(\"%s\") = %d \"%s\", want \"%s\"\n", s, e,
		    buf_cstr(&b), want);
	assert_int_equal(e, ERR_OK);
	assert_string_equal(buf_cstr(&b), want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

/* Every precomposed vowel is one code point (a typo in the table would
 * otherwise pass the fold by accident). */
static void
test_vowel_table_is_precomposed(void **state)
{
	int v, t;

	(void)state;
	for (v = 0; v < 12; v++)
		for (t = 0; t < 6; t++) {
			size_t ll = strlen(vowels_lower[v][t]);
			size_t lu = strlen(vowels_upper[v][t]);

			assert_true(ll >= 1 && ll <= 3);
			assert_true(lu >= 1 && lu <= 3);
			assert_true(text_utf8_valid(vowels_lower[v][t], ll));
			if (t == 0 && vowel_nfd[v].mark == 0) {
				assert_int_equal(ll, 1);
				continue;
			}
			assert_true(ll >= 2);
			/* A lead byte, then only continuation bytes. */
			assert_true(((unsigned char)vowels_lower[v][t][0] &
			    0xC0) == 0xC0);
			assert_true(((unsigned char)vowels_upper[v][t][0] &
			    0xC0) == 0xC0);
		}
}

static void
test_fold_vowels_nfc(void **state)
{
	char want[2] = { 0, 0 };
	int v, t;

	(void)state;
	for (v = 0; v < 12; v++) {
		want[0] = vowel_nfd[v].base;
		for (t = 0; t < 6; t++) {
			check_fold(vowels_lower[v][t], want);
			check_fold(vowels_upper[v][t], want);
		}
	}
}

static void
test_fold_vowels_nfd(void **state)
{
	char s[16], want[2] = { 0, 0 };
	int v, t, up, canon;

	(void)state;
	for (v = 0; v < 12; v++) {
		want[0] = vowel_nfd[v].base;
		for (t = 0; t < 6; t++)
			for (up = 0; up < 2; up++)
				for (canon = 0; canon < 2; canon++) {
					make_nfd(s, v, t, up, canon);
					check_fold(s, want);
				}
	}
}

/* Marks inside a word must not split it. */
static void
test_fold_vowels_in_words(void **state)
{
	char s[64], nfd[16], want[8];
	int v, t;

	(void)state;
	for (v = 0; v < 12; v++)
		for (t = 0; t < 6; t++) {
			snprintf(want, sizeof(want), "x%cy", vowel_nfd[v].base);
			snprintf(s, sizeof(s), "X%sY", vowels_upper[v][t]);
			check_fold(s, want);
			make_nfd(nfd, v, t, 0, 1);
			snprintf(s, sizeof(s), "x%sy", nfd);
			check_fold(s, want);
		}
}

static void
test_nfc_of_nfd_vowels(void **state)
{
	char s[16];
	int v, t, canon;

	(void)state;
	for (v = 0; v < 12; v++)
		for (t = 0; t < 6; t++)
			for (canon = 0; canon < 2; canon++) {
				make_nfd(s, v, t, 0, canon);
				check_nfc(s, vowels_lower[v][t]);
				make_nfd(s, v, t, 1, canon);
				check_nfc(s, vowels_upper[v][t]);
				/* NFC input is left as it is. */
				check_nfc(vowels_lower[v][t],
				    vowels_lower[v][t]);
				check_nfc(vowels_upper[v][t],
				    vowels_upper[v][t]);
			}
}

static void
test_fold_d(void **state)
{
	(void)state;
	check_fold("đ", "d");
	check_fold("Đ", "d");
	check_fold("Đường Đông", "duong dong");
	check_fold("đđĐĐ", "dddd");
	/* Ð (U+00D0, Icelandic eth) stands in for Đ in converted text. */
	check_fold("\xC3\x90\xC3\xA0 N\xE1\xBA\xB5ng", "da nang");
	check_fold("\xC3\xB0", "d");
}

static const char city_nfc[] = "Thành phố Đà Nẵng";
/* Th a+grave nh, ph o+circumflex+acute, Đ a+grave, N a+breve+tilde ng. */
static const char city_nfd[] = "Tha\xCC\x80nh pho\xCC\x82\xCC\x81 "
    "\xC4\x90" "a\xCC\x80 Na\xCC\x86\xCC\x83ng";

static void
test_fold_city(void **state)
{
	(void)state;
	assert_string_not_equal(city_nfc, city_nfd);
	check_fold(city_nfc, "thanh pho da nang");
	check_fold(city_nfd, "thanh pho da nang");
	check_nfc(city_nfd, city_nfc);
	check_nfc(city_nfc, city_nfc);
}

static void
test_fold_equal_forms(void **state)
{
	(void)state;
	check_fold("da nang", "da nang");
	check_fold("ĐÀ NẴNG", "da nang");
	check_fold("Đà Nẵng", "da nang");
	/* Upper case, decomposed. */
	check_fold("\xC4\x90" "A\xCC\x80 NA\xCC\x86\xCC\x83NG", "da nang");
	check_fold("Xã Hòa Bình, huyện Ứng Hòa", "xa hoa binh huyen ung hoa");
}

static void
test_fold_separators(void **state)
{
	(void)state;
	check_fold("", "");
	check_fold("   ", "");
	check_fold(" .,;:!?-()[]\"'/ ", "");
	check_fold("  Hòa   Bình  ", "hoa binh");
	check_fold("Hòa\tBình\r\nxã", "hoa binh xa");
	check_fold("Hòa-Bình", "hoa binh");
	check_fold("a...b,,,c", "a b c");
	check_fold("(Thôn 3)", "thon 3");
	check_fold("a_b", "a b");
	check_fold("100%", "100");
	/* NBSP, zero-width space, ZWNJ, ZWJ, word joiner, BOM, em dash,
	 * ideographic space, soft hyphen. */
	check_fold("a\xC2\xA0" "b", "a b");
	check_fold("a\xE2\x80\x8B" "b", "a b");
	check_fold("a\xE2\x80\x8C" "b\xE2\x80\x8D" "c", "a b c");
	check_fold("a\xE2\x81\xA0" "b", "a b");
	check_fold("\xEF\xBB\xBFHà Nội", "ha noi");
	check_fold("Hà\xEF\xBB\xBFNội\xEF\xBB\xBF", "ha noi");
	check_fold("Hà \xE2\x80\x94 Nội", "ha noi");
	check_fold("a\xE3\x80\x80" "b", "a b");
	check_fold("a\xC2\xAD" "b", "a b");
	/* A lone combining mark is dropped, not a word of its own. */
	check_fold("a \xCC\x81 b", "a b");
	check_fold("\xCC\x81", "");
}

/* NUL is a control character: a separator. */
static void
test_fold_nul_is_separator(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(text_fold("ab\0cd", 5, &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "ab cd");
	buf_free(&b);
}

static void
test_fold_other_scripts(void **state)
{
	(void)state;
	check_fold("Ấp 3", "ap 3");
	check_fold("ABC xyz 0123456789", "abc xyz 0123456789");
	check_fold("ΑΒΓ", "αβγ");
	check_fold("Ñandú", "nandu");
	check_fold("Straße", "straße");
	check_fold("北京", "北京");
	check_fold("Åå", "aa");
	/* ANGSTROM SIGN decomposes to a capital: still lower-cased. */
	check_fold("\xE2\x84\xAB", "a");
	/* Spacing marks stay inside the word (Devanagari "hindi"). */
	check_fold("\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA5\x8D"
	    "\xE0\xA4\xA6\xE0\xA5\x80",
	    "\xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\xA8\xE0\xA4\xA6\xE0\xA5\x80");
	check_fold("😀 ok", "ok");
}

static void
test_fold_appends(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 64);
	assert_int_equal(buf_puts(&b, "k:"), ERR_OK);
	assert_int_equal(text_fold(" Đà ", 6, &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "k:da");
	assert_int_equal(text_nfc("a\xCC\x80", 3, &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "k:daà");
	buf_free(&b);
}

/* Longer than the fold's staging buffer: every flush must be right. */
static void
test_fold_long(void **state)
{
	struct buf in, b;
	int i;

	(void)state;
	buf_init(&in, 1 << 20);
	buf_init(&b, 1 << 20);
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_puts(&in, i % 2 ? " , Ệ " : "Nẵng"),
		    ERR_OK);
	assert_int_equal(text_fold(in.data, in.len, &b), ERR_OK);
	/* "nang e" 500 times, space-separated. */
	assert_int_equal(b.len, 500 * strlen("nang e ") - 1);
	for (i = 0; i < 500; i++)
		assert_memory_equal(b.data + i * 7, i < 499 ? "nang e " :
		    "nang e", i < 499 ? 7 : 6);
	buf_free(&in);
	buf_free(&b);
}

/* Output made only of non-ASCII input, so only the slow path stages it. */
static void
test_fold_long_non_ascii(void **state)
{
	struct buf in, b;
	int i;

	(void)state;
	buf_init(&in, 1 << 20);
	buf_init(&b, 1 << 20);
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_puts(&in, "Ặ"), ERR_OK);
	assert_int_equal(text_fold(in.data, in.len, &b), ERR_OK);
	assert_int_equal(b.len, 1000);
	for (i = 0; i < 1000; i++)
		assert_int_equal(b.data[i], 'a');
	buf_reset(&in);
	buf_reset(&b);
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_puts(&in, i % 3 ? "北" : "\xC2\xA0Ω"),
		    ERR_OK);
	assert_int_equal(text_fold(in.data, in.len, &b), ERR_OK);
	/* Every third piece starts a new word: " ω北北". */
	assert_int_equal(b.len, 334 * strlen(" ω北北") - 1 - strlen("北北"));
	assert_memory_equal(b.data, "ω北北 ω北北 ω", strlen("ω北北 ω北北 ω"));
	buf_free(&in);
	buf_free(&b);
}

static void
test_fold_limit(void **state)
{
	struct buf b;

	(void)state;
	/* "thanh" is five bytes. */
	buf_init(&b, 4);
	assert_int_equal(text_fold("Thành", strlen("Thành"), &b), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);

	buf_init(&b, 5);
	assert_int_equal(text_fold("Thành", strlen("Thành"), &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "thanh");
	/* Full now: nothing more fits, and what was there stays. */
	assert_int_equal(text_fold("a", 1, &b), ERR_LIMIT);
	assert_string_equal(buf_cstr(&b), "thanh");
	buf_free(&b);

	/* A limit hit after a staging flush rolls back the whole call. */
	buf_init(&b, 300);
	assert_int_equal(buf_puts(&b, "x"), ERR_OK);
	{
		char big[700];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(text_fold(big, strlen(big), &b), ERR_LIMIT);
	}
	assert_string_equal(buf_cstr(&b), "x");
	buf_free(&b);
}

static void
test_nfc_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 2);
	/* à: NFD is 3 bytes, NFC 2. */
	assert_int_equal(text_nfc("a\xCC\x80", 3, &b), ERR_OK);
	assert_string_equal(buf_cstr(&b), "à");
	buf_reset(&b);
	assert_int_equal(text_nfc("abc", 3, &b), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	assert_int_equal(text_nfc("ằ", strlen("ằ"), &b), ERR_LIMIT);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* More code points than text_nfc's stack buffer (256), around its edge. */
static void
test_nfc_long(void **state)
{
	struct buf in, want, b;
	int n, i;

	(void)state;
	for (n = 84; n <= 90; n++) {
		/* Each NFD ệ is three code points: 252..270 in all. */
		buf_init(&in, 4096);
		buf_init(&want, 4096);
		buf_init(&b, 4096);
		for (i = 0; i < n; i++) {
			assert_int_equal(buf_puts(&in, "e\xCC\xA3\xCC\x82"),
			    ERR_OK);
			assert_int_equal(buf_puts(&want, "ệ"), ERR_OK);
		}
		assert_int_equal(text_nfc(in.data, in.len, &b), ERR_OK);
		assert_int_equal(b.len, want.len);
		assert_string_equal(b.data, want.data);
		buf_free(&in);
		buf_free(&want);
		buf_free(&b);
	}
	/* Exactly 255, 256 and 257 code points, 4 UTF-8 bytes each: the
	 * re-encoded text fills the code point buffer to the last byte. */
	for (n = 255; n <= 257; n++) {
		buf_init(&in, 4096);
		buf_init(&b, 4096);
		for (i = 0; i < n; i++)
			assert_int_equal(buf_puts(&in, "\xF0\x9F\x98\x80"),
			    ERR_OK);
		assert_int_equal(text_nfc(in.data, in.len, &b), ERR_OK);
		assert_int_equal(b.len, in.len);
		assert_memory_equal(b.data, in.data, in.len);
		buf_free(&in);
		buf_free(&b);
	}
	/* A long ASCII prefix, then decomposed text. */
	buf_init(&in, 8192);
	buf_init(&b, 8192);
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_putc(&in, 'x'), ERR_OK);
	assert_int_equal(buf_puts(&in, "a\xCC\x86\xCC\x83"), ERR_OK);
	assert_int_equal(text_nfc(in.data, in.len, &b), ERR_OK);
	assert_int_equal(b.len, 1000 + strlen("ẵ"));
	assert_string_equal(b.data + 1000, "ẵ");
	buf_free(&in);
	buf_free(&b);
}

static void
test_nfc_misc(void **state)
{
	struct buf b;

	(void)state;
	check_nfc("", "");
	check_nfc("plain ascii, 123", "plain ascii, 123");
	/* Hangul jamo compose; the Angstrom sign becomes Å (NFC maps it). */
	check_nfc("\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", "한");
	check_nfc("\xE2\x84\xAB", "Å");
	/* NUL survives. */
	buf_init(&b, 16);
	assert_int_equal(text_nfc("a\0\xC3\xA0", 4, &b), ERR_OK);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "a\0\xC3\xA0", 4);
	buf_free(&b);
}

/* Invalid UTF-8, each rejected by all three functions. */
static const struct {
	const char *s;
	size_t len;
} bad_utf8[] = {
#define B(lit) { lit, sizeof(lit) - 1 }
	B("\xFF"), B("\xFE"), B("a\xFF" "b"),
	B("\x80"), B("\xBF"), B("ab\x80"),		/* lone continuation */
	B("\xC0\x80"), B("\xC0\xAF"), B("\xC1\xBF"),	/* overlong 2-byte */
	B("\xE0\x80\x80"), B("\xE0\x9F\xBF"),		/* overlong 3-byte */
	B("\xF0\x80\x80\x80"), B("\xF0\x8F\xBF\xBF"),	/* overlong 4-byte */
	B("\xED\xA0\x80"), B("\xED\xBF\xBF"),		/* surrogates */
	B("\xED\xA0\xBD\xED\xB8\x80"),			/* CESU-8 pair */
	B("\xF4\x90\x80\x80"), B("\xF5\x80\x80\x80"),	/* > U+10FFFF */
	B("\xF8\x88\x80\x80\x80"), B("\xFC\x84\x80\x80\x80\x80"),
	B("\xC3"), B("\xE1\xBA"), B("\xF0\x9F\x98"),	/* truncated */
	B("Nẵng\xE1\xBA"), B("abcdefghijklmnop\xC3"),
	B("\xC3\x41"), B("\xE1\x41\x80"), B("\xE1\x80\x41"),
	B("\xF0\x9F\x41\x80"), B("\xC3\xC3\xA0"),
	B("abcdefg\xFF" "abcdefgh"), B("abcdefgh\xFF"),
	B("Thành phố\xC0\x80 Đà Nẵng"),
#undef B
};

static void
test_invalid_utf8(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, 1024);
	for (i = 0; i < sizeof(bad_utf8) / sizeof(bad_utf8[0]); i++) {
		if (text_utf8_valid(bad_utf8[i].s, bad_utf8[i].len))
			print_error("case %zu accepted\n", i);
		assert_false(text_utf8_valid(bad_utf8[i].s, bad_utf8[i].len));
		buf_reset(&b);
		assert_int_equal(buf_puts(&b, "keep"), ERR_OK);
		assert_int_equal(text_nfc(bad_utf8[i].s, bad_utf8[i].len, &b),
		    ERR_MALFORMED);
		assert_string_equal(buf_cstr(&b), "keep");
		assert_int_equal(text_fold(bad_utf8[i].s, bad_utf8[i].len,
		    &b), ERR_MALFORMED);
		assert_string_equal(buf_cstr(&b), "keep");
	}
	buf_free(&b);
}

static void
test_valid_utf8_edges(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} good[] = {
#define G(lit) { lit, sizeof(lit) - 1 }
		G(""), G("a"), G("\0"), G("abc\0def"),
		G("\x7F"), G("\xC2\x80"), G("\xDF\xBF"),
		G("\xE0\xA0\x80"), G("\xED\x9F\xBF"), G("\xEE\x80\x80"),
		G("\xEF\xBF\xBF"), G("\xEF\xBF\xBE"), G("\xEF\xBB\xBF"),
		G("\xF0\x90\x80\x80"), G("\xF4\x8F\xBF\xBF"),
		G("\xF0\x9F\x98\x80"), G("Thành phố Đà Nẵng"),
		G("abcdefgh\xC3\xA0" "abcdefgh"),
#undef G
	};
	size_t i;

	(void)state;
	assert_true(text_utf8_valid(NULL, 0));
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(text_utf8_valid(good[i].s, good[i].len));
	/* A bad byte is found at any offset of the 8-byte ASCII scan. */
	for (i = 0; i < 24; i++) {
		char s[32];

		memset(s, 'a', sizeof(s));
		s[i] = '\xFF';
		assert_false(text_utf8_valid(s, sizeof(s)));
		s[i] = 'a';
		assert_true(text_utf8_valid(s, sizeof(s)));
		/* The length is honoured: a bad byte past it is not seen. */
		s[i] = '\xFF';
		assert_true(text_utf8_valid(s, i));
	}
}

/*
 * Reference: decode by bit patterns, then check the code point against
 * the shortest form, the surrogates and the Unicode range.
 */
static int
ref_valid(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		unsigned char c = s[i];

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 2;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 3;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 4;
			cp = c & 0x07;
		} else
			return 0;
		if (len - i < n)
			return 0;
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
		    (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n;
	}
	return 1;
}

/* Every one-, two- and three-byte string, and a slice of four-byte ones,
 * agree with the reference. */
static void
test_utf8_exhaustive(void **state)
{
	unsigned char s[4];
	unsigned a, b, c, d;
	long bad = 0;

	(void)state;
	for (a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		bad += text_utf8_valid((char *)s, 1) != ref_valid(s, 1);
		for (b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			bad += text_utf8_valid((char *)s, 2) != ref_valid(s, 2);
			for (c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				bad += text_utf8_valid((char *)s, 3) !=
				    ref_valid(s, 3);
			}
		}
	}
	for (a = 0xE0; a < 0x100; a++)
		for (b = 0; b < 256; b++)
			for (c = 0x70; c < 0xD0; c += 0x0F)
				for (d = 0x70; d < 0xD0; d += 0x0F) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = (unsigned char)c;
					s[3] = (unsigned char)d;
					bad += text_utf8_valid((char *)s, 4) !=
					    ref_valid(s, 4);
				}
	assert_int_equal(bad, 0);
}

/*
 * Every code point, alone: its key is valid UTF-8, folding the key changes
 * nothing, and the decomposed form (from utf8proc, which is trusted here
 * only for the property, not for the Vietnamese cases above) has the same
 * key.
 */
static void
test_fold_all_code_points(void **state)
{
	struct buf k, k2;
	char s[8];
	utf8proc_uint8_t *d;
	int32_t cp;
	long bad = 0, nonempty = 0;

	(void)state;
	buf_init(&k, 256);
	buf_init(&k2, 256);
	for (cp = 0; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		*put_cp(s, (uint32_t)cp) = '\0';
		buf_reset(&k);
		buf_reset(&k2);
		assert_int_equal(text_fold(s, strlen(s) + (cp == 0), &k),
		    ERR_OK);
		assert_true(text_utf8_valid(k.data, k.len));
		nonempty += k.len > 0;
		assert_int_equal(text_fold(k.data, k.len, &k2), ERR_OK);
		bad += strcmp(buf_cstr(&k), buf_cstr(&k2)) != 0;
		d = utf8proc_NFD((const utf8proc_uint8_t *)s);
		assert_non_null(d);
		buf_reset(&k2);
		assert_int_equal(text_fold((const char *)d,
		    strlen((const char *)d), &k2), ERR_OK);
		bad += strcmp(buf_cstr(&k), buf_cstr(&k2)) != 0;
		free(d);
	}
	assert_int_equal(bad, 0);
	/* Most of Unicode is letters (CJK, Hangul...): keys are not empty. */
	assert_true(nonempty > 100000);
	buf_free(&k);
	buf_free(&k2);
}

static void
test_strip_bidi(void **state)
{
	char s[] = "a\xE2\x80\xAE" "b\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC"
	    "\xE2\x80\xAD" "c\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9"
	    "d\xE2\x80\x8E\xE2\x80\x8F\xD8\x9C" "e\xE2\x80\xA6\xE2\x80\x8D"
	    "\xD8\xA7.pdf";
	char none[] = "Nông thôn mới";
	char all[] = "\xE2\x80\xAE\xD8\x9C";

	(void)state;
	/* Ellipsis (U+2026), ZWJ (U+200D) and Arabic alef stay. */
	assert_int_equal(text_strip_bidi(s), strlen("abcde\xE2\x80\xA6"
	    "\xE2\x80\x8D\xD8\xA7.pdf"));
	assert_string_equal(s, "abcde\xE2\x80\xA6\xE2\x80\x8D\xD8\xA7.pdf");
	assert_int_equal(text_strip_bidi(none), strlen("Nông thôn mới"));
	assert_string_equal(none, "Nông thôn mới");
	assert_int_equal(text_strip_bidi(all), 0);
	assert_int_equal(text_bidi_control("\xE2\x80\xAE", 3), 3);
	assert_int_equal(text_bidi_control("\xE2\x80\xAE", 2), 0);
	assert_int_equal(text_bidi_control("\xE2\x80\x8F", 3), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vowel_table_is_precomposed),
		cmocka_unit_test(test_fold_vowels_nfc),
		cmocka_unit_test(test_fold_vowels_nfd),
		cmocka_unit_test(test_fold_vowels_in_words),
		cmocka_unit_test(test_nfc_of_nfd_vowels),
		cmocka_unit_test(test_fold_d),
		cmocka_unit_test(test_fold_city),
		cmocka_unit_test(test_fold_equal_forms),
		cmocka_unit_test(test_fold_separators),
		cmocka_unit_test(test_fold_nul_is_separator),
		cmocka_unit_test(test_fold_other_scripts),
		cmocka_unit_test(test_fold_appends),
		cmocka_unit_test(test_fold_long),
		cmocka_unit_test(test_fold_long_non_ascii),
		cmocka_unit_test(test_fold_limit),
		cmocka_unit_test(test_nfc_limit),
		cmocka_unit_test(test_nfc_long),
		cmocka_unit_test(test_nfc_misc),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_valid_utf8_edges),
		cmocka_unit_test(test_utf8_exhaustive),
		cmocka_unit_test(test_fold_all_code_points),
		cmocka_unit_test(test_strip_bidi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
