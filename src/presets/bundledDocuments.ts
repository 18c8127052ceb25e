/**
 * The company preset documents that ship in the add-in (src/presets/data), and
 * their validation: a preset that fails validation (shape, or for schema 2 the
 * consistency of its book) does not load, and `npm run build` fails on it
 * (btcai validate-bundled, which also enforces the sourcing standard:
 * checkBundledStandard below). The add-in's functions.js does not import this
 * module: the build validates the documents here and ships the result as
 * compact data (bundledPresets.ts, compact.ts).
 */
import { standardChecks } from './checks';
import { Preset, validatePreset } from './schema';
import apld from './data/apld.json';
import btdr from './data/btdr.json';
import cifr from './data/cifr.json';
import clsk from './data/clsk.json';
import corz from './data/corz.json';
import hive from './data/hive.json';
import hut from './data/hut.json';
import iren from './data/iren.json';
import keel from './data/keel.json';
import mara from './data/mara.json';
import riot from './data/riot.json';
import wulf from './data/wulf.json';

export const BUNDLED_DOCUMENTS: readonly unknown[] = [apld, btdr, cifr, clsk, corz, hive, hut, iren, keel, mara, riot, wulf];

/**
 * Transition switch, now off: every bundled preset is schema 2 and must meet the
 * whole standard (at most 25 % assumed decision fields, every consistency check),
 * or the build fails. Set it to true only to ship a schema-1 preset again (it
 * would load as model inputs only, outside the standard).
 */
export const BUNDLED_SCHEMA_1_ALLOWED = false;

/** Validates the bundled documents; returns the valid presets and the errors of the others. */
export function loadBundled(docs: readonly unknown[] = BUNDLED_DOCUMENTS): { presets: Preset[]; errors: string[] } {
  const presets: Preset[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const d of docs) {
    const e: string[] = [];
    const p = validatePreset(d, e);
    if (!p) {
      errors.push(...e);
      continue;
    }
    const taken = [p.ticker, ...p.aliases].filter((t) => seen.has(t));
    if (taken.length > 0) {
      errors.push(`${p.ticker}: ${taken.join(', ')} is already the ticker or alias of another bundled preset`);
      continue;
    }
    for (const t of [p.ticker, ...p.aliases]) seen.add(t);
    presets.push(p);
  }
  return { presets, errors };
}

/**
 * The standard of the presets that ship: every document loads (shape and
 * consistency), and each is schema 2 with at most 25 % of its decision-relevant
 * fields assumed (schema 1 passes only while `allowSchema1`). Returns every failure.
 */
export function checkBundledStandard(docs: readonly unknown[] = BUNDLED_DOCUMENTS, allowSchema1: boolean = BUNDLED_SCHEMA_1_ALLOWED): { errors: string[]; notes: string[] } {
  const { presets, errors } = loadBundled(docs);
  const notes: string[] = [];
  for (const p of presets) {
    if (p.schema === 1 && allowSchema1) {
      notes.push(`${p.ticker}: schema 1 (model inputs only), allowed during the transition; the sourcing standard applies once it is schema 2`);
      continue;
    }
    for (const c of standardChecks(p)) errors.push(...c.failures);
  }
  return { errors, notes };
}
