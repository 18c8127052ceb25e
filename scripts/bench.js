#!/usr/bin/env node
/* npm run bench: builds dist/ if it is missing (bundle sizes are measured there),
 * builds the benchmark with webpack.bench.js and runs it. Not part of npm test. */
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

if (!fs.existsSync(path.join(root, 'dist', 'functions.js')) || !fs.existsSync(path.join(root, 'dist', 'taskpane.js'))) {
  console.log('dist/ is missing: npm run build');
  run('npm run build');
}
run('npx webpack --config webpack.bench.js --no-stats');
run('node build/bench.js');
