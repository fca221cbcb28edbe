/**
 * The FQL view (browser bundle). It edits queries, sends them to the host, and shows
 * results as a tree, a virtualized table or raw JSON. It never sees a secret and makes
 * no network request: queries run in the extension host. Every value is rendered with
 * `textContent`, never as HTML.
 */
import { parseArgumentsJson } from '../../core/fql/args';
import type { QueryError } from '../../core/fql/errors';
import type { EndpointInfo, FromWebview, ToWebview } from '../../core/fql/protocol';
import { isToWebview } from '../../core/fql/protocol';
import type { QueryResult } from '../../core/fql/result';
import { appendPage, cell, statsLine, tableOf } from '../../core/fql/result';
import type { Table } from '../../core/fql/result';
import { matchBracket, tokenize } from '../../core/fql/tokenize';
import type { FqlValue } from '../../core/fql/value';
import type { ChildList } from '../../core/fql/value';
import { childList, isBranch, shortText, toPlain, typeName } from '../../core/fql/value';

interface VsCodeApi {
  postMessage(msg: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Height of one table row in pixels (kept in sync with fql.css). */
const ROW_HEIGHT = 22;
/** Rows drawn above and below the visible ones. */
const OVERSCAN = 10;
/** Children shown per step in the tree. */
const TREE_CHUNK = 200;
/** Raw text shown at most (characters). */
const RAW_CAP = 2_000_000;

type Tab = 'tree' | 'table' | 'raw';
interface SavedState {
  query: string;
  args: string;
  typecheck: boolean;
  tab: Tab;
}

const vscode = acquireVsCodeApi();

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string | boolean> = {},
  children: Array<Node | string> = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') el.textContent = String(v);
    else if (typeof v === 'boolean') {
      if (v) el.setAttribute(k, '');
    } else el.setAttribute(k, v);
  }
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

// ---- static layout ---------------------------------------------------------------------

const endpointEl = h('span', { class: 'endpoint', id: 'endpoint', text: 'Endpoint: …' });
const endpointSourceEl = h('div', { class: 'endpoint-source', id: 'endpoint-source' });
const secretBtn = h('button', {
  type: 'button',
  id: 'set-secret',
  class: 'secondary',
  text: 'Set Fauna Secret',
});
const highlight = h('pre', { class: 'highlight', 'aria-hidden': 'true' });
const editor = h('textarea', {
  id: 'query',
  spellcheck: 'false',
  autocomplete: 'off',
  'aria-label':
    'FQL query. Ctrl+Enter runs; Up and Down on the first or last line walk the history.',
  placeholder: 'Product.all().pageSize(10)',
});
const argsBox = h('textarea', {
  id: 'args',
  spellcheck: 'false',
  'aria-label': 'Query arguments as a JSON object',
  placeholder: '{ "limit": 10 }',
});
const argsError = h('div', { id: 'args-error', class: 'args-error', role: 'alert' });
const argsDetails = h('details', { id: 'args-details' }, [
  h('summary', { text: 'Arguments' }),
  argsBox,
  argsError,
]);
const runBtn = h('button', { type: 'button', id: 'run', title: 'Run (Ctrl+Enter)', text: 'Run' });
const cancelBtn = h('button', {
  type: 'button',
  id: 'cancel',
  class: 'secondary',
  disabled: true,
  text: 'Cancel',
});
// The database the view's Run goes to, when it is a child database (the host keeps the
// path; the × only asks it to return to the folder's own database).
const databaseText = h('span', { id: 'database-text', class: 'database-text' });
const clearDatabaseBtn = h('button', {
  type: 'button',
  id: 'clear-database',
  class: 'database-clear',
  'aria-label': "Run in the folder's own database",
  title: "Run in the folder's own database",
  text: '×',
});
const databaseChip = h(
  'span',
  { id: 'database', class: 'database-chip', role: 'group', 'aria-label': 'Database', hidden: true },
  [databaseText, clearDatabaseBtn],
);
const typecheckBox = h('input', { type: 'checkbox', id: 'typecheck' });
const statusEl = h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
const errorMsg = h('div', { class: 'error-message' });
const errorSummary = h('pre', { class: 'summary' });
const errorRunAs = h('div', { id: 'error-run-as', class: 'run-as', hidden: true });
const errorEl = h('div', { id: 'error', class: 'error', role: 'alert', hidden: true }, [
  errorRunAs,
  errorMsg,
  errorSummary,
]);
const tabs: Record<Tab, HTMLButtonElement> = {
  tree: h('button', { type: 'button', role: 'tab', id: 'tab-tree', text: 'Tree' }),
  table: h('button', { type: 'button', role: 'tab', id: 'tab-table', text: 'Table' }),
  raw: h('button', { type: 'button', role: 'tab', id: 'tab-raw', text: 'Raw' }),
};
const loadMoreBtn = h('button', {
  type: 'button',
  id: 'load-more',
  class: 'secondary',
  hidden: true,
  text: 'Load more',
});
const exportJsonBtn = h('button', {
  type: 'button',
  id: 'export-json',
  class: 'secondary',
  text: 'Export JSON',
});
const exportCsvBtn = h('button', {
  type: 'button',
  id: 'export-csv',
  class: 'secondary',
  text: 'Export CSV',
});
const copyBtn = h('button', { type: 'button', id: 'copy', class: 'secondary', text: 'Copy' });
const statsEl = h('div', { id: 'stats', class: 'stats' });
const runAsEl = h('div', { id: 'run-as', class: 'run-as', hidden: true });
const typeEl = h('div', { id: 'static-type', class: 'static-type' });
const summaryEl = h('pre', { id: 'summary', class: 'summary', hidden: true });
const treeView = h('div', { id: 'tree-view', class: 'tree', role: 'tree' });
const tableHead = h('div', { class: 'thead', role: 'row' });
const tableRows = h('div', { class: 'rows', role: 'rowgroup' });
const tableSpacer = h('div', { class: 'spacer' });
const tableViewport = h('div', { class: 'viewport', tabindex: '0', role: 'table' }, [
  tableHead,
  tableSpacer,
  tableRows,
]);
const tableView = h('div', { id: 'table-view', class: 'table' }, [tableViewport]);
const rawView = h('pre', { id: 'raw-view', class: 'raw' });
const resultEl = h('section', { id: 'result', hidden: true, 'aria-label': 'Result' }, [
  h('div', { class: 'result-bar' }, [
    h('div', { class: 'tabs', role: 'tablist' }, [tabs.tree, tabs.table, tabs.raw]),
    h('div', { class: 'tools' }, [loadMoreBtn, exportJsonBtn, exportCsvBtn, copyBtn]),
  ]),
  runAsEl,
  typeEl,
  statsEl,
  summaryEl,
  treeView,
  tableView,
  rawView,
]);

const app = document.getElementById('app') ?? document.body;
app.append(
  h('header', { class: 'bar' }, [endpointEl, secretBtn]),
  endpointSourceEl,
  h('div', { class: 'editor' }, [highlight, editor]),
  argsDetails,
  h('div', { class: 'actions' }, [
    runBtn,
    cancelBtn,
    databaseChip,
    h('label', { class: 'check' }, [typecheckBox, ' Typecheck']),
  ]),
  statusEl,
  errorEl,
  resultEl,
);

// ---- state -----------------------------------------------------------------------------

const saved = (vscode.getState() ?? {}) as Partial<SavedState>;
editor.value = typeof saved.query === 'string' ? saved.query : '';
argsBox.value = typeof saved.args === 'string' ? saved.args : '';
typecheckBox.checked = saved.typecheck === true;
if (argsBox.value.trim() !== '') argsDetails.open = true;
let tab: Tab = saved.tab === 'table' || saved.tab === 'raw' ? saved.tab : 'tree';
let history: string[] = [];
let historyIndex = -1;
let draft = '';
let trusted = true;
let running: string | null = null;
let shown: { result: QueryResult; table: Table | null } | null = null;
let counter = 0;

function save(): void {
  const s: SavedState = {
    query: editor.value,
    args: argsBox.value,
    typecheck: typecheckBox.checked,
    tab,
  };
  vscode.setState(s);
}

function newRequestId(): string {
  counter++;
  return `q${Date.now().toString(36)}${counter}`;
}

// ---- editor: highlighting, brackets, history --------------------------------------------

let tokenSpans: HTMLSpanElement[] = [];
let tokenStarts: number[] = [];
let matched: HTMLSpanElement[] = [];

function renderHighlight(): void {
  const text = editor.value;
  const tokens = tokenize(text);
  const frag = document.createDocumentFragment();
  tokenSpans = [];
  tokenStarts = [];
  for (const t of tokens) {
    const span = document.createElement('span');
    span.className = `tk-${t.kind}`;
    span.textContent = text.slice(t.start, t.end);
    frag.append(span);
    tokenSpans.push(span);
    tokenStarts.push(t.start);
  }
  // A trailing newline needs a character after it to take up a line in <pre>.
  frag.append(document.createTextNode('\n'));
  highlight.replaceChildren(frag);
  matched = [];
  renderBrackets();
}

function spanAt(offset: number): HTMLSpanElement | undefined {
  let lo = 0;
  let hi = tokenStarts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokenStarts[mid] === offset) return tokenSpans[mid];
    if (tokenStarts[mid] < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function renderBrackets(): void {
  for (const s of matched) s.classList.remove('bracket-match');
  matched = [];
  if (editor.selectionStart !== editor.selectionEnd) return;
  const m = matchBracket(editor.value, editor.selectionStart);
  if (!m) return;
  for (const off of [m.at, m.match]) {
    const s = spanAt(off);
    if (s) {
      s.classList.add('bracket-match');
      matched.push(s);
    }
  }
}

function syncScroll(): void {
  highlight.scrollTop = editor.scrollTop;
  highlight.scrollLeft = editor.scrollLeft;
}

function setQuery(text: string): void {
  editor.value = text;
  renderHighlight();
  save();
}

editor.addEventListener('input', () => {
  historyIndex = -1;
  renderHighlight();
  save();
});
editor.addEventListener('scroll', syncScroll);
document.addEventListener('selectionchange', () => {
  if (document.activeElement === editor) renderBrackets();
});
// Not every engine reports caret moves inside a textarea as selectionchange.
editor.addEventListener('keyup', renderBrackets);
editor.addEventListener('click', renderBrackets);
editor.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
    return;
  }
  if (e.key === 'Escape' && running) {
    e.preventDefault();
    cancel();
    return;
  }
  const v = editor.value;
  const atFirstLine = v.lastIndexOf('\n', editor.selectionStart - 1) < 0;
  const atLastLine = v.indexOf('\n', editor.selectionEnd) < 0;
  if (e.key === 'ArrowUp' && atFirstLine && !e.shiftKey && history.length > 0) {
    if (historyIndex < history.length - 1) {
      e.preventDefault();
      if (historyIndex === -1) draft = v;
      historyIndex++;
      setQuery(history[historyIndex]);
      editor.setSelectionRange(0, 0);
    }
  } else if (e.key === 'ArrowDown' && atLastLine && !e.shiftKey && historyIndex >= 0) {
    e.preventDefault();
    historyIndex--;
    setQuery(historyIndex >= 0 ? history[historyIndex] : draft);
    editor.setSelectionRange(editor.value.length, editor.value.length);
  }
});

// ---- arguments -------------------------------------------------------------------------

function checkArgs(): boolean {
  const r = parseArgumentsJson(argsBox.value);
  argsError.textContent = r.ok ? '' : r.error;
  argsBox.setAttribute('aria-invalid', r.ok ? 'false' : 'true');
  if (!r.ok) argsDetails.open = true;
  return r.ok;
}
argsBox.addEventListener('input', () => {
  checkArgs();
  save();
});
argsBox.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
  }
});
typecheckBox.addEventListener('change', save);

// ---- run / cancel ----------------------------------------------------------------------

function run(): void {
  if (running) return;
  if (!trusted) {
    showStatus('Queries are not sent from an untrusted workspace.');
    return;
  }
  const query = editor.value;
  if (query.trim() === '') {
    showStatus('Write a query first.');
    editor.focus();
    return;
  }
  if (!checkArgs()) {
    argsBox.focus();
    return;
  }
  const requestId = newRequestId();
  startRunning(requestId);
  vscode.postMessage({
    type: 'run',
    requestId,
    query,
    arguments: argsBox.value,
    typecheck: typecheckBox.checked,
  });
}

function cancel(): void {
  if (running) vscode.postMessage({ type: 'cancel', requestId: running });
}

function startRunning(requestId: string): void {
  running = requestId;
  runBtn.disabled = true;
  cancelBtn.disabled = false;
  loadMoreBtn.disabled = true;
  showStatus('Running…');
}

function stopRunning(): void {
  running = null;
  runBtn.disabled = false;
  cancelBtn.disabled = true;
  loadMoreBtn.disabled = false;
}

function showStatus(text: string): void {
  statusEl.textContent = text;
}

/** Shows where Run goes: a chip for a child database, nothing for the folder's own. */
function showDatabase(database: string | null): void {
  const child = database !== null && database !== '';
  databaseText.textContent = child ? `Database: ${database}` : '';
  runBtn.title = child ? `Run in database ${database} (Ctrl+Enter)` : 'Run (Ctrl+Enter)';
  if (!child && document.activeElement === clearDatabaseBtn) editor.focus();
  databaseChip.hidden = !child;
}

runBtn.addEventListener('click', run);
clearDatabaseBtn.addEventListener('click', () => vscode.postMessage({ type: 'clearDatabase' }));
cancelBtn.addEventListener('click', cancel);
secretBtn.addEventListener('click', () => vscode.postMessage({ type: 'setSecret' }));
loadMoreBtn.addEventListener('click', () => {
  if (running || !shown?.result.after) return;
  const requestId = newRequestId();
  startRunning(requestId);
  showStatus('Loading more…');
  vscode.postMessage({ type: 'loadMore', requestId });
});
exportJsonBtn.addEventListener('click', () =>
  vscode.postMessage({ type: 'export', format: 'json' }),
);
exportCsvBtn.addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'csv' }));
copyBtn.addEventListener('click', () =>
  vscode.postMessage({ type: 'copy', format: tab === 'table' && shown?.table ? 'csv' : 'json' }),
);
for (const [name, btn] of Object.entries(tabs) as Array<[Tab, HTMLButtonElement]>) {
  btn.addEventListener('click', () => selectTab(name));
}

// ---- results ---------------------------------------------------------------------------

/**
 * "Ran as role manager", "Ran in database shop/eu", "Ran as role clerk in database
 * shop/eu" (text only); hidden for the secret's own role in the folder's own database.
 */
function showRunAs(el: HTMLElement, runAs: string | undefined, database?: string): void {
  const parts = [runAs, database ? `in database ${database}` : undefined].filter(Boolean);
  el.textContent = parts.length > 0 ? `Ran ${parts.join(' ')}` : '';
  el.hidden = parts.length === 0;
}

function showError(error: QueryError, runAs?: string, database?: string): void {
  showRunAs(errorRunAs, runAs, database);
  errorEl.hidden = false;
  errorMsg.textContent = error.message;
  errorSummary.textContent = error.summary;
  errorSummary.hidden = error.summary === '';
  showStatus(error.code === 'cancelled' ? 'Cancelled.' : 'Failed.');
}

function showResult(result: QueryResult, append: boolean, runAs?: string, database?: string): void {
  errorEl.hidden = true;
  showRunAs(runAsEl, runAs, database);
  const scroll = tableViewport.scrollTop;
  const merged = append && shown ? appendPage(shown.result, result) : result;
  shown = { result: merged, table: tableOf(merged.data) };
  resultEl.hidden = false;
  typeEl.textContent = merged.staticType ? `Type: ${merged.staticType}` : '';
  statsEl.textContent = statsLine(merged.stats, merged.txnTs);
  summaryEl.textContent = merged.summary;
  summaryEl.hidden = merged.summary === '';
  loadMoreBtn.hidden = merged.after === null;
  const rows = shown.table ? shown.table.rows.length : null;
  showStatus(
    rows !== null
      ? `${rows.toLocaleString('en')} rows${merged.after !== null ? ' (more to load)' : ''}.`
      : 'Done.',
  );
  tabs.table.disabled = shown.table === null;
  if (!append) {
    if (tab === 'table' && !shown.table) tab = 'tree';
    else if (shown.table && tab === 'tree') tab = 'table';
  }
  // The tree and raw views are built when first shown: a big set opens in the table.
  treeView.replaceChildren();
  treeDirty = true;
  rawView.textContent = '';
  rawDirty = true;
  selectTab(tab);
  if (append) tableViewport.scrollTop = scroll;
}

let rawDirty = true;
let treeDirty = true;

function selectTab(name: Tab): void {
  if (name === 'table' && !shown?.table) name = 'tree';
  tab = name;
  for (const [n, btn] of Object.entries(tabs) as Array<[Tab, HTMLButtonElement]>) {
    btn.setAttribute('aria-selected', n === name ? 'true' : 'false');
  }
  treeView.hidden = name !== 'tree';
  tableView.hidden = name !== 'table';
  rawView.hidden = name !== 'raw';
  if (name === 'table' && shown?.table) renderTable(shown.table);
  if (name === 'raw' && shown && rawDirty) renderRaw(shown.result.data);
  if (name === 'tree' && shown && treeDirty) {
    treeDirty = false;
    renderTree(shown.result.data);
  }
  save();
}

function renderRaw(v: FqlValue): void {
  rawDirty = false;
  const text = JSON.stringify(toPlain(v), null, 2);
  if (text.length > RAW_CAP) {
    rawView.textContent = `${text.slice(0, RAW_CAP)}\n… cut: ${text.length.toLocaleString('en')} characters in all; export the result to see everything.`;
  } else rawView.textContent = text;
}

// Tree: children are built when a node is first opened, TREE_CHUNK at a time.
function renderTree(v: FqlValue): void {
  treeView.replaceChildren(treeNode(null, v, 0));
}

function treeNode(key: string | null, v: FqlValue, depth: number): HTMLElement {
  const item = h('div', { class: 'node', role: 'treeitem' });
  const line = h('div', { class: 'line' });
  if (key !== null) line.append(h('span', { class: 'key', text: `${key}: ` }));
  if (isBranch(v)) {
    const toggle = h('button', {
      type: 'button',
      class: 'toggle',
      'aria-label': 'expand',
      text: '▸',
    });
    line.prepend(toggle);
    line.append(
      h('span', { class: 'type', text: typeName(v) }),
      h('span', { class: 'preview', text: ` ${shortText(v, 100)}` }),
    );
    const kids = h('div', { class: 'children', role: 'group', hidden: true });
    let built = false;
    const open = (on: boolean) => {
      if (on && !built) {
        built = true;
        fillChildren(kids, childList(v), 0, depth + 1);
      }
      kids.hidden = !on;
      toggle.textContent = on ? '▾' : '▸';
      toggle.setAttribute('aria-label', on ? 'collapse' : 'expand');
      item.setAttribute('aria-expanded', on ? 'true' : 'false');
    };
    toggle.addEventListener('click', () => open(kids.hidden));
    item.append(line, kids);
    open(depth === 0);
  } else {
    line.append(
      h('span', { class: `leaf leaf-${leafClass(v)}`, text: shortText(v, 10_000) }),
      h('span', { class: 'type', text: ` ${typeName(v)}` }),
    );
    item.append(line);
  }
  return item;
}

function fillChildren(box: HTMLElement, children: ChildList, from: number, depth: number): void {
  const end = Math.min(children.count, from + TREE_CHUNK);
  for (let i = from; i < end; i++) {
    const [key, value] = children.at(i);
    box.append(treeNode(key, value, depth));
  }
  if (end < children.count) {
    const left = children.count - end;
    const more = h('button', {
      type: 'button',
      class: 'more',
      text: `Show ${Math.min(TREE_CHUNK, left)} more of ${left.toLocaleString('en')}`,
    });
    more.addEventListener('click', () => {
      more.remove();
      fillChildren(box, children, end, depth);
    });
    box.append(more);
  }
}

function leafClass(v: FqlValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (Array.isArray(v)) return 'array';
  return v.t;
}

// Table: a fixed row height, a spacer as tall as all rows, and only the visible rows
// (plus OVERSCAN) in the DOM, reused as the view scrolls.
let tableShown: Table | null = null;
const rowPool: HTMLDivElement[] = [];

function renderTable(t: Table): void {
  if (tableShown !== t) {
    tableShown = t;
    const width = `${t.columns.length * 160}px`;
    tableHead.replaceChildren(
      ...t.columns.map((c) => h('div', { class: 'th', role: 'columnheader', text: c, title: c })),
    );
    tableHead.style.width = width;
    tableSpacer.style.height = `${t.rows.length * ROW_HEIGHT}px`;
    tableSpacer.style.width = width;
    tableRows.style.width = width;
    for (const r of rowPool) r.remove();
    rowPool.length = 0;
  }
  drawRows();
}

function drawRows(): void {
  const t = tableShown;
  if (!t || tableView.hidden) return;
  const headH = tableHead.offsetHeight;
  const top = Math.max(0, tableViewport.scrollTop - headH);
  const visible = Math.ceil((tableViewport.clientHeight || 400) / ROW_HEIGHT);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(t.rows.length, first + visible + 2 * OVERSCAN);
  const need = last - first;
  while (rowPool.length < need) {
    const row = h('div', { class: 'tr', role: 'row' });
    tableRows.append(row);
    rowPool.push(row);
  }
  while (rowPool.length > need) rowPool.pop()?.remove();
  tableRows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
  for (let i = 0; i < need; i++) {
    const row = rowPool[i];
    const data = t.rows[first + i];
    if (row.dataset.index === String(first + i)) continue;
    row.dataset.index = String(first + i);
    row.setAttribute('aria-rowindex', String(first + i + 2));
    const cells: HTMLElement[] = [];
    for (const c of t.columns) {
      const v = cell(data, c);
      const text = v === undefined ? '' : shortText(v, 200);
      cells.push(
        h('div', { class: v === undefined ? 'td empty' : 'td', role: 'cell', text, title: text }),
      );
    }
    row.replaceChildren(...cells);
  }
}

tableViewport.addEventListener('scroll', () => requestAnimationFrame(drawRows), { passive: true });
window.addEventListener('resize', () => requestAnimationFrame(drawRows));

// ---- host messages ---------------------------------------------------------------------

function showEndpoint(info: EndpointInfo | null): void {
  if (!info) {
    endpointEl.textContent = 'No Fauna endpoint';
    endpointSourceEl.textContent = '';
    return;
  }
  endpointEl.textContent = info.url;
  // Where each came from, never the secret itself (the host does not send it).
  endpointSourceEl.textContent = `endpoint from ${info.source} · secret ${info.secretSource ? `from ${info.secretSource}` : 'not set'}`;
  secretBtn.textContent = info.secretSource ? 'Change Secret' : 'Set Fauna Secret';
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data;
  if (!isToWebview(msg)) return;
  handle(msg);
});

function handle(msg: ToWebview): void {
  switch (msg.type) {
    case 'init':
      history = msg.history.filter((x): x is string => typeof x === 'string');
      trusted = msg.trusted;
      if (saved.typecheck === undefined) typecheckBox.checked = msg.typecheck;
      showEndpoint(msg.endpoint);
      showDatabase(msg.database ?? null);
      runBtn.disabled = !trusted;
      if (!trusted) showStatus('Untrusted workspace: queries are disabled.');
      return;
    case 'config':
      showEndpoint(msg.endpoint);
      return;
    case 'running':
      if (msg.origin !== 'view') setQuery(msg.query);
      if (msg.origin !== 'view' && typeof msg.arguments === 'string') {
        argsBox.value = msg.arguments;
        argsDetails.open = msg.arguments.trim() !== '';
        checkArgs();
        save();
      }
      startRunning(msg.requestId);
      return;
    case 'result':
      if (msg.requestId !== running) return;
      stopRunning();
      showResult(msg.result, msg.append, msg.runAs, msg.database);
      return;
    case 'error':
      if (msg.requestId !== running) return;
      stopRunning();
      showError(msg.error, msg.runAs, msg.database);
      return;
    case 'history':
      history = msg.history.filter((x): x is string => typeof x === 'string');
      historyIndex = -1;
      return;
    case 'notice':
      showStatus(msg.message);
      return;
    case 'database':
      showDatabase(msg.database);
      return;
    default: {
      const never: never = msg;
      return never;
    }
  }
}

renderHighlight();
selectTab(tab);
vscode.postMessage({ type: 'ready' });
