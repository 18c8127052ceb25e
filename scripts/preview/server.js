/*
 * The local server behind `npm run preview` and the browser tests: a small static
 * server on 127.0.0.1 (never another interface) for
 *   /                       → dist/ (the built add-in, as Excel would load it)
 *   /preview.html           → the preview page (scripts/preview/preview.html)
 *   /preview-taskpane.html  → dist/taskpane.html with the CustomFunctions stand-in and the
 *                             preview's Office/Excel stand-in (office-standin.js) in place of
 *                             office.js: the pane's workbook actions run on the preview's sheets
 *   /preview/*              → scripts/preview/*
 *   /vendor/office-js/*     → node_modules/@microsoft/office-js/dist/* (Microsoft's office.js)
 *   /vendor/hyperformula.js → HyperFormula's UMD build (dev dependency, GPL-3.0)
 *   /build/*                → build/preview/* (sheet.js, bundled here by webpack)
 * plus any extra mounts a caller passes (the browser tests mount test/browser/).
 */
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');
const BUILD = path.join(ROOT, 'build', 'preview');
const OFFICE_JS_DIR = path.join(ROOT, 'node_modules', '@microsoft', 'office-js', 'dist');
const HYPERFORMULA_UMD = path.join(ROOT, 'node_modules', 'hyperformula', 'dist', 'hyperformula.full.min.js');
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The file under `dir` that `rel` names, or undefined when it escapes `dir` or does not exist. */
function fileUnder(dir, rel) {
  const file = path.resolve(dir, '.' + path.posix.normalize('/' + rel));
  if (file !== dir && !file.startsWith(dir + path.sep)) return undefined;
  try {
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** dist/taskpane.html as the preview serves it: the stand-ins for CustomFunctions and for Office/Excel instead of office.js. */
function previewTaskpaneHtml() {
  const html = fs.readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
  const local = '<script src="/preview/custom-functions-stub.js"></script><script src="/preview/office-standin.js"></script>';
  const tag = /<script[^>]*\ssrc=["']?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js["']?[^>]*>\s*<\/script>/;
  if (tag.test(html)) return html.replace(tag, local);
  return html.replace('</head>', `${local}</head>`);
}

/**
 * Starts the server. mounts: extra [urlPrefix, directory] pairs tried first.
 * Resolves to { server, port, url, close() }.
 */
function startServer({ port = 0, mounts = [] } = {}) {
  const table = [
    ...mounts.map(([prefix, dir]) => [prefix, path.resolve(dir)]),
    ['/vendor/office-js/', OFFICE_JS_DIR],
    ['/build/', BUILD],
    ['/preview/', __dirname],
    ['/', DIST],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    const send = (status, body, type) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', 'text/plain');
    if (p === '/favicon.ico') {
      res.writeHead(204);
      return res.end();
    }
    if (p === '/') {
      res.writeHead(302, { Location: '/preview.html' });
      return res.end();
    }
    try {
      if (p === '/preview.html') return send(200, fs.readFileSync(path.join(__dirname, 'preview.html')), TYPES['.html']);
      if (p === '/preview-taskpane.html') return send(200, previewTaskpaneHtml(), TYPES['.html']);
      if (p === '/vendor/hyperformula.js') return send(200, fs.readFileSync(HYPERFORMULA_UMD), TYPES['.js']);
    } catch (e) {
      return send(500, String(e && e.message), 'text/plain');
    }
    for (const [prefix, dir] of table) {
      if (!p.startsWith(prefix)) continue;
      const file = fileUnder(dir, p.slice(prefix.length));
      if (file) return send(200, fs.readFileSync(file), TYPES[path.extname(file)] || 'application/octet-stream');
    }
    send(404, `not found: ${p}`, 'text/plain');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolve({ server, port: actual, url: `http://127.0.0.1:${actual}`, close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections(); // browsers keep connections alive; close would wait for them
          }),
      });
    });
  });
}

/**
 * Bundles scripts/preview/sheet.ts (host, formula parser, calculation engine glue,
 * Excel stand-in, grid, charts) into build/preview/sheet.js; with `testOnly`, also
 * test/browser/testOnly.ts (a card-returning function and the pane's pieces, for the browser tests).
 */
function buildSheetBundle({ testOnly = false } = {}) {
  const webpack = require('webpack');
  const config = {
    mode: 'development',
    devtool: false,
    target: 'web',
    context: ROOT,
    entry: { sheet: './scripts/preview/sheet.ts', ...(testOnly ? { testonly: './test/browser/testOnly.ts' } : {}) },
    output: { path: BUILD, filename: '[name].js' },
    resolve: {
      extensions: ['.ts', '.js'],
      // office-addin-mock (behind the Excel stand-in) imports office-addin-manifest for one enum only
      alias: { 'office-addin-manifest$': path.join(ROOT, 'test', 'stubs', 'office-addin-manifest.js') },
    },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2020', moduleResolution: 'node', sourceMap: false } } } }],
    },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  };
  return new Promise((resolve, reject) =>
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(path.join(BUILD, 'sheet.js'));
    }),
  );
}

/** True when dist/ holds what the pages need. */
function distIsBuilt() {
  return ['text.js', 'functions.js', 'functions.json', 'taskpane.html', 'taskpane.js', 'help.html', 'help-text.js', 'cli.js'].every((f) => fs.existsSync(path.join(DIST, f)));
}

module.exports = { startServer, buildSheetBundle, distIsBuilt, ROOT, DIST, OFFICE_JS_DIR, HYPERFORMULA_UMD, OFFICE_CDN };
