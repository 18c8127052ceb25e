/**
 * TEST ONLY (bundled into build/preview/testonly.js by the browser tests, never into
 * dist/):
 * - TEST_CARD: a function that returns a card through the adapter's generic card
 *   path, so the browser tests can show a card returned and a field read from it
 *   through the function-host stand-in before any product function returns one. The
 *   company functions will return their cards through the same path (adapter.ts
 *   runModelCard / cellValues.ts card);
 * - the pane's detail pieces (value row, source disclosure), to render in a page.
 */
import * as A from '../../src/functions/adapter';
import { setDataTypeLevel } from '../../src/functions/cellValues';
import { detailSection, sourceDisclosure, valueRow } from '../../src/taskpane/pieces';

// this bundle has its own copy of the adapter: answer as a current Excel does, like functions.js in the page
setDataTypeLevel('double');

export const TEST_CARD_META = {
  id: 'TEST_CARD',
  name: 'TEST_CARD',
  description: 'Test only: the MINER_AI_YIELD metrics of a preset as a card.',
  parameters: [{ name: 'ticker', type: 'any', optional: true }],
  result: { dimensionality: 'scalar' },
};

/** The MINER_AI_YIELD metrics of a preset as one card. */
export function testCard(ticker?: unknown): unknown {
  return A.run(() => A.runModelCard('MINER_AI_YIELD', ticker ?? null, null));
}

(window as unknown as { BtcaiTestOnly: unknown }).BtcaiTestOnly = { card: { meta: TEST_CARD_META, fn: testCard }, pieces: { valueRow, sourceDisclosure, detailSection } };
