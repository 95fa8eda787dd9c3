/**
 * The web application people open. This first version serves the press officers' search over
 * indexed sentences (with or without diacritics) as a page and as a typed JSON API. The app is
 * built apart from `listen` (fastify's testing guide), so tests use `inject()`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { escapeHtml, highlightHtml } from '../classifiers/text/highlight.js';
import type { IndexNames } from '../core/topics.js';
import type { Client } from '../pipeline/elasticsearch/client.js';
import { searchSentences } from '../pipeline/elasticsearch/search.js';

export interface DashboardOptions {
  es: Client;
  names: IndexNames;
  logger?: boolean;
}

const MAX_QUERY_CHARS = 500;

const searchQuerySchema = {
  type: 'object',
  properties: {
    q: { type: 'string', maxLength: MAX_QUERY_CHARS, default: '' },
    size: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
  },
} as const;

interface SearchQuery {
  q: string;
  size: number;
}

export function buildDashboardApp(options: DashboardOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });

  app.get('/api/health', async () => {
    const health = await options.es.cluster.health();
    return { status: 'ok', elasticsearch: health.status };
  });

  app.get<{ Querystring: SearchQuery }>('/api/search', { schema: { querystring: searchQuerySchema } }, async (request) => {
    const { q, size } = request.query;
    if (q.trim() === '') return { query: q, total: 0, hits: [] };
    const result = await searchSentences(options.es, options.names, q, size);
    return { query: q, ...result, hits: result.hits.map((h) => ({ ...h, highlight: highlightHtml(h.text, q) })) };
  });

  app.get<{ Querystring: SearchQuery }>('/', { schema: { querystring: searchQuerySchema } }, async (request, reply) => {
    const { q, size } = request.query;
    const result = q.trim() === '' ? undefined : await searchSentences(options.es, options.names, q, size);
    reply.type('text/html; charset=utf-8');
    return renderSearchPage(q, result);
  });

  return app;
}

const dateFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });

function renderSearchPage(q: string, result: Awaited<ReturnType<typeof searchSentences>> | undefined): string {
  const rows = (result?.hits ?? [])
    .map(
      (h) => `<li><p class="text">${highlightHtml(h.text, q)}</p>
      <p class="meta"><a href="${escapeHtml(h.url)}" rel="noopener noreferrer">${escapeHtml(h.url)}</a> · ${escapeHtml(h.sourceId)}${h.publishedAt ? ` · ${escapeHtml(dateFormat.format(new Date(h.publishedAt)))}` : ''}</p></li>`,
    )
    .join('\n');
  const summary = result === undefined ? '' : `<p class="summary">${result.total} kết quả cho «${escapeHtml(q)}»</p>`;
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sentinel · Tra cứu</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2733}
form{display:flex;gap:.5rem}input[type=search]{flex:1;padding:.5rem;font-size:1rem}button{padding:.5rem 1rem}
ol{padding-left:1.2rem}li{margin:1rem 0}.meta{color:#5b6b7b;font-size:.85rem}mark{background:#ffe58a}
</style>
</head>
<body>
<h1>Tra cứu tin bài đã thu thập</h1>
<form method="get" action="/" role="search">
  <input type="search" name="q" value="${escapeHtml(q)}" placeholder="Ví dụ: gia danh cong an (gõ có dấu hoặc không dấu)" autofocus>
  <button type="submit">Tìm</button>
</form>
${summary}
<ol>
${rows}
</ol>
</body>
</html>`;
}
