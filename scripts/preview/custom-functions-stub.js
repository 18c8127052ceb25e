/*
 * A recording stand-in for the `CustomFunctions` global that Excel's shared runtime
 * provides before functions.js runs (used by the local preview and the browser
 * tests; never shipped). It records every CustomFunctions.associate(id, fn) call in
 * window.__btcaiRegistered, and offers CustomFunctions.Error / ErrorCode as the
 * runtime does (Error carries `code` and `message`).
 * office.js, loaded later outside Office, assigns its own `associate` onto this
 * object; the setter keeps ours and forwards each call to office.js's as well.
 */
(function () {
  'use strict';
  var registered = { order: [], byId: {} };
  var officeAssociate = null;

  function associate(id, fn) {
    if (id !== null && typeof id === 'object') {
      // associate({ ID: fn, ... }) is the mapping form
      for (var key in id) if (Object.prototype.hasOwnProperty.call(id, key)) associate(key, id[key]);
      return;
    }
    var key2 = String(id).toUpperCase();
    registered.order.push(key2);
    registered.byId[key2] = fn;
    if (officeAssociate) officeAssociate.call(this, id, fn);
  }

  function CustomFunctionsError(code, message) {
    this.code = code;
    this.message = message === undefined ? '' : String(message);
  }
  CustomFunctionsError.prototype.name = 'CustomFunctions.Error';

  var ErrorCode = {
    invalidValue: '#VALUE!',
    notAvailable: '#N/A',
    divisionByZero: '#DIV/0!',
    invalidNumber: '#NUM!',
    nullReference: '#NULL!',
    invalidName: '#NAME?',
    invalidReference: '#REF!',
  };

  var cf = { Error: CustomFunctionsError, ErrorCode: ErrorCode };
  Object.defineProperty(cf, 'associate', {
    enumerable: true,
    get: function () {
      return associate;
    },
    set: function (f) {
      officeAssociate = f;
    },
  });
  window.CustomFunctions = cf;
  window.__btcaiRegistered = registered;
  // Outside Office, office.js sends a page framed by another (the preview's task pane)
  // to about:blank unless OsfOptOut is defined; the preview frames the pane on purpose.
  if (window.top !== window.self) window.OsfOptOut = true;
})();
