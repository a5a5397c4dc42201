// Layout behaviours on every page: the site menu that folds on narrow screens, and table boxes that scroll.
// Loaded in <head> without defer so the "js" class is on <html> before the first paint: only then does CSS fold the menu,
// so without script the navigation stays unfolded and reachable.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // The Menu button is a disclosure: aria-expanded on the button; Escape folds the menu and returns focus to the button.
  function toggle(button, open) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("#nav-toggle");
    if (button) toggle(button, button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    // An open drop-down of the bar (Jobs, report pages) closes first, and focus goes back to its summary.
    var dropdown = e.target.closest && e.target.closest("details.nav-menu[open]");
    if (dropdown) {
      dropdown.open = false;
      var summary = dropdown.querySelector("summary");
      if (summary) summary.focus();
      return;
    }
    var button = document.getElementById("nav-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu || button.getAttribute("aria-expanded") !== "true") return;
    if (menu.contains(e.target) || e.target === button) {
      toggle(button, false);
      button.focus();
    }
  });

  // A table box wider or taller than its card scrolls; keyboard users scroll it with the arrow keys once it can take focus,
  // so a box that overflows becomes a named, focusable region (and stops being one when it no longer overflows).
  function markScrollers(scope) {
    var root = scope && scope.querySelectorAll ? scope : document;
    var boxes = Array.prototype.slice.call(root.querySelectorAll(".table-wrap"));
    if (root.matches && root.matches(".table-wrap")) boxes.push(root);
    boxes.forEach(function (box) {
      edges(box);
      if (box.hasAttribute("tabindex") && !box.hasAttribute("data-scroll-focus")) return; // the markup chose already
      var overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        var table = box.querySelector("table");
        var name = table && (table.getAttribute("aria-label") || (table.caption && table.caption.textContent.trim()));
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (name || "Table") + " (scrolls)");
        box.setAttribute("data-scroll-focus", "");
      } else if (!overflows && box.hasAttribute("data-scroll-focus")) {
        ["tabindex", "role", "aria-label", "data-scroll-focus"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }
  // Which sides have more to scroll to: the CSS draws a shadow there.
  function edges(box) {
    box.classList.toggle("more-left", box.scrollLeft > 1);
    box.classList.toggle("more-right", box.scrollLeft + box.clientWidth < box.scrollWidth - 1);
  }
  document.addEventListener("scroll", function (e) {
    if (e.target.classList && e.target.classList.contains("table-wrap")) edges(e.target);
  }, true);
  document.addEventListener("DOMContentLoaded", function () { markScrollers(document); });
  document.addEventListener("htmx:load", function (e) { markScrollers(e.detail.elt); });
  document.addEventListener("toggle", function (e) { markScrollers(e.target); }, true); // a table inside <details> gets its size when opened
  var resizing = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { markScrollers(document); }, 150);
  });
})();
