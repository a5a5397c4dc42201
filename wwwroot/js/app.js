// DataCharts client glue: theme, drag-and-drop, upload and job progress bars. Everything else is htmx.
(function () {
  "use strict";
  var root = document.documentElement;

  function applyTheme(theme) {
    root.setAttribute("data-theme", theme);
    var b = document.getElementById("theme-toggle");
    if (b) {
      b.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
      b.textContent = theme === "dark" ? "☀ Light" : "☾ Dark";
    }
  }
  // Chart images follow the theme: the server draws them dark on request (dark=true on the API, _dark=true on page
  // handlers, whose other parameters are report inputs). Inline images (data: URIs) stay as they are.
  function chartTheme(scope) {
    var dark = root.getAttribute("data-theme") === "dark";
    var within = scope && scope.querySelectorAll ? scope : document;
    var images = within.matches && within.matches("img.chart-img") ? [within] : Array.prototype.slice.call(within.querySelectorAll("img.chart-img"));
    images.forEach(function (img) {
      var src = img.getAttribute("src");
      if (!src || src.indexOf("data:") === 0) return;
      var url = new URL(src, location.href), key = url.searchParams.has("handler") ? "_dark" : "dark";
      if (dark) url.searchParams.set(key, "true"); else url.searchParams.delete(key);
      var next = url.pathname + (url.search ? url.search : "");
      if (next !== src) img.setAttribute("src", next);
    });
  }

  applyTheme(root.getAttribute("data-theme") || "light");
  chartTheme(document);
  document.addEventListener("htmx:load", function (e) { chartTheme(e.detail.elt); });
  document.addEventListener("click", function (e) {
    var t = e.target.closest("#theme-toggle");
    if (!t) return;
    var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
    try { localStorage.setItem("dc-theme", next); } catch (_) { /* private mode */ }
    applyTheme(next);
    chartTheme(document);
  });

  // Drag and drop onto any .dropzone fills its file input.
  function showName(zone, input) {
    var n = zone.querySelector("[data-file-name]");
    if (n) n.textContent = input.files && input.files.length ? input.files[0].name : "";
  }
  document.addEventListener("dragover", function (e) {
    var z = e.target.closest && e.target.closest(".dropzone");
    if (!z) return;
    e.preventDefault();
    z.classList.add("dragging");
  });
  document.addEventListener("dragleave", function (e) {
    var z = e.target.closest && e.target.closest(".dropzone");
    if (z) z.classList.remove("dragging");
  });
  document.addEventListener("drop", function (e) {
    var z = e.target.closest && e.target.closest(".dropzone");
    if (!z) return;
    e.preventDefault();
    z.classList.remove("dragging");
    var input = z.querySelector("input[type=file]");
    if (input && e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      showName(z, input);
    }
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches(".dropzone input[type=file]")) showName(e.target.closest(".dropzone"), e.target);
  });

  // Upload progress: htmx reports bytes sent on the form.
  document.addEventListener("htmx:xhr:progress", function (e) {
    var form = e.target.closest && e.target.closest("form[data-upload]");
    if (!form || !e.detail.lengthComputable) return;
    var pct = Math.round((e.detail.loaded / e.detail.total) * 100);
    var bar = form.querySelector("[data-upload-bar]");
    var label = form.querySelector("[data-upload-percent]");
    if (bar) { bar.hidden = false; bar.value = pct; }
    if (label) { label.hidden = false; label.textContent = "Uploading… " + pct + "%"; }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.target.closest && e.target.closest("form[data-upload]");
    if (!form) return;
    var bar = form.querySelector("[data-upload-bar]");
    var label = form.querySelector("[data-upload-percent]");
    if (bar) bar.hidden = true;
    if (label) label.hidden = true;
  });

  // Job progress: the SSE extension delivers task snapshots (JSON) to elements with sse-swap="progress".
  document.addEventListener("htmx:sseMessage", function (e) {
    var job = e.target.closest && e.target.closest("[data-job]");
    if (!job || !e.detail || typeof e.detail.data !== "string") return;
    var snap;
    try { snap = JSON.parse(e.detail.data); } catch (_) { return; }
    var bar = job.querySelector("[data-job-bar]");
    var pct = job.querySelector("[data-job-percent]");
    var msg = job.querySelector("[data-job-message]");
    if (bar) bar.value = snap.percent;
    if (pct) pct.textContent = snap.percent + "%";
    if (msg) msg.textContent = snap.error || snap.message || snap.status;
    job.setAttribute("data-status", snap.status);
    if (["completed", "failed", "cancelled"].indexOf(snap.status) >= 0 && !job.hasAttribute("data-finished")) {
      job.setAttribute("data-finished", "");
      htmx.trigger(job, "job-finished");
    }
  });
})();

// Notebooks: drag a cell by its handle to reorder; Alt+↑/↓ in a cell moves it; Ctrl+Enter runs it,
// Ctrl+Shift+Enter runs every cell. The server does the work (htmx posts); this only translates gestures.
(function () {
  "use strict";
  var dragged = null;
  document.addEventListener("dragstart", function (e) {
    var handle = e.target.closest && e.target.closest(".drag-handle");
    if (!handle) return;
    dragged = handle.closest(".cell");
    dragged.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", dragged.dataset.cellId);
  });
  document.addEventListener("dragover", function (e) {
    var over = dragged && e.target.closest && e.target.closest(".cell");
    if (!over || over === dragged) return;
    e.preventDefault();
    document.querySelectorAll(".cell.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    over.classList.add("drop-target");
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    document.querySelectorAll(".cell.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
    dragged = null;
  });
  document.addEventListener("drop", function (e) {
    var over = dragged && e.target.closest && e.target.closest(".cell");
    var nb = document.getElementById("notebook");
    if (!over || over === dragged || !nb) return;
    e.preventDefault();
    htmx.ajax("POST", nb.dataset.moveUrl + "&cell=" + encodeURIComponent(dragged.dataset.cellId) + "&to=" + over.dataset.position, { target: "#cells" });
  });
  document.addEventListener("keydown", function (e) {
    var cell = e.target.closest && e.target.closest(".cell");
    if (e.ctrlKey && e.shiftKey && e.key === "Enter") {
      var all = document.getElementById("run-all");
      if (all) { e.preventDefault(); all.click(); }
      return;
    }
    if (!cell) return;
    if (e.ctrlKey && e.key === "Enter") {
      var run = cell.querySelector("[data-ask]") || cell.querySelector("[data-run-cell]");
      if (run) { e.preventDefault(); run.click(); }
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      var move = cell.querySelector('[data-move="' + (e.key === "ArrowUp" ? "up" : "down") + '"]');
      if (move && !move.disabled) { e.preventDefault(); move.click(); }
    }
  });

  // An htmx request that fails shows the server's message (problem+json "detail" or the text) instead of nothing.
  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr, text = xhr.responseText || "", msg = "";
    try { var p = JSON.parse(text); msg = p.detail || p.title || ""; } catch (_) { msg = text.replace(/<[^>]*>/g, " ").trim().slice(0, 300); }
    var toast = document.getElementById("toast");
    if (!toast) { toast = document.createElement("div"); toast.id = "toast"; toast.setAttribute("role", "alert"); document.body.appendChild(toast); }
    toast.innerHTML = "";
    var box = document.createElement("div");
    box.className = "alert error";
    box.textContent = msg || ("Request failed (" + xhr.status + ")");
    toast.appendChild(box);
    setTimeout(function () { if (box.parentNode) box.parentNode.removeChild(box); }, 8000);
  });

  // Live pages: links that carry the page's inputs (downloads, the share link) follow the URL an input change pushed,
  // so the fragment need not send them again. Their own parameters (handler, block, _format…) stay as they are.
  document.addEventListener("htmx:pushedIntoHistory", function () {
    var current = new URLSearchParams(location.search);
    document.querySelectorAll("a[data-keep-inputs]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href), next = new URLSearchParams();
      url.searchParams.forEach(function (v, k) { if (k === "handler" || k === "block" || k.charAt(0) === "_") next.append(k, v); });
      current.forEach(function (v, k) { if (k !== "handler" && k !== "block" && k.charAt(0) !== "_") next.append(k, v); });
      a.setAttribute("href", url.pathname + "?" + next.toString());
    });
  });
})();
