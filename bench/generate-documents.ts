/**
 * Generated Vietnamese security-news documents for the pipeline's tests and benchmark:
 * deterministic for a seed, valid against the `SourceDocument` contract, and varied enough
 * (places, numbers, agencies, scam and hearsay phrasing) to exercise every stage.
 */
import type { SourceDocument } from '../core/contracts.js';
import { documentIdFor, sha256Hex } from '../core/ids.js';

const PLACES = ['Hà Nội', 'TP.HCM', 'Nghệ An', 'Đà Nẵng', 'Hải Phòng', 'Cần Thơ', 'Thanh Hóa', 'Lâm Đồng', 'Quảng Ninh', 'Đắk Lắk', 'Khánh Hòa', 'An Giang'];
const AGENCIES = ['Công an tỉnh', 'Phòng Cảnh sát giao thông', 'Phòng Cảnh sát hình sự', 'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao'];
const TEMPLATES = [
  (p: string, a: string, n: number) => `Chiều ${1 + (n % 28)}/${1 + (n % 12)}, ${a} ${p} cho biết đã tiếp nhận ${n} vụ việc lừa đảo qua mạng với tổng số tiền bị chiếm đoạt khoảng ${(n % 9) + 1},${n % 10} tỷ đồng.`,
  (p: string, a: string, n: number) => `Các đối tượng giả danh cán bộ ${a.toLowerCase()} gọi điện yêu cầu người dân ở ${p} chuyển tiền và cung cấp mã OTP.`,
  (p: string, _a: string, n: number) => `Trong đợt cao điểm, lực lượng chức năng tại ${p} đã xử lý ${n}.${String(n % 1000).padStart(3, '0')} lượt phương tiện vi phạm, trong đó ${n % 60}% vi phạm nồng độ cồn.`,
  (p: string, _a: string, n: number) => `Nghe nói từ ngày ${1 + (n % 28)}/${1 + (n % 12)} người dân ${p} phải nâng cấp tài khoản VNeID qua đường link gửi trong tin nhắn, nếu không căn cước sẽ bị khóa.`,
  (p: string, a: string, _n: number) => `${a} ${p} khẳng định lực lượng công an không làm việc qua điện thoại và không yêu cầu người dân chuyển tiền dưới bất kỳ hình thức nào.`,
  (p: string, _a: string, n: number) => `Rộ tin trên mạng xã hội rằng ${n} người ở ${p} đã bị bắt giữ trong đêm qua, hãy chia sẻ ngay cho người thân.`,
];

/** A small deterministic PRNG (mulberry32), so a seed always gives the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDocument(i: number, seed = 1, host = 'tin.example.vn'): SourceDocument {
  const rand = random(seed * 1_000_003 + i);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const place = pick(PLACES);
  const agency = pick(AGENCIES);
  const sentences = Array.from({ length: 4 + Math.floor(rand() * 5) }, () => pick(TEMPLATES)(place, agency, 10 + Math.floor(rand() * 990)));
  const text = sentences.join(' ');
  const url = `https://${host}/tin-tuc/${seed}-${i}.html`;
  const published = new Date(Date.UTC(2025, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28), Math.floor(rand() * 24)));
  return {
    id: documentIdFor(url),
    url,
    canonicalUrl: url,
    sourceId: `gen-${i % 5}`,
    sourceKind: i % 7 === 0 ? 'social' : 'news',
    outlet: `Báo thử nghiệm ${i % 5}`,
    title: `${place}: ${sentences[0]?.slice(0, 60) ?? ''}`,
    text,
    publishedAt: published.toISOString(),
    fetchedAt: new Date(Date.UTC(2025, 11, 1)).toISOString(),
    language: 'vi',
    contentHash: sha256Hex(text),
  };
}

export function generateDocuments(count: number, seed = 1, host?: string): SourceDocument[] {
  return Array.from({ length: count }, (_, i) => generateDocument(i, seed, host));
}
