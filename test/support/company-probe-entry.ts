/* One module graph for test/support/company-pretenure-probe.js (loaded with scripts/ts-run.js): the company functions' model cache and the store they read. */
export { companyModel } from '../../src/functions/companyFunctions';
export { store } from '../../src/presets/bundled';
