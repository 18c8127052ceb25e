/** The stand-in for Excel's workbook API lives with the preview, which runs the pane's actions on it too. */
export * from '../../scripts/preview/fakeExcel';
