/**
 * The bundled presets, validated. Here (jest, the CLI, the bench) they are
 * validated as this module loads. In the add-in (webpack.config.js) the build
 * replaces this module: it validates the same documents with the same code, and
 * functions.js rebuilds the result from compact data (compact.ts), so the
 * validators stay out of it (test/bundle/compact.test.ts proves the two equal).
 */
import { loadBundled } from './bundledDocuments';
import type { Preset } from './types';

const loaded = loadBundled();
/** The presets that loaded. */
export const BUNDLED_PRESETS: readonly Preset[] = loaded.presets;
/** Errors of bundled presets that did not load (empty in a good build: the build fails on any). */
export const BUNDLED_ERRORS: readonly string[] = loaded.errors;
