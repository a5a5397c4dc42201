// Applies the saved theme (or the system's) before the first paint. Loaded in <head> without defer, so the page never
// flashes light before turning dark; a file rather than inline script, since the content security policy allows no inline script.
(function () {
  "use strict";
  var t = null;
  try { t = localStorage.getItem("dc-theme"); } catch (_) { /* private mode */ }
  if (!t) t = window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  document.documentElement.setAttribute("data-theme", t);
})();
