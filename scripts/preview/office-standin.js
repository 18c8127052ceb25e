/*
 * The preview's Office and Excel globals for the task pane (never shipped): what
 * the pane's code (src/office/host.ts) asks of Office.js, answered for the preview.
 * - Office.onReady reports Excel, with every requirement set (the preview stands in
 *   for a current Excel);
 * - Excel.run(body) runs the batch on the preview's workbook, the Excel stand-in
 *   (scripts/preview/fakeExcel.ts) that the page beside the pane shows as its
 *   sheets. The pane's own code is unchanged: src/office/ stays the only caller of
 *   Excel.run, and any action written against it runs here.
 * Loaded instead of office.js in /preview-taskpane.html, after the CustomFunctions
 * stand-in.
 */
(function () {
  'use strict';
  var info = { host: 'Excel', platform: 'OfficeOnline' };

  function workbook() {
    try {
      return window.parent && window.parent !== window ? window.parent.__previewExcel || null : null;
    } catch (e) {
      return null;
    }
  }

  /** The preview page creates its workbook after this frame has loaded: wait for it (at most 20 s). */
  function whenWorkbook() {
    return new Promise(function (resolve, reject) {
      var started = Date.now();
      (function poll() {
        var w = workbook();
        if (w) return resolve(w);
        if (Date.now() - started > 20000) return reject(new Error('the preview has no workbook (open /preview.html, not this frame alone)'));
        setTimeout(poll, 25);
      })();
    });
  }

  window.Office = {
    HostType: { Excel: 'Excel' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    onReady: function (callback) {
      if (typeof callback === 'function') callback(info);
      return Promise.resolve(info);
    },
    context: {
      host: 'Excel',
      platform: 'OfficeOnline',
      requirements: { isSetSupported: function () { return true; } },
      officeTheme: undefined,
    },
  };
  window.Excel = {
    run: function (body) {
      return whenWorkbook().then(function (w) { return w.run(body); });
    },
  };
})();
