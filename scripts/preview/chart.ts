/**
 * The preview's drawing of a chart that src/office/ adds to a workbook (the
 * product keeps Excel's own chart): a clustered column chart as SVG, from the
 * chart's source range as the workbook holds it. Text goes in through textContent.
 * Preview only.
 */

export interface ChartData {
  readonly title: string;
  readonly categories: string[];
  readonly series: { readonly name: string; readonly values: number[] }[];
}

/**
 * Excel's "Auto" series for a block: a first column of text names the categories,
 * a first row of text names the series, and every other column is a series.
 */
export function chartData(title: string, block: readonly (readonly unknown[])[]): ChartData {
  const isText = (x: unknown) => typeof x === 'string' && x !== '' && !Number.isFinite(Number(x));
  const headerRow = block.length > 1 && block[0].slice(1).every(isText);
  const rows = headerRow ? block.slice(1) : block;
  const labelCol = rows.every((r) => isText(r[0]));
  const first = labelCol ? 1 : 0;
  const width = Math.max(0, ...block.map((r) => r.length));
  const categories = rows.map((r, i) => (labelCol ? String(r[0]) : String(i + 1)));
  const series = [];
  for (let j = first; j < width; j++) {
    series.push({
      name: headerRow ? String(block[0][j]) : `Series${j - first + 1}`,
      values: rows.map((r) => (typeof r[j] === 'number' ? (r[j] as number) : Number(r[j]) || 0)),
    });
  }
  return { title, categories, series };
}

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#2f6fb3', '#e07b24', '#3a9d5d', '#a4499c'];

function node<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const e = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A compact number for an axis label: 1.2M, 350k, -40k. */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(0)}k`;
  return `${+v.toFixed(2)}`;
}

/** A clustered column chart with a zero line (negative values go below it). */
export function columnChartSvg(doc: Document, d: ChartData, width: number, height: number): SVGSVGElement {
  const svg = node(doc, 'svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart' });
  svg.setAttribute('aria-label', d.title);
  svg.appendChild(node(doc, 'rect', { x: 0, y: 0, width, height, fill: '#ffffff', stroke: '#c8c8c8' }));
  svg.appendChild(node(doc, 'text', { x: width / 2, y: 20, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 600, fill: '#1f1f1f' }, d.title));
  const left = 56;
  const right = 12;
  const top = 34;
  const bottom = 40;
  const values = d.series.flatMap((s) => s.values);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const span = max - min || 1;
  const y = (v: number) => top + ((max - v) / span) * (height - top - bottom);
  for (const t of [max, (max + min) / 2, min]) {
    svg.appendChild(node(doc, 'line', { x1: left, x2: width - right, y1: y(t), y2: y(t), stroke: '#e6e6e6' }));
    svg.appendChild(node(doc, 'text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', 'font-size': 10, fill: '#555' }, shortNumber(t)));
  }
  svg.appendChild(node(doc, 'line', { x1: left, x2: width - right, y1: y(0), y2: y(0), stroke: '#777' }));
  const groupWidth = (width - left - right) / Math.max(1, d.categories.length);
  const barWidth = (groupWidth * 0.6) / Math.max(1, d.series.length);
  d.categories.forEach((cat, i) => {
    const x0 = left + i * groupWidth + groupWidth * 0.2;
    d.series.forEach((s, k) => {
      const v = s.values[i];
      const bar = node(doc, 'rect', { x: x0 + k * barWidth, y: Math.min(y(v), y(0)), width: barWidth - 2, height: Math.max(1, Math.abs(y(v) - y(0))), fill: COLORS[k % COLORS.length], class: 'bar' });
      bar.setAttribute('data-value', String(v));
      bar.appendChild(node(doc, 'title', {}, `${cat}${d.series.length > 1 ? ` (${s.name})` : ''}: ${v.toLocaleString('en-US', { maximumFractionDigits: 0 })}`));
      svg.appendChild(bar);
    });
    svg.appendChild(node(doc, 'text', { x: left + i * groupWidth + groupWidth / 2, y: height - bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#333' }, cat));
  });
  return svg;
}
