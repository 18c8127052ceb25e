/**
 * Where the task pane runs: inside Excel, or in a plain browser (a preview page,
 * a test) where Office is missing or Office.onReady reports no host. With
 * dataTypes.ts (the functions' probe), the only place that touches the Office global.
 */

export interface HostInfo {
  /** True when the workbook API is usable (Excel with ExcelApi 1.4 for settings). */
  readonly excel: boolean;
  /** What to tell the user when it is not. */
  readonly reason: string;
}

const NO_EXCEL: HostInfo = { excel: false, reason: 'Workbook actions need Excel: open this add-in in Excel to load presets into a workbook.' };

/** Waits for Office (at most timeoutMs) and says whether Excel's workbook API is there. */
export function officeHost(timeoutMs = 5000): Promise<HostInfo> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return Promise.resolve(NO_EXCEL);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(NO_EXCEL), timeoutMs);
    Office.onReady()
      .then((info) => {
        clearTimeout(timer);
        if (info.host !== Office.HostType.Excel) return resolve(NO_EXCEL);
        const api = Office.context.requirements;
        if (!api.isSetSupported('ExcelApi', '1.4')) return resolve({ excel: false, reason: 'This version of Excel lacks the workbook API the presets need (ExcelApi 1.4).' });
        resolve({ excel: true, reason: '' });
      })
      .catch(() => {
        clearTimeout(timer);
        resolve(NO_EXCEL);
      });
  });
}

/** Runs a batch against the open workbook. */
export function withWorkbook<T>(body: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run(body);
}

export interface ThemeColors {
  readonly background: string;
  readonly text: string;
  readonly accent: string;
}

/** Office's theme colours where the host exposes them, else null (the page follows prefers-color-scheme). */
export function officeTheme(): ThemeColors | null {
  try {
    const t = typeof Office !== 'undefined' ? Office.context?.officeTheme : undefined;
    if (!t || !t.bodyBackgroundColor) return null;
    return { background: t.bodyBackgroundColor, text: t.bodyForegroundColor, accent: t.controlBackgroundColor };
  } catch {
    return null;
  }
}
