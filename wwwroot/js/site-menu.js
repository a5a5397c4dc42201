// The site menu on narrow screens: the Menu button folds and unfolds the navigation (a disclosure: aria-expanded on the
// button, Escape folds it and returns focus to the button). Loaded in <head> without defer so the "js" class is on <html>
// before the first paint: only then does CSS fold the menu, so without script the navigation stays unfolded and reachable.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

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
    var button = document.getElementById("nav-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu || button.getAttribute("aria-expanded") !== "true") return;
    // An open menu inside (Jobs, report pages) closes first, by its own details element.
    if (e.target.closest && e.target.closest("details[open]")) return;
    if (menu.contains(e.target) || e.target === button) {
      toggle(button, false);
      button.focus();
    }
  });
})();
