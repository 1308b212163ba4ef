'use strict';
/*
 * GET /api/v1/openapi.json (issue 20, docs/EXCHANGE.md section 1): the
 * description another system discovers the API by.  It validates as
 * OpenAPI 3.1 with a standard validator; it describes every API route of
 * `ntm routes` (and every file download) and nothing else, so a route
 * added to a table is described without this test changing; the error
 * schema it declares is what a real refusal answers; and the replies of
 * the routes that carry their own schema (route_doc) match it.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startDemo, Client, routeTable } = require('../lib/accounts');
const { ok, refused } = require('../lib/http');

let ntm, anon, hanoi, socson, doc, ajv;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

before(async () => {
	ntm = await startDemo();
	anon = Client.anonymous(ntm.base);
	hanoi = await Client.login(ntm.base, 'hanoi');
	socson = await Client.login(ntm.base, 'socson');
	const r = await anon.get('/api/v1/openapi.json');
	doc = ok(r);
	const Ajv2020 = (await import('ajv/dist/2020.js')).default;
	ajv = new Ajv2020({ strict: false, allErrors: true });
	(await import('ajv-formats')).default(ajv);
	ajv.addSchema({ $id: 'openapi', components: doc.components }, 'openapi');
});

after(() => ntm && ntm.stop());

/* The described schema of an operation's 200 JSON reply (refs resolved
 * against the document's components). */
function replySchema(method, path) {
	const op = doc.paths[path] && doc.paths[path][method];
	assert.ok(op, `${method} ${path} is described`);
	return op.responses['200'].content['application/json'].schema;
}

function check(schema, value, what) {
	const v = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"openapi#/components')));
	assert.ok(v(value), `${what}: ${JSON.stringify(v.errors, null, 1)}`);
}

test('the document validates as OpenAPI 3.1, names this version and is public and the same on every request', async () => {
	const { Validator } = await import('@seriousme/openapi-schema-validator');
	const validator = new Validator();
	const res = await validator.validate(doc);
	assert.ok(res.valid, JSON.stringify(res, null, 1).slice(0, 3000));
	assert.equal(validator.version, '3.1');
	assert.equal(doc.openapi, '3.1.0');
	assert.match(doc.info.version, /\S/);
	assert.match(doc.info.description, /Vietnamese|tiếng Việt|API của/);
	const again = ok(await hanoi.get('/api/v1/openapi.json'));
	assert.deepEqual(again, doc);
	for (const [path, item] of Object.entries(doc.paths))
		for (const [m, op] of Object.entries(item))
			assert.equal(op['x-ntm-doc-error'], undefined, `${m} ${path}: a module's schema is not JSON`);
});

test('every API route of `ntm routes` (and every file download) is described, and every described operation is a route', () => {
	const routes = routeTable();
	const want = new Set(routes.filter((r) => r.api || r.raw).map((r) => `${r.method.toLowerCase()} ${r.path}`));
	const have = new Set();
	for (const [path, item] of Object.entries(doc.paths))
		for (const m of Object.keys(item).filter((k) => METHODS.includes(k)))
			have.add(`${m} ${path}`);
	const missing = [...want].filter((x) => !have.has(x));
	const extra = [...have].filter((x) => !want.has(x));
	assert.deepEqual(missing, [], 'routes not described');
	assert.deepEqual(extra, [], 'described operations that are no route');
	assert.ok(want.size > 150);
});

test('an operation says who may call it, the scope rule, the cache token, its parameters and errors', () => {
	const units = doc.paths['/api/v1/units/{structure}/{code}'].get;
	assert.equal(units['x-ntm-roles'], 'public');
	assert.equal(units['x-ntm-cache'], 'units_version');
	const params = Object.fromEntries(units.parameters.map((p) => [p.name, p]));
	assert.deepEqual(params.structure.schema.enum.sort(), ['2025', 'pre2025']);
	assert.equal(params.code.in, 'path');
	const list = doc.paths['/api/v1/units'].get;
	const limit = list.parameters.find((p) => p.name === 'limit');
	assert.deepEqual([limit.in, limit.schema.type, limit.schema.minimum, limit.schema.maximum],
		['query', 'integer', 1, 500]);
	const put = doc.paths['/api/v1/units/{structure}/{code}/indicators/{set_id}/{year}'].put;
	assert.ok(Array.isArray(put['x-ntm-roles']) && put['x-ntm-roles'].includes('commune_officer'));
	assert.equal(put['x-ntm-scope'], 'path_unit');
	assert.deepEqual(put.security, [{ session: [], csrf: [] }, { bearer: [] }]);
	for (const s of ['401', '403', '404', '409', '422']) {
		const ref = put.responses[s].$ref.replace('#/components/responses/', '');
		assert.equal(doc.components.responses[ref].content['application/json'].schema.$ref,
			'#/components/schemas/Error', s);
	}
	assert.equal(doc.paths['/api/v1/me'].get['x-ntm-roles'], 'signed-in');
	const csv = doc.paths['/maps/{structure}/{indicator}/{year}.csv'].get;
	assert.ok(csv.responses['200'].content['text/csv']);
	const pdf = doc.paths['/api/v1/dossiers/{id}/summary.pdf'].get;
	assert.ok(pdf.responses['200'].content['application/pdf']);
	const id = pdf.parameters.find((p) => p.name === 'id');
	assert.deepEqual([id.schema.type, id.schema.minimum], ['integer', 1]);
	assert.ok(doc.components.securitySchemes.bearer && doc.components.securitySchemes.session);
});

test('the error schema is what a real refusal answers (a 422 with every problem, a 403, a 404)', async () => {
	const error = doc.components.schemas.Error;
	const r = await hanoi.post('/api/v1/users', { json: { role: 'commune_officer', unit: '2025:00376', password: 'x' } });
	const e = refused(r, 422);
	assert.ok(Array.isArray(e.problems), JSON.stringify(e));
	assert.ok(e.problems.length >= 2, 'every problem named');
	check(error, r.json, '422');
	check(error, (await anon.get('/api/v1/units/2025/NOPE')).json, '404');
	check(error, (await anon.get('/api/v1/me')).json, '401');
	const bad = { error: { code: 'x', message: 'y', field: 3 } };
	assert.equal(ajv.compile(error)(bad), false, 'the schema is not vacuous');
});

/* The schema of an operation's JSON request body. */
function requestSchema(method, path) {
	return doc.paths[path][method].requestBody.content['application/json'].schema;
}

test('the replies of the exchange-facing routes match the schemas they declare', async () => {
	const register = ok(await anon.get('/api/v1/ocop/register?limit=3'));
	const campaigns = ok(await hanoi.get('/api/v1/campaigns?limit=20')).items;
	const dossiers = ok(await hanoi.get('/api/v1/dossiers?limit=5')).items;
	assert.ok(register.items.length > 0 && campaigns.length > 0 && dossiers.length > 0, 'the demo has data');
	const U = '/api/v1/units/{structure}/{code}';
	const R = '/api/v1/reports/{form}/{structure}/{code}/{period}';
	const cases = [
		[anon, '/api/v1/units', '/api/v1/units?limit=5'],
		[anon, '/api/v1/units', '/api/v1/units?q=son&limit=5'],
		[anon, U, '/api/v1/units/2025/00376'],
		[anon, U, '/api/v1/units/pre2025/01'],
		[socson, `${U}/indicators/{set_id}/{year}`, '/api/v1/units/2025/00376/indicators/ntm-xa-2026-2030/2026'],
		[anon, `${U}/evaluation/{set_id}/{year}`, '/api/v1/units/2025/00376/evaluation/ntm-xa-2026-2030/2026'],
		[anon, `${U}/rollup/{set_id}/{year}`, '/api/v1/units/2025/01/rollup/ntm-xa-2026-2030/2026'],
		[hanoi, '/api/v1/reports/forms', '/api/v1/reports/forms'],
		[hanoi, R, '/api/v1/reports/ntm-tien-do-thang/2025/01/2026-12'],
		[socson, R, '/api/v1/reports/ntm-ke-hoach-nam/2025/00376/2026'],
		[hanoi, '/api/v1/dossiers', '/api/v1/dossiers?limit=5'],
		...dossiers.map((d) => [hanoi, '/api/v1/dossiers/{id}', `/api/v1/dossiers/${d.id}`]),
		[anon, '/api/v1/recognitions', '/api/v1/recognitions?limit=5'],
		[anon, '/api/v1/ocop/register', '/api/v1/ocop/register?limit=3'],
		...register.items.map((p) => [anon, '/api/v1/ocop/register/{id}', `/api/v1/ocop/register/${p.id}`]),
		...register.items.map((p) => [anon, '/api/v1/ocop/certificates/{code}',
			`/api/v1/ocop/certificates/${p.certificate.code}`]),
		...campaigns.map((c) => [hanoi, '/api/v1/campaigns/{id}/results', `/api/v1/campaigns/${c.id}/results`]),
		...campaigns.map((c) => [anon, '/api/v1/campaigns/{id}/results', `/api/v1/campaigns/${c.id}/results`]),
		[hanoi, '/api/v1/tokens', '/api/v1/tokens'],
	];
	for (const [client, path, url] of cases) {
		const schema = replySchema('get', path);
		assert.notDeepEqual(schema, { type: 'object' }, `${path} declares its own schema`);
		const r = await client.get(url);
		if (r.status === 403 && client === anon)
			continue;	/* results not yet public */
		check(schema, ok(r), url);
	}
	/* a write: the request as described, the reply as described */
	const body = { name: 'described', read_only: true, unit: '2025:00376' };
	check(requestSchema('post', '/api/v1/tokens'), body, 'the token request');
	check(replySchema('post', '/api/v1/tokens'), ok(await hanoi.post('/api/v1/tokens', { json: body })), 'a new token');
	check(replySchema('get', '/api/v1/tokens'), ok(await hanoi.get('/api/v1/tokens')), 'tokens with limits');
	const values = { values: {} };
	check(requestSchema('put', `${U}/indicators/{set_id}/{year}`), values, 'the values request');
});
