/**
 * Keyboard shortcuts of the review queue and the claim page (as in Gmail or Meedan Check): one
 * table gives both the help dialog a page shows and the key map the script acts on, so the help
 * never lists a key that does nothing. The script is a file (the CSP allows scripts from our
 * origin only); it finds its targets by id or data attribute in the server-rendered page.
 */
import { escapeHtml } from '../classifiers/text/highlight.js';
import type { Lang } from './labels.js';

/** What a key does: follow or click an element, focus it, or pick a value in a select and focus the button after it. */
type ShortcutAction =
  | { kind: 'next' | 'previous' | 'open' }
  | { kind: 'click' | 'focus'; target: string }
  | { kind: 'choose'; target: string; value: string; then: string }
  | { kind: 'help' };

interface Shortcut {
  /** The keys, as `KeyboardEvent.key` names them. */
  keys: readonly string[];
  action: ShortcutAction;
  label: Record<Lang, string>;
}

export type ShortcutPage = 'queue' | 'claim';

const HELP: Shortcut = { keys: ['?'], action: { kind: 'help' }, label: { vi: 'Hiện bảng phím tắt này', en: 'Show these shortcuts' } };

/** The shortcuts of each page, in the order the help lists them. */
export const SHORTCUTS: Readonly<Record<ShortcutPage, readonly Shortcut[]>> = {
  queue: [
    { keys: ['j'], action: { kind: 'next' }, label: { vi: 'Chọn mục tiếp theo', en: 'Select the next item' } },
    { keys: ['k'], action: { kind: 'previous' }, label: { vi: 'Chọn mục trước', en: 'Select the previous item' } },
    { keys: ['o', 'Enter'], action: { kind: 'open' }, label: { vi: 'Mở mục đang chọn', en: 'Open the selected item' } },
    { keys: ['/'], action: { kind: 'focus', target: 'form.filters [name=topic]' }, label: { vi: 'Đến bộ lọc', en: 'Go to the filters' } },
    HELP,
  ],
  claim: [
    { keys: ['j'], action: { kind: 'click', target: '#next-item' }, label: { vi: 'Mục tiếp theo', en: 'Next item' } },
    { keys: ['k'], action: { kind: 'click', target: '#previous-item' }, label: { vi: 'Mục trước', en: 'Previous item' } },
    { keys: ['u'], action: { kind: 'click', target: '#back-to-queue' }, label: { vi: 'Về hàng đợi', en: 'Back to the queue' } },
    {
      keys: ['1'],
      action: { kind: 'choose', target: '#review-verdict', value: 'misleading', then: '#review-confirm' },
      label: { vi: 'Chọn kết luận «Gây hiểu lầm»', en: 'Choose the verdict «Misleading»' },
    },
    {
      keys: ['2'],
      action: { kind: 'choose', target: '#review-verdict', value: 'false', then: '#review-confirm' },
      label: { vi: 'Chọn kết luận «Sai sự thật»', en: 'Choose the verdict «False»' },
    },
    {
      keys: ['3'],
      action: { kind: 'choose', target: '#review-verdict', value: 'scam', then: '#review-confirm' },
      label: { vi: 'Chọn kết luận «Lừa đảo»', en: 'Choose the verdict «Scam»' },
    },
    {
      keys: ['c'],
      action: { kind: 'click', target: '#review-confirm' },
      label: { vi: 'Xác nhận với kết luận đã chọn', en: 'Confirm with the chosen verdict' },
    },
    { keys: ['x'], action: { kind: 'click', target: '#review-dismiss' }, label: { vi: 'Bác bỏ', en: 'Dismiss' } },
    { keys: ['m'], action: { kind: 'click', target: '#review-more' }, label: { vi: 'Cần xem thêm', en: 'Needs more work' } },
    { keys: ['n'], action: { kind: 'focus', target: '#review-note' }, label: { vi: 'Viết ghi chú', en: 'Write a note' } },
    { keys: ['a'], action: { kind: 'focus', target: '#review-assignee' }, label: { vi: 'Giao cho người khác', en: 'Assign to someone' } },
    HELP,
  ],
};

const TEXT = {
  vi: {
    title: 'Phím tắt',
    button: 'Phím tắt (?)',
    close: 'Đóng',
    or: 'hoặc',
    note: 'Phím tắt không hoạt động khi đang gõ trong ô nhập liệu. Esc đóng bảng này.',
  },
  en: {
    title: 'Keyboard shortcuts',
    button: 'Keyboard shortcuts (?)',
    close: 'Close',
    or: 'or',
    note: 'Shortcuts do nothing while you type in a field. Esc closes this panel.',
  },
} as const;

/** The button that opens the help, the help as a modal dialog, and the script: what a page adds at its end. */
export function shortcutsHelp(lang: Lang, page: ShortcutPage): string {
  const text = TEXT[lang];
  // A description list, not a table: the pages' tables are their data (tests and scripts read `tbody tr`).
  const rows = SHORTCUTS[page]
    .map(
      (s) =>
        `<div><dt>${s.keys.map((k) => `<kbd>${escapeHtml(k)}</kbd>`).join(` ${text.or} `)}</dt><dd>${escapeHtml(s.label[lang])}</dd></div>`,
    )
    .join('');
  return `<p class="shortcuts"><button type="button" id="shortcuts-open" aria-haspopup="dialog" aria-controls="shortcuts-help">${text.button}</button></p>
<dialog id="shortcuts-help" aria-labelledby="shortcuts-title" data-page="${page}">
<h2 id="shortcuts-title">${text.title}</h2>
<dl class="keys">${rows}</dl>
<p class="meta">${text.note}</p>
<form method="dialog"><button id="shortcuts-close">${text.close}</button></form>
</dialog>
<script src="/assets/shortcuts.js"></script>`;
}

/** Each page's key map, as the script reads it: key → action. */
function keyMaps(): Record<ShortcutPage, Record<string, ShortcutAction>> {
  const maps = { queue: {}, claim: {} } as Record<ShortcutPage, Record<string, ShortcutAction>>;
  for (const page of Object.keys(SHORTCUTS) as ShortcutPage[])
    for (const s of SHORTCUTS[page]) for (const key of s.keys) maps[page][key] = s.action;
  return maps;
}

/**
 * The script. A key typed into a field (input, textarea, select, an editable element) is the
 * field's, and a key with Ctrl, Alt or Meta is the browser's: neither triggers anything. While the
 * help is open it has the keyboard (the dialog is modal; Esc closes it natively).
 */
export const SHORTCUTS_SCRIPT = `(function () {
  var maps = ${JSON.stringify(keyMaps())};
  var help = document.getElementById('shortcuts-help');
  if (!help) return;
  var map = maps[help.getAttribute('data-page')] || {};
  var opener = document.getElementById('shortcuts-open');
  function showHelp() { if (!help.open) help.showModal(); }
  if (opener) opener.addEventListener('click', showHelp);
  function items() { return Array.prototype.slice.call(document.querySelectorAll('a[data-item]')); }
  function select(step) {
    var list = items();
    if (list.length === 0) return;
    var at = list.indexOf(document.activeElement);
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    list[next].focus();
    list[next].scrollIntoView({ block: 'nearest' });
  }
  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
  }
  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (help.open || typing(event.target)) return;
    var action = map[event.key];
    if (!action) return;
    var list = items();
    var selected = list.indexOf(document.activeElement) >= 0 ? document.activeElement : null;
    var target = action.target ? document.querySelector(action.target) : null;
    if (action.kind === 'help') showHelp();
    else if (action.kind === 'next') select(1);
    else if (action.kind === 'previous') select(-1);
    else if (action.kind === 'open') {
      // Enter on a selected item is the link's own; o opens it too, or selects the first item.
      if (event.key === 'Enter') return;
      if (selected) selected.click();
      else select(1);
    } else if (!target) return;
    else if (action.kind === 'click') target.click();
    else if (action.kind === 'focus') target.focus();
    else if (action.kind === 'choose') {
      target.value = action.value;
      target.dispatchEvent(new Event('change', { bubbles: true }));
      var then = document.querySelector(action.then);
      if (then) then.focus();
    }
    event.preventDefault();
  });
})();`;
