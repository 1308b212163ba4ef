'use strict';
/*
 * Reading and editing the report templates of ntm in a test, as a person
 * would in Excel (tests/e2e/api/reports-xlsx.test.js, scripts that
 * measure uploads): the workbook is unzipped (fflate), its one sheet's XML
 * edited cell by cell, and zipped again.
 *
 *   const b = Book.from(bytes);          // a downloaded template
 *   const col = b.columnOf('2025:00376'); // 'E' (row 1's unit markers)
 *   const row = b.rowOf('works_started'); // column A's slot markers
 *   b.set(`${col}${row}`, 7);            // a number; a string; {formula}
 *   const bytes2 = b.bytes();
 */
const { unzipSync, zipSync, strFromU8, strToU8 } = require('fflate');

const SHEET = 'xl/worksheets/sheet1.xml';
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unesc = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const CELL_RE = /<c r="([A-Z]+)(\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

class Book {
	constructor(files) {
		this.files = files;
		this.sst = [];
		const sst = files['xl/sharedStrings.xml'];
		if (sst)
			for (const m of strFromU8(sst).matchAll(/<si>([\s\S]*?)<\/si>/g))
				this.sst.push(unesc([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
		this.xml = strFromU8(files[SHEET]);
	}

	static from(bytes) {
		return new Book(unzipSync(new Uint8Array(bytes)));
	}

	/* Every cell: { ref, col, row, value } (shared strings resolved). */
	cells() {
		const out = [];
		for (const m of this.xml.matchAll(CELL_RE)) {
			const [, col, row, attrs, inner = ''] = m;
			const v = /<v>([\s\S]*?)<\/v>/.exec(inner);
			const t = /\bt="(\w+)"/.exec(attrs);
			let value = v ? unesc(v[1]) : null;
			if (t && t[1] === 's' && v)
				value = this.sst[Number(v[1])];
			else if (t && t[1] === 'inlineStr')
				value = unesc(([...inner.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1])).join(''));
			out.push({ ref: col + row, col, row: Number(row), value, formula: /<f[ >]/.test(inner) });
		}
		return out;
	}

	value(ref) {
		const c = this.cells().find((x) => x.ref === ref);
		return c ? c.value : undefined;
	}

	/* Every slot's row at once: { slot: row } (column A's markers). */
	rows() {
		const out = {};
		for (const c of this.cells())
			if (c.col === 'A' && c.row >= 4 && c.value)
				out[c.value] = c.row;
		return out;
	}

	/* The row of a slot (column A's markers). */
	rowOf(slot) {
		const c = this.cells().find((x) => x.col === 'A' && x.row >= 4 && x.value === slot);
		if (!c)
			throw new Error(`no row for ${slot}`);
		return c.row;
	}

	/* The column of a unit ref (row 1's markers from E). */
	columnOf(ref) {
		const c = this.cells().find((x) => x.row === 1 && x.col !== 'A' && x.value === ref);
		if (!c)
			throw new Error(`no column for ${ref}`);
		return c.col;
	}

	/* The unit refs of the value columns, in order. */
	units() {
		return this.cells().filter((x) => x.row === 1 && (x.col.length > 1 || x.col >= 'E') && x.value && x.value.includes(':'))
			.map((x) => ({ col: x.col, ref: x.value }));
	}

	/* Set a cell: a number, a string (inline), null (empty), or
	 * { formula, value } (a formula with its cached result), or
	 * { raw: '<v>..' } with { t } (anything, to break the file). */
	set(ref, v) {
		const re = new RegExp(`<c r="${ref}"([^>]*?)(?:/>|>([\\s\\S]*?)</c>)`);
		const m = re.exec(this.xml);
		if (!m)
			throw new Error(`no cell ${ref} in the sheet`);
		const style = (/\bs="\d+"/.exec(m[1]) || [''])[0];
		let cell;
		if (v === null)
			cell = `<c r="${ref}" ${style}/>`;
		else if (typeof v === 'number')
			cell = `<c r="${ref}" ${style}><v>${v}</v></c>`;
		else if (typeof v === 'string')
			cell = `<c r="${ref}" ${style} t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
		else if (v.formula !== undefined)
			cell = `<c r="${ref}" ${style}><f>${esc(v.formula)}</f><v>${v.value}</v></c>`;
		else
			cell = `<c r="${ref}" ${style}${v.t ? ` t="${v.t}"` : ''}>${v.raw}</c>`;
		this.xml = this.xml.slice(0, m.index) + cell + this.xml.slice(m.index + m[0].length);
		return this;
	}

	bytes() {
		return Buffer.from(zipSync({ ...this.files, [SHEET]: strToU8(this.xml) }));
	}
}

/* A zip whose sheet part inflates to `mb` megabytes (a zip bomb). */
function zipBomb(template, mb = 40) {
	const files = unzipSync(new Uint8Array(template));
	const pad = new Uint8Array(mb * 1024 * 1024).fill(0x20);
	return Buffer.from(zipSync({ ...files, [SHEET]: pad }, { level: 9 }));
}

/* The template with a sheet of n empty rows (10^6: past xlsxread's limit). */
function manyRows(template, n = 1000000) {
	const files = unzipSync(new Uint8Array(template));
	const rows = [];
	for (let i = 1; i <= n; i++)
		rows.push(`<row r="${i}"/>`);
	const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
	    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
	    rows.join('') + '</sheetData></worksheet>';
	return Buffer.from(zipSync({ ...files, [SHEET]: strToU8(xml) }, { level: 9 }));
}

module.exports = { Book, zipBomb, manyRows };
