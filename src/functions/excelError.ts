/**
 * Turning engine errors into the errors Excel shows. Inside Excel the global
 * `CustomFunctions.Error` exists; in Node (CLI, tests) a class of the same shape
 * stands in. Excel takes a message only with #VALUE! and #N/A.
 */
import { EngineError, ErrorCode } from '../engine/errors';

export class BtcaiExcelError extends Error {
  constructor(readonly code: ErrorCode, message?: string) {
    super(message ?? '');
    this.name = 'BtcaiExcelError';
  }
}

interface CustomFunctionsGlobal {
  Error: new (code: CustomFunctions.ErrorCode, message?: string) => object;
}

function customFunctionsGlobal(): CustomFunctionsGlobal | undefined {
  const g = globalThis as unknown as { CustomFunctions?: Partial<CustomFunctionsGlobal> };
  return g.CustomFunctions && typeof g.CustomFunctions.Error === 'function' ? (g.CustomFunctions as CustomFunctionsGlobal) : undefined;
}

export function messageAllowed(code: ErrorCode): boolean {
  return code === '#VALUE!' || code === '#N/A';
}

/** The error object to throw to Excel for an engine error. */
export function toExcelError(e: EngineError): object {
  const cf = customFunctionsGlobal();
  if (cf) {
    const code = e.code as unknown as CustomFunctions.ErrorCode; // ErrorCode's values are the Excel error strings
    return messageAllowed(e.code) ? new cf.Error(code, e.message) : new cf.Error(code);
  }
  return new BtcaiExcelError(e.code, e.message);
}

/** Reads an error thrown by a wrapper back into code and message (CLI, tests, the browser host stand-in). */
export function readExcelError(x: unknown): { code: string; message: string } | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const o = x as { code?: unknown; message?: unknown };
  if (typeof o.code === 'string' && o.code.startsWith('#')) return { code: o.code, message: typeof o.message === 'string' ? o.message : '' };
  return undefined;
}
