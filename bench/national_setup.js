// bench/national_setup.js - the set-up half of bench/national.sh (issue 21):
// everything the national load needs, made through the API of a running
// `ntm serve` on a `ntm demo` database, and the plan file that
// bench/national_load.c reads (its format is described there).
//
//   node bench/national_setup.js BASE_URL PLAN OFFICERS CODES
//
// - OFFICERS commune officer accounts (tai01, tai02, ...) for as many rural
//   communes of Hà Nội (2025:01), made by the demo admin; the province
//   officer `hanoi` returns their submitted reports;
// - a survey campaign of 500,000 households in Xã Sóc Sơn (by `socson`,
//   the demo questionnaire) and CODES one-time codes issued for it (5,000 a
//   request, the API's limit);
// - the marketplace listings that sell today, read from the public catalog
//   (each order is cancelled by its buyer right after: the stock comes back);
// - public pages, searches and dashboards by their real addresses.
// Every call must succeed; anything else stops the set-up (exit 1).
'use strict';
const fs = require('node:fs');

const [base, planPath, officersArg, codesArg] = process.argv.slice(2);
if (!base || !planPath) {
  console.error('usage: node bench/national_setup.js BASE_URL PLAN OFFICERS CODES');
  process.exit(2);
}
const OFFICERS = Number(officersArg || 48);
const CODES = Number(codesArg || 20000);
const PASSWORD = 'ntm-demo-2026';

async function call(method, path, body, session) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session) {
    headers.Cookie = session.cookie;
    headers['X-CSRF-Token'] = session.csrf;
  }
  const res = await fetch(base + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return { json: text ? JSON.parse(text) : null, res };
}

async function login(username) {
  const { json, res } = await call('POST', '/api/v1/session', { username, password: PASSWORD });
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  return { cookie, csrf: json.csrf_token };
}

async function main() {
  const lines = [];
  const admin = await login('admin');

  // Commune officers for rural communes of Hà Nội (the indicator set of
  // 2026-2030 is for rural communes).
  const hn = (await call('GET', '/api/v1/units/2025/01')).json;
  const rural = hn.children.items.filter((u) => u.is_rural).map((u) => u.code);
  if (rural.length < OFFICERS) throw new Error(`only ${rural.length} rural communes`);
  for (let i = 0; i < OFFICERS; i++) {
    const username = `tai${String(i + 1).padStart(3, '0')}`;
    await call('POST', '/api/v1/users', {
      username, full_name: `Cán bộ xã thử tải ${i + 1}`, password: PASSWORD,
      role: 'commune_officer', unit: `2025:${rural[i]}`,
    }, admin);
    lines.push(`officer ${username} ${PASSWORD} ${rural[i]}`);
  }
  lines.push(`province hanoi ${PASSWORD}`);
  lines.push('indicator ntm-xa-2026-2030 2026 {"values":{"3.1":@N@}}');
  // November's monthly report: due on 5 December, the deadline burst.
  lines.push('report ntm-tien-do-thang 2026-11 {"values":{"capital_mobilised":{"central":3000000000,' +
    '"local":900000000},"capital_allocated":{"central":2000000000,"local":500000000},' +
    '"capital_disbursed":{"central":1200000000,"local":200000000},"works_started":@N@,' +
    '"works_completed":0,"difficulties":"Thiếu vốn đối ứng"}}');

  // The survey: a campaign of 500,000 households and its codes.
  const socson = await login('socson');
  const camp = (await call('POST', '/api/v1/surveys/1/campaigns', {
    unit: '2025:00376', title: 'Lấy ý kiến toàn quốc (thử tải)', households: 500000,
    min_coverage: 60, threshold: 90, opens_on: '2026-12-01', closes_on: '2026-12-31',
    posting_days: 10, mode: 'codes',
  }, socson)).json.created;
  const answers = {};
  for (const q of camp.document.questions) {
    if (q.type === 'scale5') answers[q.id] = 4;
    else if (q.type === 'yesno') answers[q.id] = 'yes';
  }
  lines.push(`campaign ${camp.id} ${JSON.stringify(answers)}`);
  const codes = [];
  for (let left = CODES; left > 0; left -= 5000) {
    const r = (await call('POST', `/api/v1/campaigns/${camp.id}/codes`,
      { count: Math.min(left, 5000), village: '2025:00376-01' }, socson)).json;
    codes.push(...r.codes);
  }

  // Listings that sell today, ordered by buyers of Xã Sóc Sơn.
  const cat = (await call('GET', '/api/v1/market/search?limit=100')).json;
  const listings = cat.items.filter((l) => l.in_stock && l.stock >= 5);
  if (!listings.length) throw new Error('no listing in stock');
  for (const l of listings) lines.push(`listing ${l.id} ${l.price_vnd} 2025:00376`);

  // Public pages (HTML and JSON an anonymous visitor reads), searches, dashboards.
  const pages = [
    '/units/2025/01/rollup/ntm-xa-2026-2030/2026', '/units/2025/VN/rollup/ntm-xa-2021-2025/2025',
    '/units/2025/00376', '/api/v1/units/2025/01', '/cho', '/cho?q=mat%20ong',
    `/s/${camp.id}`, '/api/v1/units/2025/00376/evaluation/ntm-xa-2026-2030/2026',
    '/api/v1/market/search?q=tra&limit=24', listings[0].href,
  ];
  for (const p of pages) {
    await call('GET', p);
    lines.push(`page ${p}`);
  }
  for (const q of ['da%20nang', 'ha%20noi', 'xa%20an', 'phuong%201', 'tan', 'soc%20son',
    'ba%20na', 'phu%20cuong', 'hoa%20binh', 'thanh%20hoa']) lines.push(`search ${q}`);
  for (const d of ['/api/v1/units/2025/VN/dashboard?year=2025', '/api/v1/units/2025/01/dashboard?year=2025',
    '/units/2025/48/dashboard', '/api/v1/units/2025/00376/dashboard?year=2026']) {
    await call('GET', d);
    lines.push(`dash ${d}`);
  }
  for (const c of codes) lines.push(`code ${c}`);
  fs.writeFileSync(planPath, lines.join('\n') + '\n');
  console.log(`national_setup: ${OFFICERS} officers, campaign ${camp.id} with ${codes.length} codes, ` +
    `${listings.length} listings, ${pages.length} pages`);
}

main().catch((e) => { console.error('national_setup: ' + e.message); process.exit(1); });
