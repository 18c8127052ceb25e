#!/usr/bin/env node
/*
 * npm start: sideload the add-in into Excel desktop where Excel exists (Windows,
 * macOS), through office-addin-debugging after a build. Where it does not, say so
 * and start the local preview instead (npm run preview).
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..');

/** Where Excel desktop would be installed; the first that exists, or undefined. */
function findExcel(platform = process.platform, env = process.env, exists = fs.existsSync) {
  const candidates = [];
  if (platform === 'darwin') candidates.push('/Applications/Microsoft Excel.app');
  if (platform === 'win32') {
    for (const base of [env.ProgramFiles, env['ProgramFiles(x86)']].filter(Boolean)) {
      for (const v of ['root\\Office16', 'Office16', 'root\\Office15', 'Office15']) candidates.push(path.win32.join(base, 'Microsoft Office', v, 'EXCEL.EXE'));
    }
  }
  return candidates.find((c) => exists(c));
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status === null ? 1 : r.status;
}

function main() {
  const excel = findExcel();
  if (excel) {
    process.stdout.write(`Excel found (${excel}): building and sideloading manifest.xml into Excel desktop…\n`);
    if (run('npm', ['run', 'build']) !== 0) return 1;
    return run('npx', ['office-addin-debugging', 'start', 'manifest.xml', 'desktop']);
  }
  process.stdout.write(
    [
      'Excel is not on this machine (Excel desktop runs on Windows and macOS), so the add-in cannot be sideloaded here.',
      'Starting the local preview instead: the task pane and a small sheet running the built functions. It is a preview, not Excel.',
      '',
    ].join('\n'),
  );
  require('./preview').startPreview().catch((e) => {
    process.stderr.write(`preview failed: ${e && e.message ? e.message : e}\n`);
    process.exit(1);
  });
  return undefined;
}

if (require.main === module) {
  const code = main();
  if (code !== undefined) process.exitCode = code;
}

module.exports = { findExcel };
