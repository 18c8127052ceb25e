/**
 * Preset schema 2 (docs/presets.md): a valid company document is accepted and
 * rebuilt; each consistency check fails once on a fixture made to break it, with
 * the message a data researcher reads; shape errors are reported with every
 * reason; schema 1 stays readable as a model-inputs-only preset.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE } from '../../src/engine/catalogue';
import { consistencyChecks, standardChecks, sourcingCounts, addMonthsIso } from '../../src/presets/checks';
import { COMPANY_FIELDS, fieldIn } from '../../src/presets/fields';
import { Preset, presetDocument, validatePreset, validatePresetDocument } from '../../src/presets/schema';
import { quarterEnd } from '../../src/presets/schema2';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'presets', 'zzmine-v2.json');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const validDoc = (): Doc => JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

function accept(doc: unknown): Preset {
  const errors: string[] = [];
  const p = validatePreset(doc, errors);
  expect(errors).toEqual([]);
  return p!;
}
function reject(doc: unknown): string[] {
  const errors: string[] = [];
  expect(validatePreset(doc, errors)).toBeUndefined();
  expect(errors.length).toBeGreaterThan(0);
  return errors;
}
const contract = (d: Doc, name: string) => d.contracts.find((c: Doc) => c.name === name).fields;

describe('the company-field catalogue', () => {
  test('a field without its own kind is a model input, and takes its unit and range from the input catalogue', () => {
    for (const f of COMPANY_FIELDS) {
      if (f.kind) continue;
      const input = CATALOGUE.find((s) => s.name === f.name);
      expect(input).toBeDefined();
      const list = f.group === 'contract' ? 'contracts' : 'fields';
      expect(fieldIn(list, f.name)!.unit).toBe(input!.unit);
    }
  });
  test('every number field has a range; names are unique within a group', () => {
    const seen = new Set<string>();
    for (const f of COMPANY_FIELDS) {
      const key = `${f.group}:${f.name}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      if (f.kind === 'number') expect(f.min! <= f.max!).toBe(true);
    }
  });
  test('decision-relevant: capacity by stage, contract terms, balance sheet, hashrate, efficiency, power price', () => {
    for (const n of ['energized_mw', 'pipeline_mw', 'hashrate_eh', 'efficiency_j_th', 'power_price_mwh', 'shares_basic', 'cash_usd', 'btc_held']) expect(fieldIn('fields', n)!.decision).toBe(true);
    for (const n of ['it_mw', 'gross_mw', 'tcv_usd', 'lease_escalator', 'lease_rate_kw_month', 'backstop_usd']) expect(fieldIn('contracts', n)!.decision).toBe(true);
    expect(fieldIn('debt', 'face_usd')!.decision).toBe(true);
    expect(fieldIn('convertibles', 'conversion_price')!.decision).toBe(true);
    for (const n of ['pue', 'uptime', 'mining_overhead', 'mining_end_date']) expect(fieldIn('fields', n)!.decision).toBe(false);
  });
  test('the tranche selector is not a field of any list', () => {
    expect(fieldIn('fields', 'tranche')).toBeUndefined();
    expect(fieldIn('contracts', 'tranche')).toBeUndefined();
  });
});

describe('a valid schema-2 preset', () => {
  test('is accepted and rebuilt: model inputs for the engine, the company with its book, sources and instruments', () => {
    const p = accept(validDoc());
    expect(p.schema).toBe(2);
    expect(p.ticker).toBe('ZZMINE');
    expect(p.aliases).toEqual(['ZZOLD']);
    // only catalogue inputs reach the engine layer
    expect(Object.keys(p.fields).sort()).toEqual(['ai_mode', 'efficiency_j_th', 'mining_overhead', 'power_mw', 'power_price_mwh']);
    const c = p.company!;
    expect(c.quarter).toBe('2025-Q4');
    expect(c.fields.energized_mw.value).toBe(600);
    expect(c.fields.mining_end_date.value).toBe('2028-12-31');
    expect(c.contracts.map((t) => t.name)).toEqual(['alpha', 'beta-jv']);
    expect(c.contracts[0].guarantor).toBe('Big Tech Co');
    expect(c.contracts[0].fields.schedule.value).toEqual([{ date: '2026-06-30', it_mw: 100 }, { date: '2026-12-31', it_mw: 100 }]);
    expect(c.sources['beta-article'].kind).toBe('press');
    expect(c.debt[0].holder).toBe('Example Bank');
    expect(Object.getPrototypeOf(c.fields)).toBeNull();
    expect(Object.getPrototypeOf(c.sources)).toBeNull();
    expect(Object.getPrototypeOf(c.contracts[0].fields)).toBeNull();
  });

  test('passes every consistency check, each with the figures it compared', () => {
    const checks = consistencyChecks(accept(validDoc()));
    expect(checks.map((c) => c.name)).toEqual(['it_mw_within_gross', 'schedule_sums_to_it_mw', 'tcv_reproduced', 'capacity_stages', 'tranches_fit_capacity', 'hashrate_implied', 'balance_sheet_dated']);
    for (const c of checks) expect(c).toMatchObject({ ok: true, failures: [] });
    const by = Object.fromEntries(checks.map((c) => [c.name, c.detail]));
    // 400 MW / 1.05 / 17.5 J/TH = 21.77 EH/s against 22 reported
    expect(by.hashrate_implied).toContain('21.77 EH/s vs reported 22');
    // 260 + 70 × 0.51 = 295.7 against 600 + 200 + 100
    expect(by.tranches_fit_capacity).toContain('295.7');
    expect(by.tranches_fit_capacity).toContain('900');
  });

  test('sourcing: 2 of 43 decision fields assumed; the press-sourced beta deal is counted as press', () => {
    // decision fields: 6 capacity + hashrate, efficiency, power price + 5 balance (shares, rsus, cash, btc, preferred, G&A = 6)
    // + alpha 9 (it, gross, schedule, term, tcv, escalator, rate, capex, backstop) + beta 7 + notes 5 + warrants 2 + debt 5 = 43
    const c = sourcingCounts(accept(validDoc()));
    expect(c).toMatchObject({ decision_fields: 43, assumed: 2, sourced_press: 7, sourced_primary: 34, sources_press: 1, sources_primary: 3 });
    expect(c.assumed_share).toBeCloseTo(2 / 43, 12);
  });

  test('round-trips through presetDocument (a saved import keeps its book)', () => {
    const p = accept(validDoc());
    const again = accept(JSON.parse(JSON.stringify(presetDocument(p))));
    expect(again).toEqual(p);
  });
});

describe('each consistency check fails once, rejecting the preset with a message that says what to fix', () => {
  const cases: [string, (d: Doc) => void, RegExp][] = [
    ['it_mw above gross_mw', (d) => (contract(d, 'alpha').gross_mw.value = 190), /contract "alpha": it_mw 200 is above gross_mw 190/],
    ['a schedule that does not sum to it_mw', (d) => (contract(d, 'alpha').schedule.value[1].it_mw = 90), /contract "alpha": the schedule's deliveries sum to 190 IT MW, not it_mw 200/],
    [
      'a starting rent that is the TCV average (escalated twice)',
      // 7e9 / 15 / 12 / 200 000 = 194.44, the flat average: escalated at 2.5 % it sums to 194.44 · 12 · 200 000 · 17.93193 = 8.368 B, 19.5 % over
      (d) => (contract(d, 'alpha').lease_rate_kw_month.value = 194.44),
      /contract "alpha": the starting rent 194.4 USD per IT kW-month, escalated 2.5 %\/yr over 15 years on 200 IT MW, sums to 8.37 B USD, 19.5 % above the TCV of 7.00 B \(allowed: 1 %\); the starting rent that reproduces it is 162.7/,
    ],
    ['a TCV deal without its escalator', (d) => delete contract(d, 'alpha').lease_escalator, /contract "alpha": a deal with tcv_usd needs lease_escalator \(on the tranche, or the company's\)/],
    ['mining above energised', (d) => ((d.fields.mining_mw.value = 650), (d.fields.hashrate_eh.value = 35)), /mining_mw 650 is above energized_mw 600/],
    ['stages above secured power', (d) => (d.fields.power_mw.value = 800), /energized_mw 600 \+ under_construction_mw 200 \+ contracted_unbuilt_mw 100 = 900 is above power_mw 800/],
    ['a hashrate the mining MW cannot produce', (d) => (d.fields.hashrate_eh.value = 40), /implies 21.77 EH\/s, 46 % below the reported hashrate_eh 40 \(allowed: 25 %\)/],
    ['a miner without its efficiency', (d) => delete d.fields.efficiency_j_th, /mining_mw is 400 but efficiency_j_th is missing/],
    ['debt dated a year before the shares', (d) => (d.debt[0].fields.face_usd.asof = '2024-12-31'), /shares_basic is dated 2025-12-31, more than 9 months after debt "beta-project-loan" face_usd \(2024-12-31\)/],
  ];
  test.each(cases)('%s', (_label, mutate, message) => {
    const d = validDoc();
    mutate(d);
    const errors = reject(d);
    expect(errors.join('\n')).toMatch(message);
    expect(errors.every((e) => e.startsWith('ZZMINE: '))).toBe(true);
  });

  test('tranches that do not fit: the exact message', () => {
    const d = validDoc();
    contract(d, 'beta-jv').gross_mw.value = 1200;
    // 260 + 1200 × 0.51 = 872 ≤ 900 still fits; 1300 × 0.51 = 663 → 923 does not
    expect(accept(d).company!.contracts[1].fields.gross_mw.value).toBe(1200);
    contract(d, 'beta-jv').gross_mw.value = 1300;
    expect(reject(d)).toContain("ZZMINE: the contracts' gross MW at ownership share sum to 923 (alpha 260 + beta-jv 1300 × 0.51 = 663), above the 900 MW energised, under construction or contracted unbuilt; a leased MW must sit in one of those stages (check gross vs IT MW and ownership shares)");
  });

  test('every failure is listed, not only the first', () => {
    const d = validDoc();
    contract(d, 'alpha').gross_mw.value = 190;
    d.fields.hashrate_eh.value = 40;
    d.fields.power_mw.value = 800;
    const errors = reject(d);
    expect(errors).toHaveLength(3);
  });

  test('a cloud deal reproduces its TCV from GPUs × rate × hours × utilization × term where the tranche gives them', () => {
    const d = validDoc();
    const f = contract(d, 'alpha');
    for (const k of ['lease_rate_kw_month', 'lease_escalator']) delete f[k];
    const src = { asof: '2025-09-15', source: 'alpha-lease' };
    // 76 000 GPUs × 2.91 USD/h × 8 760 h × 1 × 5 y = 9.687 B against a 9.7 B contract (IREN–Microsoft scale: IREN release 2025-11-03)
    Object.assign(f, { ai_mode: { value: 'cloud', ...src }, gpu_count: { value: 76000, ...src }, gpu_hour_rate: { value: 2.91, ...src }, utilization: { value: 1, ...src }, lease_term_years: { value: 5, ...src }, tcv_usd: { value: 9.7e9, ...src } });
    expect(consistencyChecks(accept(d)).find((c) => c.name === 'tcv_reproduced')!.detail).toContain('76000 GPUs × 2.91 USD/h × 8760 h × 1 × 5 y = 9.69 B vs TCV 9.70 B');
    f.gpu_hour_rate.value = 2.5;
    expect(reject(d).join('\n')).toMatch(/contract "alpha": 76000 GPUs at 2.5 USD per GPU-hour, 100 % utilized for 5 years, sum to 8.32 B USD, 14.2 % below the TCV of 9.70 B \(allowed: 1 %\); the rate that reproduces it is 2.914/);
  });

  test('a deal with no TCV and no schedule has nothing to reproduce, and says so', () => {
    const d = validDoc();
    for (const c of d.contracts) for (const k of ['tcv_usd', 'schedule']) delete c.fields[k];
    const checks = consistencyChecks(accept(d));
    expect(checks.find((c) => c.name === 'tcv_reproduced')!.detail).toBe('no contract with a TCV');
    expect(checks.find((c) => c.name === 'schedule_sums_to_it_mw')!.detail).toBe('no schedules');
  });

  test('a company that does not mine passes the hashrate check; one that reports hashrate on 0 mining MW does not', () => {
    const d = validDoc();
    d.fields.mining_mw.value = 0;
    delete d.fields.hashrate_eh;
    expect(consistencyChecks(accept(d)).find((c) => c.name === 'hashrate_implied')!.detail).toBe('no mining (mining_mw 0)');
    d.fields.hashrate_eh = { value: 5, asof: '2025-12-31', source: 'q4-2025-results' };
    expect(reject(d).join('\n')).toContain('hashrate_eh 5 EH/s with mining_mw 0');
  });

  test('balance-sheet dates: nine calendar months, month ends clamped', () => {
    expect(addMonthsIso('2025-03-31', 9)).toBe('2025-12-31');
    expect(addMonthsIso('2025-05-31', 9)).toBe('2026-02-28');
    expect(addMonthsIso('2023-05-31', 9)).toBe('2024-02-29');
    const d = validDoc();
    d.convertibles[0].fields.face_usd.asof = '2025-03-31'; // exactly 9 months before 2025-12-31: allowed
    expect(accept(d)).toBeDefined();
    d.convertibles[0].fields.conversion_price.asof = '2024-06-01'; // terms date from issue: not part of the balance sheet's date
    expect(accept(d)).toBeDefined();
    d.convertibles[0].fields.face_usd.asof = '2025-03-30';
    expect(reject(d).join('\n')).toContain('shares_basic is dated 2025-12-31, more than 9 months after convertible "notes-2030" face_usd (2025-03-30)');
  });
});

describe('shape: every reason, the document rejected whole', () => {
  const cases: [string, (d: Doc) => void, string][] = [
    ['a citation of a source that does not exist', (d) => (d.fields.energized_mw.source = '10-k-2024'), 'ZZMINE.fields.energized_mw cites source "10-k-2024", which is not in "sources" (did you mean "10-k-2025"?)'],
    ['an http source', (d) => (d.sources['10-k-2025'].url = 'http://example.com/10-k'), 'ZZMINE.sources.10-k-2025.url must be an https address (http only for localhost), got "http://example.com/10-k"'],
    ['a javascript: source', (d) => (d.sources['10-k-2025'].url = 'javascript:alert(1)'), 'ZZMINE.sources.10-k-2025.url must be an https address (http only for localhost), got "javascript:alert(1)"'],
    ['a source URL with credentials', (d) => (d.sources['10-k-2025'].url = 'https://u:p@example.com/'), 'ZZMINE.sources.10-k-2025.url must not carry a user name or password'],
    ['a source of unknown kind', (d) => (d.sources['10-k-2025'].kind = 'blog'), 'ZZMINE.sources.10-k-2025.kind was "blog"; allowed: release, filing, letter, transcript, presentation, press'],
    ['a source dated after the preset', (d) => (d.sources['10-k-2025'].date = '2026-03-01'), "ZZMINE.sources.10-k-2025.date 2026-03-01 is after the preset's asof; the preset's asof is the date of its newest document"],
    ['a field dated after the preset', (d) => (d.fields.energized_mw.asof = '2026-06-30'), "ZZMINE.fields.energized_mw.asof 2026-06-30 is after the preset's asof; the preset's asof is the date of its newest document"],
    ['a quarter that ends after the asof', (d) => (d.quarter = '2026-Q1'), 'ZZMINE.quarter 2026-Q1 ends 2026-03-31, after the preset\'s asof 2026-02-20; the quarter is the latest period the sources cover'],
    ['a quarter written wrong', (d) => (d.quarter = 'Q4 2025'), 'ZZMINE.quarter must be a calendar quarter written YYYY-Qn (e.g. "2026-Q1"), got "Q4 2025"'],
    ['aliases without the note', (d) => delete d.alias_note, 'ZZMINE.alias_note must be non-empty text'],
    ['an alias that is the ticker', (d) => (d.aliases = ['ZZMINE']), 'ZZMINE.aliases: ZZMINE is given twice or is the ticker itself'],
    ['a contract field at the top level', (d) => (d.fields.it_mw = { value: 1, asof: '2025-12-31', source: '10-k-2025' }), 'ZZMINE.fields.it_mw: "it_mw" belongs in a contract\'s fields (the "contracts" list)'],
    ['a company field in a tranche', (d) => (contract(d, 'alpha').energized_mw = { value: 1, asof: '2025-12-31', source: '10-k-2025' }), 'ZZMINE.contracts[1] "alpha".fields.energized_mw: "energized_mw" is a company field: put it in the preset\'s top-level "fields"'],
    ['the tranche selector set in a preset', (d) => (d.fields.tranche = { value: 'alpha', asof: '2025-12-31', source: '10-k-2025' }), 'ZZMINE.fields.tranche: "tranche" is chosen in a function call, not set in a preset'],
    ['a misspelt field', (d) => (d.fields.energised_mw = d.fields.energized_mw), 'ZZMINE.fields.energised_mw: unknown field (did you mean "energized_mw"?)'],
    ['a required field missing', (d) => delete d.fields.energized_mw, 'ZZMINE.fields needs "energized_mw"'],
    ['markup in an instrument name', (d) => (d.debt[0].name = '<i>loan</i>'), 'ZZMINE.debt[1] "<i>loan</i>".name must not contain < or > (no markup)'],
    ['a tranche without it_mw', (d) => delete contract(d, 'alpha').it_mw, 'ZZMINE.contracts[1] "alpha".fields needs "it_mw"'],
    ['a convertible without its conversion price', (d) => delete d.convertibles[0].fields.conversion_price, 'ZZMINE.convertibles[1] "notes-2030".fields needs "conversion_price"'],
    ['two tranches of one name', (d) => (d.contracts[1].name = 'Alpha'), 'ZZMINE.contracts[2] "Alpha": the name "Alpha" is used twice in contracts (names are compared without case)'],
    ['a tranche named "all"', (d) => (d.contracts[1].name = 'all'), 'ZZMINE.contracts[2] "all": "all" is reserved (tranche "all" means the whole book)'],
    ['a tranche name that is a number', (d) => (d.contracts[1].name = '2026'), 'ZZMINE.contracts[2].name must be a short name: a letter, then letters, digits, - or _ (up to 40), got "2026"'],
    ['a schedule out of date order', (d) => contract(d, 'alpha').schedule.value.reverse(), 'ZZMINE.contracts[1] "alpha".fields.schedule.value[2].date 2026-06-30 is before the delivery above it; list deliveries in date order'],
    ['a schedule delivery of 0 MW', (d) => (contract(d, 'alpha').schedule.value[0].it_mw = 0), 'ZZMINE.contracts[1] "alpha".fields.schedule.value[1].it_mw must be a number of IT MW above 0 and at most 100000, got 0'],
    ['a share above 1', (d) => (contract(d, 'beta-jv').ownership_share.value = 51), 'ZZMINE.contracts[2] "beta-jv".fields.ownership_share was 51; allowed: a number from 0 to 1 (share)'],
    ['a catalogue input out of range in a tranche', (d) => (contract(d, 'alpha').pue.value = 0.9), 'ZZMINE.contracts[1] "alpha".fields.pue: pue was 0.9; allowed: a number from 1 to 3 (gross MW / IT MW)'],
    ['a date field that is not a date', (d) => (d.fields.mining_end_date.value = '2028-02-30'), 'ZZMINE.fields.mining_end_date.value must be a date written YYYY-MM-DD, got "2028-02-30"'],
    ['markup in a tenant', (d) => (d.contracts[0].tenant = '<b>A</b>'), 'ZZMINE.contracts[1] "alpha".tenant must not contain < or > (no markup)'],
    ['a formula in a note', (d) => (d.fields.hashrate_eh.note = '=HYPERLINK("https://x")'), 'ZZMINE.fields.hashrate_eh.note must not start with = + - or @ (it would be read as a formula)'],
    ['a field with both source and assumption', (d) => (d.fields.hashrate_eh.assumption = 'a guess'), 'ZZMINE.fields.hashrate_eh needs exactly one of "source" (the id of a document in "sources") or "assumption" (why this figure)'],
    ['an unknown top-level key', (d) => (d.contract = []), 'ZZMINE has an unknown key "contract" (did you mean "contracts"?)'],
    ['schema 3', (d) => (d.schema = 3), 'ZZMINE: "schema" must be 2 (or 1 for a model-inputs-only preset), got 3'],
  ];
  test.each(cases)('%s', (_label, mutate, message) => {
    const d = validDoc();
    mutate(d);
    expect(reject(d)).toContain(message);
  });

  test('stages a company does not have may be left out (0), and instruments are named as their filings name them', () => {
    const d = validDoc();
    delete d.fields.contracted_unbuilt_mw;
    delete d.fields.pipeline_mw;
    d.convertibles[0].name = '2.75% convertible senior notes due 2030';
    const p = accept(d);
    expect(consistencyChecks(p).find((c) => c.name === 'tranches_fit_capacity')!.detail).toContain('≤ energised + building + contracted unbuilt 800');
    expect(p.company!.convertibles[0].name).toBe('2.75% convertible senior notes due 2030');
  });

  test('quarter ends are the calendar quarter ends', () => {
    expect(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'].map(quarterEnd)).toEqual(['2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31']);
  });

  test('an import file: two presets sharing an alias are rejected', () => {
    const a = validDoc();
    const b = validDoc();
    b.ticker = 'ZZOTHER';
    const v = validatePresetDocument([a, b]);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors).toContain('ZZOTHER: alias ZZOLD is already a ticker or alias of another preset in this file (entry 2)');
  });
});

describe('schema 1 stays readable (users hold schema-1 files, and saved workbooks store imports that way)', () => {
  const v1 = { ticker: 'OLDCO', name: 'Old Co', asof: '2025-06-30', ai_business: 'colocation', fields: { power_mw: { value: 100, asof: '2025-06-30', source: 'Old Co 10-K, 2025-06-30' } } };
  test('read as a model-inputs-only preset: no company, no aliases; "schema": 1 is the same', () => {
    for (const doc of [v1, { schema: 1, ...v1 }]) {
      const p = accept(doc);
      expect(p).toMatchObject({ schema: 1, ticker: 'OLDCO', aliases: [] });
      expect(p.company).toBeUndefined();
      expect(p.fields.power_mw.value).toBe(100);
    }
  });
  test('it is outside the bundled standard: the audit says it is schema 1', () => {
    const checks = standardChecks(accept(v1));
    expect(checks.find((c) => c.name === 'schema_2')).toMatchObject({ ok: false });
  });
  test('schema-2 keys in a schema-1 document are unknown keys, not silently dropped', () => {
    expect(reject({ ...v1, contracts: [] })).toContain('OLDCO has an unknown key "contracts"');
  });
});
