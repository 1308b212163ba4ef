'use strict';
/*
 * "The campaign page links to reprint the unused codes" (issue 14), done
 * the way docs/SURVEYS.md allows: a list of the unused codes would tell the
 * campaign's owner which households answered, so the page lists every
 * batch with a link to print its code sheets again — all its codes, used
 * ones too — in words a commune officer reads ("In lại phiếu mã của đợt
 * này").  On the demo's Sóc Sơn campaign (two batches, some codes spent).
 * Fails on the code before: the campaign page linked no batch.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { startDemo, Client } = require('../lib/accounts');
const { mainOf, unescapeHtml } = require('../lib/ntm');

let ntm, socson;

before(async () => {
	ntm = await startDemo();
	socson = await Client.login(ntm.base, 'socson');
});

after(async () => { if (ntm) await ntm.stop(); });

async function download(path) {
	const res = await fetch(ntm.base + path, { headers: socson.headers(), redirect: 'manual' });
	return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

/* The batches the page lists: { number, href, text, reprints: [href] }. */
function batches(html) {
	const m = /<h2 id="batches">[\s\S]*?<ul class="plain batches">([\s\S]*?)<\/ul>/.exec(mainOf(html));
	if (!m)
		return [];
	return [...m[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((li) => {
		const links = [...li[1].matchAll(/<a[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)]
			.map((a) => ({ href: unescapeHtml(a[1]), text: unescapeHtml(a[2]) }));
		return {
			href: links[0].href,
			text: unescapeHtml(li[1].replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim(),
			reprints: links.filter((a) => a.text.startsWith('In lại phiếu mã của đợt này')).map((a) => a.href),
		};
	});
}

test('the campaign page links every batch to printing all its codes again, in plain words', async () => {
	const c = await socson.get('/api/v1/campaigns/1');
	assert.equal(c.status, 200);
	assert.ok(c.json.codes.spent > 0, 'the demo campaign has answers');
	const page = await socson.get('/campaigns/1');
	assert.equal(page.status, 200);
	const list = batches(page.text);
	assert.ok(list.length >= 2, `the batches listed: ${JSON.stringify(list)}`);
	let printed = 0;
	for (const [i, b] of list.entries()) {
		const n = i + 1;
		assert.equal(b.href, `/campaigns/1?batch=${n}#batch`);
		const codes = await socson.get(`/api/v1/campaigns/1?batch=${n}`);
		assert.equal(codes.status, 200);
		const total = codes.json.batch.total;
		printed += total;
		assert.ok(b.text.includes(`${total.toLocaleString('de-DE')} mã`), `${b.text} names its ${total} codes`);
		assert.ok(b.reprints.length >= 1, `batch ${n} has a reprint link: ${b.text}`);
		b.reprints.forEach((href, k) => assert.equal(href, b.reprints.length > 1
			? `/campaigns/1/codes.pdf?batch=${n}&part=${k + 1}` : `/campaigns/1/codes.pdf?batch=${n}`));
		const pdf = await download(b.reprints[0]);
		assert.equal(pdf.status, 200);
		assert.equal(pdf.headers.get('content-type'), 'application/pdf');
		const text = spawnSync('pdftotext', ['-', '-'], { input: pdf.buf, encoding: 'utf8' });
		if (text.error)
			console.log('# pdftotext not installed: the PDF text is not checked');
		else {
			const first = codes.json.batch.codes[0].code;
			assert.ok(text.stdout.replace(/\s+/g, ' ').includes(`${first.slice(0, 4)}-${first.slice(4)}`),
				`the first code of batch ${n} is printed again`);
		}
	}
	/* all the codes, spent ones included: the batches add up to every
	 * live code of the campaign */
	assert.equal(printed, c.json.codes.live);
	/* and nothing tells which were used */
	assert.doesNotMatch(mainOf(page.text), /chưa dùng|unused/i);
});
