/**
 * Search over indexed sentences, with or without diacritics. The query is folded the same way
 * the text was, so "cong an" and "công an" both hit; an exact-diacritics match ranks higher.
 */
import { foldForSearch, normalizeText } from '../classifiers/text/normalize.js';
import { folded, readBack, SentenceDoc } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { type Client } from '../platform/index.js';

export interface SentenceHit {
  id: string;
  documentId: string;
  text: string;
  url: string;
  sourceId: string;
  publishedAt: string | null;
  score: number;
  /** The sentence with matched words wrapped in <mark> (HTML-escaped by Elasticsearch). */
  highlight: string | null;
}

/** What the search shows of a sentence. */
const SentenceShown = SentenceDoc.pick({ documentId: true, text: true, url: true, sourceId: true, publishedAt: true });
const TEXT_FOLDED = folded('text');

export async function searchSentences(
  client: Client,
  names: IndexNames,
  query: string,
  size = 10,
): Promise<{ total: number; hits: SentenceHit[] }> {
  const text = normalizeText(query);
  const response = await client.search({
    index: names.sentences,
    size,
    query: {
      bool: {
        should: [
          { match: { text: { query: text, boost: 2 } } },
          // A phrase with a little slop keeps word order, which folding alone would lose: "gia danh
          // cong an" then ranks "giả danh cán bộ công an" above "quốc gia ... định danh ... công an".
          { match_phrase: { [TEXT_FOLDED]: { query: foldForSearch(text), slop: 3, boost: 1.5 } } },
          { match: { [TEXT_FOLDED]: { query: foldForSearch(text), operator: 'and' } } },
        ],
        minimum_should_match: 1,
      },
    },
    highlight: { encoder: 'html', fields: { text: {}, [TEXT_FOLDED]: {} }, pre_tags: ['<mark>'], post_tags: ['</mark>'] },
    track_total_hits: true,
  });
  const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
  return {
    total,
    hits: response.hits.hits.map((h) => {
      const src = readBack(SentenceShown, h);
      return {
        id: h._id ?? '',
        documentId: src.documentId,
        text: src.text,
        url: src.url,
        sourceId: src.sourceId,
        publishedAt: src.publishedAt,
        score: h._score ?? 0,
        highlight: h.highlight?.text?.[0] ?? null,
      };
    }),
  };
}
