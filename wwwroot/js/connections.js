// Connect a database (Data page): the port follows the chosen kind, and "Copy the SQL" copies a read-only role recipe.
// Everything else is htmx; without this script the port stays as typed (blank means the kind's default on the server).
(function () {
  "use strict";

  document.addEventListener("change", function (e) {
    var kind = e.target.closest && e.target.closest("select[data-sets-port]");
    if (!kind) return;
    var port = document.getElementById(kind.getAttribute("data-sets-port"));
    if (!port) return;
    var defaults = Array.prototype.map.call(kind.options, function (o) { return o.getAttribute("data-port"); });
    var typed = port.value.trim();
    // A port the person typed themselves stays; one of the defaults follows the kind.
    if (typed === "" || defaults.indexOf(typed) >= 0) port.value = kind.options[kind.selectedIndex].getAttribute("data-port");
  });

  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("button[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var done = function (ok) { button.textContent = ok ? "Copied" : "Selected: press Ctrl+C to copy"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.textContent).then(function () { done(true); }, function () { selectText(source); done(false); });
    } else {
      selectText(source);
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (_) { /* not allowed here */ }
      done(copied);
    }
  });
})();
