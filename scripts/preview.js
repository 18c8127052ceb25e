#!/usr/bin/env node
/*
 * npm run preview: the add-in without Excel. Serves dist/ and a preview page at
 * http://127.0.0.1:3000/preview.html (PORT=… to change): the task pane beside a
 * small sheet where BTCAI formulas calculate. It is a preview, not Excel.
 * Builds dist/ first when it is missing, and the page's sheet bundle every time.
 */
'use strict';
const { spawnSync } = require('child_process');
const { startServer, buildSheetBundle, distIsBuilt, ROOT } = require('./preview/server');

function ensureDist() {
  if (distIsBuilt()) return;
  process.stdout.write('dist/ is not built yet: running npm run build…\n');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

async function startPreview({ port = Number(process.env.PORT || 3000), bundle = true, log = (s) => process.stdout.write(s + '\n') } = {}) {
  ensureDist();
  if (bundle) await buildSheetBundle();
  const s = await startServer({ port });
  log(`BTCAI preview (not Excel): ${s.url}/preview.html`);
  log('  the task pane and a sheet running the built functions; Ctrl+C to stop');
  return s;
}

if (require.main === module) {
  startPreview().catch((e) => {
    const busy = e && e.code === 'EADDRINUSE';
    process.stderr.write(busy ? `port ${process.env.PORT || 3000} is in use: stop what runs there, or set PORT=…\n` : `preview failed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  });
}

module.exports = { startPreview };
