#!/usr/bin/env node
/*
 * Browser tests (npm run test:browser): the BUILT add-in in headless Chromium, no Excel.
 *   1. functions.js with Microsoft's real office.js registers exactly the ids in
 *      functions.json; a stand-in for Excel's function host calls each of them and
 *      gets what `btcai eval --json` gets for the same formulas (values, tables, errors).
 *   2. A workbook (test/fixtures/workbook.json) recalculated by HyperFormula hosting the
 *      registered functions: every cell equals its expected value, and changing an
 *      input changes its dependants.
 *   3. The task pane (dist/taskpane.html): preset list, detail with sources, function
 *      reference; screenshot in test-artifacts/taskpane.png.
 *   4. The preview (npm run preview): typing =BTCAI.HASH_VS_LEASE("RIOT") shows a number.
 * Exits 1 when any check fails, printing what failed; ends with "N passed, N failed".
 * Chromium: /usr/bin/chromium (Debian: apt-get install chromium) or CHROME_PATH.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.join(__dirname, '..', '..');
const { startServer, buildSheetBundle, distIsBuilt, OFFICE_JS_DIR } = require('../../scripts/preview/server');
const { startPreview } = require('../../scripts/preview');

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];
const OFFICE_CDN_PREFIX = 'https://appsforoffice.microsoft.com/';
const STUB = path.join(ROOT, 'scripts', 'preview', 'custom-functions-stub.js');
const TIME_LIMIT_MS = 170_000;

// ---------------------------------------------------------------------------------
// A tiny harness: named checks, each passes or fails with a reason.

const results = [];
async function check(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    process.stdout.write(`ok     ${name} (${Date.now() - t} ms)\n`);
  } catch (e) {
    results.push({ name, ok: false });
    process.stdout.write(`FAIL   ${name}\n       ${String(e && e.message ? e.message : e).split('\n').join('\n       ')}\n`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
const show = (x) => JSON.stringify(x, null, 0).slice(0, 400);

/**
 * The same outcome: errors (code and message), strings and booleans exactly; numbers to
 * 1e-12 relative, since Chromium's and Node's JavaScript engines may differ in the last
 * bit of Math.exp/Math.pow (Excel itself runs the functions in yet another engine).
 */
function sameOutcome(a, b) {
  const same = (x, y) => (typeof x === 'number' && typeof y === 'number' ? x === y || close(x, y) : x === y);
  if ('error' in a || 'error' in b) return a.error === b.error && a.message === b.message;
  const va = a.value;
  const vb = b.value;
  if (!Array.isArray(va) || !Array.isArray(vb)) return !Array.isArray(va) && !Array.isArray(vb) && same(va, vb);
  return va.length === vb.length && va.every((row, i) => row.length === vb[i].length && row.every((x, j) => same(x, vb[i][j])));
}

/** Relative closeness for numbers computed along different paths (worked figures). */
function close(actual, expected, rel = 1e-12) {
  return typeof actual === 'number' && Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected));
}

// ---------------------------------------------------------------------------------
// The CLI, as a user runs it: node bin/btcai.js eval --json "<formula>".

function cliEval(formula) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [path.join(ROOT, 'bin', 'btcai.js'), 'eval', '--json', formula], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      try {
        resolve({ code, json: JSON.parse(out) });
      } catch {
        reject(new Error(`btcai eval --json ${formula}: exit ${code}, not JSON: ${out} ${err}`));
      }
    });
  });
}

/** Runs the CLI over many formulas, a few at a time. */
async function cliEvalAll(formulas, concurrency = 4) {
  const out = new Array(formulas.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < formulas.length) {
        const k = next++;
        out[k] = await cliEval(formulas[k]);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------

function ensureBuilt() {
  if (distIsBuilt()) return;
  process.stdout.write('dist/ is missing: running npm run build…\n');
  const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

function chromiumOrExit() {
  if (fs.existsSync(CHROME)) return;
  process.stderr.write(
    `Chromium is not at ${CHROME}.\n` +
      'Install it (Debian/Ubuntu, as root): apt-get install -y chromium\n' +
      'or point CHROME_PATH at a Chromium or Chrome binary, e.g. CHROME_PATH=/usr/bin/google-chrome npm run test:browser\n' +
      '(npx playwright install does not work here: its browser download is not reachable)\n',
  );
  process.exit(1);
}

/** Answers the Office CDN from the office.js that npm installed; blocks every other outside address. */
async function routeOffline(context, external) {
  await context.route(
    (url) => url.href.startsWith(OFFICE_CDN_PREFIX),
    async (route) => {
      const rel = new URL(route.request().url()).pathname.replace(/^\/lib\/1\/hosted\//, '');
      const file = path.resolve(OFFICE_JS_DIR, '.' + path.posix.normalize('/' + rel));
      if (file.startsWith(OFFICE_JS_DIR + path.sep) && fs.existsSync(file)) return route.fulfill({ path: file, contentType: 'text/javascript; charset=utf-8' });
      return route.fulfill({ status: 404, body: 'not in @microsoft/office-js/dist' });
    },
  );
  await context.route(
    (url) => !url.href.startsWith(OFFICE_CDN_PREFIX) && url.hostname !== '127.0.0.1' && /^https?:/.test(url.protocol),
    (route) => {
      external.push(route.request().url());
      return route.abort();
    },
  );
}

function fillTemplate(template, cells) {
  return template.replace(/\{([A-Z]+\d+)\}/g, (_, a1) => {
    const v = cells[a1];
    return typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : String(v);
  });
}

/** Expected workbook values from the CLI and worked figures, for the given inputs. */
async function expectedWorkbook(fixture, inputs) {
  const cells = { ...fixture.cells, ...inputs };
  const entries = Object.entries(fixture.cli);
  const cli = await cliEvalAll(entries.map(([, t]) => fillTemplate(t, cells)));
  const byCell = Object.fromEntries(entries.map(([a1], k) => [a1, cli[k].json]));
  const n = (a1) => cells[a1];
  // MODEL.md: hashprice = 144 · (subsidy + fees) · btc_price / (network_EH · 1000)  (worked: 41.30 at 100 000, 1 100, 0.03, 3.125)
  const hashprice = (price) => (144 * (n('B4') + n('B3')) * price) / (n('B2') * 1000);
  const c4 = byCell.C4.value;
  const r = n('B9');
  return {
    cli: byCell,
    worked: {
      C1: hashprice(n('B1')),
      // MODEL.md mining: hashrate = 1e6 / J/TH-at-meter / 1000 PH/s; revenue = hashrate · hashprice · 365 · uptime · (1 − pool fee);
      // breakeven power price = revenue / (8 760 · uptime) (opex 0)
      C2: ((1e6 / (n('B5') * 1.05) / 1000) * hashprice(n('B1')) * 365 * 0.95 * (1 - 0.02)) / (8760 * 0.95),
      // MODEL.md colo: IT MW = 1 / pue; revenue = IT MW · 1000 · rate · 12 · occupancy (worked: 1 440 000 at 150 USD/kW-mo)
      C3: (1 / 1.25) * 1000 * n('B7') * 12 * 1,
      // Excel SUM; Excel NPV(rate, v1…vn) = Σ v_i / (1 + rate)^i, i = 1…n (Microsoft's NPV documentation)
      C7: (1 / 1.25) * 1000 * n('B7') * 12 + c4,
      C8: c4 / (1 + r) + c4 / (1 + r) ** 2 + c4 / (1 + r) ** 3,
      // IFERROR on the #VALUE! a negative BTC price gets
      C10: -1,
      // hashprice is linear in the BTC price
      C11: 2,
      // MODEL.md: hashprice = hashvalue · btc_price (the _xldudf_ form Excel saves custom functions in)
      C12: hashprice(n('B1')),
    },
  };
}

/** Compares the page's workbook values with the expectations; returns the mismatches. */
function compareWorkbook(values, expected, fixture) {
  const bad = [];
  for (const [a1, want] of Object.entries(expected.worked)) {
    const got = values[a1];
    if (!got || !('value' in got) || !close(got.value, want)) bad.push(`${a1} ${fixture.cells[a1]}: got ${show(got)}, expected ${want}`);
  }
  for (const [a1, want] of Object.entries(expected.cli)) {
    if (a1 === 'E1') {
      // a spilled table: E1 and the cells right of and below it
      const rows = want.value;
      for (let i = 0; i < rows.length; i++)
        for (let j = 0; j < rows[i].length; j++) {
          const cell = String.fromCharCode(69 + j) + (i + 1);
          const got = values[cell];
          if (!got || !('value' in got) || got.value !== rows[i][j]) bad.push(`${cell} (spill of E1 ${fixture.cells.E1}): got ${show(got)}, expected ${show(rows[i][j])}`);
        }
      continue;
    }
    const got = values[a1];
    const same = 'error' in want ? got && got.error === want.error && got.message === want.message : got && 'value' in got && got.value === want.value;
    if (!same) bad.push(`${a1} ${fixture.cells[a1]}: got ${show(got)}, expected (btcai eval) ${show(want)}`);
  }
  return bad;
}

async function main() {
  const started = Date.now();
  const watchdog = setTimeout(() => {
    process.stdout.write(`FAIL   the browser tests did not finish within ${TIME_LIMIT_MS / 1000} s\n`);
    process.exit(1);
  }, TIME_LIMIT_MS);
  watchdog.unref();

  chromiumOrExit();
  ensureBuilt();
  await buildSheetBundle();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const metadata = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'functions.json'), 'utf8'));
  const ids = metadata.functions.map((f) => f.id);
  const formulaFixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'browser-formulas.json'), 'utf8'));
  const workbook = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'workbook.json'), 'utf8'));

  const server = await startServer({ port: 0, mounts: [['/__test/', __dirname]] });
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROME, args: CHROME_ARGS });
  const external = [];
  const pageErrors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await routeOffline(context, external);
    // Excel's shared runtime provides CustomFunctions before functions.js runs: the recording stand-in
    await context.addInitScript({ path: STUB });

    // ---- 1. registration and calls ----------------------------------------------------
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`functions page: ${e.message}`));
    await page.goto(`${server.url}/__test/functions.html`);
    await page.waitForFunction(() => window.__officeReady !== null && window.BtcaiSheet, null, { timeout: 20_000 });

    await check("Microsoft's office.js loads outside Office (Office.onReady resolves with host null)", async () => {
      const info = await page.evaluate(() => window.__officeReady);
      assert(info.host === null, `Office.onReady gave ${show(info)}`);
    });

    await check('functions.js registers exactly the ids in functions.json via CustomFunctions.associate', async () => {
      const order = await page.evaluate(() => window.__btcaiRegistered.order);
      const missing = ids.filter((id) => !order.includes(id));
      const extra = order.filter((id) => !ids.includes(id));
      const dup = order.filter((id, k) => order.indexOf(id) !== k);
      assert(ids.length > 0, 'functions.json lists no functions');
      assert(!missing.length && !extra.length && !dup.length, `missing ${show(missing)}, not in functions.json ${show(extra)}, registered twice ${show(dup)}`);
    });

    // every registered function is called at least once: ids without a listed formula get one
    const formulas = [...formulaFixture.formulas];
    for (const f of metadata.functions) {
      if (formulas.some((x) => new RegExp(`BTCAI\\.${f.name}\\(`).test(x))) continue;
      const args = f.parameters.filter((p) => !p.optional && !p.repeating).map((p) => (p.name === 'ticker' ? '"RIOT"' : ''));
      formulas.push(`=BTCAI.${f.name}(${args.join(',')})`);
    }

    await check(`each function, called as Excel calls it, gives what btcai eval --json gives (${formulas.length} formulas)`, async () => {
      const [browserOut, cliOut] = await Promise.all([
        page.evaluate(
          ({ formulas, metadata }) => {
            const S = window.BtcaiSheet;
            const wrong = [];
            const byId = {};
            // what escapes a function must be a CustomFunctions.Error, and results finite
            for (const [id, fn] of Object.entries(window.__btcaiRegistered.byId)) {
              byId[id] = function (...args) {
                let r;
                try {
                  r = fn(...args);
                } catch (e) {
                  if (!(e instanceof window.CustomFunctions.Error)) wrong.push(`${id} threw ${e && e.constructor && e.constructor.name}: ${e && e.message}`);
                  else if (!/^#/.test(e.code)) wrong.push(`${id} threw CustomFunctions.Error with code ${e.code}`);
                  throw e;
                }
                const cells = Array.isArray(r) ? r.flat() : [r];
                for (const c of cells) if (typeof c === 'number' && !Number.isFinite(c)) wrong.push(`${id} returned ${c}`);
                if (cells.some((c) => c === undefined || (typeof c === 'object' && c !== null))) wrong.push(`${id} returned a non-value ${JSON.stringify(r).slice(0, 100)}`);
                return r;
              };
            }
            const host = S.hostFromRegistered(metadata, { order: Object.keys(byId), byId });
            const out = formulas.map((f) => S.evalFormula(host, f));
            return { out, wrong };
          },
          { formulas, metadata },
        ),
        cliEvalAll(formulas),
      ]);
      const bad = [...browserOut.wrong];
      formulas.forEach((f, k) => {
        const b = browserOut.out[k];
        const c = cliOut[k].json;
        const same = c.error === 'usage' ? b.error === 'usage' : sameOutcome(b, c);
        if (!same) bad.push(`${f}\n  browser: ${show(b)}\n  btcai:   ${show(c)}`);
      });
      const kinds = { values: 0, tables: 0, errors: 0 };
      for (const c of cliOut) 'error' in c.json ? kinds.errors++ : Array.isArray(c.json.value) ? kinds.tables++ : kinds.values++;
      assert(kinds.values > 10 && kinds.tables >= 5 && kinds.errors >= 5, `the formula list should cover values, tables and errors: ${show(kinds)}`);
      assert(!bad.length, `${bad.length} mismatch(es):\n${bad.join('\n')}`);
    });

    // ---- 2. a workbook recalculated by HyperFormula with the registered functions ------
    const startBook = () =>
      page.evaluate(
        ({ cells, metadata }) => {
          const S = window.BtcaiSheet;
          const host = S.hostFromRegistered(metadata, window.__btcaiRegistered);
          window.__book = new S.Workbook(window.HyperFormula, host, cells);
          return window.__book.values();
        },
        { cells: workbook.cells, metadata },
      );
    let initial;
    await check('workbook fixture: every cell equals its expected value (CLI, MODEL.md worked figures, Excel SUM/NPV)', async () => {
      initial = await startBook();
      const bad = compareWorkbook(initial, await expectedWorkbook(workbook, {}), workbook);
      assert(!bad.length, bad.join('\n'));
    });

    await check('workbook fixture: changing inputs (B1 price, B6 power price, B8 ticker) recalculates the dependants', async () => {
      const changes = { B1: 50000, B6: 60, B8: 'IREN' };
      const after = await page.evaluate((changes) => {
        for (const [a1, v] of Object.entries(changes)) window.__book.set(a1, v);
        return window.__book.values();
      }, changes);
      const bad = compareWorkbook(after, await expectedWorkbook(workbook, changes), workbook);
      for (const a1 of ['C1', 'C2', 'C4', 'C5', 'C6', 'C7', 'C8', 'C12'])
        if (JSON.stringify(after[a1]) === JSON.stringify(initial[a1])) bad.push(`${a1} did not change: ${show(after[a1])}`);
      for (const a1 of ['C3', 'C9', 'C10', 'C11', 'E1'])
        if (JSON.stringify(after[a1]) !== JSON.stringify(initial[a1])) bad.push(`${a1} changed but does not depend on B1, B6 or B8: ${show(initial[a1])} → ${show(after[a1])}`);
      assert(!bad.length, bad.join('\n'));
    });
    await page.close();

    // ---- 3. the task pane ---------------------------------------------------------------
    const pane = await context.newPage();
    pane.on('pageerror', (e) => pageErrors.push(`taskpane: ${e.message}`));
    await pane.goto(`${server.url}/taskpane.html`);
    const presetList = pane.getByRole('list').filter({ hasText: 'IREN' }).filter({ hasText: /Riot/ });

    await check('task pane: the preset list shows the bundled presets (a list containing "IREN" and "Riot")', async () => {
      await presetList.first().waitFor({ state: 'visible', timeout: 10_000 });
    });

    await check('task pane: choosing RIOT opens a detail view that shows sources', async () => {
      const list = presetList.first();
      const opener = list.getByRole('button', { name: /RIOT/ }).or(list.getByRole('link', { name: /RIOT/ })).first();
      await opener.click({ timeout: 5_000 });
      // the detail: somewhere outside the list, visible text naming a "source"
      await pane.waitForFunction(
        () => {
          const list = [...document.querySelectorAll('ul,ol,[role=list]')].find((l) => /IREN/.test(l.textContent) && /Riot/.test(l.textContent));
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!/source/i.test(n.textContent) || (list && list.contains(n))) continue;
            const el = n.parentElement;
            if (el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden') return true;
          }
          return false;
        },
        null,
        { timeout: 5_000 },
      );
      await pane.screenshot({ path: path.join(ARTIFACTS, 'taskpane.png'), fullPage: true });
    });

    await check('function reference: the pane links to help.html, and help.html#HASH_VS_LEASE shows that function', async () => {
      const link = pane.getByRole('link', { name: /reference|help/i }).first();
      const href = await link.getAttribute('href', { timeout: 5_000 });
      assert(/help\.html/.test(href || ''), `the reference link points at ${href}`);
      const help = await context.newPage();
      help.on('pageerror', (e) => pageErrors.push(`help: ${e.message}`));
      await help.goto(`${server.url}/help.html#HASH_VS_LEASE`);
      const target = help.locator('[id="HASH_VS_LEASE"]');
      await target.waitFor({ state: 'visible', timeout: 5_000 });
      const text = await target.innerText();
      assert(/HASH_VS_LEASE/.test(text), `#HASH_VS_LEASE does not name the function: ${text.slice(0, 200)}`);
      const inView = await target.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight);
      assert(inView, 'the page did not scroll to #HASH_VS_LEASE');
      await help.screenshot({ path: path.join(ARTIFACTS, 'help.png') });
      await help.close();
    });
    await pane.close();

    // ---- 4. the preview ------------------------------------------------------------------
    const preview = await startPreview({ port: 0, bundle: false, log: () => {} });
    try {
      const p = await context.newPage();
      p.on('pageerror', (e) => pageErrors.push(`preview: ${e.message}`));
      await check('preview: typing =BTCAI.HASH_VS_LEASE("RIOT") in a cell shows the number btcai eval gives', async () => {
        await p.goto(`${preview.url}/preview.html`);
        await p.waitForSelector('body[data-ready]', { timeout: 20_000 });
        const ready = await p.evaluate(() => document.body.dataset.ready + ' ' + document.getElementById('problem').textContent);
        assert(ready.startsWith('true'), `the preview did not start: ${ready}`);
        assert(/not Excel/i.test(await p.locator('.banner').innerText()), 'the preview does not say it is not Excel');
        const cell = p.getByLabel('A8', { exact: true });
        await cell.click();
        await p.keyboard.type('=BTCAI.HASH_VS_LEASE("RIOT")');
        await p.keyboard.press('Enter');
        const shown = await cell.inputValue();
        const value = JSON.parse((await cell.getAttribute('data-value')) || 'null');
        const want = (await cliEval('=BTCAI.HASH_VS_LEASE("RIOT")')).json;
        assert(typeof value === 'number' && value === want.value, `A8 holds ${show(value)}, btcai eval gives ${show(want)}`);
        assert(/^-?[\d,]+(\.\d+)?$/.test(shown) && Math.abs(Number(shown.replace(/,/g, '')) - want.value) < 1e-3 * Math.abs(want.value), `A8 shows "${shown}"`);
        const paneList = p.frameLocator('#pane').getByRole('list').filter({ hasText: 'IREN' });
        await paneList.first().waitFor({ state: 'visible', timeout: 5_000 });
        await p.screenshot({ path: path.join(ARTIFACTS, 'preview.png') });
      });
      await p.close();
    } finally {
      await preview.close();
    }

    await check('no page error; nothing asked for an outside address but office.js telemetry (blocked)', async () => {
      // outside Office, office.js loads Microsoft's telemetry proxy page; the test blocks it like every outside address
      const unexpected = external.filter((u) => !/^https:\/\/telemetryservice\.firstpartyapps\.oaspapps\.com\//.test(u));
      assert(!pageErrors.length && !unexpected.length, `page errors: ${show(pageErrors)}; outside requests: ${show(unexpected)}`);
    });
  } finally {
    await browser.close();
    await server.close();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  process.stdout.write(`\nbrowser tests took ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in test-artifacts/\n`);
  if (failed) process.stdout.write(`failed: ${results.filter((r) => !r.ok).map((r) => r.name).join('; ')}\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stdout.write(`FAIL   browser test run: ${e && e.stack ? e.stack : e}\n0 passed, 1 failed\n`);
    process.exit(1);
  },
);
