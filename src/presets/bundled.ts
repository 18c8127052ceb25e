/**
 * The company presets that ship in the add-in, validated as they load: a preset
 * that fails validation does not load (and `npm run build` fails on it first).
 */
import { Preset, validatePreset } from './schema';
import { PresetStore } from './store';
import apld from './data/apld.json';
import bitf from './data/bitf.json';
import btdr from './data/btdr.json';
import cifr from './data/cifr.json';
import clsk from './data/clsk.json';
import corz from './data/corz.json';
import hive from './data/hive.json';
import hut from './data/hut.json';
import iren from './data/iren.json';
import mara from './data/mara.json';
import riot from './data/riot.json';
import wulf from './data/wulf.json';

export const BUNDLED_DOCUMENTS: readonly unknown[] = [apld, bitf, btdr, cifr, clsk, corz, hive, hut, iren, mara, riot, wulf];

/** Validates the bundled documents; returns the valid presets and the errors of the others. */
export function loadBundled(docs: readonly unknown[] = BUNDLED_DOCUMENTS): { presets: Preset[]; errors: string[] } {
  const presets: Preset[] = [];
  const errors: string[] = [];
  for (const d of docs) {
    const e: string[] = [];
    const p = validatePreset(d, e);
    if (p) presets.push(p);
    else errors.push(...e);
  }
  return { presets, errors };
}

const loaded = loadBundled();
/** Errors of bundled presets that did not load (empty in a good build). */
export const BUNDLED_ERRORS: readonly string[] = loaded.errors;

/** The one store the functions read and the task pane writes (one shared runtime). */
export const store = new PresetStore(loaded.presets);
