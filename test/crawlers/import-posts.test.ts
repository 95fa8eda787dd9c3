/**
 * `sentinel import`: a social-listening export of 1,000 posts with 3 broken rows puts 997
 * documents on documents.raw (3 reported by line), never stores the author column, and a second
 * import of the same file, once the pipeline has indexed the first, sends nothing again.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { indexNames, topicNames } from '../../core/names.js';
import iconv from 'iconv-lite';
import { sniffEncoding } from '../../crawlers/decode.js';
import { documentOfRow, readExportRows } from '../../crawlers/import-posts.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices } from '../../platform/elasticsearch/indices.js';
import { createKafka, type RunningStage } from '../../platform/kafka.js';
import { startDocumentIndexer } from '../../pipeline/stages/index-documents.js';
import { eventually, isolatedConfig, rawDocuments, runSentinel } from '../helpers.js';
import { topicSize, waitForCount } from '../pipeline/stage-harness.js';

const config = isolatedConfig('import');
const es = createElasticsearchClient(config);
const kafka = createKafka(config, 'import-test');

const run = (...args: string[]) =>
  runSentinel(['import', ...args], { ...process.env, SENTINEL_NAMESPACE: config.namespace, SENTINEL_LOG_LEVEL: 'warn' });

const PLACES = ['Hà Nội', 'TP.HCM', 'Nghệ An', 'Thanh Hóa', 'Đà Nẵng'];
/** 1,000 rows as a listening tool exports them; rows 101, 502 and 903 (file lines 102, 503, 904) broken. */
function exportRows(): Record<string, string>[] {
  return Array.from({ length: 1000 }, (_, i) => {
    const row = {
      'Post URL': `https://www.facebook.com/groups/canhbao/posts/${100000 + i}?__cft__=x${i}`,
      Content: `Cảnh báo số ${i}: có người gọi điện xưng là công an ${PLACES[i % PLACES.length]} yêu cầu chuyển ${i + 1} triệu đồng vào tài khoản tạm giữ.`,
      'Created Time': `2026-03-${String((i % 28) + 1).padStart(2, '0')} 08:${String(i % 60).padStart(2, '0')}:00`,
      'Page Name': 'Nhóm Cảnh báo lừa đảo',
      Author: `Nguyễn Văn Tác Giả ${i}`,
      Reactions: String(i * 3),
    };
    if (i === 100) row.Content = '';
    if (i === 501) row['Post URL'] = 'khong-phai-duong-dan';
    if (i === 902) row['Created Time'] = 'hôm qua';
    return row;
  });
}

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/gu;
/** As Windows-1258 writes Vietnamese: the vowel with its shape mark in one byte, the tone a combining mark after it. */
function windows1258(text: string): Buffer {
  const spelled = [...text.normalize('NFC')]
    .map((ch) => {
      const parts = ch.normalize('NFD');
      return parts.replace(TONES, '').normalize('NFC') + (parts.match(TONES) ?? []).join('');
    })
    .join('');
  return iconv.encode(spelled, 'windows-1258');
}

/** What readExportRows makes of a file: its encoding, then each row's text (as a document) or error, by line. */
async function rowsOf(file: string): Promise<{ encoding: string; rows: [number, string][] }> {
  let encoding = '';
  const rows: [number, string][] = [];
  for await (const row of readExportRows(file, (e) => (encoding = e))) {
    if ('error' in row) rows.push([row.line, `error: ${row.error}`]);
    else {
      const doc = documentOfRow(row.record, { sourceId: 's', kind: 'social' });
      rows.push([row.line, typeof doc === 'string' ? `refused: ${doc}` : doc.text]);
    }
  }
  return { encoding, rows };
}

describe('Crawlers > sentinel import', () => {
  let indexer: RunningStage | undefined;
  afterAll(async () => {
    await indexer?.stop();
    await deleteIndices(es, indexNames(config.namespace));
    await es.close();
  });

  it('maps a row by its column names, drops the author, and says why a row is refused', () => {
    const options = { sourceId: 'listening', kind: 'social' as const };
    const doc = documentOfRow(
      {
        'Post URL': 'https://www.facebook.com/p/1?fbclid=x',
        Content: 'Có người giả danh công an gọi điện.',
        'Created Time': 'Sun, 12 Jul 2026 07:14:25 +0700',
        Author: 'Nguyễn Văn A',
      },
      options,
    );
    expect(doc).toMatchObject({
      canonicalUrl: 'https://www.facebook.com/p/1',
      sourceKind: 'social',
      outlet: 'listening',
      publishedAt: '2026-07-12T00:14:25.000Z',
      language: 'vi',
    });
    expect(JSON.stringify(doc)).not.toContain('Nguyễn Văn A');
    expect(documentOfRow({ url: 'https://x.vn/1' }, options)).toMatch(/no text/);
    expect(documentOfRow({ text: 'x', url: 'ftp://x.vn/1' }, options)).toMatch(/not an http\(s\) URL/);
    expect(documentOfRow({ text: 'x', url: 'https://x.vn/1', date: 'hôm qua' }, options)).toMatch(/unreadable publish time/);
  });

  it("reads an export in the encoding it was saved in: UTF-8, UTF-16 with its mark, Excel's Windows-1258", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-import-enc-'));
    const texts = [
      'Công an tỉnh Nghệ An cảnh báo thủ đoạn lừa đảo mới, người dân cần cảnh giác',
      'Đường dây đánh bạc qua mạng bị triệt phá',
    ];
    const csv = stringify(
      texts.map((text, i) => ({ text, url: `https://x.vn/${i}` })),
      { header: true },
    );
    const files: [string, Buffer][] = [
      ['utf-8', Buffer.from(csv)],
      ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv, 'utf-16le')])],
      ['windows-1258', windows1258(csv)],
    ];
    for (const [encoding, bytes] of files) {
      const file = join(dir, `${encoding}.csv`);
      writeFileSync(file, bytes);
      expect(await rowsOf(file)).toEqual({ encoding, rows: texts.map((t, i) => [i + 2, t]) });
    }
    // JSONL too.
    const jsonl = join(dir, 'posts.jsonl');
    writeFileSync(jsonl, windows1258(`${JSON.stringify({ text: texts[1], url: 'https://x.vn/j' })}\n`));
    expect(await rowsOf(jsonl)).toEqual({ encoding: 'windows-1258', rows: [[1, texts[1]]] });
  });

  it('refuses, by line, a row of a UTF-8 export whose bytes are damaged, and reads the rows around it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-import-damaged-'));
    const good = Array.from({ length: 5 }, (_, i) => `${i},"Công an tỉnh Nghệ An cảnh báo thủ đoạn lừa đảo số ${i}",https://x.vn/g${i}\n`);
    const damaged = Buffer.concat([
      Buffer.from('5,"Người dân phản ánh '),
      Buffer.from([0xe1, 0xbb]),
      Buffer.from(' giả danh",https://x.vn/d\n'),
    ]);
    const file = join(dir, 'damaged.csv');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from(`id,text,url\n${good.join('')}`), damaged, Buffer.from('6,"Một dòng tốt ở cuối",https://x.vn/e\n')]),
    );
    const { encoding, rows } = await rowsOf(file);
    expect(encoding).toBe('utf-8');
    expect(rows).toHaveLength(7);
    expect(rows[5]).toEqual([7, expect.stringMatching(/^refused: text holds bytes that are not valid in the file's encoding/u)]);
    expect(rows[6]).toEqual([8, 'Một dòng tốt ở cuối']);
  });

  it('refuses a folder or a missing file with exit 4, before anything starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-import-none-'));
    for (const [path, why] of [
      [dir, 'not a file'],
      [join(dir, 'missing.csv'), 'ENOENT'],
    ] as const) {
      const refused = await run(path, '--source', 'listening-tool');
      expect(refused.status).toBe(4);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim()).toBe(`sentinel import: cannot read ${path}: ${why}`);
    }
  });

  it('tells the encoding from the head of a file', () => {
    const vi = 'Cảnh báo thủ đoạn giả danh công an';
    expect(sniffEncoding(Buffer.from('id,text\n1,abc\n'))).toBe('utf-8');
    expect(sniffEncoding(Buffer.from(vi))).toBe('utf-8');
    // A character cut at the end of the head is no damage.
    expect(sniffEncoding(Buffer.from(vi).subarray(0, 5))).toBe('utf-8');
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(vi)]))).toBe('utf-8');
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(vi, 'utf-16le')]))).toBe('utf-16le');
    expect(sniffEncoding(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(vi, 'utf-16be')]))).toBe('utf-16be');
    expect(sniffEncoding(windows1258(vi))).toBe('windows-1258');
  });

  it('imports 997 of 1,000 rows, reports the 3 broken ones by line, and sends nothing twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-import-'));
    const file = join(dir, 'export.csv');
    writeFileSync(file, `\uFEFF${stringify(exportRows(), { header: true })}`);
    const first = await run(file, '--source', 'listening-tool', '--kind', 'social');
    expect(first.status, first.stderr).toBe(4);
    expect(JSON.parse(first.stdout)).toEqual({ rows: 1000, imported: 997, duplicates: 0, rejected: 3 });
    const reported = first.stderr.split('\n').filter((l) => l.startsWith(`${file}:`));
    expect(reported.map((l) => Number(l.slice(file.length + 1).split(':')[0]))).toEqual([102, 503, 904]);
    // 997 documents on documents.raw. Counted by id: the producer is at least once (a batch whose
    // acknowledgement it missed under load is sent again, and the indexer writes by id), so the
    // topic may hold a repeated message, never a missing or an extra document.
    const sent = await rawDocuments(config, 'import-test-read');
    expect(new Set(sent.map((d) => d.id)).size).toBe(997);
    expect(sent.every((d) => d.sourceId === 'listening-tool')).toBe(true);
    // Through the pipeline's indexer: 997 documents, and no author anywhere.
    indexer = await startDocumentIndexer(config, es);
    const index = indexNames(config.namespace).documents;
    await waitForCount(es, index, 997);
    const authors = await es.count({ index, query: { multi_match: { query: 'Tác Giả', fields: ['*'], type: 'phrase' } } });
    expect(authors.count).toBe(0);
    const sample = await eventually(
      async () =>
        (await es.search<{ outlet: string; publishedAt: string }>({ index, size: 1, query: { match_all: {} } })).hits.hits[0]?._source,
      'a document',
    );
    expect(sample.outlet).toBe('Nhóm Cảnh báo lừa đảo');
    // The same export again: everything is already in, and nothing more reaches the topic.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const before = await topicSize(admin, topicNames(config.namespace).documentsRaw);
      const second = await run(file, '--source', 'listening-tool', '--kind', 'social');
      expect(JSON.parse(second.stdout)).toEqual({ rows: 1000, imported: 0, duplicates: 997, rejected: 3 });
      expect(await topicSize(admin, topicNames(config.namespace).documentsRaw)).toBe(before);
    } finally {
      await admin.disconnect();
    }
  }, 240_000);
});
