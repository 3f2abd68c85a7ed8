// DUS-portalen's own script: initialise Det Fælles Designsystem's components,
// on load and again on what htmx swaps in. No inline scripts: the CSP forbids them.
(function () {
  "use strict";
  function init(scope) {
    if (window.DKFDS) {
      window.DKFDS.init(scope ? { scope: scope } : undefined);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    init();
    document.body.addEventListener("htmx:afterSwap", function (event) {
      init(event.detail.target);
    });
  });
})();
