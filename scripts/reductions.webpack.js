/* The add-in's webpack config as scripts/bundle-report.js measures the reductions the
 * build does not make (reductionsNotTaken; docs/performance.md, "What is left to meet
 * the budget"): the task pane bundled apart (no dependOn, so functions.js is alone in
 * its chunk and webpack concatenates its modules) and, with BTCAI_REPORT_MANGLE=1,
 * every camelCase property name mangled by terser. A measurement, not an add-in: the
 * pane then holds a second preset store, and mangling renames Office's cell-value
 * fields (basicValue, numberFormat...). */
'use strict';
const addin = require('../webpack.config.js')[0];

module.exports = (env, argv) => {
  const c = addin(env, argv);
  c.entry = { ...c.entry, taskpane: c.entry.taskpane.import };
  if (process.env.BTCAI_REPORT_MANGLE === '1') {
    c.optimization = { ...c.optimization, minimizeOptions: { javascript: { compress: { passes: 2 }, mangle: { properties: { regex: /^[a-z]+[A-Z]\w*$/ } } } } };
  }
  return c;
};
