'use strict';
/*
 * A certified product listed in its producer's shop, through the API, for
 * the marketplace's tests (issue 17; docs/MARKET.md section 3):
 *
 *   const { listedProduct } = require('../lib/market');
 *   const { listingId, productId, producerClient } = await listedProduct(ntm.base,
 *       { price: 120000, stock: 50, weight: 500 });
 *
 * listedProduct: the demo producer account (htx) registers a producer of
 * its own in Xã Sóc Sơn and a product; Hà Nội's officer (hanoi) records
 * the province's certificate of it (issued 30 days before today, 4 stars,
 * valid 36 months); htx opens the shop (cash on delivery and transfer to
 * a Vietcombank account, BIN 970436), sets a whole-country shipping rule
 * (30.000 ₫ up to 1 kg, then 5.000 ₫ a started 500 g) and lists the
 * product.  Returns { listingId, productId, producerId, producerClient,
 * officer, certificateCode, listing }.
 * openShop / setShipping / createListing: the single steps, for a test
 * that needs its own values.
 */
const assert = require('node:assert/strict');
const { Client, uniqueName } = require('./accounts');

const OCOP = '/api/v1/ocop';
const SHOP = '/api/v1/market/shop';
const SOCSON = '2025:00376';
const VIETCOMBANK = '970436';

function check(r, what) {
	assert.equal(r.status, 200, `${what}: ${r.status} ${r.text.slice(0, 600)}`);
	return r.json;
}

/* today as the server sees it ($NTM_TODAY when a test moved it), less days */
function daysBefore(days) {
	const today = process.env.NTM_TODAY ? new Date(`${process.env.NTM_TODAY}T00:00:00Z`) : new Date();
	return new Date(today.getTime() - days * 86400000).toISOString().slice(0, 10);
}

async function openShop(client, producerId, opts = {}) {
	return check(await client.send('PUT', `${SHOP}?producer_id=${producerId}`, { json: {
		intro: 'Sản phẩm OCOP của hợp tác xã (dữ liệu thử)', bank_bin: VIETCOMBANK,
		bank_account: '0071000123456', account_name: 'HTX THU NGHIEM', accepts_cod: true,
		accepts_transfer: true, ...opts } }), 'open shop');
}

async function setShipping(client, producerId, rules = [{ province: null, first_grams: 1000,
	first_fee_vnd: 30000, step_grams: 500, step_fee_vnd: 5000 }]) {
	return check(await client.send('PUT', `${SHOP}/shipping-rules?producer_id=${producerId}`,
		{ json: { rules } }), 'shipping rules');
}

async function createListing(client, productId, { price = 120000, stock = 50, weight = 500,
	unitName = 'hộp', variant = 'Hộp 500 g', description = 'Sản phẩm thử', status } = {}) {
	const r = check(await client.post(`${SHOP}/listings`, { json: { product_id: productId,
		variant, unit_name: unitName, price_vnd: price, stock, weight_grams: weight, description,
		...(status ? { status } : {}) } }), 'listing');
	return r.created;
}

/* A product of a fresh producer of htx, certified by Hà Nội from paper. */
async function certifiedProduct(base, { name = `Sản phẩm ${uniqueName('cho')}`, stars = 4,
	issuedOn = daysBefore(30) } = {}) {
	const htx = await Client.login(base, 'htx');
	const hanoi = await Client.login(base, 'hanoi');
	const producerId = check(await htx.post(`${OCOP}/producers`, { json: { unit: SOCSON,
		name: `Hợp tác xã ${uniqueName('htx')}`, kind: 'cooperative' } }), 'producer').created.id;
	const p = check(await htx.post(`${OCOP}/producers/${producerId}/products`,
		{ json: { name, group: 1, description: 'Sản phẩm thử của chợ OCOP' } }), 'product');
	const productId = p.created ? p.created.id : p.id;
	const number = `${Math.floor(Math.random() * 1e6)}/QĐ-UBND-${uniqueName('c')}`;
	const c = check(await hanoi.post(`${OCOP}/products/${productId}/certificates`, { json: {
		number, level: 'province', stars, score: stars === 5 ? 92 : stars === 4 ? 80 : 60,
		issued_on: issuedOn } }), 'certificate');
	return { htx, hanoi, producerId, productId, certificateCode: c.certificate.code };
}

async function listedProduct(base, { price = 120000, stock = 50, weight = 500, unitName, variant,
	description, name, stars } = {}) {
	const c = await certifiedProduct(base, { name, stars });
	await openShop(c.htx, c.producerId);
	await setShipping(c.htx, c.producerId);
	const listing = await createListing(c.htx, c.productId, { price, stock, weight, unitName,
		variant, description });
	return { listingId: listing.id, productId: c.productId, producerId: c.producerId,
		producerClient: c.htx, officer: c.hanoi, certificateCode: c.certificateCode, listing };
}

module.exports = { listedProduct, certifiedProduct, openShop, setShipping, createListing, daysBefore,
	VIETCOMBANK };
