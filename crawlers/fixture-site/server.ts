/**
 * The crawler tests' fixture web site, on loopback: Vietnamese news layouts, an official
 * portal, a social post, a JavaScript-rendered page, RSS and sitemaps, and every hard case
 * (robots.txt, duplicates, a syndicated copy, an oversized page, Windows-1258 behind a wrong
 * header, an off-host redirect, a flaky page). A second server on `localhost` plays the foreign
 * host; its hit counter proves the crawler never called it. Also serves generated pages for
 * the benchmark.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';

export const FIXTURE_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'pages');
export const FIXTURE_REGISTRY_FILE = join(dirname(fileURLToPath(import.meta.url)), 'sources.yaml');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface FixtureSite {
  url: string;
  /** The foreign host's address (`http://localhost:<port>`), outside every fixture source. */
  foreignUrl: string;
  /** Paths requested on the site, in order (with query strings). */
  hits: string[];
  foreignHits: string[];
  close: () => Promise<void>;
}

/** Windows-1258 writes tones as combining marks after a base letter (â, ă, ê, ô, ơ, ư stay precomposed). */
export function encodeWindows1258(text: string): Buffer {
  let out = '';
  for (const char of text.normalize('NFC')) {
    const parts = [...char.normalize('NFD')];
    const tones = parts.filter((c) => /[\u0300\u0301\u0303\u0309\u0323]/.test(c)).join('');
    out +=
      parts
        .filter((c) => !tones.includes(c))
        .join('')
        .normalize('NFC') + tones;
  }
  return iconv.encode(out, 'windows-1258');
}

const PLACES = [
  'Hà Nội',
  'TP Hồ Chí Minh',
  'Nghệ An',
  'Thanh Hóa',
  'Đà Nẵng',
  'Hải Phòng',
  'Cần Thơ',
  'Bắc Ninh',
  'Quảng Ninh',
  'Khánh Hòa',
  'Lâm Đồng',
  'Bình Dương',
];
const UNITS = [
  'Phòng Cảnh sát hình sự',
  'Phòng An ninh mạng',
  'Phòng Cảnh sát giao thông',
  'Công an phường',
  'Cơ quan Cảnh sát điều tra',
  'Phòng Cảnh sát kinh tế',
];
const ACTS = [
  'tiếp nhận tin báo về',
  'triệt phá đường dây',
  'khởi tố vụ án',
  'cảnh báo thủ đoạn',
  'xác minh thông tin về',
  'bắt giữ các đối tượng trong vụ',
];
const TOPICS = [
  'lừa đảo chiếm đoạt tài sản qua mạng',
  'giả danh cán bộ công an gọi điện',
  'mua bán tài khoản ngân hàng',
  'tin nhắn nâng cấp tài khoản VNeID',
  'đánh bạc trực tuyến',
  'vi phạm nồng độ cồn',
  'tín dụng đen',
  'đầu tư tiền ảo',
  'buôn bán hàng giả',
  'đua xe trái phép',
];
const TAILS = [
  'người dân cần cảnh giác, không cung cấp mã OTP',
  'cơ quan chức năng đang mở rộng điều tra',
  'số tiền bị chiếm đoạt đang được xác minh',
  'lực lượng chức năng đã thu giữ nhiều tang vật',
  'người dân báo ngay cho cơ quan công an gần nhất',
  'vụ việc đang được xử lý theo quy định',
];

/**
 * How a generated page is laid out: `article` (an <article> body, the extractor's fast path),
 * `cms` (a VCCorp-style `detail-content` body, JSON-LD with a space before the offset, a byline,
 * fast path too) or `plain` (div soup with no known container, a related box and a "Theo …"
 * source line, \r\n line ends: only Readability finds the body).
 */
export const BENCH_LAYOUTS = ['article', 'cms', 'plain'] as const;
export type BenchLayout = (typeof BENCH_LAYOUTS)[number];
/** The mix of `/bench/<n>.html`: half article, a quarter each cms and plain. */
export const mixedLayout = (n: number): BenchLayout => (n % 4 === 3 ? 'plain' : n % 4 === 2 ? 'cms' : 'article');

/** A generated article for the benchmark: realistic size and markup, different text per page. */
export function benchPage(n: number, layout: BenchLayout = mixedLayout(n)): string {
  // mulberry32: a small seeded generator, so page n is the same on every run.
  let seed = n + 0x9e3779b9;
  const pick = <T>(list: T[]): T => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return list[((t ^ (t >>> 14)) >>> 0) % list.length]!;
  };
  const day = (n % 28) + 1;
  const month = (n % 12) + 1;
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  const paragraphs = Array.from({ length: 7 }, (_, i) => {
    const count = ((n * 7 + i * 13) % 90) + 3;
    return `<p>${pick(UNITS)} Công an tỉnh ${pick(PLACES)} cho biết đã ${pick(ACTS)} ${pick(TOPICS)}, liên quan ${count} đối tượng tại ${pick(PLACES)}; ${pick(TAILS)}. Theo ${pick(UNITS).toLowerCase()}, ${pick(ACTS)} ${pick(TOPICS)} tăng ${(count % 40) + 2}% so với cùng kỳ, ${pick(TAILS)}.</p>`;
  }).join('\n');
  const title = `Bản tin an ninh trật tự số ${n}`;
  const lead = `(ANTT) - Chiều ${day}/${month}, công an ${pick(PLACES)} cảnh báo ${pick(TOPICS)}, bản tin số ${n}.`;
  const nav = '<header><nav><a href="/bench/">Trang chủ</a> <a href="/bench/">Pháp luật</a></nav></header>';
  if (layout === 'cms') {
    return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${title} | Báo mô phỏng</title>
<meta property="og:title" content="${title} - tin mới">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"${title}","datePublished":"2025-${mm}-${dd}T08:52:11.000 +07:00"}</script></head>
<body>${nav}<div class="container"><div class="left-col"><h1 class="title-detail">${title}</h1><h2 class="sapo">${lead}</h2>
<div class="detail-content afcbc-body">${paragraphs}
<table class="picture"><tr><td><img src="/anh/${n}.jpg" alt=""></td></tr><tr><td class="image-caption">Biểu đồ: số vụ việc theo tháng</td></tr></table>
<p class="author">Hà Thu (tổng hợp)</p></div></div>
<div class="right-col"><div class="box-most-view"><h3>Đọc nhiều</h3><ul><li><a href="/bench/1.html">Bản tin số 1</a></li><li><a href="/bench/2.html">Bản tin số 2</a></li></ul></div></div></div><footer><p>Bản tin mô phỏng</p></footer></body></html>`;
  }
  if (layout === 'plain') {
    return `<!DOCTYPE html>\r\n<html lang="vi"><head><meta charset="utf-8"><title>${title}</title>\r\n<meta name="pubdate" content="2025-${mm}-${dd}T08:00:00+07:00"></head>\r\n<body>${nav}\r\n<div id="wrapper"><div class="main"><div class="box"><h1>${title}</h1>\r\n<div class="lead-text"><strong>${lead}</strong></div>\r\n<div class="txt">${paragraphs.replace(/\n/g, '\r\n')}\r\n<p><em>Theo Báo Công an nhân dân</em></p></div>\r\n<div class="box-related"><strong>Tin liên quan</strong><ul><li><a href="/bench/3.html">Cảnh báo thủ đoạn mới</a></li><li><a href="/bench/4.html">Triệt phá đường dây lừa đảo</a></li></ul></div></div></div>\r\n<div class="sidebar"><a href="/bench/5.html">Bản tin số 5</a> <a href="/bench/6.html">Bản tin số 6</a></div></div>\r\n<footer><p>Bản tin mô phỏng</p></footer></body></html>`;
  }
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title>
<meta property="article:published_time" content="2025-${mm}-${dd}T08:00:00+07:00"></head>
<body>${nav}
<article><h1>${title}</h1><p class="sapo">${lead}</p>
${paragraphs}
<figure><img src="/anh/${n}.jpg" alt=""><figcaption>Ảnh: Công an cung cấp</figcaption></figure>
<div class="social-share">Chia sẻ Facebook Zalo</div>
<p>Hải Yến</p></article><footer><p>Bản tin mô phỏng</p></footer></body></html>`;
}

function etagOf(body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
}

async function listen(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

export async function startFixtureSite(): Promise<FixtureSite> {
  const hits: string[] = [];
  const foreignHits: string[] = [];
  let flaky = 0;
  let base = '';
  let foreignUrl = '';

  const foreign = createServer((req, res) => {
    foreignHits.push(req.url ?? '/');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>Máy chủ bên ngoài</title><p>Không được phép truy cập.</p>');
  });

  const send = (req: IncomingMessage, res: ServerResponse, body: Buffer, type: string): void => {
    const etag = etagOf(body);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': type, etag, 'last-modified': 'Thu, 06 Nov 2025 01:00:00 GMT', 'content-length': body.length })
      .end(body);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      hits.push(req.url ?? '/');
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
      switch (path) {
        case '/edge/lon/trang-rat-lon.html': {
          // 3 MiB in chunks, no Content-Length: the limit must hold while streaming.
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.write('<!DOCTYPE html><html lang="vi"><body><article><h1>Trang rất lớn</h1>');
          const chunk = `<p>${'Nội dung lặp lại để trang vượt giới hạn kích thước. '.repeat(200)}</p>\n`;
          for (let written = 0; written < 3 * 1024 * 1024; written += Buffer.byteLength(chunk)) {
            if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
            if (res.destroyed) return;
          }
          res.end('</article></body></html>');
          return;
        }
        case '/edge/cu/tin-cu-windows-1258.html': {
          // The header claims UTF-8; the bytes (and the page's own <meta>) are Windows-1258.
          const text = await readFile(join(FIXTURE_ROOT, 'edge/tin-cu.txt'), 'utf8');
          send(req, res, encodeWindows1258(text), 'text/html; charset=utf-8');
          return;
        }
        case '/edge/chuyen-huong-ra-ngoai':
          res.writeHead(302, { location: `${foreignUrl}/bai-viet.html` }).end();
          return;
        case '/edge/chuyen-trang':
          res.writeHead(301, { location: '/edge/da-chuyen.html' }).end();
          return;
        case '/edge/loi-tam-thoi.html': {
          flaky += 1;
          if (flaky <= 2) {
            res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('Máy chủ đang bận');
            return;
          }
          send(req, res, await readFile(join(FIXTURE_ROOT, 'edge/tam-loi.html')), TYPES['.html']!);
          return;
        }
        default:
          break;
      }
      // /bench/<n>.html: the mix; /bench/<layout>/<n>.html: one layout only.
      const bench = /^\/bench\/(?:(article|cms|plain)\/)?(\d+)\.html$/.exec(path);
      if (bench) {
        send(
          req,
          res,
          Buffer.from(benchPage(Number(bench[2]), (bench[1] as BenchLayout | undefined) ?? mixedLayout(Number(bench[2])))),
          TYPES['.html']!,
        );
        return;
      }
      let file = normalize(join(FIXTURE_ROOT, path));
      if (!file.startsWith(FIXTURE_ROOT)) {
        res.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        let body = await readFile(file);
        // Feeds and sitemaps list absolute URLs; the port is only known now.
        if (extname(file) === '.xml') body = Buffer.from(body.toString('utf8').replaceAll('${BASE}', base));
        send(req, res, body, TYPES[extname(file)] ?? 'application/octet-stream');
      } catch {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Không tìm thấy</title><h1>404</h1>');
      }
    })();
  });

  const port = await listen(server, '127.0.0.1');
  const foreignPort = await listen(foreign, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
  // Same machine, other host name: outside the sources' allowed hosts.
  foreignUrl = `http://localhost:${foreignPort}`;
  const closeOne = (s: Server): Promise<void> =>
    new Promise((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
  return {
    url: base,
    foreignUrl,
    hits,
    foreignHits,
    close: async () => {
      await Promise.all([closeOne(server), closeOne(foreign)]);
    },
  };
}
