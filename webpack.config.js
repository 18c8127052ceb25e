/* Builds dist/: the add-in (functions.js, functions.json, taskpane.html, help.html,
 * manifest.xml, icons) and the command-line interface (cli.js).
 * ADDIN_URL (default https://localhost:3000/) is where the add-in is served;
 * it is written into the manifest and the functions' help links.
 * BTCAI_MARKET_ORIGINS (optional, space-separated) adds origins to the task pane's
 * connect-src for market data, e.g. a fund's own mempool node (docs/market.md). */
const path = require('path');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
const ADDIN_URL = process.env.ADDIN_URL || DEV_URL;
const rewriteUrls = (content) => (ADDIN_URL === DEV_URL ? content : Buffer.from(content.toString().split(DEV_URL).join(ADDIN_URL)));
const dist = path.resolve(__dirname, 'dist');

/* Where the task pane may connect: itself, https (preset import by URL, market data from
 * mempool.space or any https instance), and local http nodes; plus BTCAI_MARKET_ORIGINS. */
function marketOrigins(text) {
  return (text || '').split(/\s+/).filter(Boolean).map((o) => {
    const m = /^(https:\/\/[a-z0-9.-]+(:\d{1,5})?|http:\/\/(localhost|127\.0\.0\.1)(:(\d{1,5}|\*))?)\/?$/i.exec(o);
    if (!m) throw new Error(`BTCAI_MARKET_ORIGINS: "${o}" is not an https origin (or http://localhost / http://127.0.0.1) such as https://node.example.com`);
    return m[1].toLowerCase();
  });
}
const CONNECT_SRC = ["'self'", 'https:', 'https://mempool.space', 'http://localhost:*', 'http://127.0.0.1:*', ...marketOrigins(process.env.BTCAI_MARKET_ORIGINS)].join(' ');

/* HTTPS for `npm run dev-server`: the localhost certificate that
 * `npx office-addin-dev-certs install` trusts for Office, else a self-signed one. */
function devHttps() {
  const dir = path.join(require('os').homedir(), '.office-addin-dev-certs');
  const fs = require('fs');
  const file = (f) => path.join(dir, f);
  if (['localhost.key', 'localhost.crt', 'ca.crt'].every((f) => fs.existsSync(file(f)))) {
    return { type: 'https', options: { key: fs.readFileSync(file('localhost.key')), cert: fs.readFileSync(file('localhost.crt')), ca: fs.readFileSync(file('ca.crt')) } };
  }
  return 'https';
}
/* functions.js keeps the code and data the functions compute with (docs/performance.md,
 * "Bundle budget"; scripts/split-build.js). By default (BTCAI_BUNDLE=split):
 * - the bundled presets are validated here, by the validators themselves, and ship as
 *   compact data (src/presets/bundledPresets.ts becomes it), so no validator is in
 *   functions.js (the task pane's import and snapshot code still validates);
 * - prose leaves the code: the presets' prose and the inputs' bases go to dist/text.js,
 *   loaded by taskpane.html (the shared runtime's page) with a blocking script before
 *   functions.js, so the first call needs no network and finds the text in place; the
 *   descriptions of inputs, company fields and metrics, which only the function
 *   reference shows, go to dist/help-text.js, which only help.html loads.
 * BTCAI_BUNDLE=reference builds the add-in as the sources read (presets validated as
 * they load, all text inline): scripts/bundle-report.js checks that both answer alike. */
const BUNDLE = process.env.BTCAI_BUNDLE || 'split';
if (!['split', 'reference'].includes(BUNDLE)) throw new Error(`BTCAI_BUNDLE must be "split" or "reference", got "${BUNDLE}"`);
const SPLIT = BUNDLE === 'split';
/** Writes build/text.js and build/help-text.js (the text entries) and returns the split's loader rules. */
function splitBuild() {
  if (!SPLIT) return { entries: {}, rules: [] };
  const split = require('./scripts/split-build');
  const fs = require('fs');
  const c = split.compile();
  const entries = {};
  for (const [name, text] of Object.entries(split.textScripts(c))) {
    const file = path.resolve(__dirname, 'build', `${name}.js`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    entries[name] = file;
  }
  const loader = path.resolve(__dirname, 'scripts/split-loader.js');
  const builds = { presets: c.presetText.build, tables: c.tableText.build };
  const rules = [
    { test: path.resolve(__dirname, 'src/presets/bundledPresets.ts'), enforce: 'post', use: { loader, options: { part: 'presets', builds } } },
    { test: split.TEXT_FILES.map((f) => path.resolve(__dirname, f)), enforce: 'post', use: { loader, options: { part: 'tables', builds } } },
  ];
  return { entries, rules };
}

const tsRule = { test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { onlyCompileBundledFiles: true, compilerOptions: { module: 'es2020', moduleResolution: 'node', sourceMap: false } } } };

const addin = (env, argv) => {
  const split = splitBuild();
  return {
  name: 'addin',
  target: 'web',
  devtool: argv.mode === 'production' ? false : 'source-map',
  entry: {
    ...split.entries,
    functions: './src/functions/functions.ts',
    // the task pane shares functions.js's modules (one preset store in the shared runtime)
    taskpane: { import: './src/taskpane/taskpane.ts', dependOn: 'functions' },
    help: './src/taskpane/help.ts',
  },
  output: { path: dist, filename: '[name].js', clean: false },
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [tsRule, ...split.rules] },
  performance: { hints: false },
  plugins: [
    new CustomFunctionsMetadataPlugin({ output: 'functions.json', input: './src/functions/functions.ts' }),
    new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/taskpane/taskpane.html', templateParameters: { connectSrc: CONNECT_SRC }, chunks: [...(SPLIT ? ['text'] : []), 'functions', 'taskpane'], chunksSortMode: 'manual', inject: 'body', scriptLoading: 'blocking' }),
    new HtmlWebpackPlugin({ filename: 'help.html', template: './src/taskpane/help.html', chunks: [...(SPLIT ? ['help-text'] : []), 'help'], chunksSortMode: 'manual', inject: 'body', scriptLoading: 'blocking' }),
    new CopyWebpackPlugin({
      patterns: [
        { from: 'manifest.xml', to: 'manifest.xml', transform: rewriteUrls },
        { from: 'assets/*.png', to: 'assets/[name][ext]' },
      ],
    }),
    {
      // help links in functions.json point at the served help page
      apply(compiler) {
        compiler.hooks.thisCompilation.tap('RewriteUrls', (compilation) => {
          compilation.hooks.processAssets.tap({ name: 'RewriteUrls', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE }, () => {
            const a = compilation.getAsset('functions.json');
            if (a && ADDIN_URL !== DEV_URL) compilation.updateAsset('functions.json', new compiler.webpack.sources.RawSource(rewriteUrls(a.source.source())));
          });
        });
      },
    },
  ],
  devServer: {
    static: { directory: dist },
    port: 3000,
    server: devHttps(),
    headers: { 'Access-Control-Allow-Origin': '*' },
  },
  };
};

const cli = (env, argv) => ({
  name: 'cli',
  target: 'node20',
  devtool: false,
  entry: { cli: './src/cli/main.ts' },
  output: { path: dist, filename: '[name].js', library: { type: 'commonjs2' } },
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [tsRule] },
  node: { __dirname: false },
  optimization: { minimize: false },
  performance: { hints: false },
});

module.exports = [addin, cli];
module.exports.marketOrigins = marketOrigins;
