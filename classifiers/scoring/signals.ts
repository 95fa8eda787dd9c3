/**
 * Explainable signals: patterns that make a claim look like a scam, hearsay or a hoax. Each one
 * has an id, a Vietnamese and an English description, a weight (added to the log-odds of the
 * score) and the span of the claim that fired it. Patterns are written on the folded text
 * ("chuyen tien" matches "chuyển tiền" and "chuyen tien"); folding keeps offsets, so spans
 * point into the claim as written.
 */
import type { Signal } from '../../core/contracts.js';
import { foldAligned } from '../text/normalize.js';

export interface SignalRule {
  id: string;
  /** Vietnamese first; the English gloss goes to `descriptionEn`. */
  vi: string;
  en: string;
  weight: number;
  /** Matched on the folded text unless `onLowercase` (for words folding would confuse, "sốc"/"sóc"). */
  pattern: RegExp;
  onLowercase?: boolean;
}

export const SIGNAL_RULES: readonly SignalRule[] = [
  {
    id: 'impersonation-call',
    vi: 'Giả danh cơ quan chức năng gọi điện, nhắn tin yêu cầu chuyển tiền hoặc cung cấp thông tin',
    en: 'Someone posing as police or an official calls or texts asking for money or personal data',
    weight: 1.6,
    pattern:
      /(?:cong an|canh sat|can bo|vien kiem sat|toa an|nhan vien (?:ngan hang|nha mang|dien luc|buu dien)|co quan thue)[^.!?]{0,40}(?:goi dien|nhan tin|lien he|lien lac)[^.!?]{0,60}(?:yeu cau|de nghi|bao|bat)[^.!?]{0,40}(?:chuyen (?:tien|khoan)|cung cap|nop tien|dong tien|tai (?:ung dung|app))/u,
  },
  {
    id: 'money-transfer',
    vi: 'Yêu cầu chuyển tiền, chuyển khoản hoặc nạp tiền',
    en: 'Asks for a money transfer or a top-up',
    weight: 1.0,
    pattern:
      /(?:chuyen (?:ngay |gap )?(?:tien|khoan)|nap (?:them )?tien|chuyen (?:so tien|vao tai khoan)|dong (?:phi|tien) (?:truoc|de nhan)|phi (?:ho so|giai ngan|nhan thuong))/u,
  },
  {
    id: 'otp-request',
    vi: 'Đòi mã OTP, mật khẩu hoặc mã xác thực',
    en: 'Asks for an OTP code, a password or a verification code',
    weight: 1.3,
    pattern: /(?:\botp\b|ma xac (?:thuc|nhan)|mat khau|ma pin)/u,
  },
  {
    id: 'prize-lure',
    vi: 'Mồi nhử trúng thưởng, quà tặng, việc nhẹ lương cao',
    en: 'Prize, gift or easy-money lure',
    weight: 1.1,
    pattern:
      /(?:trung thuong|nhan thuong|giai thuong (?:tri gia|len den)|qua tang tri an|tri an khach hang|nhan qua|viec nhe luong cao|hoa hong (?:cao|len den)|loi nhuan (?:cao|khung|\d)|nhan ngay \d|mien phi 100)/u,
  },
  {
    id: 'fake-id-upgrade',
    vi: 'Mời nâng cấp, kích hoạt căn cước / VNeID qua đường link hoặc ứng dụng lạ',
    en: 'Invites a citizen-ID / VNeID upgrade or activation through a link or an unknown app',
    weight: 1.5,
    pattern:
      /(?:nang cap|cap nhat|kich hoat|xac thuc|tich hop|dong bo|chuan hoa)[^.!?]{0,40}(?:vneid|can cuoc|cccd|dinh danh|muc (?:do )?2)[^.!?]{0,60}(?:link|duong dan|truy cap|http|bit\.ly|\.com|\.xyz|\.top|tai (?:ung dung|app)|cai dat|bam vao)|(?:link|duong dan|truy cap|bam vao)[^.!?]{0,40}(?:nang cap|kich hoat|cap nhat)[^.!?]{0,30}(?:vneid|can cuoc|cccd|dinh danh)/u,
  },
  {
    id: 'suspicious-link',
    vi: 'Có đường link không thuộc trang chính thức (.gov.vn)',
    en: 'Contains a link outside official (.gov.vn) sites',
    weight: 0.5,
    pattern: /(?:https?:\/\/(?![^\s/]*\.gov\.vn)[^\s]+|bit\.ly\/\S+|\b[a-z0-9-]+\.(?:xyz|top|cc|online|site|info)\b)/u,
  },
  {
    id: 'hearsay',
    vi: 'Tin đồn không nguồn: "nghe nói", "rộ tin", "theo nguồn tin"',
    en: 'Unsourced hearsay ("I heard", "rumours say", "according to a source")',
    weight: 1.0,
    pattern:
      /(?:nghe noi|nghe don|ro (?:len )?(?:tin|thong tin)|theo (?:mot )?nguon tin(?! (?:tu|cua) (?:bo|cong an|co quan|so|ubnd))|nguon tin (?:rieng|noi bo|than can|giau ten)|tin noi bo|nguoi trong cuoc (?:tiet lo|cho biet)|co nguoi (?:noi|bao)|don (?:rang|la)|truyen tai nhau|ai cung noi|nghe bao)/u,
  },
  {
    id: 'sensational',
    vi: 'Từ ngữ giật gân',
    en: 'Sensational wording',
    weight: 0.6,
    onLowercase: true,
    pattern:
      /(?:(?<![\p{L}])sốc(?![\p{L}])|chấn động|kinh hoàng|rúng động|cực nóng|nóng hổi|không thể tin nổi|sự thật (?:đằng sau|kinh hoàng|bị che giấu)|bị che giấu|bưng bít|tin mật|bí mật động trời|động trời)/u,
  },
  {
    id: 'absolute',
    vi: 'Khẳng định tuyệt đối, không kiểm chứng được',
    en: 'Absolute, uncheckable wording',
    weight: 0.4,
    pattern: /(?:100 ?%|chac chan 100|tat ca moi nguoi|khong bao gio|toan bo nguoi dan|ai cung phai|bat buoc tat ca)/u,
  },
  {
    id: 'share-urgently',
    vi: 'Kêu gọi chia sẻ gấp',
    en: 'Urgent call to share',
    weight: 1.0,
    pattern:
      /(?:(?:hay |moi nguoi )?(?:chia se|share|lan truyen|chuyen tiep) (?:ngay|gap|rong rai|cho (?:moi nguoi|nguoi than|ban be)|de moi nguoi)|truoc khi bi (?:xoa|go|an)|cang nhieu nguoi biet cang tot|khan cap!|gap gap)/u,
  },
  {
    id: 'warning-context',
    vi: 'Câu cảnh báo, khuyến cáo về thủ đoạn (không phải lời mời)',
    en: 'A warning about a scheme, not the scheme itself',
    weight: -1.6,
    pattern:
      /(?:canh bao|khuyen cao|thu doan|de nghi nguoi dan|nguoi dan (?:can|nen|khong)|khong (?:cung cap|chuyen tien|bam vao|truy cap|lam theo|cai dat)|tuyet doi khong|nang cao canh giac|can canh giac|gia danh|mao danh|lua dao|doi tuong)/u,
  },
];

/**
 * The /u rules on the folded text joined into one pattern. It matches exactly when one of
 * them would, and most claims fire none, so one pass usually replaces ten. Patterns with
 * groups that refer to each other (back-references, named groups) stay out of it.
 */
const GATED = SIGNAL_RULES.filter((r) => !r.onLowercase && r.pattern.flags === 'u' && !/\\[1-9k]|\(\?<[^=!]/.test(r.pattern.source));
const ANY_GATED = new RegExp(GATED.map((r) => `(?:${r.pattern.source})`).join('|'), 'u');

/** Every rule that fires on the text, with the span of its first match. */
export function ruleSignals(text: string): Signal[] {
  const folded = foldAligned(text);
  const gatedMayFire = ANY_GATED.test(folded);
  let lower: string | undefined;
  const out: Signal[] = [];
  for (const rule of SIGNAL_RULES) {
    if (!gatedMayFire && GATED.includes(rule)) continue;
    let hay = folded;
    if (rule.onLowercase) {
      lower ??= text.toLowerCase();
      if (lower.length !== text.length) continue;
      hay = lower;
    }
    const m = rule.pattern.exec(hay);
    if (m === null) continue;
    out.push({
      id: rule.id,
      description: rule.vi,
      descriptionEn: rule.en,
      weight: rule.weight,
      span: { text: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length },
    });
  }
  return out;
}
