/* Builds the benchmark (bench/bench.ts) for Node: npm run bench (scripts/bench.js) runs it.
 * HyperFormula stays external: the bench requires it from node_modules at run time. */
const path = require('path');

module.exports = {
  name: 'bench',
  mode: 'production',
  target: 'node20',
  devtool: false,
  entry: { bench: './bench/bench.ts' },
  output: { path: path.resolve(__dirname, 'build'), filename: '[name].js' },
  resolve: { extensions: ['.ts', '.js'] },
  module: { rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2020', moduleResolution: 'node', sourceMap: false } } } }] },
  externals: { hyperformula: 'commonjs hyperformula' },
  node: { __dirname: false },
  optimization: { minimize: false },
  performance: { hints: false },
};
