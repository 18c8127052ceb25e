/**
 * The function reference (help.html): every function of functions.json (fetched
 * same-origin) with its arguments and metrics, each under an anchor named after
 * the function (the functions' @helpurl is help.html#NAME), and a table of every
 * input of the catalogue. Works in any browser; Office is not needed.
 */
import { el, textTable } from './dom';
import { FunctionHelp, functionHelp, inputHelp } from './helpModel';
import { applyStyle } from './style';

function functionSection(f: FunctionHelp): HTMLElement {
  return el(
    'section',
    { id: f.id },
    el('h2', {}, f.name),
    el('p', {}, el('code', {}, f.signature)),
    el('p', {}, f.description),
    f.params.length
      ? textTable(['argument', 'description', 'unit'], f.params.map((p) => [`${p.name}${p.optional ? ' (optional)' : ''}${p.repeating ? ' (repeating)' : ''}`, p.description, p.unit]))
      : el('p', { class: 'muted' }, 'No arguments.'),
    f.metrics.length ? el('h3', {}, 'Metrics') : null,
    f.metrics.length ? textTable(['metric', 'unit', 'description'], f.metrics.map((m) => [`${m.name}${m.isDefault ? ' (default)' : ''}`, m.unit, m.description])) : null,
    el('p', { class: 'muted' }, `Returns ${f.returns}.`),
  );
}

function inputsSection(): HTMLElement {
  return el(
    'section',
    { id: 'inputs' },
    el('h2', {}, 'Inputs'),
    el('p', {}, 'Every model input: the names accepted as overrides ("name", value pairs or a two-column range), by INPUT() and PRESET(), and in the BTCAI_Presets table. A value comes from the first of: an override, the workbook\'s preset table, the company preset, the market default below.'),
    textTable(['name', 'unit', 'default', 'allowed', 'description', 'basis of the default'], inputHelp().map((r) => [r.name, r.unit, r.default, r.range, r.description, r.basis]), [2]),
  );
}

const ERRORS: [string, string][] = [
  ['#N/A', 'Unknown ticker (the message lists the tickers), or a required value is missing.'],
  ['#VALUE!', 'An argument or override is not allowed: the message names it, the value given and the allowed range, or suggests the closest name.'],
  ['#NUM!', 'The result does not exist: a ratio over a loss, an IRR that does not converge, a payback never reached.'],
];

async function main(): Promise<void> {
  applyStyle(document);
  const app = document.getElementById('help');
  if (!app) return;
  let fns: FunctionHelp[] = [];
  let problem = '';
  try {
    const res = await fetch('functions.json', { credentials: 'same-origin' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    fns = functionHelp(await res.json());
  } catch (e) {
    problem = `The function list (functions.json) could not be loaded: ${e instanceof Error ? e.message : String(e)}. The inputs below are still complete.`;
  }
  app.replaceChildren(
    el('h1', {}, 'BTCAI function reference'),
    el('p', {}, 'Type =BTCAI.NAME(…) in a cell. Model functions take (ticker, [metric], [overrides…]); "" or an omitted ticker is a generic 1 MW site on market defaults.'),
    problem ? el('p', { class: 'status bad', role: 'alert' }, problem) : '',
    fns.length ? el('nav', { 'aria-label': 'Functions' }, el('p', {}, ...fns.flatMap((f, i) => [i ? ' · ' : '', el('a', { href: `#${f.id}` }, f.name)]), ' · ', el('a', { href: '#inputs' }, 'Inputs'), ' · ', el('a', { href: '#errors' }, 'Errors'))) : '',
    ...fns.map(functionSection),
    el('section', { id: 'errors' }, el('h2', {}, 'Errors'), textTable(['error', 'when'], ERRORS)),
    inputsSection(),
  );
  const id = decodeURIComponent(location.hash.slice(1));
  if (id) document.getElementById(id)?.scrollIntoView();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main());
else void main();
