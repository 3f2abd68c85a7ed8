// DUS-portalen's own script. No inline scripts: the CSP forbids them.
(function () {
  "use strict";

  // Det Fælles Designsystem's components, once per page. Not again on what htmx
  // swaps in: DKFDS.init() always re-initialises the global navigation as well
  // (whatever its scope), which duplicates the menu's "Mere" button. A fragment
  // that needs a DKFDS component initialises that component alone.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.DKFDS) {
      window.DKFDS.init();
    }
  });

  // (htmx-config in _base.html leaves "style" out of attributesToSettle: copying a
  // style attribute Sortable left behind would break the CSP.)
  // Out-of-band swaps (a moved row) mark where keyboard focus should go with
  // data-dus-focus; htmx itself only honours autofocus in its main target.
  // Focus it once htmx has settled (it restores the old focus while settling). The
  // mark may be on a swapped-in element itself (an item replaced outerHTML).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.target;
    var focus = target.matches && target.matches("[data-dus-focus]")
      ? target
      : target.querySelector && target.querySelector("[data-dus-focus]");
    if (focus) {
      focus.removeAttribute("data-dus-focus");
      window.setTimeout(function () {
        focus.focus();
      }, 40);
    }
  });

  // Announce the result of an in-place change to screen readers (HX-Trigger "dus:announce").
  document.addEventListener("dus:announce", function (event) {
    var region = document.getElementById("dus-announcer");
    if (region && event.detail && event.detail.message) {
      region.textContent = "";
      window.setTimeout(function () {
        region.textContent = event.detail.message;
      }, 50);
    }
  });
})();
