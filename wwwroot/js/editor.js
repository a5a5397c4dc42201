// SQL editor: every <textarea data-sql-editor> (Chat's "Run edited SQL", notebook SQL cells) becomes a CodeMirror 6
// editor: DuckDB highlighting, line numbers, completion of the dataset's tables and columns, Ctrl/Cmd+Enter runs, a
// schema browser whose names insert at the cursor, and errors marked where the guard or the engine said they are.
// The textarea stays the form's field: the editor writes every change back and fires the events its form listens to,
// so forms post and notebook cells autosave as before, and without JavaScript the plain textarea works.
// CodeMirror (wwwroot/lib/codemirror, built by tools/codemirror) is loaded only on pages that have such a textarea.
(function () {
  "use strict";
  var script = document.currentScript;
  var libraryUrl = script && script.getAttribute("data-codemirror");
  var root = document.documentElement;
  var CM = null;
  var loading = null;
  var dialect = null;
  var themes = null;
  var schemas = {};   // dataset id → promise of its schema (or null): one request per dataset and page
  var editors = [];   // { textarea, view } of every live editor, for theme switches
  var refocus = null; // the editor that ran its cell, whose re-rendered successor takes the focus back

  // DuckDB words beyond PostgreSQL's, so they highlight as keywords, types and functions.
  var DUCKDB_KEYWORDS = "qualify pivot unpivot pivot_wider pivot_longer exclude replace columns asof positional anti semi " +
    "sample tablesample using summarize describe struct map union lambda macro ilike glob similar recursive materialized " +
    "filter within group grouping sets cube rollup nulls first last over partition window range rows groups exclude ties";
  var DUCKDB_TYPES = "tinyint smallint integer bigint hugeint utinyint usmallint uinteger ubigint uhugeint float double " +
    "decimal numeric boolean varchar blob date time timestamp timestamptz interval uuid json list bit enum";
  var DUCKDB_FUNCTIONS = "count sum avg min max median mode quantile quantile_cont quantile_disc stddev stddev_samp variance " +
    "string_agg list_agg array_agg first last arg_min arg_max approx_count_distinct count_if bool_and bool_or " +
    "date_trunc date_part datediff date_diff date_add strftime strptime epoch make_date year month day quarter week dayname monthname " +
    "now current_date round floor ceil abs ln log exp power sqrt greatest least coalesce nullif ifnull cast try_cast " +
    "lower upper trim ltrim rtrim length substring substr concat concat_ws regexp_matches regexp_replace regexp_extract " +
    "split_part starts_with ends_with contains replace left right lpad rpad strpos position " +
    "row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value " +
    "unnest range generate_series list_value list_contains struct_pack";

  function isDark() { return root.getAttribute("data-theme") === "dark"; }

  function loadLibrary() {
    if (window.DataChartsCodeMirror) return Promise.resolve(window.DataChartsCodeMirror);
    if (!libraryUrl) return Promise.reject(new Error("editor.js has no data-codemirror address"));
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = libraryUrl;
        s.addEventListener("load", function () { resolve(window.DataChartsCodeMirror); });
        s.addEventListener("error", function () { loading = null; reject(new Error("CodeMirror did not load")); });
        document.head.appendChild(s);
      });
    }
    return loading;
  }

  function setUp(lib) {
    if (CM) return;
    CM = lib;
    var pg = CM.PostgreSQL.spec;
    dialect = CM.SQLDialect.define(Object.assign({}, pg, {
      keywords: (pg.keywords || "") + " " + DUCKDB_KEYWORDS,
      types: (pg.types || "") + " " + DUCKDB_TYPES,
      builtin: (pg.builtin || "") + " " + DUCKDB_FUNCTIONS,
      caseInsensitiveIdentifiers: true,
    }));
    // Colours come from the page's custom properties (wwwroot/css/app.css), so a theme switch needs no new editor
    // theme; the dark flag only tells CodeMirror's own tooltips and selection which palette to use.
    themes = new CM.Compartment();
  }

  // Classes for what classHighlighter leaves plain in SQL: built-in functions and quoted identifiers.
  var builtinHighlighter = null;
  function builtins() {
    if (!builtinHighlighter) {
      builtinHighlighter = CM.tagHighlighter([
        { tag: CM.tags.standard(CM.tags.name), class: "tok-builtin" },
        { tag: CM.tags.special(CM.tags.string), class: "tok-quotedName" },
      ]);
    }
    return builtinHighlighter;
  }

  function themeFor(dark) { return CM.EditorView.darkTheme.of(dark); }

  var chrome = null;
  function editorChrome() {
    if (chrome) return chrome;
    chrome = CM.EditorView.theme({
      "&": { color: "var(--text)", backgroundColor: "var(--bg)", border: "1px solid var(--border)", borderRadius: "6px", fontSize: ".85rem", maxHeight: "28rem" },
      "&.cm-focused": { outline: "2px solid var(--accent)", outlineOffset: "2px" },
      ".cm-scroller": { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, monospace', lineHeight: "1.5", overflow: "auto" },
      ".cm-content": { caretColor: "var(--text)", minHeight: "4.5rem", padding: ".35rem 0" },
      ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
      ".cm-gutters": { backgroundColor: "var(--code)", color: "var(--muted)", borderRight: "1px solid var(--border)", borderRadius: "6px 0 0 6px" },
      ".cm-activeLine": { backgroundColor: "color-mix(in srgb, var(--accent-soft) 45%, transparent)" },
      ".cm-activeLineGutter": { backgroundColor: "var(--accent-soft)", color: "var(--text)" },
      "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection": { backgroundColor: "color-mix(in srgb, var(--accent) 30%, transparent)" },
      ".cm-tooltip": { backgroundColor: "var(--panel)", color: "var(--text)", border: "1px solid var(--border)" },
      ".cm-tooltip-autocomplete > ul > li[aria-selected]": { backgroundColor: "var(--accent)", color: "var(--accent-text)" },
      ".cm-completionDetail": { color: "inherit", opacity: ".75", fontStyle: "normal", marginLeft: ".75em" },
      ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--danger)", textDecorationSkipInk: "none", textUnderlineOffset: "3px", backgroundColor: "var(--danger-soft)" },
      ".cm-diagnostic-error": { borderLeftColor: "var(--danger)" },
    });
    return chrome;
  }

  // ---- the dataset's schema -------------------------------------------------------------------------------------

  function datasetOf(el) {
    var own = el.getAttribute("data-dataset");
    if (own) return own;
    var around = el.parentElement && el.parentElement.closest("[data-dataset]");
    return around ? around.getAttribute("data-dataset") || null : null;
  }

  function schemaOf(id) {
    if (!id) return Promise.resolve(null);
    if (!schemas[id]) {
      schemas[id] = fetch("/api/data/" + encodeURIComponent(id) + "/schema", { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return schemas[id];
  }

  // A name as SQL must write it: plain when it is a lower-case identifier and no keyword, else double-quoted.
  var reserved = null;
  function quote(name) {
    if (!reserved) {
      reserved = {};
      ((CM && CM.PostgreSQL.spec.keywords) || "select from where group order by").split(/\s+/).forEach(function (k) { reserved[k] = true; });
    }
    return /^[a-z_][a-z0-9_]*$/.test(name) && !reserved[name] ? name : '"' + name.replace(/"/g, '""') + '"';
  }

  function sqlSchema(schema) {
    var spec = {};
    if (!schema) return spec;
    schema.tables.forEach(function (t) {
      spec[t.name] = {
        self: { label: quote(t.name), type: "type", detail: "table" },
        children: t.columns.map(function (c) { return { label: quote(c.name), type: "property", detail: c.type }; }),
      };
    });
    return spec;
  }

  // Columns of every table at the top level too (lang-sql offers them only after "table."): an analyst types "reg"
  // and expects "region".
  function columnCompletions(schema) {
    var byName = {}, options = [];
    (schema ? schema.tables : []).forEach(function (t) {
      t.columns.forEach(function (c) {
        var o = byName[c.name];
        if (o) { o.detail += ", " + t.name; return; }
        o = byName[c.name] = { label: quote(c.name), type: "property", detail: c.type + " · " + t.name };
        options.push(o);
      });
    });
    return function (context) {
      var word = context.matchBefore(/[\w$\u00C0-\uFFFF]+/);
      if (!options.length || (!word && !context.explicit)) return null;
      var from = word ? word.from : context.pos;
      if (from > 0 && context.state.sliceDoc(from - 1, from) === ".") return null; // "t.col" is lang-sql's
      // After FROM or JOIN a table comes, which lang-sql offers.
      if (/\b(from|join)\s+$/i.test(context.state.sliceDoc(Math.max(0, from - 12), from))) return null;
      var node = CM.syntaxTree(context.state).resolveInner(context.pos, -1);
      if (/String|Comment|QuotedIdentifier/.test(node.name)) return null;
      return { from: from, options: options, validFor: /^[\w$\u00C0-\uFFFF]*$/ };
    };
  }

  // ---- the editor ------------------------------------------------------------------------------------------------

  function labelOf(textarea) {
    var label = textarea.id && document.querySelector('label[for="' + CSS.escape(textarea.id) + '"]');
    return (label && label.textContent.trim()) || "SQL";
  }

  function enhance(textarea) {
    if (textarea.__sqlEditor || !textarea.isConnected) return;
    var datasetId = datasetOf(textarea);
    var box = document.createElement("div");
    box.className = "sql-editor";
    var message = document.createElement("p");
    message.className = "sql-editor-error";
    message.id = (textarea.id || "sql") + "-editor-error";
    message.hidden = true;
    var hint = document.createElement("p");
    hint.className = "sql-editor-hint";
    hint.textContent = "Ctrl+Enter runs · Ctrl+Space completes · Tab leaves the editor";
    textarea.parentNode.insertBefore(box, textarea.nextSibling);

    var completion = new CM.Compartment();
    var sent = textarea.value;
    var view = new CM.EditorView({
      parent: box,
      state: CM.EditorState.create({
        doc: textarea.value,
        extensions: [
          CM.lineNumbers(),
          CM.highlightActiveLineGutter(),
          CM.highlightActiveLine(),
          CM.history(),
          CM.drawSelection(),
          CM.indentOnInput(),
          CM.bracketMatching(),
          CM.closeBrackets(),
          CM.EditorView.lineWrapping,
          CM.syntaxHighlighting(CM.classHighlighter),
          CM.syntaxHighlighting(builtins()),
          completion.of(CM.sql({ dialect: dialect, upperCaseKeywords: true })),
          CM.autocompletion({ icons: false }),
          // Tab is not bound: it moves the focus on, so the editor never traps the keyboard.
          CM.Prec.highest(CM.keymap.of([
            { key: "Mod-Enter", run: function () { return run(textarea, view); }, preventDefault: true, stopPropagation: true },
          ])),
          // Alt+↑/↓ move the notebook cell (app.js), not the line.
          CM.keymap.of([].concat(CM.closeBracketsKeymap, CM.defaultKeymap.filter(function (b) { return !/^(Shift-)?Alt-Arrow(Up|Down)$/.test(b.key || ""); }),
            CM.historyKeymap, CM.completionKeymap)),
          themes.of(themeFor(isDark())),
          editorChrome(),
          CM.EditorView.contentAttributes.of({ "aria-label": labelOf(textarea), "aria-describedby": message.id }),
          CM.EditorView.updateListener.of(function (u) {
            if (!u.docChanged) return;
            textarea.value = u.state.doc.toString();
            // "input" for listeners in general; "keyup" because the notebook cell's autosave triggers on keyup.
            textarea.dispatchEvent(new Event("input", { bubbles: true }));
            textarea.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
            clearError(editor);
          }),
          CM.EditorView.domEventHandlers({
            blur: function () {
              if (textarea.value === sent) return false;
              sent = textarea.value;
              textarea.dispatchEvent(new Event("change", { bubbles: true }));
              return false;
            },
          }),
        ],
      }),
    });
    box.appendChild(message);
    box.appendChild(hint);
    textarea.classList.add("sql-editor-source");
    textarea.hidden = true;
    var editor = { textarea: textarea, view: view, box: box, message: message };
    textarea.__sqlEditor = editor;
    editors.push(editor);

    // The label names a hidden field now: clicking it focuses the editor.
    var label = textarea.id && document.querySelector('label[for="' + CSS.escape(textarea.id) + '"]');
    if (label) label.addEventListener("click", function (e) { e.preventDefault(); view.focus(); });

    schemaOf(datasetId).then(function (schema) {
      if (!schema || !view.dom.isConnected) return;
      view.dispatch({
        effects: completion.reconfigure([
          CM.sql({ dialect: dialect, upperCaseKeywords: true, schema: sqlSchema(schema) }),
          dialect.language.data.of({ autocomplete: columnCompletions(schema) }),
        ]),
      });
    });

    if (refocus && refocus.until < Date.now()) refocus = null; // a later re-render is not the run's
    if (refocus && refocus.id === textarea.id) {
      var len = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(refocus.anchor, len), head: Math.min(refocus.head, len) }, scrollIntoView: true });
      view.focus();
      refocus = null;
    }
  }

  // Ctrl/Cmd+Enter: the element named by data-run-target, else a notebook cell's ▶ Run (after its autosave, since the
  // run reads the saved text), else the form's own submit (Chat's "Run edited SQL").
  function run(textarea, view) {
    var named = textarea.getAttribute("data-run-target");
    var target = named ? document.querySelector(named) : null;
    var cell = !target && textarea.closest(".cell");
    if (cell) target = cell.querySelector("[data-run-cell]");
    if (target) {
      var sel = view.state.selection.main;
      refocus = { id: textarea.id, anchor: sel.anchor, head: sel.head, until: Date.now() + 15000 };
      var form = textarea.form;
      if (form && /(^|,)\s*save\b/.test(form.getAttribute("hx-trigger") || "") && window.htmx) {
        saveThen(form, function () { target.click(); });
      } else {
        target.click();
      }
      return true;
    }
    if (textarea.form) {
      textarea.form.requestSubmit();
      return true;
    }
    return false;
  }

  function saveThen(form, next) {
    var done = false;
    function go() {
      if (done) return;
      done = true;
      form.removeEventListener("htmx:afterRequest", go);
      next();
    }
    form.addEventListener("htmx:afterRequest", go);
    setTimeout(go, 5000); // a save that never answers must not swallow the run
    window.htmx.trigger(form, "save");
  }

  // ---- errors at their line and column ---------------------------------------------------------------------------

  function clearError(editor) {
    if (!editor || !editor.message.textContent) return;
    editor.message.hidden = true;
    editor.message.textContent = "";
    editor.view.dispatch(CM.setDiagnostics(editor.view.state, []));
  }

  // The message goes under the editor when the error is shown far from it (Chat adds it to the end of the
  // conversation); a notebook cell shows it right below already, so there the underline and its tooltip say it.
  function showError(editor, line, column, text, far) {
    var doc = editor.view.state.doc;
    var l = doc.line(Math.min(Math.max(1, line), doc.lines));
    var from = Math.min(l.from + Math.max(0, column - 1), l.to);
    var to = from;
    var chars = /[\w$\u00C0-\uFFFF]/;
    while (to < l.to && chars.test(doc.sliceString(to, to + 1))) to++;
    if (to === from) {
      if (from < l.to) to = from + 1;
      else if (from > l.from) from = to - 1;
    }
    editor.view.dispatch(CM.setDiagnostics(editor.view.state, [{ from: from, to: to, severity: "error", message: text }]));
    editor.view.dispatch({ effects: CM.EditorView.scrollIntoView(from, { y: "nearest" }) });
    editor.message.textContent = text;
    editor.message.hidden = !far;
  }

  function markErrors(scope) {
    var found = [];
    if (scope.matches && scope.matches("[data-error-line]")) found.push(scope);
    if (scope.querySelectorAll) found = found.concat(Array.prototype.slice.call(scope.querySelectorAll("[data-error-line]")));
    found.forEach(function (el) {
      var line = parseInt(el.getAttribute("data-error-line"), 10);
      var column = parseInt(el.getAttribute("data-error-column"), 10);
      if (!(line > 0)) return;
      var forId = el.getAttribute("data-error-for");
      var textarea = forId ? document.getElementById(forId) : null;
      if (!textarea) {
        var cell = el.closest(".cell");
        textarea = cell && cell.querySelector("textarea[data-sql-editor]");
      }
      var editor = textarea && textarea.__sqlEditor;
      if (editor) showError(editor, line, column > 0 ? column : 1, el.textContent.replace(/\s+/g, " ").trim(), !!forId);
    });
  }

  // ---- the schema browser ----------------------------------------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function renderSchema(tree, schema) {
    tree.textContent = "";
    if (!schema || !schema.tables.length) {
      tree.appendChild(el("p", "muted", "No tables to show."));
      return;
    }
    var list = el("ul", "schema-tables");
    schema.tables.forEach(function (t, i) {
      var item = el("li", "schema-table");
      var head = el("div", "schema-row");
      var toggle = el("button", "schema-toggle small", "▸");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-label", "Columns of " + t.name);
      var name = el("button", "schema-name", t.name);
      name.type = "button";
      name.setAttribute("data-insert", quote(t.name));
      name.title = "Insert " + t.name + " at the cursor";
      head.appendChild(toggle);
      head.appendChild(name);
      head.appendChild(el("span", "muted", t.row_count.toLocaleString() + " rows"));
      var columns = el("ul", "schema-columns");
      columns.hidden = true;
      t.columns.forEach(function (c) {
        var li = el("li", "schema-row");
        var b = el("button", "schema-name", c.name);
        b.type = "button";
        b.setAttribute("data-insert", quote(c.name));
        b.title = "Insert " + c.name + " at the cursor";
        li.appendChild(b);
        li.appendChild(el("span", "schema-type", c.type));
        columns.appendChild(li);
      });
      if (i === 0 && schema.tables.length === 1) {
        columns.hidden = false;
        toggle.setAttribute("aria-expanded", "true");
        toggle.textContent = "▾";
      }
      item.appendChild(head);
      item.appendChild(columns);
      list.appendChild(item);
    });
    tree.appendChild(list);
    if (schema.truncated) tree.appendChild(el("p", "muted", "Only the first tables and columns are listed."));
  }

  function setUpBrowser(details) {
    if (details.__schemaBrowser) return;
    var textarea = document.getElementById(details.getAttribute("data-schema-for"));
    if (!textarea || !textarea.__sqlEditor) return;
    details.__schemaBrowser = true;
    details.hidden = false;
    var tree = details.querySelector("[data-schema-tree]");
    var id = details.getAttribute("data-dataset") || datasetOf(textarea);
    var shown = false;
    function show() {
      if (shown || !details.open) return;
      shown = true;
      schemaOf(id).then(function (schema) { renderSchema(tree, schema); });
    }
    details.addEventListener("toggle", show);
    show();
  }

  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest(".schema-browser .schema-toggle");
    if (toggle) {
      var columns = toggle.closest(".schema-table").querySelector(".schema-columns");
      columns.hidden = !columns.hidden;
      toggle.setAttribute("aria-expanded", columns.hidden ? "false" : "true");
      toggle.textContent = columns.hidden ? "▸" : "▾";
      return;
    }
    var name = e.target.closest && e.target.closest(".schema-browser [data-insert]");
    if (!name) return;
    var textarea = document.getElementById(name.closest(".schema-browser").getAttribute("data-schema-for"));
    var editor = textarea && textarea.__sqlEditor;
    if (!editor) return;
    var view = editor.view;
    view.dispatch(view.state.replaceSelection(name.getAttribute("data-insert")), { scrollIntoView: true, userEvent: "input" });
    view.focus();
  });

  // ---- wiring ----------------------------------------------------------------------------------------------------

  function within(scope, selector) {
    var found = [];
    if (scope.matches && scope.matches(selector)) found.push(scope);
    if (scope.querySelectorAll) found = found.concat(Array.prototype.slice.call(scope.querySelectorAll(selector)));
    return found;
  }

  function process(scope) {
    var areas = within(scope, "textarea[data-sql-editor]");
    var errors = within(scope, "[data-error-line]");
    if (!areas.length && !(errors.length && CM)) return;
    loadLibrary().then(function (lib) {
      setUp(lib);
      editors = editors.filter(function (e) { if (e.view.dom.isConnected) return true; e.view.destroy(); return false; });
      areas.forEach(enhance);
      within(scope, ".schema-browser[data-schema-for]").forEach(setUpBrowser);
      markErrors(scope);
    }).catch(function () { /* the textareas stay as they are */ });
  }

  document.addEventListener("htmx:load", function (e) { process(e.detail.elt); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { process(document.body); });
  else process(document.body);

  // The editors follow the page's theme as it switches.
  new MutationObserver(function () {
    if (!CM) return;
    var dark = isDark();
    editors.forEach(function (e) { e.view.dispatch({ effects: themes.reconfigure(themeFor(dark)) }); });
  }).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
})();
