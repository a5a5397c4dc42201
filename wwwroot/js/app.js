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

// Small behaviours marked up with data- attributes. They used to be inline handlers (onclick=, hx-on, js: values, trigger
// filters); the content security policy allows no inline script and htmx runs without eval, so they live here.
(function () {
  "use strict";

  // Chat: a suggestion fills the question box; Enter asks (Shift+Enter is a new line); a successful ask clears the box.
  document.addEventListener("click", function (e) {
    var s = e.target.closest && e.target.closest("[data-suggestion]");
    if (s) {
      var q = document.getElementById("question");
      if (q) { q.value = s.textContent; q.focus(); }
      return;
    }
    // A button that empties a container (the column profile's Close).
    var empties = e.target.closest && e.target.closest("[data-empties]");
    if (empties) {
      var box = empties.closest(empties.getAttribute("data-empties"));
      if (box) box.innerHTML = "";
    }
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t.matches && t.matches("textarea[data-enter-submits]") && e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (t.form) t.form.requestSubmit();
    }
  });

  // A select that submits its form when changed (the Chat dataset picker).
  document.addEventListener("change", function (e) {
    if (e.target.matches && e.target.matches("select[data-submit-on-change]") && e.target.form) e.target.form.submit();
  });
  // A slider shows its value beside it while it moves.
  document.addEventListener("input", function (e) {
    var id = e.target.getAttribute && e.target.getAttribute("data-shows-value");
    var out = id && document.getElementById(id);
    if (out) out.value = e.target.value;
  });
  // A form that asks before it posts (deleting a notebook).
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    var elt = e.detail.elt;
    if (!elt || !elt.matches) return;
    if (elt.matches("form[data-ask-form]") && e.detail.successful) {
      var q = elt.querySelector("textarea");
      if (q) q.value = "";
      var empty = document.getElementById("chat-empty");
      if (empty) empty.remove();
    }
    // The dataset list marks the dataset just opened.
    if (elt.matches("a[data-current-in-list]")) {
      document.querySelectorAll(".dataset-list a").forEach(function (a) { a.setAttribute("aria-current", a === elt ? "true" : "false"); });
    }
  });

  // The dataset list, when it reloads itself, says which dataset the detail shows, so that one stays marked.
  document.addEventListener("htmx:configRequest", function (e) {
    var elt = e.detail.elt;
    if (!elt || !elt.matches || !elt.matches("[data-send-selected-dataset]")) return;
    var shown = document.querySelector("#dataset-detail [data-dataset-id]");
    e.detail.parameters.selected = shown ? shown.dataset.datasetId || "" : "";
  });

  // The sign-in form answers 429 with the form and its message when attempts are throttled: show it in place.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var elt = e.detail.requestConfig && e.detail.requestConfig.elt;
    var type = e.detail.xhr.getResponseHeader("Content-Type") || "";
    if (e.detail.xhr.status === 429 && type.indexOf("text/html") === 0 && elt && elt.closest && elt.closest("[data-swap-429]")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  // Polling without eval: every 2 s, elements with data-poll-while="selector" get a "poll" event (their hx-trigger) while
  // the selector matches something (the Jobs menu while open, the jobs page while a job runs).
  setInterval(function () {
    document.querySelectorAll("[data-poll-while]").forEach(function (el) {
      if (document.querySelector(el.getAttribute("data-poll-while"))) htmx.trigger(el, "poll");
    });
  }, 2000);
})();
