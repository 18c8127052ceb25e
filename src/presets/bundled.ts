/**
 * The one preset store the functions read and the task pane writes (one shared
 * runtime), holding the bundled presets (bundledPresets.ts). Their documents and
 * validation are in bundledDocuments.ts.
 */
import { BUNDLED_ERRORS, BUNDLED_PRESETS } from './bundledPresets';
import { PresetStore } from './store';

export { BUNDLED_ERRORS };

/** The one store the functions read and the task pane writes (one shared runtime). */
export const store = new PresetStore(BUNDLED_PRESETS);
