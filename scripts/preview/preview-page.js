/* The preview page: the task pane in an iframe (the add-in's shared runtime: functions.js
 * and taskpane.js with one preset store), and the workbook beside it: sheets whose BTCAI
 * cells call the functions that runtime registered, held in the Excel stand-in on which
 * the pane's workbook actions (Load, Refresh, Insert model) run through Excel.run.
 * Not part of the add-in. */
(function () {
  'use strict';
  var SAMPLE = {
    A1: 'Ticker', B1: 'RIOT',
    A2: 'Hash vs lease', B2: '=BTCAI.HASH_VS_LEASE(B1)',
    A3: 'Ratio', B3: '=BTCAI.HASH_VS_LEASE(B1,"ratio")',
    A4: 'IREN AI IRR', B4: '=BTCAI.MINER_AI_YIELD("IREN","irr")',
    A5: 'Hashprice', B5: '=BTCAI.HASHPRICE(100000,1100,0.03,3.125)',
    A6: 'Next halving', B6: '=BTCAI.NEXT_HALVING(DATE(2026,1,1))',
    D1: '=BTCAI.PRESETS()',
  };
  var status = document.getElementById('status');
  var problem = document.getElementById('problem');
  var frame = document.getElementById('pane');

  function fail(message) {
    problem.hidden = false;
    problem.textContent = message;
    status.textContent = 'Not ready';
    document.body.dataset.ready = 'failed';
  }

  function paneLoaded() {
    return new Promise(function (resolve) {
      var doc = frame.contentDocument;
      if (doc && doc.readyState === 'complete' && doc.URL.indexOf('/preview-taskpane.html') >= 0) return resolve();
      frame.addEventListener('load', function () { resolve(); }, { once: true });
    });
  }

  function debounce(f, ms) {
    var t = 0;
    return function () { clearTimeout(t); t = setTimeout(f, ms); };
  }

  paneLoaded()
    .then(function () {
      var registered = frame.contentWindow.__btcaiRegistered;
      if (!registered || registered.order.length === 0) throw new Error('the add-in registered no functions (is dist/ built? run npm run build)');
      return fetch('/functions.json').then(function (r) { return r.json(); }).then(function (metadata) {
        var S = window.BtcaiSheet;
        var host = S.hostFromRegistered(metadata, registered);
        var book = new S.Workbook(window.HyperFormula, host, SAMPLE);
        var sheet = S.mountSheet(document.getElementById('grid'), book, function (s) { status.textContent = s; });
        var redraw = debounce(function () { sheet.refresh(); }, 30);
        book.excel.onChange(redraw);
        window.__previewExcel = book.excel; // the pane's Excel.run runs here (office-standin.js)
        var recalc = function () { book.recalculate(); sheet.refresh(); };
        document.getElementById('recalc').addEventListener('click', recalc);
        // the pane also edits the preset store the functions read (import): recalculate after it is used
        var later = debounce(recalc, 250);
        ['click', 'change', 'submit'].forEach(function (ev) { frame.contentDocument.addEventListener(ev, later, true); });
        status.textContent = host.ids().length + ' BTCAI functions loaded from dist/functions.js';
        window.__preview = { book: book, sheet: sheet, host: host };
        document.body.dataset.ready = 'true';
      });
    })
    .catch(function (e) { fail('The preview could not start: ' + (e && e.message ? e.message : e)); });
})();
