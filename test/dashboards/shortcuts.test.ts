/**
 * The keyboard shortcuts' wiring, without a browser (test/dashboards/browser.test.ts presses the
 * keys): the help lists exactly the keys the script acts on, every element a key targets exists on
 * its page, and the pages load the script as a file (the CSP allows no inline script).
 */
import { describe, expect, it } from 'vitest';
import type { Flag } from '../../core/contracts.js';
import type { Session } from '../../dashboards/auth.js';
import { claimPage, queuePage } from '../../dashboards/pages.js';
import { SHORTCUTS, SHORTCUTS_SCRIPT, shortcutsHelp, type ShortcutPage } from '../../dashboards/shortcuts.js';

const session: Session = { id: 's', user: 'lan', role: 'analyst', csrfToken: 'csrf', expiresAt: Date.now() + 60_000 };
const flag: Flag = {
  id: 'f1',
  claimId: 'c1',
  claimText: 'Công an yêu cầu chuyển tiền để cập nhật VNeID.',
  url: 'https://a.example.vn/bai',
  sourceId: 'a',
  sourceKind: 'social',
  publishedAt: '2025-03-21T08:30:00.000Z',
  score: 0.8,
  signals: [],
  matches: [],
  topics: ['citizen-id'],
  createdAt: '2025-03-21T09:00:00.000Z',
};
const pages: Record<ShortcutPage, string> = {
  queue: queuePage('vi', session, {}, [{ flag, spread: 1, priority: 0.8, relatedFlagIds: [], firstSeen: null, state: { status: 'open' } }]),
  claim: claimPage('vi', session, flag, { status: 'open' }, [], undefined, new Map(), {
    queue: { search: 'topic=citizen-id', next: 'f2', previous: 'f0' },
  }),
};

/** The script's key map, as it embeds it. */
function scriptMaps(): Record<ShortcutPage, Record<string, { kind: string; target?: string; then?: string }>> {
  const json = /var maps = (\{.*\});/.exec(SHORTCUTS_SCRIPT)?.[1];
  return JSON.parse(json ?? '{}') as ReturnType<typeof scriptMaps>;
}

describe('Dashboards > keyboard shortcuts', () => {
  for (const page of ['queue', 'claim'] as const) {
    it(`lists in the ${page} page's help exactly the keys its script acts on, in both languages`, () => {
      const listed = (html: string) => [...html.matchAll(/<kbd>([^<]+)<\/kbd>/g)].map((m) => m[1]?.replace('&amp;', '&')).sort();
      const acted = Object.keys(scriptMaps()[page]).sort();
      expect(listed(shortcutsHelp('vi', page))).toEqual(acted);
      expect(listed(shortcutsHelp('en', page))).toEqual(acted);
      expect(acted).toContain('?');
      // A real dialog, named by its heading, in the page's language.
      expect(shortcutsHelp('vi', page)).toMatch(
        /<dialog id="shortcuts-help" aria-labelledby="shortcuts-title"[^>]*>\s*<h2 id="shortcuts-title">Phím tắt<\/h2>/,
      );
      expect(shortcutsHelp('en', page)).toContain('<h2 id="shortcuts-title">Keyboard shortcuts</h2>');
      for (const s of SHORTCUTS[page]) expect(s.label.vi).not.toBe(s.label.en);
    });

    it(`finds on the ${page} page every element a key targets, and loads the script as a file`, () => {
      const html = pages[page];
      for (const action of Object.values(scriptMaps()[page])) {
        for (const selector of [action.target, action.then]) {
          if (selector === undefined) continue;
          // The two kinds of selector the table uses: `#id`, and `form.filters [name=…]`.
          const found = selector.startsWith('#')
            ? html.includes(`id="${selector.slice(1)}"`)
            : /^form\.filters \[name=(\w+)\]$/.test(selector) &&
              new RegExp(`<form [^>]*class="filters"[\\s\\S]*name="${/name=(\w+)/.exec(selector)?.[1] ?? ''}"`).test(html);
          expect({ selector, found }).toEqual({ selector, found: true });
        }
      }
      if (page === 'queue') expect(html).toMatch(/<a href="\/claims\/f1" data-item>/);
      expect(html).toContain('<script src="/assets/shortcuts.js"></script>');
      // No inline script: only files and JSON data.
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      for (const [, attributes, content] of scripts)
        expect({ attributes, inline: content !== '' && !attributes?.includes('application/json') }).toEqual({ attributes, inline: false });
    });
  }

  it('links the claim to the previous and next items of its queue', () => {
    expect(pages.claim).toContain('<a href="/claims/f0?topic=citizen-id" id="previous-item" rel="prev">Mục trước trong hàng đợi</a>');
    expect(pages.claim).toContain('<a href="/claims/f2?topic=citizen-id" id="next-item" rel="next">');
  });
});
