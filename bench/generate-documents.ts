/**
 * Generated Vietnamese security-news documents for the pipeline's tests and benchmark:
 * deterministic for a seed, valid against the `SourceDocument` contract, and varied enough
 * (places, numbers, agencies, scam and hearsay phrasing) to exercise every stage.
 */
import type { OfficialStatement, SourceDocument } from '../core/contracts.js';
import { documentIdFor, sha256Hex } from '../core/ids.js';

const PLACES = [
  'Hà Nội',
  'TP.HCM',
  'Nghệ An',
  'Đà Nẵng',
  'Hải Phòng',
  'Cần Thơ',
  'Thanh Hóa',
  'Lâm Đồng',
  'Quảng Ninh',
  'Đắk Lắk',
  'Khánh Hòa',
  'An Giang',
];
const AGENCIES = [
  'Công an tỉnh',
  'Phòng Cảnh sát giao thông',
  'Phòng Cảnh sát hình sự',
  'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao',
];
const TEMPLATES = [
  (p: string, a: string, n: number) =>
    `Chiều ${1 + (n % 28)}/${1 + (n % 12)}, ${a} ${p} cho biết đã tiếp nhận ${n} vụ việc lừa đảo qua mạng với tổng số tiền bị chiếm đoạt khoảng ${(n % 9) + 1},${n % 10} tỷ đồng.`,
  (p: string, a: string, _n: number) =>
    `Các đối tượng giả danh cán bộ ${a.toLowerCase()} gọi điện yêu cầu người dân ở ${p} chuyển tiền và cung cấp mã OTP.`,
  (p: string, _a: string, n: number) =>
    `Trong đợt cao điểm, lực lượng chức năng tại ${p} đã xử lý ${n}.${String(n % 1000).padStart(3, '0')} lượt phương tiện vi phạm, trong đó ${n % 60}% vi phạm nồng độ cồn.`,
  (p: string, _a: string, n: number) =>
    `Nghe nói từ ngày ${1 + (n % 28)}/${1 + (n % 12)} người dân ${p} phải nâng cấp tài khoản VNeID qua đường link gửi trong tin nhắn, nếu không căn cước sẽ bị khóa.`,
  (p: string, a: string, _n: number) =>
    `${a} ${p} khẳng định lực lượng công an không làm việc qua điện thoại và không yêu cầu người dân chuyển tiền dưới bất kỳ hình thức nào.`,
  (p: string, _a: string, n: number) =>
    `Rộ tin trên mạng xã hội rằng ${n} người ở ${p} đã bị bắt giữ trong đêm qua, hãy chia sẻ ngay cho người thân.`,
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

const STATEMENT_TEMPLATES = [
  (p: string, a: string, n: number) =>
    `${a} ${p} thông báo: trong đợt cao điểm, lực lượng chức năng đã xử lý ${n + 7}.${String(n % 1000).padStart(3, '0')} lượt phương tiện vi phạm.`,
  (p: string, a: string, _n: number) =>
    `${a} ${p} khẳng định lực lượng công an không làm việc qua điện thoại, không yêu cầu người dân chuyển tiền hay cung cấp mã OTP.`,
  (p: string, _a: string, _n: number) =>
    `Công an tỉnh ${p} khẳng định thông tin người dân phải nâng cấp tài khoản VNeID qua đường link trong tin nhắn là sai sự thật; căn cước không bị khóa.`,
  (p: string, _a: string, n: number) =>
    `Công an ${p} bác bỏ tin đồn ${n} người bị bắt giữ trong đêm; đây là thông tin sai sự thật, đề nghị người dân không chia sẻ.`,
];

/** Official statements on the same subjects as the generated documents, some agreeing and some not. */
export function generateStatements(count: number, seed = 1): OfficialStatement[] {
  return Array.from({ length: count }, (_, i) => {
    const rand = random(seed * 7_000_003 + i);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const place = pick(PLACES);
    const agency = pick(AGENCIES);
    const text = Array.from({ length: 2 + Math.floor(rand() * 3) }, () =>
      pick(STATEMENT_TEMPLATES)(place, agency, 10 + Math.floor(rand() * 990)),
    ).join(' ');
    const url = `https://congan.example.gov.vn/thong-cao/${seed}-${i}.html`;
    return {
      id: documentIdFor(url),
      agency: `${agency} ${place}`,
      title: `Thông cáo báo chí của ${agency} ${place}`,
      text,
      url,
      publishedAt: new Date(Date.UTC(2025, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28))).toISOString(),
      fetchedAt: new Date(Date.UTC(2025, 11, 1)).toISOString(),
      version: 1,
      contentHash: sha256Hex(text),
    };
  });
}
