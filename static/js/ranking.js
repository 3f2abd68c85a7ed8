// Drag-and-drop prioritising of a portfolio (SortableJS). The same order can always be
// set with the "Op"/"Ned" buttons; dragging only fills the reorder form and submits it
// (by htmx), so the server stays the one place where the order is decided. The list
// holds the pages loaded so far: the form sends their new order and, in `before`, the
// order they were shown in, so the server can keep the rows not shown in place and
// refuse an order another change has overtaken.
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
        if (event.oldDraggableIndex === event.newDraggableIndex) {
          return;
        }
        var form = document.getElementById(list.dataset.sortable);
        form.querySelectorAll("input[name=order], input[name=before]").forEach(function (input) {
          input.remove();
        });
        var order = Array.prototype.map.call(list.querySelectorAll(".dus-rank-item"), function (item) {
          return item.dataset.id;
        });
        var before = order.slice();
        before.splice(event.oldDraggableIndex, 0, before.splice(event.newDraggableIndex, 1)[0]);
        [["order", order], ["before", before]].forEach(function (pair) {
          pair[1].forEach(function (id) {
            var input = document.createElement("input");
            input.type = "hidden";
            input.name = pair[0];
            input.value = id;
            form.appendChild(input);
          });
        });
        form.requestSubmit();
      },
    });
  }

  function attachAll() {
    document.querySelectorAll("[data-sortable]").forEach(attach);
  }

  // A move with the Up/Down buttons tells the server which places the page shows, so
  // that a row moved past the last one shown comes with the next page.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "rank-form") {
      return;
    }
    var rows = event.detail.elt.querySelectorAll(".dus-rank-item");
    if (rows.length) {
      event.detail.parameters.shown_first = rows[0].dataset.place;
      event.detail.parameters.shown_last = rows[rows.length - 1].dataset.place;
    }
  });

  document.addEventListener("DOMContentLoaded", attachAll);
  document.addEventListener("htmx:afterSettle", attachAll);
})();
