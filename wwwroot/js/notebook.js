// Notebook chart cells: the chart builder (data, type, x, y, series) and the cell's `key: value` text are one chart seen
// two ways. A choice in the builder rewrites its line of the text and autosaves the cell (the form's "save" trigger), which
// redraws the chart; typing in the text sets the builder. The server reads only the text.
(function () {
  "use strict";

  var LINE = /^\s*([A-Za-z_][A-Za-z0-9_\-]*)\s*:\s?(.*)$/;

  // A comma-separated list; items may be quoted to hold commas, as the server reads them.
  function splitList(text) {
    var items = [], current = "", quote = null;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (quote === null && (c === '"' || c === "'")) { quote = c; continue; }
      if (quote === c) { quote = null; continue; }
      if (quote === null && c === ",") { items.push(current.trim()); current = ""; continue; }
      current += c;
    }
    items.push(current.trim());
    items = items.filter(function (s) { return s.length > 0; });
    if (items.length > 0) items[0] = items[0].replace(/^\[\s*/, "");
    if (items.length > 0) items[items.length - 1] = items[items.length - 1].replace(/\s*\]$/, "");
    return items.filter(function (s) { return s.length > 0; });
  }

  function unquote(s) {
    return s.length >= 2 && ((s[0] === '"' && s[s.length - 1] === '"') || (s[0] === "'" && s[s.length - 1] === "'")) ? s.slice(1, -1) : s;
  }

  function quoteItem(s) { return /[,"']|^\s|\s$/.test(s) ? '"' + s.replace(/"/g, "") + '"' : s; }

  // The first line of each key wins, as on the server.
  function read(text) {
    var keys = {};
    text.split(/\r?\n/).forEach(function (line) {
      var m = LINE.exec(line);
      if (!m) return;
      var key = m[1].toLowerCase().replace(/-/g, "_");
      if (!(key in keys)) keys[key] = m[2].trim();
    });
    return {
      data: unquote(keys.data || ""), type: keys.type || "", x: unquote(keys.x || ""),
      y: splitList(keys.y || ""), series: unquote(keys.series || ""),
    };
  }

  // Sets (or, for an empty value, removes) the first line of a key, keeping every other line as written.
  function write(text, key, value) {
    var lines = text.split(/\r?\n/), at = -1;
    for (var i = 0; i < lines.length; i++) {
      var m = LINE.exec(lines[i]);
      if (m && m[1].toLowerCase().replace(/-/g, "_") === key) { at = i; break; }
    }
    if (value === "") {
      if (at >= 0) lines.splice(at, 1);
    } else if (at >= 0) {
      lines[at] = key + ": " + value;
    } else {
      // A new line goes after the keys that come before it in the usual order (data, type, x, y, series), else at the end.
      var order = ["data", "type", "x", "y", "series"], after = -1;
      for (var j = 0; j < lines.length; j++) {
        var k = LINE.exec(lines[j]);
        if (k && order.indexOf(k[1].toLowerCase()) >= 0 && order.indexOf(k[1].toLowerCase()) < order.indexOf(key)) after = j;
      }
      while (lines.length > 0 && lines[lines.length - 1].trim() === "" && after < lines.length - 1) lines.pop();
      lines.splice(after >= 0 ? after + 1 : lines.length, 0, key + ": " + value);
    }
    return lines.join("\n");
  }

  function norm(s) { return (s || "").toLowerCase().replace(/[_\-\s]/g, ""); }
  var TYPE_ALIASES = { barh: "horizontalbar", hbar: "horizontalbar", stacked: "stackedbar", grouped: "groupedbar" };

  function parts(builder) {
    return {
      data: builder.querySelector('[data-chart-key="data"]'),
      type: builder.querySelector('[data-chart-key="type"]'),
      x: builder.querySelector('[data-chart-key="x"]'),
      y: builder.querySelector('[data-chart-key="y"]'),
      series: builder.querySelector('[data-chart-key="series"]'),
      hint: builder.querySelector("[data-chart-hint]"),
    };
  }

  function option(select, value, label, selected) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    if (selected) o.selected = true;
    select.appendChild(o);
  }

  function columnsOf(p) {
    var o = p.data.selectedOptions[0];
    if (!o || !o.hasAttribute("data-columns")) return null;
    try { return JSON.parse(o.getAttribute("data-columns")); } catch (_) { return null; }
  }

  function has(list, name) { return list.some(function (c) { return c.toLowerCase() === name.toLowerCase(); }); }

  // Fills x, y and series from the chosen result's columns; chosen values the result lacks stay, marked.
  function fillColumns(p, chosen) {
    var columns = columnsOf(p), names = (columns || []).map(function (c) { return c[0]; });
    function mark(n) { return has(names, n) ? n : n + " (not in the result)"; }
    function same(a, b) { return (a || "").toLowerCase() === (b || "").toLowerCase(); }

    p.x.innerHTML = "";
    option(p.x, "", "Choose a column", !chosen.x);
    names.concat(chosen.x && !has(names, chosen.x) ? [chosen.x] : []).forEach(function (n) { option(p.x, n, mark(n), same(n, chosen.x)); });

    p.series.innerHTML = "";
    option(p.series, "", "None", !chosen.series);
    names.concat(chosen.series && !has(names, chosen.series) ? [chosen.series] : []).forEach(function (n) { option(p.series, n, mark(n), same(n, chosen.series)); });

    var box = p.y.querySelector(".choices");
    box.innerHTML = "";
    var ys = (columns || []).filter(function (c) { return c[1] === "n"; }).concat((columns || []).filter(function (c) { return c[1] !== "n"; }))
      .map(function (c) { return c[0]; }).concat(chosen.y.filter(function (y) { return !has(names, y); }));
    ys.forEach(function (n) {
      var label = document.createElement("label"), input = document.createElement("input");
      label.className = "choice";
      input.type = "checkbox";
      input.value = n;
      input.checked = chosen.y.some(function (y) { return same(y, n); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + mark(n)));
      box.appendChild(label);
    });

    if (p.hint) {
      var name = p.data.value;
      p.hint.textContent = !name ? "Add a named SQL or question cell above this one: a chart draws its result."
        : columns === null ? 'Run "' + name + '" to choose from its columns.' : "";
    }
  }

  // The builder as the text says (after typing in the text).
  function fromText(builder, text) {
    var p = parts(builder), spec = read(text);
    var found = Array.prototype.some.call(p.data.options, function (o) { return o.value.toLowerCase() === spec.data.toLowerCase(); });
    Array.prototype.forEach.call(p.data.querySelectorAll("option[data-missing]"), function (o) { o.remove(); });
    if (spec.data && !found) {
      option(p.data, spec.data, spec.data + " (no such result above)", true);
      p.data.lastChild.setAttribute("data-missing", "");
    }
    Array.prototype.forEach.call(p.data.options, function (o) { o.selected = o.value.toLowerCase() === spec.data.toLowerCase(); });
    var t = TYPE_ALIASES[norm(spec.type)] || norm(spec.type || "bar");
    Array.prototype.forEach.call(p.type.querySelectorAll("option[data-missing]"), function (o) { o.remove(); });
    var typeFound = false;
    Array.prototype.forEach.call(p.type.options, function (o) { o.selected = norm(o.value) === t; typeFound = typeFound || o.selected; });
    if (!typeFound) {
      option(p.type, spec.type, spec.type + " (unknown type)", true);
      p.type.lastChild.setAttribute("data-missing", "");
    }
    fillColumns(p, spec);
  }

  // The text as the builder says (after a choice), returning the key that changed.
  function toText(builder, control, area) {
    var p = parts(builder), key = control.getAttribute("data-chart-key"), value;
    if (key === "y") {
      value = Array.prototype.filter.call(p.y.querySelectorAll("input[type=checkbox]"), function (c) { return c.checked; })
        .map(function (c) { return quoteItem(c.value); }).join(", ");
    } else {
      value = control.value;
      if (key !== "type") value = quoteItem(value);
    }
    area.value = write(area.value, key, value);
    if (key === "data") {
      // Another result: keep the axes it also has, drop the others.
      var spec = read(area.value), columns = columnsOf(p);
      if (columns !== null) {
        var names = columns.map(function (c) { return c[0]; });
        if (spec.x && !has(names, spec.x)) area.value = write(area.value, "x", "");
        var ys = spec.y.filter(function (y) { return has(names, y); });
        if (ys.length !== spec.y.length) area.value = write(area.value, "y", ys.map(quoteItem).join(", "));
        if (spec.series && !has(names, spec.series)) area.value = write(area.value, "series", "");
      }
      fillColumns(p, read(area.value));
    }
  }

  var timers = new WeakMap();
  function save(form) {
    // Several quick choices make one save; the form's own requests queue, so each save carries the latest revision.
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(function () { htmx.trigger(form, "save"); }, 250));
  }

  document.addEventListener("change", function (e) {
    var control = e.target.closest && e.target.closest("[data-chart-builder] [data-chart-key]");
    if (!control) return;
    var builder = control.closest("[data-chart-builder]"), form = builder.closest("form");
    var area = form && form.querySelector("textarea[data-chart-text]");
    if (!area) return;
    toText(builder, control, area);
    save(form);
  });

  document.addEventListener("input", function (e) {
    var area = e.target.matches && e.target.matches("textarea[data-chart-text]") ? e.target : null;
    var builder = area && area.form && area.form.querySelector("[data-chart-builder]");
    if (builder) fromText(builder, area.value);
  });

  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest("[data-chart-text-toggle]");
    if (!toggle) return;
    var box = document.getElementById(toggle.getAttribute("aria-controls"));
    if (!box) return;
    var open = box.hidden;
    box.hidden = !open;
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    toggle.textContent = open ? "Hide text" : "Edit as text";
    if (open) { var area = box.querySelector("textarea"); if (area) area.focus(); }
  });
})();
