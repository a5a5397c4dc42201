// Interactive charts over server-drawn images (Pages/Shared/_ChartFigure.cshtml). The marks (image pixels, labels and
// formatted values) arrive with the page, so hovering and the arrow keys never ask the server; a drag asks it to redraw
// the x range (htmx), a click or Enter on a bar or slice in Chat asks the follow-up the mark carries.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var NEAR = 40; // image pixels within which the nearest point counts as hovered

  function chartOf(el) {
    var stage = el && el.closest && el.closest(".chart-stage");
    if (!stage) return null;
    if (stage._chart && stage._chart.svg.isConnected) return stage._chart;
    var svg = stage.querySelector("svg.chart-marks");
    if (!svg) return null;
    var marks, series;
    try { marks = JSON.parse(svg.getAttribute("data-marks") || "[]"); series = JSON.parse(svg.getAttribute("data-series") || "[]"); } catch (_) { marks = []; series = []; }
    var root = stage.closest("[data-chart]");
    var c = {
      stage: stage, svg: svg, root: root, marks: marks, series: series, tip: stage.querySelector(".chart-tip"), active: -1,
      W: +svg.getAttribute("data-width"), H: +svg.getAttribute("data-height"),
      area: svg.getAttribute("data-area").split(" ").map(Number), xr: svg.getAttribute("data-x").split(" ").map(Number),
      yName: svg.getAttribute("data-y-name") || "", zoomUrl: root && root.getAttribute("data-zoom-url")
    };
    // Keys walk the marks left to right (bars of several series interleave by category), points series by series.
    c.order = marks.map(function (_, i) { return i; });
    if (marks.length && marks.every(function (m) { return m[0] === "r"; }))
      c.order.sort(function (a, b) { return marks[a][1] - marks[b][1] || marks[a][2] - marks[b][2]; });
    stage._chart = c;
    return c;
  }

  function toImage(c, e) {
    var r = c.svg.getBoundingClientRect();
    return { x: (e.clientX - r.left) * c.W / r.width, y: (e.clientY - r.top) * c.H / r.height };
  }

  function anchor(m) {
    if (m[0] === "r") return { x: m[1] + m[7] / 2, y: m[2] };
    if (m[0] === "s") {
      var a = (m[8] + m[9] / 2) * Math.PI / 180;
      return { x: m[1] + m[7] * 2 / 3 * Math.cos(a), y: m[2] + m[7] * 2 / 3 * Math.sin(a) };
    }
    return { x: m[1], y: m[2] };
  }

  function hit(c, p, target) {
    if (target && target.getAttribute && target.hasAttribute("data-i")) return +target.getAttribute("data-i");
    var best = -1, bd = NEAR * NEAR;
    for (var i = 0; i < c.marks.length; i++) {
      var m = c.marks[i];
      if (m[0] !== "p") continue;
      var dx = m[1] - p.x, dy = (m[2] - p.y) / 3; // along x first: a line is read by its x
      var d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = i; }
    }
    return best;
  }

  function dot(c) {
    var d = c.svg.querySelector(".chart-dot");
    if (!d) {
      d = document.createElementNS(SVG, "circle");
      d.setAttribute("class", "chart-dot");
      d.setAttribute("r", "5");
      c.svg.appendChild(d);
    }
    return d;
  }

  function show(c, i) {
    if (!c.tip) return;
    var m = c.marks[i];
    if (!m) { hide(c); return; }
    c.active = i;
    c.svg.querySelectorAll(".chart-mark.active").forEach(function (el) { el.classList.remove("active"); });
    var d = dot(c);
    if (m[0] === "p") {
      d.setAttribute("cx", m[1]); d.setAttribute("cy", m[2]); d.style.display = "";
    } else {
      d.style.display = "none";
      var el = c.svg.querySelector('[data-i="' + i + '"]');
      if (el) el.classList.add("active");
    }
    var tip = c.tip;
    tip.textContent = "";
    var title = document.createElement("strong");
    title.textContent = m[3];
    var value = document.createElement("span");
    value.className = "tip-value";
    value.textContent = (c.series[m[5]] || c.yName) + ": " + m[4];
    tip.appendChild(title);
    tip.appendChild(value);
    if (m[6]) {
      var hint = document.createElement("span");
      hint.className = "tip-hint";
      hint.textContent = "Click or press Enter to ask: " + m[6];
      tip.appendChild(hint);
    }
    var a = anchor(m);
    tip.style.left = (a.x / c.W * 100) + "%";
    tip.style.top = (a.y / c.H * 100) + "%";
    tip.classList.toggle("below", a.y < c.H * 0.25);
    tip.classList.toggle("left", a.x > c.W * 0.8);
    tip.classList.toggle("right", a.x < c.W * 0.2);
    tip.hidden = false;
  }

  function hide(c) {
    c.active = -1;
    if (c.tip) c.tip.hidden = true;
    c.svg.querySelectorAll(".chart-mark.active").forEach(function (el) { el.classList.remove("active"); });
    var d = c.svg.querySelector(".chart-dot");
    if (d) d.style.display = "none";
  }

  function drill(c, i) {
    var m = c.marks[i];
    var form = document.getElementById("ask-form");
    var box = form && form.querySelector("textarea[name=question]");
    if (!m || !m[6] || !box) return false;
    box.value = m[6];
    form.requestSubmit();
    return true;
  }

  // Pointer: hover shows the mark under it; a drag across a zoomable chart zooms; a click on a drillable mark drills.
  var drag = null;
  document.addEventListener("pointermove", function (e) {
    if (drag) {
      var p = toImage(drag.c, e), a = drag.c.area;
      var x = Math.max(a[0], Math.min(a[2], p.x));
      drag.band.setAttribute("x", Math.min(drag.x, x));
      drag.band.setAttribute("width", Math.abs(x - drag.x));
      drag.moved = drag.moved || Math.abs(x - drag.x) > 6;
      if (drag.moved) hide(drag.c);
      return;
    }
    var c = chartOf(e.target);
    if (!c || e.pointerType === "touch") return;
    var i = hit(c, toImage(c, e), e.target);
    if (i < 0) hide(c); else if (i !== c.active) show(c, i);
  });
  document.addEventListener("pointerleave", function (e) {
    var c = e.target && e.target.classList && e.target.classList.contains("chart-stage") ? chartOf(e.target) : null;
    if (c && !drag) hide(c);
  }, true);
  document.addEventListener("pointerdown", function (e) {
    var c = chartOf(e.target);
    if (!c || e.button !== 0) return;
    var p = toImage(c, e), a = c.area;
    if (c.zoomUrl && p.x >= a[0] && p.x <= a[2] && p.y >= a[1] && p.y <= a[3]) {
      e.preventDefault();
      var band = document.createElementNS(SVG, "rect");
      band.setAttribute("class", "chart-zoom-band");
      band.setAttribute("x", p.x); band.setAttribute("y", a[1]); band.setAttribute("width", 0); band.setAttribute("height", a[3] - a[1]);
      c.svg.appendChild(band);
      drag = { c: c, x: p.x, band: band, moved: false };
      try { c.stage.setPointerCapture(e.pointerId); } catch (_) { /* synthetic events */ }
    }
  });
  document.addEventListener("pointerup", function (e) {
    if (drag) {
      var d = drag;
      drag = null;
      d.band.remove();
      if (d.moved) {
        var x1 = Math.max(d.c.area[0], Math.min(d.c.area[2], toImage(d.c, e).x));
        zoom(d.c, Math.min(d.x, x1), Math.max(d.x, x1));
        return;
      }
    }
    var c = chartOf(e.target);
    if (!c || e.button !== 0) return;
    var i = hit(c, toImage(c, e), e.target);
    if (i >= 0) { if (!drill(c, i)) show(c, i); }
  });

  function zoom(c, left, right) {
    var a = c.area, span = a[2] - a[0];
    if (span <= 0) return;
    var x0 = c.xr[0] + (left - a[0]) / span * (c.xr[1] - c.xr[0]);
    var x1 = c.xr[0] + (right - a[0]) / span * (c.xr[1] - c.xr[0]);
    var url = new URL(c.zoomUrl, location.href);
    url.searchParams.set(c.root.getAttribute("data-zoom-from"), String(x0));
    url.searchParams.set(c.root.getAttribute("data-zoom-to"), String(x1));
    // Drawn in the theme the page shows, so the image the fragment names is the one the server just drew.
    if (document.documentElement.getAttribute("data-theme") === "dark") url.searchParams.set(c.root.getAttribute("data-zoom-dark") || "dark", "true");
    htmx.ajax("GET", url.pathname + url.search, { target: c.root.getAttribute("data-zoom-target"), swap: "outerHTML" });
  }

  // Keys: arrows walk the marks, Home/End jump, Enter drills (Chat), Escape hides the tooltip.
  document.addEventListener("keydown", function (e) {
    if (!e.target.classList || !e.target.classList.contains("chart-stage")) return;
    var c = chartOf(e.target);
    if (!c || !c.marks.length) return;
    var at = c.order.indexOf(c.active), next = null;
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": next = at < 0 ? 0 : Math.min(c.order.length - 1, at + 1); break;
      case "ArrowLeft": case "ArrowUp": next = at < 0 ? 0 : Math.max(0, at - 1); break;
      case "Home": next = 0; break;
      case "End": next = c.order.length - 1; break;
      case "Enter": case " ":
        if (c.active >= 0 && drill(c, c.active)) e.preventDefault();
        return;
      case "Escape": hide(c); return;
      default: return;
    }
    e.preventDefault();
    show(c, c.order[next]);
  });
  document.addEventListener("focusout", function (e) {
    var c = e.target.classList && e.target.classList.contains("chart-stage") ? chartOf(e.target) : null;
    if (c) hide(c);
  });

  // A refused zoom range comes back as a 400 with the chart and the reason: show it in place.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var t = e.detail.target;
    if (e.detail.xhr.status === 400 && t && t.querySelector && t.querySelector("[data-chart]")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
})();
