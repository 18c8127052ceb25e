/* What the add-in's build does to keep functions.js to the code and data the functions
 * compute with (docs/performance.md, "Bundle budget"; webpack.config.js):
 *
 * 1. The bundled presets are validated here, at build time, by the validators
 *    themselves (src/presets/bundledDocuments.ts, run through scripts/ts-run.js), and
 *    encoded as compact data (src/presets/compact.ts). The module
 *    src/presets/bundledPresets.ts becomes that data and a call to decodePresets
 *    (presetsModule), so functions.js carries no validator.
 * 2. Prose leaves the code. In the data tables of TEXT_FILES, every string literal
 *    given to a key of TEXT_PROPS in an object literal (the inputs' descriptions and
 *    bases, the company fields' and the metrics' descriptions, what each number format
 *    means) becomes a lookup
 *    (splitTableText). dist/text.js, which the runtime page (taskpane.html) loads
 *    with a blocking script before functions.js, holds the presets' prose (compact.ts
 *    says which strings) and the bases, which INPUT_SOURCE and the pane answer with;
 *    dist/help-text.js, which only the function reference (help.html) loads, holds
 *    every table text. No function and nothing in the pane reads a description, so the
 *    runtime page does not load them.
 *
 * Both scripts set globalThis.BTCAI_TEXT; each part carries a build id (a hash of its
 * text), and the add-in reads a part only when the id matches its own, else each
 * prose string reads as a placeholder that says so. Every value is the same either way. */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { loadTs } = require('./ts-run');

const root = path.resolve(__dirname, '..');
/** The data tables whose text leaves the code. */
const TEXT_FILES = ['src/engine/catalogue.ts', 'src/presets/fields.ts', 'src/engine/models.ts', 'src/engine/companyMetrics.ts', 'src/functions/formats.ts'];
/** The keys whose literals leave, and whether the runtime page needs them (text.js) or only the help page (help-text.js). */
const TEXT_PROPS = new Map([
  ['basis', 'runtime'],
  ['description', 'help'],
  ['means', 'help'], // what a number format is for (formats.ts): read by docs and tests only
]);
/** What a table text reads as where its script did not load: a basis (text.js), a description (help-text.js, the help page's only). */
const TABLE_TEXT_NOT_LOADED = { runtime: 'text not loaded (text.js)', help: 'not loaded here: see the function reference (help.html)' };

/** The string literals under TEXT_PROPS keys of object literals in `code`, in source order, with their offsets. */
function tableLiterals(code, fileName, kind) {
  const ts = require('typescript');
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.ES2020, true, kind === 'js' ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const out = [];
  const visit = (node) => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isObjectLiteralExpression(node.parent) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
      TEXT_PROPS.has(node.name.text) &&
      (ts.isStringLiteral(node.initializer) || ts.isNoSubstitutionTemplateLiteral(node.initializer))
    ) {
      out.push({ prop: node.name.text, text: node.initializer.text, start: node.initializer.getStart(sf), end: node.initializer.getEnd() });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

let memo;
/** Signature of the files a compile read: a later call reuses it while none changed. */
const signature = (files) => files.map((f) => `${f}:${fs.statSync(f).mtimeMs}:${fs.statSync(f).size}`).join('|');

/**
 * Validates and encodes the bundled presets and collects the tables' text literals.
 * Throws when a bundled preset does not validate (the build fails, as
 * btcai validate-bundled would). Memoised while the files it read are unchanged.
 */
function compile() {
  if (memo && signature(memo.files) === memo.signature) return memo.result;
  const docs = loadTs(path.join(root, 'src/presets/bundledDocuments.ts'));
  const compact = loadTs(path.join(root, 'src/presets/compact.ts'));
  const { presets, errors } = docs.exports.loadBundled();
  if (errors.length > 0) throw new Error(`bundled presets do not validate:\n- ${errors.join('\n- ')}`);
  const { shapes, data, text } = compact.exports.encodePresets(presets);
  const tables = {};
  for (const f of TEXT_FILES) tables[f] = tableLiterals(fs.readFileSync(path.join(root, f), 'utf8'), f, 'ts').map(({ prop, text: t }) => ({ prop, text: t }));
  const id = (x) => crypto.createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);
  const files = [...new Set([...docs.files, ...compact.files, ...TEXT_FILES.map((f) => path.join(root, f))])];
  const result = { compact: { shapes, data }, presetText: { build: id(text), text }, tableText: { build: id(tables), tables }, files };
  memo = { files, signature: signature(files), result };
  return result;
}

/** A JavaScript string literal of `s` in single quotes (JSON text has many double quotes). */
function quoted(s) {
  return `'${s.replace(/[\\'\n\r\u2028\u2029]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029' })[c])}'`;
}

/** The expression that yields BTCAI_TEXT's `part` when it is this build's (its id is `build`), else undefined. */
function textLookup(part, build) {
  return `(function (t) { return t && t.build === ${quoted(build)} ? t : undefined; })(typeof globalThis === 'object' && globalThis.BTCAI_TEXT ? globalThis.BTCAI_TEXT.${part} : undefined)`;
}

/** The scripts dist/text.js (the runtime page's) and dist/help-text.js (the help page's). */
function textScripts(c = compile()) {
  const tables = (pages) => ({
    build: c.tableText.build,
    tables: Object.fromEntries(Object.entries(c.tableText.tables).map(([f, list]) => [f, list.map((l) => (pages.includes(TEXT_PROPS.get(l.prop)) ? l.text : null))])),
  });
  const script = (what, body) => `/* ${what} (generated by the build: scripts/split-build.js). */\nglobalThis.BTCAI_TEXT = JSON.parse(${quoted(JSON.stringify(body))});\n`;
  return {
    text: script("BTCAI's prose for the runtime page, loaded before functions.js: the presets' sources, notes and assumptions; the inputs' bases", { presets: c.presetText, tables: tables(['runtime']) }),
    'help-text': script("BTCAI's help text for the function reference: the inputs' descriptions and bases, the company fields' and the metrics' descriptions, what each number format means", { tables: tables(['runtime', 'help']) }),
  };
}

/** The module that replaces src/presets/bundledPresets.ts in the add-in: compact data, decoded as it loads. */
function presetsModule(c = compile(), { inlineText = false } = {}) {
  const text = inlineText ? `JSON.parse(${quoted(JSON.stringify(c.presetText.text))})` : `(${textLookup('presets', c.presetText.build)} || {}).text`;
  return [
    '/* Generated by the build (scripts/split-build.js): the bundled presets, validated at build time, as compact data. */',
    "import { decodePresets } from './compact';",
    `export const BUNDLED_PRESETS = decodePresets(JSON.parse(${quoted(JSON.stringify(c.compact))}), ${text});`,
    'export const BUNDLED_ERRORS = [];',
    '',
  ].join('\n');
}

/**
 * `code` (a TEXT_FILES module as ts-loader emitted it) with each text literal replaced
 * by a lookup into the page's text script (text.js or help-text.js); undefined when its
 * literals are not the ones the text was made from (a file edited since: the module
 * then keeps its text inline).
 */
function splitTableText(code, file, c = compile()) {
  const want = c.tableText.tables[file];
  const found = tableLiterals(code, file, 'js');
  if (!want || found.length !== want.length || found.some((l, i) => l.text !== want[i].text || l.prop !== want[i].prop)) return undefined;
  let out = '';
  let at = 0;
  found.forEach((l, i) => {
    out += `${code.slice(at, l.start)}__btcaiText(${i}${TEXT_PROPS.get(l.prop) === 'help' ? ', 1' : ''})`;
    at = l.end;
  });
  out += code.slice(at);
  const prelude = `var __btcaiText = (function (t) { return function (k, help) { return t && typeof t[k] === 'string' ? t[k] : help ? ${quoted(TABLE_TEXT_NOT_LOADED.help)} : ${quoted(TABLE_TEXT_NOT_LOADED.runtime)}; }; })((${textLookup('tables', c.tableText.build)} || { tables: {} }).tables[${quoted(file)}]);\n`;
  return prelude + out;
}

module.exports = { TEXT_FILES, TEXT_PROPS, TABLE_TEXT_NOT_LOADED, compile, textScripts, presetsModule, splitTableText, tableLiterals, root };
