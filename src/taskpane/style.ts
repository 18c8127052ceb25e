/* The pane's and help page's look: Fluent-like type, spacing and colours, light
 * and dark through prefers-color-scheme, and Office's theme colours when the host
 * gives them (CSS variables set by applyTheme). */
const CSS = `
:root{--bg:#fff;--fg:#242424;--muted:#616161;--line:#e0e0e0;--soft:#f5f5f5;--accent:#0f6cbd;--accent-fg:#fff;--bad:#c50f1f;--good:#107c10;--warn:#8a5300;--focus:#0f6cbd;
font:14px/1.45 "Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",sans-serif;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#1f1f1f;--fg:#f0f0f0;--muted:#b3b3b3;--line:#3d3d3d;--soft:#292929;--accent:#479ef5;--accent-fg:#0a0a0a;--bad:#f1707b;--good:#54b054;--warn:#f2c661;--focus:#8cc3ff}}
*,*::before,*::after{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);overflow-wrap:anywhere}
main{padding:10px 12px;max-width:1100px}
h1{font-size:20px;font-weight:600;margin:0 0 4px}h2{font-size:16px;font-weight:600;margin:18px 0 6px}h3{font-size:14px;font-weight:600;margin:14px 0 4px}
p{margin:4px 0}.muted{color:var(--muted);font-size:12px}a{color:var(--accent)}
input[type=search],input[type=url],input[type=text]{width:100%;min-width:0;padding:5px 8px;border:1px solid var(--line);border-bottom-color:var(--muted);border-radius:4px;background:var(--bg);color:var(--fg);font:inherit}
input[type=file]{max-width:100%;font:inherit;font-size:12px}
:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
input:focus-visible{outline-offset:0}
button{font:inherit;font-weight:600;padding:5px 12px;border-radius:4px;border:1px solid var(--line);background:var(--bg);color:var(--fg);cursor:pointer;margin:3px 4px 3px 0;max-width:100%;white-space:normal;text-align:left}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg)}
button:hover:not(:disabled){filter:brightness(.95)}button:disabled{opacity:.45;cursor:not-allowed}
.list{list-style:none;margin:8px 0;padding:0;border:1px solid var(--line);border-radius:4px;max-height:260px;overflow-y:auto;overflow-x:hidden}
.list li{display:flex;align-items:center;gap:6px;padding:4px 8px;border-bottom:1px solid var(--line);min-width:0}.list li:last-child{border-bottom:0}
.list li.selected{background:var(--soft)}.list button.link{all:unset;cursor:pointer;flex:1 1 auto;min-width:0;border-radius:2px}
.list button.link:focus-visible{outline:2px solid var(--focus);outline-offset:1px}
.tag{font-size:11px;padding:0 5px;border-radius:8px;background:var(--soft);color:var(--muted);border:1px solid var(--line);white-space:nowrap}
table{border-collapse:collapse;width:100%;font-size:12px;margin:6px 0}th,td{text-align:left;vertical-align:top;padding:3px 6px;border-bottom:1px solid var(--line)}
th{font-weight:600;background:var(--soft)}td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
@media (max-width:560px){table,thead,tbody,tr,th,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
tr{border-bottom:1px solid var(--line);padding:4px 0}td{border:0;padding:1px 0}td.num{text-align:left}
td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}}
code{font-family:Consolas,"Cascadia Mono",monospace;font-size:12px}
.status{margin:8px 0;padding:6px 8px;border-radius:4px;border-left:3px solid var(--accent);background:var(--soft)}
.status.bad{border-left-color:var(--bad)}.status.good{border-left-color:var(--good)}.status ul{margin:4px 0 0;padding-left:18px;font-size:12px}
.notice{margin:8px 0;padding:6px 8px;border:1px solid var(--line);border-radius:4px}
.row{display:flex;gap:6px;align-items:center;flex-wrap:wrap}.row input{flex:1 1 160px;min-width:0}
section{margin-top:6px}
.vrows{list-style:none;margin:0;padding:0}
.vrow{padding:6px 0;border-bottom:1px solid var(--line)}
.vline{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 10px}
.vlabel{font-family:Consolas,"Cascadia Mono",monospace;font-size:12px;min-width:0}
.vvalue{font-weight:600;font-variant-numeric:tabular-nums;margin-left:auto;text-align:right}
.vmeta{margin-top:1px}
.vvalue.wide{flex-basis:100%;margin-left:0;text-align:left;font-weight:400}
.vpart{white-space:nowrap;font-weight:600}.nowrap{white-space:nowrap}
details.about summary{cursor:pointer;color:var(--accent);width:max-content;max-width:100%}
details.source{margin-top:2px;font-size:12px}
details.source summary{cursor:pointer;color:var(--accent);width:max-content;max-width:100%;border-radius:2px}
details.source.assumption summary{color:var(--muted)}
details.source p{margin:3px 0 2px 14px}
details.source summary .tag{margin-left:6px}
details.source.press summary{color:var(--warn)}
.press-tag{color:var(--warn);border-color:var(--warn);background:transparent;font-weight:600}
details.source .doc-meta{color:var(--muted)}details.source .doc-press{color:var(--warn)}
details.source .doc-note{font-style:italic}
.vlabel.text{font-family:inherit;font-size:13px}
.vmeta code{font-size:11px}
h4{font-size:13px;font-weight:600;margin:12px 0 2px}
.dgroup>.dsection{margin-left:0}
.dsection.entry{border-left:3px solid var(--line);padding-left:8px;margin-top:10px}
.dsection.entry h4{margin-top:4px}
.dline{font-size:12px;margin:1px 0}
h2[tabindex]:focus{outline:none}h2[tabindex]:focus-visible{outline:2px solid var(--focus)}
`;

export function applyStyle(doc: Document): void {
  const style = doc.createElement('style');
  style.textContent = CSS;
  doc.head.appendChild(style);
}

/** Office's theme, when the host gives one, overrides the page colours. */
export function applyTheme(doc: Document, theme: { background: string; text: string; accent: string } | null): void {
  if (!theme) return;
  const s = doc.documentElement.style;
  s.setProperty('--bg', theme.background);
  s.setProperty('--fg', theme.text);
  s.setProperty('--soft', theme.accent);
}
