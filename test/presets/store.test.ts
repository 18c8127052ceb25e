/**
 * resolve with overrides re-applies only the derived defaults that follow the
 * overridden names to the cached inputs: field for field, that is every rule
 * applied afresh (the reference below). The store's shortcut for a company's
 * tranches (resolveTranche, what COMPANY and COMPS resolve every tranche of a book
 * with) gives the inputs resolve gives with `tranche` added to the overrides.
 */
import * as fc from 'fast-check';
import { CATALOGUE, DERIVED_SPECS, Inputs, applyDerivedDefaults } from '../../src/engine/catalogue';
import { store } from '../../src/presets/bundled';
import { WHOLE_BOOK_TRANCHE, trancheLayer } from '../../src/presets/companyData';

const books = store
  .tickers()
  .map((t) => ({ ticker: t, tranches: (store.preset(t)?.company?.contracts ?? []).map((c) => c.name) }))
  .filter((b) => b.tranches.length > 0);

/** The inputs the derived defaults read and write, tax_rate, and a few more: the overrides a property run draws from. */
const NAMES = [
  ...new Set([...DERIVED_SPECS.flatMap((s) => [s.name, s.derived!.from, ...(s.derived!.per ? [s.derived!.per] : [])]), 'tax_rate', 'btc_price', 'build_months', 'valuation_date', 'credit_spread', 'pue']),
].filter((n) => CATALOGUE.some((s) => s.name === n && s.kind !== 'choice'));

const overridesArb = fc.uniqueArray(
  fc.constantFrom(...NAMES).chain((name) => {
    const s = CATALOGUE.find((c) => c.name === name)!;
    const value = s.integer || name === 'valuation_date' ? fc.integer({ min: Math.ceil(s.min!), max: Math.floor(s.max!) }) : fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true });
    return value.map((v) => [name, v] as const);
  }),
  { selector: ([n]) => n, minLength: 0, maxLength: 5 },
);

describe('resolveTranche = resolve with the tranche among the overrides', () => {
  test('the companies with a contract book are there', () => expect(books.length).toBeGreaterThanOrEqual(5));

  test.each(books.map((b) => [b.ticker, b] as const))('%s: no overrides, a tax rate, each derived default overridden', (_, b) => {
    const cases: [string, number][][] = [[], [['tax_rate', 0.3]], ...DERIVED_SPECS.map((s): [string, number][] => [[s.name, CATALOGUE.find((c) => c.name === s.name)!.min!]])];
    for (const name of b.tranches) {
      for (const ov of cases) {
        const overrides = new Map<string, number | string>(ov);
        expect(store.resolveTranche(b.ticker, name, overrides)).toEqual(store.resolve(b.ticker, new Map([...overrides, ['tranche', name]])));
      }
    }
  });

  test('random overrides of the inputs the derived defaults read and write (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...books), fc.nat(), overridesArb, (b, i, ov) => {
        const name = b.tranches[i % b.tranches.length];
        const overrides = new Map<string, number | string>(ov);
        expect(store.resolveTranche(b.ticker, name, overrides)).toEqual(store.resolve(b.ticker, new Map([...overrides, ['tranche', name]])));
      }),
      { seed: 1405, numRuns: 400 },
    );
  });

  test('overrides that choose the whole book: the tranche replaces the choice, as resolve takes it', () => {
    const b = books[0];
    const overrides = new Map<string, number | string>([['tranche', WHOLE_BOOK_TRANCHE], ['tax_rate', 0.25]]);
    expect(store.resolveTranche(b.ticker, b.tranches[0], overrides)).toEqual(store.resolve(b.ticker, new Map<string, number | string>([['tranche', b.tranches[0]], ['tax_rate', 0.25]])));
  });
});

/**
 * The reference: the inputs without overrides (which resolve caches, every rule
 * applied), the overrides written in, then every derived default applied again
 * where the input is not set by the preset, the tranche or an override.
 */
function reference(ticker: string, tranche: string | undefined, overrides: Map<string, number | string>): Inputs {
  const chosen = tranche === undefined ? null : new Map<string, number | string>([['tranche', tranche]]);
  const out = { ...(store.resolve(ticker, chosen) as Inputs) };
  for (const [k, v] of overrides) out[k] = v;
  const p = store.preset(ticker);
  const t = tranche === undefined ? undefined : p?.company?.contracts.find((c) => c.name === tranche);
  const set = new Set<string>([...Object.keys(p?.fields ?? {}), ...(p && t ? trancheLayer(p, t).values.keys() : []), ...overrides.keys()]);
  applyDerivedDefaults(out, (n) => set.has(n), store.resolve('', null) as Inputs);
  return out;
}

describe('resolve with overrides = every derived default applied afresh', () => {
  const sites = [{ ticker: '', tranches: [] as string[] }, ...store.tickers().map((t) => ({ ticker: t, tranches: (store.preset(t)?.company?.contracts ?? []).map((c) => c.name) }))];

  test('random overrides on every site, the whole book or a tranche (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...sites), fc.nat(), overridesArb, (site, i, ov) => {
        const tranche = site.tranches.length > 0 && i % 3 > 0 ? site.tranches[i % site.tranches.length] : undefined;
        const overrides = new Map<string, number | string>(ov);
        const withTranche = tranche === undefined ? overrides : new Map<string, number | string>([...overrides, ['tranche', tranche]]);
        expect(store.resolve(site.ticker, withTranche)).toEqual(reference(site.ticker, tranche, overrides));
      }),
      { seed: 20261127, numRuns: 600 },
    );
  });

  test('each derived default and each input it reads overridden alone, on every site', () => {
    for (const site of sites) {
      for (const spec of DERIVED_SPECS) {
        for (const name of [spec.name, spec.derived!.from, ...(spec.derived!.per ? [spec.derived!.per] : [])]) {
          const s = CATALOGUE.find((c) => c.name === name)!;
          if (s.kind === 'choice') continue;
          const overrides = new Map<string, number | string>([[name, (s.min! + s.max!) / 7]]);
          expect(store.resolve(site.ticker, overrides)).toEqual(reference(site.ticker, undefined, overrides));
        }
      }
    }
  });
});
