/* Splitting a preset document into what the functions compute with and its prose
 * (docs/performance.md, "Bundle budget"). Pure, schema-agnostic, CommonJS, no Node
 * APIs: the build splits with it, and functions.js joins with it at load.
 *
 * splitPresetText(doc) walks the JSON in document order and moves every string of
 * TEXT_MIN_LENGTH characters or more, and every string under a prose key (a source's
 * title, url and publisher; a field's note or assumption; ai_business), into a flat
 * array, leaving the sentinel "\u0000" in its place: numbers, dates, modes, source
 * ids, tickers and names (any length) stay in the core.
 * joinPresetText(core, text) puts them back in the same order: the result is the
 * original document, key order included (test/bundle/presetText.test.ts). Without
 * the text (its script did not load), each sentinel becomes a placeholder that
 * still passes preset validation, so values never depend on the prose loading. */
'use strict';

const TEXT_MIN_LENGTH = 49;
const PROSE_KEYS = new Set(['ai_business', 'alias_note', 'assumption', 'note', 'title', 'publisher', 'url']);
const CORE_KEYS = new Set(['ticker', 'name']); // whatever their length: PRESETS() lists names without the text
const SENTINEL = '\u0000';
const PLACEHOLDER = 'source text not loaded (preset-text.js)';
const PLACEHOLDER_URL = 'https://btcai.invalid/preset-text-not-loaded';

function splitPresetText(doc) {
  const text = [];
  const walk = (x, key) => {
    if (typeof x === 'string') {
      if (x === SENTINEL) throw new Error('splitPresetText: the document already holds the sentinel string');
      if (CORE_KEYS.has(key) || (x.length < TEXT_MIN_LENGTH && !PROSE_KEYS.has(key))) return x;
      text.push(x);
      return SENTINEL;
    }
    if (Array.isArray(x)) return x.map((v) => walk(v, key));
    if (x !== null && typeof x === 'object') {
      const out = {};
      for (const k of Object.keys(x)) {
        if (k === '__proto__') throw new Error('splitPresetText: a "__proto__" key cannot round-trip through an object literal');
        out[k] = walk(x[k], k);
      }
      return out;
    }
    return x;
  };
  const core = walk(doc, '');
  return { core, text };
}

function countSentinels(x) {
  if (x === SENTINEL) return 1;
  let n = 0;
  if (Array.isArray(x)) for (const v of x) n += countSentinels(v);
  else if (x !== null && typeof x === 'object') for (const k of Object.keys(x)) n += countSentinels(x[k]);
  return n;
}

/* Never throws (it runs as functions.js loads): text that does not fit the core
 * (another build's) is ignored and the placeholders are used instead. */
function joinPresetText(core, text) {
  const fits = Array.isArray(text) && text.length === countSentinels(core) && text.every((t) => typeof t === 'string');
  let next = 0;
  const walk = (x, key) => {
    if (x === SENTINEL) return fits ? text[next++] : /url$/i.test(key) ? PLACEHOLDER_URL : PLACEHOLDER;
    if (Array.isArray(x)) return x.map((v) => walk(v, key));
    if (x !== null && typeof x === 'object') {
      const out = {};
      for (const k of Object.keys(x)) out[k] = walk(x[k], k);
      return out;
    }
    return x;
  };
  return walk(core, '');
}

module.exports = { splitPresetText, joinPresetText, TEXT_MIN_LENGTH, PROSE_KEYS, SENTINEL, PLACEHOLDER, PLACEHOLDER_URL };
