// The parts of CodeMirror 6 that wwwroot/js/editor.js uses, bundled by esbuild into one IIFE that sets
// window.DataChartsCodeMirror (the page loads no modules and runs no build step; see README.md).
export { EditorState, Compartment, Prec } from "@codemirror/state";
export {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection, placeholder,
} from "@codemirror/view";
export { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
export { syntaxHighlighting, syntaxTree, bracketMatching, indentOnInput } from "@codemirror/language";
export {
  autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap, startCompletion, acceptCompletion, currentCompletions,
} from "@codemirror/autocomplete";
export { setDiagnostics } from "@codemirror/lint";
export { sql, SQLDialect, PostgreSQL, StandardSQL } from "@codemirror/lang-sql";
export { classHighlighter, tagHighlighter, tags } from "@lezer/highlight";
