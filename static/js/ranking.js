// Drag-and-drop prioritising of a portfolio (SortableJS). The same order can always be
// set with the "Op"/"Ned" buttons; dragging only fills the reorder form and submits it
// (by htmx), so the server stays the one place where the order is decided.
(function () {
  "use strict";

  function attach(list) {
    if (list.dataset.sortableReady || !window.Sortable) {
      return;
    }
    list.dataset.sortableReady = "1";
    window.Sortable.create(list, {
      animation: 150,
      forceFallback: true,  // pointer events rather than native drag-and-drop: steadier across browsers and touch
      draggable: ".dus-rank-item",
      filter: "a, button, input",
      preventOnFilter: false,
      onEnd: function (event) {
        if (event.oldIndex === event.newIndex) {
          return;
        }
        var form = document.getElementById(list.dataset.sortable);
        form.querySelectorAll("input[name=order]").forEach(function (input) {
          input.remove();
        });
        list.querySelectorAll(".dus-rank-item").forEach(function (item) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "order";
          input.value = item.dataset.id;
          form.appendChild(input);
        });
        form.requestSubmit();
      },
    });
  }

  function attachAll() {
    document.querySelectorAll("[data-sortable]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", attachAll);
  document.addEventListener("htmx:afterSettle", attachAll);
})();
