/**
 * Scam messages sharing an indicator (a phone number, a domain, an account) are one campaign in
 * the review queue, whatever their wording: three hundred copies are one item. Real Elasticsearch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractClaims } from '../../classifiers/claims/extract-claims.js';
import { scoreClaim } from '../../classifiers/scoring/misinformation.js';
import type { Claim, Flag, SourceDocument } from '../../core/contracts.js';
import { sha256Hex } from '../../core/ids.js';
import { indexNames } from '../../core/names.js';
import { loadQueue } from '../../dashboards/queue.js';
import { ensureDashboardIndices } from '../../dashboards/store.js';
import { createElasticsearchClient } from '../../platform/elasticsearch/client.js';
import { deleteIndices, ensureIndices } from '../../platform/elasticsearch/indices.js';
import { flagFor } from '../../classifiers/scoring/flag-policy.js';
import { isolatedConfig } from '../helpers.js';
import { indexFlags } from './fixtures.js';

const config = isolatedConfig('campaign');
const names = indexNames(config.namespace);
const es = createElasticsearchClient(config);

function submission(text: string, n: number): SourceDocument {
  const url = `https://tipline.example.vn/tin/${n}`;
  return {
    id: `sub-${n}`,
    url,
    canonicalUrl: url,
    sourceId: `tipline-${n}`,
    sourceKind: 'submission',
    outlet: 'Đường dây tiếp nhận',
    title: '',
    text,
    publishedAt: '2025-11-20T02:00:00.000Z',
    fetchedAt: '2025-11-20T02:05:00.000Z',
    language: 'vi',
    contentHash: sha256Hex(text),
  };
}

/** Each message's flags as score-claims writes them. */
function flagsOf(doc: SourceDocument): Flag[] {
  return extractClaims(doc).flatMap((claim: Claim) => flagFor(claim, [], scoreClaim(claim, [])) ?? []);
}

describe('Dashboards > scam messages of one campaign are one queue item', () => {
  beforeAll(async () => {
    await ensureIndices(es, names);
    await ensureDashboardIndices(es, names);
  });
  afterAll(async () => {
    await deleteIndices(es, names);
    await es.close();
  });

  it('groups messages pointing at the same domain, and keeps another campaign apart', async () => {
    const messages = [
      'Tài khoản VNeID của bạn sẽ bị khóa trong 24h. Truy cập http://vneid-capnhat.xyz để xác thực mức độ 2 ngay.',
      'Quy khach chua xac thuc dinh danh muc 2, vui long bam vao vneid-capnhat.xyz/xacthuc truoc 17h hom nay de tranh bi khoa.',
      'Bộ Công an thông báo: công dân cần cập nhật căn cước tại https://www.vneid-capnhat.xyz/cccd, quá hạn sẽ bị phạt.',
      'Chúc mừng quý khách đã trúng thưởng xe SH, vui lòng nộp phí 2.000.000đ vào STK 0123456789 Vietcombank để nhận giải.',
    ];
    const flags = messages.flatMap((text, n) => flagsOf(submission(text, n)));
    expect(flags.map((f) => f.reasons?.map((r) => r.kind))).toEqual(messages.map(() => ['scam-message']));
    expect(flags.slice(0, 3).map((f) => f.campaign)).toEqual([
      'domain:vneid-capnhat.xyz',
      'domain:vneid-capnhat.xyz',
      'domain:vneid-capnhat.xyz',
    ]);
    await indexFlags(es, names, flags);

    const items = await loadQueue(es, names, {});
    expect(items).toHaveLength(2);
    const vneid = items.find((i) => i.flag.campaign === 'domain:vneid-capnhat.xyz');
    expect([vneid?.flag.id, ...(vneid?.relatedFlagIds ?? [])].sort()).toEqual(
      flags
        .slice(0, 3)
        .map((f) => f.id)
        .sort(),
    );
    expect(vneid?.spread).toBe(3);
    expect(items.find((i) => i.flag.id === flags[3]?.id)?.relatedFlagIds).toEqual([]);
  });
});
