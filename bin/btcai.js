#!/usr/bin/env node
// BTCAI's command-line interface. It runs the built bundle (dist/cli.js, which
// reads dist/functions.json); on a fresh clone it builds once first.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const built = ['cli.js', 'functions.json'].every((f) => fs.existsSync(path.join(dist, f)));
if (!built) {
  process.stderr.write('btcai: dist/ is not built yet; running "npm run build" once…\n');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 2, 2], shell: process.platform === 'win32' });
  if (r.status !== 0) {
    process.stderr.write('btcai: the build failed; run "npm ci && npm run build" and try again\n');
    process.exit(2);
  }
}
process.exitCode = require(path.join(dist, 'cli.js')).main(process.argv.slice(2));
