/*
 * template_test.c - unit tests of src/http/template.c: escaping (every
 * entity and the usual XSS payloads given as values), raw output, sections,
 * inverted sections, context-stack and dotted lookup, partials, syntax
 * errors with their lines, the output, recursion and work limits, numbers,
 * and rendering one set from many threads at once.
 *
 * Most cases go through check(): compile one template "t" from a string,
 * render it against a view given as JSON text and compare the output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "http/template.h"

#define OUT_MAX (1 << 20)

static json_t *
view_parse(const char *json, const char *file, int line)
{
	json_error_t je;
	json_t *v;

	if (json == NULL)
		return NULL;
	v = json_loads(json, JSON_DECODE_ANY, &je);
	if (v == NULL) {
		print_error("bad test view %s: %s\n", json, je.text);
		_fail(file, line);
	}
	return v;
}

/* Render tpl (as template "t") with the JSON view; expect want. */
static void
check_at(const char *tpl, const char *json, const char *want,
    const char *file, int line)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;
	json_t *view = view_parse(json, file, line);
	enum err e;

	err_clear(&ei);
	buf_init(&out, OUT_MAX);
	e = tmpl_set_add(set, "t", tpl, strlen(tpl), &ei);
	if (e != ERR_OK)
		print_error("compile: %s\n", ei.message);
	_assert_int_equal(e, ERR_OK, file, line);
	e = tmpl_render(set, "t", view, &out, &ei);
	if (e != ERR_OK)
		print_error("render: %s\n", ei.message);
	_assert_int_equal(e, ERR_OK, file, line);
	_assert_string_equal(buf_cstr(&out), want, file, line);
	_assert_int_equal(out.len, strlen(want), file, line);
	buf_free(&out);
	json_decref(view);
	tmpl_set_free(set);
}
#define check(tpl, json, want) check_at(tpl, json, want, __FILE__, __LINE__)

/* Compile tpl as "t"; expect ERR_INVALID with every piece of want (split
 * at '|') in the message, and "t" not added to the set. */
static void
check_syntax_at(const char *tpl, const char *want, const char *file,
    int line)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;
	char pieces[256], *p, *bar;

	err_clear(&ei);
	buf_init(&out, 1024);
	_assert_int_equal(tmpl_set_add(set, "t", tpl, strlen(tpl), &ei),
	    ERR_INVALID, file, line);
	_assert_int_equal(ei.err, ERR_INVALID, file, line);
	_assert_string_equal(ei.code, "template.syntax", file, line);
	/* Both languages: the Vietnamese message names the template too. */
	if (strncmp(ei.message, "mẫu t ", strlen("mẫu t ")) != 0) {
		print_error("Vietnamese message \"%s\"\n", ei.message);
		_fail(file, line);
	}
	snprintf(pieces, sizeof(pieces), "%s", want);
	for (p = pieces; p != NULL; p = bar) {
		if ((bar = strchr(p, '|')) != NULL)
			*bar++ = '\0';
		if (strstr(ei.message_en, p) == NULL) {
			print_error("message \"%s\" lacks \"%s\"\n", ei.message_en,
			    p);
			_fail(file, line);
		}
	}
	_assert_int_equal(tmpl_render(set, "t", NULL, &out, NULL),
	    ERR_NOTFOUND, file, line);
	buf_free(&out);
	tmpl_set_free(set);
}
#define check_syntax(tpl, want) check_syntax_at(tpl, want, __FILE__, __LINE__)

static void
add_ok(struct tmpl_set *set, const char *name, const char *src)
{
	struct errinfo ei;

	err_clear(&ei);
	if (tmpl_set_add(set, name, src, strlen(src), &ei) != ERR_OK)
		fail_msg("adding %s: %s", name, ei.message);
}

/* ---- escaping ------------------------------------------------------- */

static void
test_escape_each_char(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "&", "&amp;" }, { "<", "&lt;" }, { ">", "&gt;" },
		{ "\"", "&quot;" }, { "'", "&#39;" }, { "`", "&#96;" },
		{ "=", "&#61;" },
		{ "a&b<c>d\"e'f`g=h",
		    "a&amp;b&lt;c&gt;d&quot;e&#39;f&#96;g&#61;h" },
		{ "&amp;", "&amp;amp;" },
		{ "Nông thôn mới", "Nông thôn mới" },
		{ "plain / text; (ok) {x} #1", "plain / text; (ok) {x} #1" },
		{ "", "" },
	};
	struct buf out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&out, 1024);
		assert_int_equal(html_escape(cases[i].in, strlen(cases[i].in),
		    &out), ERR_OK);
		assert_string_equal(buf_cstr(&out), cases[i].out);
		buf_free(&out);
	}
}

static void
test_escape_appends_and_handles_nul(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 1024);
	assert_int_equal(buf_puts(&out, "x:"), ERR_OK);
	assert_int_equal(html_escape("a\0<", 3, &out), ERR_OK);
	assert_int_equal(out.len, 2 + 1 + 1 + 4);
	assert_memory_equal(out.data, "x:a\0&lt;", 9);
	buf_free(&out);
}

static void
test_escape_limit_leaves_out_unchanged(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 10);
	assert_int_equal(buf_puts(&out, "ab"), ERR_OK);
	/* "<<" needs 8 bytes: fits exactly into the 10. */
	assert_int_equal(html_escape("<<", 2, &out), ERR_OK);
	assert_string_equal(buf_cstr(&out), "ab&lt;&lt;");
	buf_reset(&out);
	assert_int_equal(buf_puts(&out, "ab"), ERR_OK);
	/* The first entity fits, the second does not. */
	assert_int_equal(html_escape("x<y<z", 5, &out), ERR_LIMIT);
	assert_int_equal(out.len, 2);
	assert_string_equal(buf_cstr(&out), "ab");
	buf_free(&out);
}

static void
test_bidi_controls_left_out_and_isolated(void **state)
{
	(void)state;
	/* U+202E (RLO) and U+2066 (LRI) are left out; LRM is kept. */
	check("<p>{{v}}</p>", "{\"v\": \"a\u202Efdp.exe\u2066b\u200E\"}",
	    "<p>afdp.exeb\xE2\x80\x8E</p>");
	check("<p>{{@v}}</p>", "{\"v\": \"<x>\u202D\u05D0 1\"}",
	    "<p><bdi>&lt;x&gt;\xD7\x90 1</bdi></p>");
	check("<p>{{@n}}{{@missing}}{{@o}}</p>", "{\"n\": 12, \"o\": {}}",
	    "<p><bdi>12</bdi></p>");
	/* A lone 0xE2 at the end is not read past. */
	check("{{v}}", "{\"v\": \"x\u2026\"}", "x\xE2\x80\xA6");
}

static void
test_xss_payloads_as_values_are_escaped(void **state)
{
	(void)state;
	check("<p>{{v}}</p>", "{\"v\": \"<script>alert(1)</script>\"}",
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	check("<input value=\"{{v}}\">",
	    "{\"v\": \"\\\"><img src=x onerror=alert(1)>\"}",
	    "<input value=\"&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)"
	    "&gt;\">");
	check("<input value='{{v}}'>",
	    "{\"v\": \"'><svg/onload=alert(1)>\"}",
	    "<input value='&#39;&gt;&lt;svg/onload&#61;alert(1)&gt;'>");
	check("<a title={{v}}>", "{\"v\": \"x onmouseover=alert(1)\"}",
	    "<a title=x onmouseover&#61;alert(1)>");
	check("`{{v}}`", "{\"v\": \"`${alert(1)}`\"}",
	    "`&#96;${alert(1)}&#96;`");
}

static void
test_template_syntax_in_values_is_not_interpreted(void **state)
{
	(void)state;
	/* Values are printed, never compiled: no 49, no lookup of raw. */
	check("{{v}}", "{\"v\": \"{{7*7}}\"}", "{{7*7}}");
	check("{{v}}", "{\"v\": \"{{{raw}}}\", \"raw\": \"<b>\"}",
	    "{{{raw}}}");
	check("{{{v}}}", "{\"v\": \"{{{raw}}}\", \"raw\": \"<b>\"}",
	    "{{{raw}}}");
	check("{{v}}", "{\"v\": \"{{#a}}x{{/a}}{{> t}}\", \"a\": true}",
	    "{{#a}}x{{/a}}{{&gt; t}}");
}

static void
test_raw_triple_stache(void **state)
{
	(void)state;
	check("{{{html}}}", "{\"html\": \"<b>bold</b> & 'q'\"}",
	    "<b>bold</b> & 'q'");
	check("[{{{ html }}}]", "{\"html\": \"<i>\"}", "[<i>]");
	check("{{{n}}} {{{missing}}}", "{\"n\": 5}", "5 ");
	/* Escaped and raw side by side on the same value. */
	check("{{h}}|{{{h}}}", "{\"h\": \"<br>\"}", "&lt;br&gt;|<br>");
}

/* ---- sections ------------------------------------------------------- */

static void
test_section_array(void **state)
{
	(void)state;
	check("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
	    "{\"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}",
	    "<ul><li>a</li><li>&lt;b&gt;</li></ul>");
	check("{{#xs}}({{.}}){{/xs}}", "{\"xs\": [1, \"s\", true, 2.5]}",
	    "(1)(s)(true)(2.5)");
	check("{{#m}}{{#.}}{{.}}{{/.}};{{/m}}", "{\"m\": [[1, 2], [3]]}",
	    "12;3;");
	check("a{{#xs}}x{{/xs}}b", "{\"xs\": []}", "ab");
}

static void
test_section_object_pushes_context(void **state)
{
	(void)state;
	check("{{#unit}}{{name}} ({{code}}){{/unit}}",
	    "{\"unit\": {\"name\": \"Xã A\", \"code\": \"00001\"}, "
	    "\"name\": \"outer\"}",
	    "Xã A (00001)");
	/* An empty object is truthy. */
	check("{{#o}}yes{{/o}}", "{\"o\": {}}", "yes");
}

static void
test_section_truthiness(void **state)
{
	(void)state;
	check("{{#b}}yes{{/b}}", "{\"b\": true}", "yes");
	check("{{#b}}yes{{/b}}", "{\"b\": false}", "");
	check("{{#b}}yes{{/b}}", "{\"b\": null}", "");
	check("{{#b}}yes{{/b}}", "{}", "");
	check("{{#b}}yes{{/b}}", "{\"b\": \"\"}", "");
	check("{{#b}}yes{{/b}}", "{\"b\": 0}", "yes");
	check("{{#b}}yes{{/b}}", "{\"b\": 0.0}", "yes");
	check("{{#b}}yes{{/b}}", "{\"b\": \"0\"}", "yes");
	/* A truthy scalar renders once in the current context. */
	check("{{#title}}<h1>{{title}}</h1>{{/title}}", "{\"title\": \"T\"}",
	    "<h1>T</h1>");
	check("{{#n}}{{other}}{{/n}}", "{\"n\": 3, \"other\": \"o\"}", "o");
}

static void
test_inverted_sections(void **state)
{
	(void)state;
	check("{{^xs}}none{{/xs}}", "{\"xs\": []}", "none");
	check("{{^xs}}none{{/xs}}", "{\"xs\": [1]}", "");
	check("{{^xs}}none{{/xs}}", "{}", "none");
	check("{{^xs}}none{{/xs}}", "{\"xs\": false}", "none");
	check("{{^xs}}none{{/xs}}", "{\"xs\": null}", "none");
	check("{{^xs}}none{{/xs}}", "{\"xs\": \"\"}", "none");
	check("{{^xs}}none{{/xs}}", "{\"xs\": 0}", "");
	check("{{^xs}}none{{/xs}}", "{\"xs\": {}}", "");
	check("{{#xs}}{{.}},{{/xs}}{{^xs}}empty{{/xs}}", "{\"xs\": [1, 2]}",
	    "1,2,");
	/* The body of an inverted section sees the same context. */
	check("{{^xs}}{{msg}}{{/xs}}", "{\"msg\": \"Chưa có\"}", "Chưa có");
}

static void
test_nested_sections_outer_lookup(void **state)
{
	(void)state;
	check("{{#units}}{{#rows}}{{title}}/{{name}}/{{v}};{{/rows}}"
	    "{{/units}}",
	    "{\"title\": \"T\", \"units\": [{\"name\": \"A\", \"rows\": "
	    "[{\"v\": 1}, {\"v\": 2}]}, {\"name\": \"B\", \"rows\": "
	    "[{\"v\": 3}]}]}",
	    "T/A/1;T/A/2;T/B/3;");
	/* The innermost context that has the key wins. */
	check("{{#o}}{{name}}{{#p}}{{name}}{{/p}}{{/o}}{{name}}",
	    "{\"name\": \"0\", \"o\": {\"name\": \"1\", \"p\": "
	    "{\"name\": \"2\"}}}",
	    "120");
	/* A scalar context has no keys: lookup goes outwards. */
	check("{{#xs}}{{.}}{{sep}}{{/xs}}", "{\"sep\": \"|\", \"xs\": [1, 2]}",
	    "1|2|");
}

static void
test_dotted_names(void **state)
{
	(void)state;
	check("{{a.b.c}}", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "deep");
	check("[{{a.x.c}}]", "{\"a\": {\"b\": {\"c\": \"deep\"}}}", "[]");
	check("[{{a.b.c}}]", "{\"a\": {\"b\": 5}}", "[]");
	check("[{{a.b}}]", "{\"a\": [1, 2]}", "[]");
	check("{{#a.b}}{{c}}{{/a.b}}", "{\"a\": {\"b\": {\"c\": \"x\"}}}",
	    "x");
	check("{{^a.b}}no{{/a.b}}", "{\"a\": {}}", "no");
	/* First segment found in an outer context, then descended. */
	check("{{#xs}}{{meta.unit}}{{.}} {{/xs}}",
	    "{\"meta\": {\"unit\": \"ha\"}, \"xs\": [1, 2]}", "ha1 ha2 ");
	/* Once the first segment is found, the rest does not search
	 * outwards again. */
	check("{{#list}}[{{a.b}}]{{/list}}",
	    "{\"a\": {\"b\": \"outer\"}, \"list\": [{\"a\": {}}]}", "[]");
	/* Non-ASCII keys. */
	check("{{tên.xã}}", "{\"tên\": {\"xã\": \"Hòa An\"}}", "Hòa An");
	/* A digit segment indexes an array: "has a first element". */
	check("{{#xs.0}}has{{/xs.0}}{{^ys.0}}none{{/ys.0}}",
	    "{\"xs\": [7], \"ys\": []}", "hasnone");
	check("{{xs.1}}|{{xs.2}}|{{xs.1x}}", "{\"xs\": [1, 2]}", "2||");
}

static void
test_dot_and_view_kinds(void **state)
{
	(void)state;
	check("{{.}}", "\"<x>\"", "&lt;x&gt;");
	check("{{{.}}}", "\"<x>\"", "<x>");
	check("{{.}}", "7", "7");
	check("[{{.}}]", "{\"a\": 1}", "[]");
	check("[{{a}}]{{#a}}x{{/a}}{{^a}}y{{/a}}", NULL, "[]y");
}

static void
test_numbers_and_literals(void **state)
{
	(void)state;
	check("{{a}} {{b}} {{c}}",
	    "{\"a\": 42, \"b\": -7, \"c\": 9007199254740993}",
	    "42 -7 9007199254740993");
	check("{{a}} {{b}} {{c}} {{d}} {{e}}",
	    "{\"a\": 1.5, \"b\": 0.1, \"c\": 3.0, \"d\": 1e21, \"e\": -2.5e-7}",
	    "1.5 0.1 3 1e+21 -2.5e-07");
	check("{{a}} {{b}} [{{c}}] [{{d}}] [{{e}}]",
	    "{\"a\": true, \"b\": false, \"c\": null, \"d\": {\"x\": 1}, "
	    "\"e\": [1]}",
	    "true false [] [] []");
	/* {{%x}}: numbers as people read them in the view's lang. */
	check("{{%a}} {{%b}} {{%c}} [{{%d}}] [{{%e}}]",
	    "{\"lang\": \"vi\", \"a\": 12345, \"b\": 91.5, \"c\": "
	    "\"<x>\", \"d\": null}", "12.345 91,5 &lt;x&gt; [] []");
	check("{{#l}}{{%a}} {{%b}}{{/l}}",
	    "{\"lang\": \"en\", \"l\": [{\"a\": 1234567, \"b\": 0.25}]}",
	    "1,234,567 0.25");
}

static void
test_comments_whitespace_and_text(void **state)
{
	(void)state;
	check("a{{! hidden <b> }}b", "{}", "ab");
	check("a{{!\nmulti\nline\n}}b", "{}", "ab");
	check("{{ name }}|{{# xs }}{{ . }}{{/ xs }}|{{^ no }}-{{/ no }}",
	    "{\"name\": \"n\", \"xs\": [1]}", "n|1|-");
	check("a { b } {x} }} {", "{}", "a { b } {x} }} {");
	check("", "{}", "");
	check("no tags\nat all\n", "{}", "no tags\nat all\n");
	/* Standalone section lines are left as they are. */
	check("<ul>\n{{#xs}}\n<li>{{.}}</li>\n{{/xs}}\n</ul>",
	    "{\"xs\": [1]}", "<ul>\n\n<li>1</li>\n\n</ul>");
	/* Unknown names render nothing, including odd but legal ones. */
	check("[{{7*7}}]", "{}", "[]");
}

static void
test_source_with_nul_bytes(void **state)
{
	static const char src[] = "a\0{{x}}\0b";
	struct tmpl_set *set = tmpl_set_new();
	struct buf out;
	json_t *view = json_pack("{s:s}", "x", "<");

	(void)state;
	buf_init(&out, 64);
	assert_int_equal(tmpl_set_add(set, "t", src, sizeof(src) - 1, NULL),
	    ERR_OK);
	assert_int_equal(tmpl_render(set, "t", view, &out, NULL), ERR_OK);
	assert_int_equal(out.len, 1 + 1 + 4 + 1 + 1);
	assert_memory_equal(out.data, "a\0&lt;\0b", 8);
	buf_free(&out);
	json_decref(view);
	tmpl_set_free(set);
}

/* ---- partials ------------------------------------------------------- */

static void
test_partials(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;
	json_t *view = json_pack("{s:s, s:[{s:s}, {s:s}]}", "title", "<T>",
	    "units", "name", "A", "name", "B");

	(void)state;
	add_ok(set, "layout", "<main>{{> body}}</main>");
	add_ok(set, "body", "<h1>{{title}}</h1><ul>{{#units}}{{> units/row}}"
	    "{{/units}}</ul>");
	add_ok(set, "units/row", "<li>{{name}} of {{title}}</li>");
	assert_int_equal(tmpl_set_check(set, &ei), ERR_OK);
	buf_init(&out, 1024);
	assert_int_equal(tmpl_render(set, "layout", view, &out, &ei), ERR_OK);
	assert_string_equal(buf_cstr(&out), "<main><h1>&lt;T&gt;</h1><ul>"
	    "<li>A of &lt;T&gt;</li><li>B of &lt;T&gt;</li></ul></main>");
	/* Rendering appends. */
	assert_int_equal(tmpl_render(set, "units/row", view, &out, &ei),
	    ERR_OK);
	assert_string_equal(buf_cstr(&out), "<main><h1>&lt;T&gt;</h1><ul>"
	    "<li>A of &lt;T&gt;</li><li>B of &lt;T&gt;</li></ul></main>"
	    "<li> of &lt;T&gt;</li>");
	buf_free(&out);
	json_decref(view);
	tmpl_set_free(set);
}

static void
test_missing_partial(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;

	(void)state;
	add_ok(set, "a", "ok");
	add_ok(set, "page", "x\n\n{{> a}}{{> nav/menu}}");
	err_clear(&ei);
	assert_int_equal(tmpl_set_check(set, &ei), ERR_INVALID);
	assert_non_null(strstr(ei.message_en, "nav/menu"));
	assert_non_null(strstr(ei.message_en, "page"));
	assert_non_null(strstr(ei.message_en, "line 3"));
	assert_non_null(strstr(ei.message, "dòng 3"));
	/* At render time the miss is an error, and out stays as it was. */
	buf_init(&out, 1024);
	assert_int_equal(buf_puts(&out, "keep"), ERR_OK);
	assert_int_equal(tmpl_render(set, "page", NULL, &out, &ei),
	    ERR_NOTFOUND);
	assert_string_equal(buf_cstr(&out), "keep");
	/* Adding the partial later links it. */
	add_ok(set, "nav/menu", "<nav>");
	assert_int_equal(tmpl_set_check(set, &ei), ERR_OK);
	assert_int_equal(tmpl_render(set, "page", NULL, &out, &ei), ERR_OK);
	assert_string_equal(buf_cstr(&out), "keepx\n\nok<nav>");
	buf_free(&out);
	tmpl_set_free(set);
}

static void
test_unknown_template_and_duplicates(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;

	(void)state;
	buf_init(&out, 64);
	assert_int_equal(tmpl_render(set, "nope", NULL, &out, &ei),
	    ERR_NOTFOUND);
	assert_int_equal(ei.err, ERR_NOTFOUND);
	add_ok(set, "a", "first");
	assert_int_equal(tmpl_set_add(set, "a", "second", 6, &ei),
	    ERR_CONFLICT);
	assert_int_equal(tmpl_set_add(set, "", "x", 1, &ei), ERR_INVALID);
	assert_int_equal(tmpl_render(set, "a", NULL, &out, &ei), ERR_OK);
	assert_string_equal(buf_cstr(&out), "first");
	buf_free(&out);
	tmpl_set_free(set);
}

/* ---- syntax errors -------------------------------------------------- */

static void
test_syntax_errors(void **state)
{
	char deep[64 * 12 + 64];
	size_t i, n = 0;

	(void)state;
	check_syntax("a\nb {{x", "template t line 2|unclosed tag");
	check_syntax("{{{x}}", "line 1|unclosed tag");
	check_syntax("x\n{{#a}}\ny", "line 2|unclosed section {{#a}}");
	check_syntax("{{^a}}\n{{#b}}{{/b}}", "line 1|unclosed section {{^a}}");
	check_syntax("{{#a}}\n\n{{/b}}", "line 3|{{/b}}|{{#a}} of line 1");
	check_syntax("{{#a}}{{#b}}{{/a}}{{/b}}", "does not close");
	check_syntax("ok\n{{/a}}", "line 2|closes no section");
	check_syntax("{{}}", "line 1|empty name");
	check_syntax("{{ }}", "empty name");
	check_syntax("{{#}}{{/}}", "empty name");
	check_syntax("{{{}}}", "empty name");
	check_syntax("{{>}}", "empty name");
	check_syntax("{{a b}}", "bad name");
	check_syntax("{{a..b}}", "bad name");
	check_syntax("{{.a}}", "bad name");
	check_syntax("{{a.}}", "bad name");
	check_syntax("{{a}b}}", "bad name");
	check_syntax("{{&x}}", "{{{name}}}");
	check_syntax("{{=<% %>=}}", "set-delimiter");
	/* Lines count inside comments and tags too. */
	check_syntax("{{! one\ntwo }}\n{{ a\n}}\n{{x", "line 5|unclosed tag");
	for (i = 0; i < 65; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "{{#a}}");
	check_syntax(deep, "nested more than 64");
}

static void
test_nesting_64_is_allowed(void **state)
{
	char deep[64 * 12 + 64];
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < 64; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "{{#a}}");
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "x");
	for (i = 0; i < 64; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "{{/a}}");
	check(deep, "{\"a\": true}", "x");
}

/* ---- limits --------------------------------------------------------- */

static void
test_output_limit(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;
	json_t *view = json_pack("{s:s, s:i}", "v", "<<", "n", 12345);

	(void)state;
	add_ok(set, "text", "0123456789");
	add_ok(set, "esc", "ab{{v}}");
	add_ok(set, "num", "abcde{{n}}");
	/* Exactly max bytes fits. */
	buf_init(&out, 10);
	assert_int_equal(tmpl_render(set, "text", view, &out, &ei), ERR_OK);
	assert_string_equal(buf_cstr(&out), "0123456789");
	/* One more byte does not, and out is left as it was. */
	err_clear(&ei);
	assert_int_equal(tmpl_render(set, "text", view, &out, &ei), ERR_LIMIT);
	assert_int_equal(ei.err, ERR_LIMIT);
	assert_non_null(strstr(ei.message_en, "text"));
	assert_int_equal(out.len, 10);
	assert_string_equal(buf_cstr(&out), "0123456789");
	buf_free(&out);

	buf_init(&out, 9);
	assert_int_equal(tmpl_render(set, "esc", view, &out, &ei), ERR_LIMIT);
	assert_int_equal(out.len, 0);
	assert_string_equal(buf_cstr(&out), "");
	assert_int_equal(tmpl_render(set, "num", view, &out, &ei), ERR_LIMIT);
	assert_int_equal(out.len, 0);
	buf_free(&out);
	buf_init(&out, 10);
	assert_int_equal(tmpl_render(set, "esc", view, &out, &ei), ERR_OK);
	assert_string_equal(buf_cstr(&out), "ab&lt;&lt;");
	buf_reset(&out);
	assert_int_equal(tmpl_render(set, "num", view, &out, &ei), ERR_OK);
	assert_string_equal(buf_cstr(&out), "abcde12345");
	buf_free(&out);
	json_decref(view);
	tmpl_set_free(set);
}

static void
test_output_limit_inside_sections_and_partials(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;
	json_t *view = json_pack("{s:[i,i,i,i,i,i,i,i,i,i]}", "xs",
	    1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

	(void)state;
	add_ok(set, "page", "{{#xs}}{{> item}}{{/xs}}");
	add_ok(set, "item", "<li>{{.}}</li>");
	buf_init(&out, 50);
	assert_int_equal(buf_puts(&out, "pre"), ERR_OK);
	assert_int_equal(tmpl_render(set, "page", view, &out, &ei), ERR_LIMIT);
	assert_string_equal(buf_cstr(&out), "pre");
	buf_free(&out);
	buf_init(&out, 1024);
	assert_int_equal(tmpl_render(set, "page", view, &out, &ei), ERR_OK);
	assert_int_equal(out.len, 9 * 10 + 11);
	buf_free(&out);
	json_decref(view);
	tmpl_set_free(set);
}

static void
test_output_limit_from_every_section_kind(void **state)
{
	static const char *const srcs[] = {
		"{{^no}}0123456789X{{/no}}",
		"{{#o}}0123456789{{k}}{{/o}}",
		"{{#b}}01234567890{{/b}}",
		"{{#xs}}{{#.}}0123456789X{{/.}}{{/xs}}",
		"{{t}}",
	};
	struct tmpl_set *set;
	struct errinfo ei;
	struct buf out;
	json_t *view = json_pack("{s:b, s:{s:s}, s:b, s:[{}], s:s}", "no", 0,
	    "o", "k", "x", "b", 1, "xs", "t", "<234567890");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		set = tmpl_set_new();
		add_ok(set, "t", srcs[i]);
		buf_init(&out, 10);
		err_clear(&ei);
		if (tmpl_render(set, "t", view, &out, &ei) != ERR_LIMIT)
			fail_msg("%s: not ERR_LIMIT", srcs[i]);
		assert_int_equal(ei.err, ERR_LIMIT);
		assert_int_equal(out.len, 0);
		buf_free(&out);
		tmpl_set_free(set);
	}
	tmpl_set_free(NULL);
	json_decref(view);
}

static void
test_recursion_limit(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;

	(void)state;
	add_ok(set, "self", "x{{> self}}");
	add_ok(set, "ping", "{{> pong}}");
	add_ok(set, "pong", "{{> ping}}");
	assert_int_equal(tmpl_set_check(set, &ei), ERR_OK);
	buf_init(&out, 1 << 20);
	err_clear(&ei);
	assert_int_equal(tmpl_render(set, "self", NULL, &out, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "template.recursion");
	assert_int_equal(out.len, 0);
	assert_int_equal(tmpl_render(set, "ping", NULL, &out, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "template.recursion");
	buf_free(&out);
	tmpl_set_free(set);
}

/* A view {"c": {"c": ... {"c": false}}} with levels objects. */
static json_t *
chain(int levels)
{
	json_t *v = json_pack("{s:b}", "c", 0);
	int i;

	for (i = 0; i < levels; i++)
		v = json_pack("{s:o}", "c", v);
	return v;
}

static void
test_recursive_partial_within_limit(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;
	json_t *tree, *v16, *v17;
	char want[64];

	(void)state;
	add_ok(set, "node", "{{name}}{{#kids}}({{> node}}){{/kids}}");
	tree = json_loads("{\"name\": \"r\", \"kids\": [{\"name\": \"a\", "
	    "\"kids\": [{\"name\": \"b\", \"kids\": []}]}, {\"name\": \"c\", "
	    "\"kids\": []}]}", 0, NULL);
	assert_non_null(tree);
	buf_init(&out, 1024);
	assert_int_equal(tmpl_render(set, "node", tree, &out, &ei), ERR_OK);
	assert_string_equal(buf_cstr(&out), "r(a(b))(c)");

	/* 16 nested partials render, 17 do not. */
	add_ok(set, "n", "[{{#c}}{{> n}}{{/c}}]");
	v16 = chain(16);
	v17 = chain(17);
	buf_reset(&out);
	assert_int_equal(tmpl_render(set, "n", v16, &out, &ei), ERR_OK);
	memset(want, 0, sizeof(want));
	memset(want, '[', 17);
	memset(want + 17, ']', 17);
	assert_string_equal(buf_cstr(&out), want);
	buf_reset(&out);
	assert_int_equal(tmpl_render(set, "n", v17, &out, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "template.recursion");
	buf_free(&out);
	json_decref(tree);
	json_decref(v16);
	json_decref(v17);
	tmpl_set_free(set);
}

static void
test_work_limit_without_output(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct errinfo ei;
	struct buf out;
	json_t *view = json_pack("{s:[i,i,i,i]}", "a", 1, 2, 3, 4);
	char src[20 * 12 + 16];
	size_t i, n = 0;

	(void)state;
	/* 20 nested loops over 4 elements that print nothing: 4^20 steps
	 * unless the budget stops it. */
	for (i = 0; i < 20; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "{{#a}}");
	for (i = 0; i < 20; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n, "{{/a}}");
	add_ok(set, "t", src);
	buf_init(&out, 1024);
	err_clear(&ei);
	assert_int_equal(tmpl_render(set, "t", view, &out, &ei), ERR_LIMIT);
	assert_string_equal(ei.code, "template.too_much");
	buf_free(&out);
	json_decref(view);
	tmpl_set_free(set);
}

/* ---- threads -------------------------------------------------------- */

struct job {
	const struct tmpl_set *set;
	const json_t *view;
	const char *want;
	int bad;
};

static void *
render_many(void *arg)
{
	struct job *j = arg;
	struct buf out;
	int i;

	buf_init(&out, 1 << 16);
	for (i = 0; i < 300; i++) {
		buf_reset(&out);
		if (tmpl_render(j->set, "page", j->view, &out, NULL) !=
		    ERR_OK || strcmp(buf_cstr(&out), j->want) != 0)
			j->bad++;
	}
	buf_free(&out);
	return NULL;
}

static void
test_concurrent_render(void **state)
{
	struct tmpl_set *set = tmpl_set_new();
	struct job jobs[8];
	pthread_t th[8];
	json_t *view;
	struct buf want;
	int i;

	(void)state;
	add_ok(set, "page", "<h1>{{title}}</h1>{{#rows}}{{> row}}{{/rows}}"
	    "{{^rows}}none{{/rows}}");
	add_ok(set, "row", "<tr><td>{{name}}</td><td>{{n}}</td>"
	    "<td>{{meta.unit}}</td></tr>");
	view = json_loads("{\"title\": \"Tiêu chí <1>\", \"meta\": "
	    "{\"unit\": \"%\"}, \"rows\": [{\"name\": \"a\", \"n\": 1}, "
	    "{\"name\": \"b&c\", \"n\": 2.5}, {\"name\": \"d\", \"n\": -3}]}",
	    0, NULL);
	assert_non_null(view);
	buf_init(&want, 1 << 16);
	assert_int_equal(tmpl_render(set, "page", view, &want, NULL), ERR_OK);
	assert_string_equal(buf_cstr(&want), "<h1>Tiêu chí &lt;1&gt;</h1>"
	    "<tr><td>a</td><td>1</td><td>%</td></tr>"
	    "<tr><td>b&amp;c</td><td>2.5</td><td>%</td></tr>"
	    "<tr><td>d</td><td>-3</td><td>%</td></tr>");
	for (i = 0; i < 8; i++) {
		jobs[i].set = set;
		jobs[i].view = view;
		jobs[i].want = buf_cstr(&want);
		jobs[i].bad = 0;
		assert_int_equal(pthread_create(&th[i], NULL, render_many,
		    &jobs[i]), 0);
	}
	for (i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(jobs[i].bad, 0);
	}
	buf_free(&want);
	json_decref(view);
	tmpl_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_each_char),
		cmocka_unit_test(test_escape_appends_and_handles_nul),
		cmocka_unit_test(test_escape_limit_leaves_out_unchanged),
		cmocka_unit_test(test_xss_payloads_as_values_are_escaped),
		cmocka_unit_test(test_bidi_controls_left_out_and_isolated),
		cmocka_unit_test(
		    test_template_syntax_in_values_is_not_interpreted),
		cmocka_unit_test(test_raw_triple_stache),
		cmocka_unit_test(test_section_array),
		cmocka_unit_test(test_section_object_pushes_context),
		cmocka_unit_test(test_section_truthiness),
		cmocka_unit_test(test_inverted_sections),
		cmocka_unit_test(test_nested_sections_outer_lookup),
		cmocka_unit_test(test_dotted_names),
		cmocka_unit_test(test_dot_and_view_kinds),
		cmocka_unit_test(test_numbers_and_literals),
		cmocka_unit_test(test_comments_whitespace_and_text),
		cmocka_unit_test(test_source_with_nul_bytes),
		cmocka_unit_test(test_partials),
		cmocka_unit_test(test_missing_partial),
		cmocka_unit_test(test_unknown_template_and_duplicates),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_nesting_64_is_allowed),
		cmocka_unit_test(test_output_limit),
		cmocka_unit_test(
		    test_output_limit_inside_sections_and_partials),
		cmocka_unit_test(test_output_limit_from_every_section_kind),
		cmocka_unit_test(test_recursion_limit),
		cmocka_unit_test(test_recursive_partial_within_limit),
		cmocka_unit_test(test_work_limit_without_output),
		cmocka_unit_test(test_concurrent_render),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
