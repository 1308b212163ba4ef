'use strict';
/* The units JSON API against the real data: counts, units, filters and
 * paging, search, lineage in both directions. */
const { test, before, after, describe } = require('node:test');
const assert = require('node:assert/strict');
const { startNtm, get } = require('../lib/ntm');

let ntm;
before(async () => { ntm = await startNtm(); });
after(async () => { if (ntm) await ntm.stop(); });

async function api(p) {
	const r = await get(ntm.base, p);
	assert.equal(r.status, 200, `${p} -> ${r.status}: ${r.text.slice(0, 300)}`);
	assert.match(r.headers.get('content-type'), /^application\/json/);
	return r.json;
}

const total = async (qs) => (await api(`/api/v1/units?${qs}&limit=1`)).total;

describe('national counts', () => {
	test('2025 structure has 34 provinces and 3,321 communes', async () => {
		assert.equal(await total('structure=2025&level=province'), 34);
		assert.equal(await total('structure=2025&level=commune'), 3321);
	});

	test('2025 structure has no district level', async () => {
		assert.equal(await total('structure=2025&level=district'), 0);
	});

	test('pre2025 structure has 63 provinces, 696 districts and 10,035 communes', async () => {
		assert.equal(await total('structure=pre2025&level=province'), 63);
		assert.equal(await total('structure=pre2025&level=district'), 696);
		assert.equal(await total('structure=pre2025&level=commune'), 10035);
	});

	test('both structures together hold 14,151 units (two country roots included)', async () => {
		const a = await total('structure=2025');
		const b = await total('structure=pre2025');
		assert.equal(a, 1 + 34 + 3321);
		assert.equal(b, 1 + 63 + 696 + 10035);
		assert.equal(a + b, 14151);
	});

	test('structure defaults to 2025 when not given', async () => {
		const d = await api('/api/v1/units?level=province&limit=1');
		assert.equal(d.total, 34);
		assert.equal(d.items[0].structure, '2025');
	});

	test('home page JSON gives the national counts of both structures', async () => {
		const r = await get(ntm.base, '/api/v1/');
		assert.equal(r.status, 200);
		assert.equal(r.json.counts['2025'].provinces, 34);
		assert.equal(r.json.counts['2025'].communes, 3321);
		assert.equal(r.json.counts['2025'].rural_communes, 2621);
		assert.equal(r.json.counts.pre2025.provinces, 63);
		assert.equal(r.json.counts.pre2025.districts, 696);
		assert.equal(r.json.counts.pre2025.communes, 10035);
		assert.equal(r.json.counts.pre2025.rural_communes, 7692);
	});
});

describe('one unit', () => {
	test('Hà Nội 2025/01 has every documented field and 126 communes', async () => {
		const u = await api('/api/v1/units/2025/01');
		for (const k of ['structure', 'code', 'name', 'full_name', 'level', 'unit_type',
		    'parent_code', 'region7_code', 'is_rural', 'children_count', 'successors',
		    'predecessors', 'ancestors', 'children'])
			assert.ok(k in u, `field ${k} missing`);
		assert.equal(u.structure, '2025');
		assert.equal(u.code, '01');
		assert.equal(u.name, 'Hà Nội');
		assert.equal(u.full_name, 'Thành phố Hà Nội');
		assert.equal(u.level, 'province');
		assert.equal(u.unit_type, 'Thành phố trực thuộc trung ương');
		assert.equal(u.parent_code, 'VN');
		assert.equal(u.region7_code, 'DBSH');
		assert.equal(u.is_rural, false);
		assert.equal(u.children_count, 126);
		assert.equal(u.children.total, 126);
		assert.equal(u.children.items.length, 126);
		assert.ok(u.children.items.every((c) => c.parent_code === '01' && c.level === 'commune'));
		assert.deepEqual(u.ancestors.map((a) => a.code), ['VN']);
	});

	test('the 2025 root VN is the country with the 34 provinces as children', async () => {
		const u = await api('/api/v1/units/2025/VN');
		assert.equal(u.level, 'country');
		assert.equal(u.parent_code, null);
		assert.equal(u.children_count, 34);
		assert.equal(u.children.total, 34);
		assert.ok(u.children.items.every((c) => c.level === 'province'));
		assert.deepEqual(u.ancestors, []);
	});

	test('the pre2025 root VN has the 63 old provinces as children', async () => {
		const u = await api('/api/v1/units/pre2025/VN');
		assert.equal(u.level, 'country');
		assert.equal(u.children_count, 63);
		assert.equal(u.children.total, 63);
	});

	test('Đà Nẵng 2025/48 has 94 communes and region DHNTB', async () => {
		const u = await api('/api/v1/units/2025/48');
		assert.equal(u.full_name, 'Thành phố Đà Nẵng');
		assert.equal(u.region7_code, 'DHNTB');
		assert.equal(u.children_count, 94);
		assert.equal(u.children.total, 94);
		assert.equal(u.children.items.length, 94);
	});

	test('pre2025 commune 00004 Phường Trúc Bạch has its ancestors VN › Hà Nội › Ba Đình', async () => {
		const u = await api('/api/v1/units/pre2025/00004');
		assert.equal(u.full_name, 'Phường Trúc Bạch');
		assert.equal(u.level, 'commune');
		assert.equal(u.parent_code, '001');
		assert.deepEqual(u.ancestors.map((a) => [a.code, a.level]),
		    [['VN', 'country'], ['01', 'province'], ['001', 'district']]);
		assert.equal(u.children_count, 0);
		assert.equal(u.children.total, 0);
	});

	test('children of a unit page with limit and offset, total unchanged', async () => {
		const u = await api('/api/v1/units/2025/01?limit=10&offset=120');
		assert.equal(u.children.total, 126);
		assert.equal(u.children.items.length, 6);
		const all = await api('/api/v1/units/2025/01');
		assert.deepEqual(u.children.items.map((c) => c.code),
		    all.children.items.slice(120).map((c) => c.code));
	});
});

describe('filters and paging', () => {
	test('level=commune&parent=01 lists exactly the 126 communes of Hà Nội', async () => {
		const d = await api('/api/v1/units?structure=2025&level=commune&parent=01&limit=500');
		assert.equal(d.total, 126);
		assert.equal(d.items.length, 126);
		assert.ok(d.items.every((i) => i.parent_code === '01' && i.level === 'commune'));
		assert.equal(new Set(d.items.map((i) => i.code)).size, 126);
	});

	test('pre2025 level=district&parent=01 lists the 30 districts of Hà Nội', async () => {
		const d = await api('/api/v1/units?structure=pre2025&level=district&parent=01&limit=500');
		assert.equal(d.total, 30);
		assert.ok(d.items.every((i) => i.parent_code === '01' && i.level === 'district'));
		assert.ok(d.items.some((i) => i.code === '001' && i.full_name === 'Quận Ba Đình'));
	});

	test('pre2025 parent=001 (Quận Ba Đình) lists its 13 wards', async () => {
		const d = await api('/api/v1/units?structure=pre2025&parent=001');
		assert.equal(d.total, 13);
		assert.ok(d.items.some((i) => i.code === '00004'));
	});

	test('parent=VN lists the 34 provinces', async () => {
		const d = await api('/api/v1/units?structure=2025&parent=VN');
		assert.equal(d.total, 34);
		assert.ok(d.items.every((i) => i.level === 'province'));
	});

	test('default page size is 50, and limit=500 returns 500', async () => {
		const d = await api('/api/v1/units?structure=2025&level=commune');
		assert.equal(d.items.length, 50);
		assert.equal(d.limit, 50);
		const e = await api('/api/v1/units?structure=2025&level=commune&limit=500');
		assert.equal(e.items.length, 500);
		assert.equal(e.total, 3321);
	});

	test('limit/offset pages are disjoint and together equal one larger page', async () => {
		const p1 = await api('/api/v1/units?structure=pre2025&level=district&limit=7&offset=0');
		const p2 = await api('/api/v1/units?structure=pre2025&level=district&limit=7&offset=7');
		const both = await api('/api/v1/units?structure=pre2025&level=district&limit=14&offset=0');
		assert.equal(p1.total, 696);
		assert.equal(p2.total, 696);
		assert.deepEqual([...p1.items, ...p2.items].map((i) => i.code), both.items.map((i) => i.code));
		assert.equal(p2.offset, 7);
		assert.equal(p2.prev_offset, 0);
		assert.equal(p2.next_offset, 14);
		assert.equal(p1.prev_offset, null);
	});

	test('the last page is short and has no next page', async () => {
		const d = await api('/api/v1/units?structure=2025&level=province&limit=10&offset=30');
		assert.equal(d.items.length, 4);
		assert.equal(d.total, 34);
		assert.equal(d.next_offset, null);
		assert.equal(d.from, 31);
		assert.equal(d.to, 34);
	});

	test('an offset past the end gives no items, the same total and a consistent from/to', async () => {
		const d = await api('/api/v1/units?structure=2025&level=province&limit=10&offset=5000');
		assert.equal(d.items.length, 0);
		assert.equal(d.total, 34);
		assert.equal(d.next_offset, null);
		/* from..to describes the items shown: an empty page shows none */
		assert.equal(d.to - d.from + 1, d.items.length, `from=${d.from} to=${d.to}`);
	});

	test('a province list is ordered by code and contains Hà Nội and Đà Nẵng', async () => {
		const d = await api('/api/v1/units?structure=2025&level=province&limit=500');
		const codes = d.items.map((i) => i.code);
		assert.deepEqual(codes, [...codes].sort());
		assert.ok(codes.includes('01') && codes.includes('48'));
	});
});

describe('search', () => {
	const variants = {
		'without diacritics': 'da nang',
		'upper case with diacritics': 'ĐÀ NẴNG',
		'NFC with diacritics': 'Đà Nẵng',
		'NFD (decomposed) diacritics': 'Đà Nẵng'.normalize('NFD'),
		'mixed case and spacing': '  Da   NANG ',
	};
	for (const [what, q] of Object.entries(variants)) {
		test(`search "${what}" returns 2025 Đà Nẵng (48) first`, async () => {
			const d = await api(`/api/v1/units?q=${encodeURIComponent(q)}`);
			assert.ok(d.total >= 1);
			assert.equal(d.items[0].structure, '2025');
			assert.equal(d.items[0].code, '48');
			assert.equal(d.items[0].full_name, 'Thành phố Đà Nẵng');
		});
	}

	test('search "ha noi" returns Hà Nội 01 first', async () => {
		const d = await api('/api/v1/units?q=ha%20noi');
		assert.equal(d.items[0].code, '01');
	});

	test('pre2025 search "da nang" finds the old Đà Nẵng province 48', async () => {
		const d = await api('/api/v1/units?structure=pre2025&q=da%20nang');
		assert.equal(d.items[0].structure, 'pre2025');
		assert.equal(d.items[0].code, '48');
	});

	test('pre2025 search "quang nam" ranks the province above a commune containing the words', async () => {
		const d = await api('/api/v1/units?structure=pre2025&q=quang%20nam');
		assert.equal(d.items[0].code, '49');
		assert.equal(d.items[0].level, 'province');
		assert.ok(d.items.some((i) => i.level === 'commune'), 'Xã Hòa Quang Nam is a match too');
	});

	test('search ranks provinces before districts before communes for "nam" in pre2025', async () => {
		const d = await api('/api/v1/units?structure=pre2025&q=nam&limit=500');
		const rank = { country: 0, province: 1, district: 2, commune: 3, village: 4 };
		const first = d.items[0];
		assert.equal(first.level, 'province');
		assert.equal(first.full_name, 'Tỉnh Nam Định');
		/* within names that start with the query, higher levels come first */
		const starting = d.items.filter((i) => /^n[aậấ]m\b/i.test(i.name.normalize('NFC')));
		for (let k = 1; k < starting.length; k++)
			assert.ok(rank[starting[k - 1].level] <= rank[starting[k].level],
			    `${starting[k - 1].full_name} before ${starting[k].full_name}`);
	});

	test('"đ" folds to "d": "dinh" finds Định and Đình communes', async () => {
		const d = await api('/api/v1/units?q=dinh&limit=500');
		assert.ok(d.items.some((i) => i.name.startsWith('Đình')));
		assert.ok(d.items.some((i) => i.name.startsWith('Định')));
	});

	test('old and new tone-mark placement match the same units ("Hoà An" and "Hòa An")', async () => {
		const a = await api(`/api/v1/units?structure=pre2025&q=${encodeURIComponent('Hoà An')}&limit=500`);
		const b = await api(`/api/v1/units?structure=pre2025&q=${encodeURIComponent('Hòa An')}&limit=500`);
		const c = await api('/api/v1/units?structure=pre2025&q=hoa%20an&limit=500');
		assert.ok(a.total >= 2);
		assert.deepEqual(a.items.map((i) => i.code), b.items.map((i) => i.code));
		assert.deepEqual(a.items.map((i) => i.code), c.items.map((i) => i.code));
		assert.ok(a.items.some((i) => i.full_name === 'Huyện Hoà An'));
		assert.ok(a.items.some((i) => i.full_name === 'Xã Hòa An'));
	});

	test('search combines with level and parent filters', async () => {
		const d = await api(`/api/v1/units?structure=2025&level=commune&parent=01&q=${encodeURIComponent('ba đình')}`);
		assert.deepEqual(d.items.map((i) => i.code), ['00004']);
		assert.equal(d.total, 1);
	});

	test('search total counts all matches while limit caps the page', async () => {
		const d = await api('/api/v1/units?q=an&limit=5');
		assert.equal(d.items.length, 5);
		assert.ok(d.total > 5);
	});

	test('a search with no match returns an empty list, not an error', async () => {
		const d = await api('/api/v1/units?q=zzzzqqqq');
		assert.equal(d.total, 0);
		assert.deepEqual(d.items, []);
	});
});

describe('lineage', () => {
	test('pre2025 00004 Phường Trúc Bạch went fully into 2025 00004 Phường Ba Đình', async () => {
		const u = await api('/api/v1/units/pre2025/00004');
		assert.equal(u.successors.length, 1);
		const s = u.successors[0];
		assert.equal(s.structure, '2025');
		assert.equal(s.code, '00004');
		assert.equal(s.full_name, 'Phường Ba Đình');
		assert.equal(s.level, 'commune');
		assert.equal(s.relation, 'full');
		assert.deepEqual(u.predecessors, []);
	});

	test('2025 00004 Phường Ba Đình lists Phường Trúc Bạch among its predecessors (full)', async () => {
		const u = await api('/api/v1/units/2025/00004');
		const p = u.predecessors.find((x) => x.code === '00004');
		assert.ok(p, 'Trúc Bạch is a predecessor');
		assert.equal(p.structure, 'pre2025');
		assert.equal(p.full_name, 'Phường Trúc Bạch');
		assert.equal(p.relation, 'full');
		assert.deepEqual(u.successors, []);
	});

	test('a partially split ward (pre2025 00016 Ngọc Hà) has two partial successors', async () => {
		const u = await api('/api/v1/units/pre2025/00016');
		const got = u.successors.map((s) => [s.code, s.relation]).sort();
		assert.deepEqual(got, [['00004', 'partial'], ['00008', 'partial']]);
		assert.ok(u.successors.every((s) => s.structure === '2025'));
	});

	test('the partial relation is visible from the new side as well', async () => {
		for (const code of ['00004', '00008']) {
			const u = await api(`/api/v1/units/2025/${code}`);
			const p = u.predecessors.find((x) => x.code === '00016');
			assert.ok(p, `2025/${code} has pre2025/00016 as predecessor`);
			assert.equal(p.relation, 'partial');
		}
	});

	test('lineage is symmetric for every predecessor of 2025 00004', async () => {
		const u = await api('/api/v1/units/2025/00004');
		assert.ok(u.predecessors.length >= 3);
		for (const p of u.predecessors) {
			const old = await api(`/api/v1/units/pre2025/${p.code}`);
			const back = old.successors.find((s) => s.code === '00004' && s.structure === '2025');
			assert.ok(back, `pre2025/${p.code} lists 2025/00004 as successor`);
			assert.equal(back.relation, p.relation);
		}
	});

	test('2025 Đà Nẵng was formed from the old provinces Đà Nẵng (48) and Quảng Nam (49)', async () => {
		const u = await api('/api/v1/units/2025/48');
		assert.deepEqual(u.predecessors.map((p) => p.code).sort(), ['48', '49']);
		assert.ok(u.predecessors.every((p) => p.structure === 'pre2025' && p.level === 'province'));
		const qn = await api('/api/v1/units/pre2025/49');
		assert.deepEqual(qn.successors.map((s) => [s.structure, s.code]), [['2025', '48']]);
	});

	test('a predecessor code dissolved before 2025 is listed with its QA flag and no level', async () => {
		const u = await api('/api/v1/units/2025/07210');
		const p = u.predecessors.find((x) => x.code === '07732');
		assert.ok(p);
		assert.equal(p.full_name, 'Xã Nham Sơn');
		assert.equal(p.level, null);
		assert.equal(p.qa_flag, 'old_code_dissolved_before_2025-03');
		assert.equal((await get(ntm.base, '/api/v1/units/pre2025/07732')).status, 404);
	});
});
