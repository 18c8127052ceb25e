/* Webpack loader of the add-in's build (webpack.config.js; scripts/split-build.js):
 * option part "presets" turns src/presets/bundledPresets.ts into the bundled presets,
 * validated at build time, as compact data; part "tables" (after ts-loader) turns
 * each text literal of a data table into a lookup into dist/text.js or help-text.js.
 * `builds` are the build ids of the text scripts the build wrote; when the sources
 * changed since (watch mode), the module keeps its text inline instead, with a
 * warning: the add-in is then right, only larger. */
'use strict';
const path = require('path');
const split = require('./split-build');

module.exports = function splitLoader(source) {
  const { part, builds } = this.getOptions();
  const c = split.compile();
  for (const f of c.files) this.addDependency(f);
  if (part === 'presets') {
    const stale = c.presetText.build !== builds.presets;
    if (stale) this.emitWarning(new Error('text.js was written for other presets (restart the build): the presets keep their prose inline'));
    return split.presetsModule(c, { inlineText: stale });
  }
  const file = path.relative(split.root, this.resourcePath).split(path.sep).join('/');
  const out = c.tableText.build === builds.tables ? split.splitTableText(source, file, c) : undefined;
  if (out === undefined) this.emitWarning(new Error(`${file}: its text is not the one text.js was written with (restart the build): kept inline`));
  return out ?? source;
};
