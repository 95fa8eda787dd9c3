/**
 * Is this text a scam / impersonation message itself (an SMS, a post, a tipline submission), as
 * opposed to a news report or a police warning ABOUT one? And what does it point at (phone
 * numbers, links, domains, bank accounts, the agency it speaks for), so that the messages of
 * one campaign share a key?
 *
 * A scam message combines (1) an address to the reader ("quý khách", "của bạn", "vui lòng", "chị
 * ơi", a sentence opening on an imperative), (2) a request (give an OTP or a photo of the ID
 * card, transfer money or pay a fee now, pay up front to receive something, open a link or
 * install an app from one, call a private number or move to Zalo/Telegram) or a bait (a prize,
 * paid tasks, a job, a loan, an investment, recovering lost money; a stated sum or rate for the
 * reader; a benefit for complying), (3) what makes the bait too good ("cam kết lợi nhuận", "không
 * cần vốn", "bao vé máy bay") or the request urgent ("sẽ bị khóa", "trong 24h", "liên quan đến vụ
 * án", a relative in hospital) and (4) an authority or brand it speaks for or attributes itself
 * to. A report about one speaks in the third person ("các đối tượng", "nạn nhân", "thủ đoạn",
 * "chị H.", "Theo Công an tỉnh, …") and a warning advises or denies ("cảnh báo", "tuyệt đối
 * không", "không bao giờ yêu cầu", "đường link lạ"): both pull the score down hard. "Nạn nhân" and
 * "người dân" as the ones a message offers to help ("hỗ trợ nạn nhân lấy lại tiền") are its reader,
 * not a report.
 *
 * Score: a hand-set logistic, sigmoid(BIAS + Σ group weights). Every cue belongs to a group and a
 * group counts once (its strongest cue), so ten ways of saying "vui lòng" are still one address.
 * With no request at all (no secret asked, no money, no link to open, no private number to
 * contact, no lure) the log-odds are capped below the threshold: an address plus a threat plus a
 * brand ("Gói cước của Quý khách sẽ hết hạn") is a service notice, not a scam. A bare link or
 * phone number weighs less than half of what the threshold needs.
 *
 * Patterns run on the folded text (foldAligned: lower case, no diacritics, same offsets), so
 * "chuyen tien" matches "chuyển tiền" and SMS typed without accents; spans point into the text.
 * Where folding merges two words ("đóng"/"đồng"/"dòng", "tặng"/"tăng", "chị"/"chỉ", "quà"/"quả")
 * and the text has its accents, the accented source decides. Text not in NFC (decomposed accents)
 * is matched in NFC and its spans mapped back.
 */
import type { Entity } from '../../core/contracts.js';
import { foldAligned } from '../text/normalize.js';

export interface ScamCue {
  id: string;
  vi: string;
  en: string;
  start: number;
  end: number;
}

export interface ScamAssessment {
  /** 0..1, how much the text reads as a scam message itself. */
  score: number;
  /** score >= SCAM_THRESHOLD */
  isScam: boolean;
  /** What fired (the strongest cue of each group), each with a short Vietnamese + English reason and the span in the text. */
  cues: ScamCue[];
  /**
   * Entities of kind phone | link | domain | bank-account | organization (impersonated agency),
   * offsets into the text. `unit`: for a phone 'mobile' | 'landline' | 'hotline' (a hotline is
   * not an indicator of a scam); for a bank account the bank ('vietcombank'), when named.
   */
  indicators: Entity[];
  /** Stable key shared by messages with the same strongest indicator (normalised phone, registrable domain, bank account), null when none. */
  campaignKey: string | null;
}

/**
 * sigmoid(0) = 0.5: the log-odds must reach -BIAS = 2.7, e.g. one strong request (an OTP asked
 * for, a fee to pay up front, money to an account the sender gives: 2.0) plus an address or a
 * threat, or a lure plus a private number to contact, or a link to open plus a threat, or a lure
 * plus a stated payout plus a promise too good. Any one cue alone stays below it.
 */
export const SCAM_THRESHOLD = 0.5;

/** Log-odds with nothing fired: sigmoid(-2.7) ≈ 0.06. */
const BIAS = -2.7;
/** Without a request or lure the log-odds stop here: sigmoid(-1) ≈ 0.27, clearly below the threshold. */
const NO_REQUEST_CAP = -1.0;

type Group =
  | 'address'
  | 'secret'
  | 'money'
  | 'link'
  | 'contact'
  | 'lure'
  | 'payout'
  | 'incentive'
  | 'guarantee'
  | 'urgency'
  | 'authority'
  | 'indicator'
  | 'warning'
  | 'report'
  | 'notice';
/** The groups that make a message ask for something or dangle a gain; without one of them it cannot reach the threshold. */
const REQUEST_GROUPS: ReadonlySet<Group> = new Set(['secret', 'money', 'link', 'contact', 'lure', 'payout']);

interface CueDef {
  id: string;
  group: Group;
  /**
   * Log-odds added when the cue fires (its group counts once, at its strongest cue):
   * requests 0.9–2.0 (handing over a secret, paying up front to receive, money to an account the
   * sender gives are the strongest signs), a lure 1.0–1.6, a stated payout 1.0, a promise too good
   * 1.2, a benefit for complying 0.8, urgency 1.2, an address 0.8, the authority spoken for 1.0
   * (state) / 0.8 (claimed for an app or link) / 0.6 (brand, since real banks and carriers text
   * too), an indicator 0.4–0.9; warning and third-person report -1.6 / -2.0, a balance notice -1.5.
   */
  weight: number;
  vi: string;
  en: string;
}

const CUES = {
  secondPerson: {
    id: 'second-person',
    group: 'address',
    weight: 0.8,
    vi: 'Xưng hô trực tiếp với người đọc ("quý khách", "bạn", "anh/chị", "vui lòng")',
    en: 'Addresses the reader directly ("dear customer", "you", "please")',
  },
  secretRequest: {
    id: 'secret-request',
    group: 'secret',
    weight: 2.0,
    vi: 'Đòi mã OTP, mật khẩu, số thẻ hoặc số CCCD',
    en: 'Asks for an OTP, a password, a card or citizen-ID number',
  },
  moneyToAccount: {
    id: 'money-to-account',
    group: 'money',
    weight: 1.8,
    vi: 'Yêu cầu chuyển tiền / nộp phí vào một tài khoản',
    en: 'Asks to transfer money or pay a fee into an account',
  },
  moneyToGivenAccount: {
    id: 'money-to-account',
    group: 'money',
    weight: 2.0,
    vi: 'Yêu cầu chuyển tiền vào tài khoản do người nhắn đưa ra ("vào số tài khoản này", "tài khoản sau")',
    en: 'Asks for money to go to an account the sender supplies ("this account", "the account below")',
  },
  moneyTransfer: {
    id: 'money-transfer',
    group: 'money',
    weight: 0.9,
    vi: 'Nhắc đến chuyển tiền, nộp phí, đặt cọc',
    en: 'Mentions a money transfer, a fee or a deposit',
  },
  linkAction: {
    id: 'link-action',
    group: 'link',
    weight: 1.3,
    vi: 'Yêu cầu bấm vào / truy cập đường link',
    en: 'Asks to click or open a link',
  },
  appInstall: {
    id: 'app-install',
    group: 'link',
    weight: 1.3,
    vi: 'Yêu cầu tải, cài đặt ứng dụng',
    en: 'Asks to download or install an app',
  },
  contactChat: {
    id: 'contact-chat',
    group: 'contact',
    weight: 1.4,
    vi: 'Mời liên hệ qua Zalo/Telegram (số cá nhân, inbox)',
    en: 'Asks to get in touch over Zalo/Telegram (a private number, a direct message)',
  },
  contactNumber: {
    id: 'contact-number',
    group: 'contact',
    weight: 1.1,
    vi: 'Yêu cầu gọi / nhắn tin đến một số điện thoại cá nhân hoặc bấm phím để gặp "cán bộ"',
    en: 'Asks to call or text a private phone number, or to press a key to reach an "officer"',
  },
  moneyRequest: {
    id: 'money-request',
    group: 'money',
    weight: 1.5,
    vi: 'Đòi chuyển / nộp / thanh toán tiền, phí ngay (kèm số tiền hoặc hối thúc)',
    en: 'Asks for money or a fee to be paid now (a sum, or pressed for)',
  },
  advanceFee: {
    id: 'advance-fee',
    group: 'money',
    weight: 2.0,
    vi: 'Đòi nộp phí, thuế, tiền cọc trước để được nhận tiền, quà, hàng, khoản vay',
    en: 'Asks for a fee, tax or deposit up front to receive money, a prize, a parcel or a loan',
  },
  lure: {
    id: 'lure',
    group: 'lure',
    weight: 1.6,
    vi: 'Mồi nhử: trúng thưởng, tuyển cộng tác viên, làm nhiệm vụ, khoản vay, đầu tư, lấy lại tiền bị lừa',
    en: 'Lure: a prize, a job or paid tasks, a loan, an investment, recovering lost money',
  },
  giftLure: {
    id: 'gift-lure',
    group: 'lure',
    weight: 1.0,
    vi: 'Mời nhận quà tặng, quà tri ân',
    en: 'Offers a gift or a customer-appreciation present',
  },
  payout: {
    id: 'payout',
    group: 'payout',
    weight: 1.0,
    vi: 'Hứa một khoản tiền cụ thể cho người đọc (nhận ngay 500 nghìn, lương 30 triệu, lợi nhuận 30%)',
    en: 'Promises the reader a stated sum or rate (get 500k now, a 30m salary, 30% returns)',
  },
  incentive: {
    id: 'incentive',
    group: 'incentive',
    weight: 0.8,
    vi: 'Hứa một quyền lợi nếu làm theo ("để được ưu tiên", "để nhận tiền")',
    en: 'Promises a benefit for complying ("to get priority", "to receive the money")',
  },
  guarantee: {
    id: 'too-good-guarantee',
    group: 'guarantee',
    weight: 1.2,
    vi: 'Cam kết quá mức hoặc quá dễ dàng (chắc chắn có lãi, hoàn vốn, không cần vốn / thế chấp, bao vé máy bay)',
    en: 'A promise too good or too easy (sure profit, capital back, no capital or collateral needed, flights paid)',
  },
  urgency: {
    id: 'urgency-threat',
    group: 'urgency',
    weight: 1.2,
    vi: 'Hối thúc hoặc đe dọa (sắp bị khóa, trong 24h, liên quan vụ án)',
    en: 'Urgency or a threat (about to be locked, within 24h, linked to a case)',
  },
  authorityState: {
    id: 'speaks-as-authority',
    group: 'authority',
    weight: 1.0,
    vi: 'Nhân danh cơ quan nhà nước (công an, viện kiểm sát, tòa án, thuế, BHXH)',
    en: 'Speaks in the name of a state agency (police, procuracy, court, tax, social insurance)',
  },
  authorityClaim: {
    id: 'claims-authority',
    group: 'authority',
    weight: 0.8,
    vi: 'Gán ứng dụng, đường link, chương trình cho một cơ quan nhà nước ("ứng dụng mới của Bộ Công an")',
    en: 'Attributes an app, a link or a programme to a state agency ("a new app from the Ministry of Public Security")',
  },
  authorityBrand: {
    id: 'speaks-as-brand',
    group: 'authority',
    weight: 0.6,
    vi: 'Nhân danh ngân hàng, nhà mạng, điện lực, bưu điện',
    en: 'Speaks in the name of a bank, a carrier, the power company or the post',
  },
  suspiciousLink: {
    id: 'suspicious-link',
    group: 'indicator',
    weight: 0.9,
    vi: 'Đường link rút gọn, tên miền rẻ tiền hoặc nhái tên cơ quan/ngân hàng',
    en: 'A shortened link, a throwaway domain or one imitating an agency or bank',
  },
  link: { id: 'link', group: 'indicator', weight: 0.4, vi: 'Có đường link ngoài trang chính thức', en: 'A link outside official sites' },
  bankAccount: { id: 'bank-account', group: 'indicator', weight: 0.5, vi: 'Có số tài khoản ngân hàng', en: 'A bank account number' },
  privatePhone: {
    id: 'private-phone',
    group: 'indicator',
    weight: 0.4,
    vi: 'Có số điện thoại cá nhân (không phải tổng đài)',
    en: 'A private phone number (not a hotline)',
  },
  warning: {
    id: 'warning-context',
    group: 'warning',
    weight: -1.6,
    vi: 'Lời cảnh báo, khuyến cáo, phủ nhận (không phải lời mời)',
    en: 'A warning, advice or denial, not the scheme itself',
  },
  report: {
    id: 'third-person-report',
    group: 'report',
    weight: -2.0,
    vi: 'Tường thuật ở ngôi thứ ba (đối tượng, nạn nhân, thủ đoạn, "chị H.", "Theo …,")',
    en: 'A third-person report (suspects, victims, the scheme, a person named by initial, a cited source)',
  },
  notice: { id: 'transaction-notice', group: 'notice', weight: -1.5, vi: 'Tin báo biến động số dư', en: 'A balance-change notice' },
} as const satisfies Record<string, CueDef>;

// ---------------------------------------------------------------------------------------------
// Patterns (all precompiled; folded text unless said otherwise)

const BANK_NAMES: readonly [string, string][] = [
  ['vietcombank', 'vietcombank'],
  ['vcb', 'vietcombank'],
  ['techcombank', 'techcombank'],
  ['tcb', 'techcombank'],
  ['mb ?bank', 'mbbank'],
  ['mb', 'mbbank'],
  ['agribank', 'agribank'],
  ['bidv', 'bidv'],
  ['vietinbank', 'vietinbank'],
  ['acb', 'acb'],
  ['tp ?bank', 'tpbank'],
  ['sacombank', 'sacombank'],
  ['vp ?bank', 'vpbank'],
  ['shb', 'shb'],
  ['hd ?bank', 'hdbank'],
  ['vib', 'vib'],
  ['seabank', 'seabank'],
  ['eximbank', 'eximbank'],
  ['ocb', 'ocb'],
  ['msb', 'msb'],
  ['lpbank', 'lpbank'],
  ['lienvietpostbank', 'lpbank'],
  ['momo', 'momo'],
  ['zalopay', 'zalopay'],
];
const BANK_SOURCE = BANK_NAMES.map(([p]) => p)
  .sort((a, b) => b.length - a.length)
  .join('|');
const BANK_CANON = BANK_NAMES.map(([p, v]) => [new RegExp(`^(?:${p})$`), v] as const);
const bankOf = (folded: string): string => BANK_CANON.find(([re]) => re.test(folded))?.[1] ?? folded.replace(/\s+/g, '');

/** Digits that may be split by single spaces, dots or dashes. */
const DIGITS_6_19 = String.raw`\d(?:[ .-]?\d){5,18}`;
/** "STK: 0123456789", "số tài khoản nhận tiền 0123 456 789", "tài khoản Vietcombank 0123456789". */
const ACCOUNT_AFTER_KEYWORD = new RegExp(
  String.raw`\b(?:stk|so tk|so tai khoan|tai khoan(?: so)?|tk(?: so)?|account)(?:\s+(?:ngan hang|nh))?(?:\s+(?<bank>${BANK_SOURCE})\b)?(?:\s+(?!(?:zalo|zl|telegram|viber|sdt|goi|lh|lien|so dien)\b)[a-z]{1,8}){0,3}?\s*[:.\-]?\s*(?:la\s+)?(?<digits>${DIGITS_6_19})(?![ .-]?\d)`,
  'g',
);
/** "Vietcombank: 0123456789", "0123456789 - MB", "1903 6677 8899 Techcombank". */
const ACCOUNT_BY_BANK = new RegExp(
  String.raw`\b(?:(?:ngan hang |nh )?(?<bank>${BANK_SOURCE})\s*[:\-]?\s*(?<digits>${DIGITS_6_19})(?![ .-]?\d)|(?<digits2>${DIGITS_6_19})\s*[-(]?\s*(?:ngan hang |nh )?(?<bank2>${BANK_SOURCE})\b)`,
  'g',
);
const BANK_AROUND_AFTER = new RegExp(String.raw`^[^\n!?]{0,40}?\b(${BANK_SOURCE})\b`);
const BANK_AROUND_BEFORE = new RegExp(String.raw`\b(${BANK_SOURCE})\b[^\d\n]{0,12}$`);
/** "2.000.000đ" is an amount, not an account. */
const THOUSANDS = /^\d{1,3}(?:[.,]\d{3})+$/;
const AMOUNT_UNIT_AFTER = /^\s*(?:d\b|đ|vnd|dong|k\b|tr\b|trieu)/;

const INTL = String.raw`(?:\(\+84\)|\+84|0084)[ .-]?`;
/** 0 + 9 digits, second digit 3/5/7/8/9 (mobile); 02 + 9 digits (landline). Separators: one space, dot or dash. */
const MOBILE = new RegExp(String.raw`(?<![\w+])(?:${INTL}|0)([35789]\d(?:[ .-]?\d){7})(?![ .-]?\d)`, 'g');
const LANDLINE = new RegExp(String.raw`(?<![\w+])(?:${INTL}|\(?0)(2\d(?:(?:[ .-]|\) ?)?\d){8})(?![ .-]?\d)`, 'g');
const HOTLINE_LONG = /(?<![\w+.,])1[89]00(?:[ .-]?\d){4,6}(?![ .-]?\d)/g;
const HOTLINE_SHORT = /(?<![\w+.,])1\d{2}(?![\w.,]?\d)/g;
const HOTLINE_SHORT_CUE = /\b(?:goi(?: ngay)?(?: den| toi| so)?|lh|lien he|hotline|tong dai|duong day nong|gui|sdt|so)\s*:?\s*$/;
/** "0901xxxxxx": a number written half hidden, as scam texts quoted on posts often are. */
const MASKED_PHONE = /(?<![\w+])(?:\+84|0)\d{2,5}[x*]{3,}(?![\w*])/g;

const TLDS =
  'com|net|org|info|biz|vn|xyz|top|cc|online|site|club|icu|vip|shop|live|link|buzz|work|click|tk|ml|ga|cf|gq|store|tech|website|space|fun|app|io|asia|pro|cn|ru|win|bid|cyou|sbs|lat|today|life|world|mobi|tv|ws|pw|one|xin';
const SHORTENERS = String.raw`bit\.ly|t\.co|goo\.gl|tinyurl\.com|is\.gd|v\.gd|cutt\.ly|rb\.gy|shorturl\.at|tiny\.cc|s\.id|rebrand\.ly|ow\.ly|t\.ly`;
const URL_SCHEME = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const URL_WWW = /(?<![\p{L}\p{N}_@./-])www\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#][^\s<>"'`]*)?/giu;
const URL_BARE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_@./-])(?:(?:${SHORTENERS})\/[^\s<>"'\x60]+|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${TLDS})(?![\p{L}\p{N}_-])(?:[/?#][^\s<>"'\x60]*)?)`,
  'giu',
);
const TRAILING_PUNCT = /[.,;:!?)\]}"'»…]+$/;
const SHORTENER_HOST = new RegExp(`^(?:${SHORTENERS})$`);
const SECOND_LEVEL = new Set([
  'com.vn',
  'net.vn',
  'org.vn',
  'gov.vn',
  'edu.vn',
  'ac.vn',
  'info.vn',
  'biz.vn',
  'name.vn',
  'pro.vn',
  'health.vn',
  'int.vn',
  'co.uk',
  'com.cn',
  'com.au',
  'co.jp',
]);
/** Domains of the agencies and brands themselves: extracted, but neither suspicious nor a campaign. */
const OFFICIAL_DOMAINS = new Set([
  'vietcombank.com.vn',
  'techcombank.com.vn',
  'bidv.com.vn',
  'agribank.com.vn',
  'vietinbank.vn',
  'mbbank.com.vn',
  'acb.com.vn',
  'tpb.vn',
  'sacombank.com.vn',
  'vpbank.com.vn',
  'viettel.vn',
  'viettel.com.vn',
  'vinaphone.com.vn',
  'mobifone.vn',
  'vnpt.vn',
  'evn.com.vn',
  'vnpost.vn',
  'momo.vn',
  'zalopay.vn',
]);
const CHEAP_TLD =
  /\.(?:xyz|top|cc|online|site|club|icu|vip|shop|live|link|buzz|work|click|tk|ml|ga|cf|gq|store|website|space|fun|cyou|sbs|lat|win|bid|pw|ws|xin)$/;
const LOOKALIKE_HOST =
  /(?:vneid|dichvucong|bocongan|congan|canhsat|vcb|vietcombank|techcombank|bidv|agribank|vietinbank|mbbank|viettel|vinaphone|mobifone|evn|thue|bhxh|baohiem|nganhang|xacthuc|xac-thuc|capnhat|cap-nhat|mokhoa|login|verify|secure|update|account)/;
const IP_HOST = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** A request verb right after one of these is a prohibition ("không cung cấp"), not a request. */
const NEGATED_BEFORE =
  /\b(?:(?:khong|ko|dung|cam|chang|chua bao gio|khong bao gio|tuyet doi khong)\b[^.!?\n,;]{0,14}|(?:khong|chua bao gio|khong bao gio) (?:yeu cau|de nghi|doi|bat|goi dien|nhan tin)\b[^.!?\n,;]{0,30})$/;

const SECOND_PERSON =
  /\b(?:quy khach|cua ban(?! (?:an|than|tin|quyen|sao|ve|do|hop dong|chat|dia|thao|ke khai|tuong|goc|nhac|dich))|ban (?:da|se|dang|co|can|phai|bi|duoc|nhan duoc|vui long|hay|oi|vua)|(?:chuc mung|kinh gui|kinh chao|xin chao|moi|thong bao|de nghi|yeu cau) (?:ban|anh|chi|quy khach|ong|ba)|anh ?\/ ?chi|ong ?\/ ?ba|a ?\/ ?c|(?<!hinh )anh (?:co lien quan|da bi|se bi|dang bi|can phai|vui long|hay)|(?:anh|chi|ban|em|con|me|bo|ba|co|chu|bac|di|cau|ong) oi|(?:anh|chi|em) (?:doc|cung cap|chuyen|bam|lam on|vui long|kiem tra|giup|gui giup)|(?:con|chau|me|bo|ong|ba|co|chu|bac) (?:chuyen|gui|nop|doc) (?:giup|ngay|gap|ho)|(?:chao|kinh chao|xin chao) (?:anh|chi|ban|quy khach|bac|co|chu|ong|ba|em|con)\b|(?:anh|chi|ban|ong|ba|quy khach) (?:phai|can) (?:len|den|ra|lam|chuyen|nop|cung cap|cai|tai|xac minh)|vui long|hay (?:truy cap|bam|nhan vao|lien he|goi|cung cap|chuyen|nop|soan|dang ky|xac thuc|cap nhat|tai|cai dat|nhanh tay)|nhanh tay)\b/g;
/** A sentence opening on a bare imperative is said to the reader ("Đăng ký tại nhà…", "Liên hệ ngay…"). */
const IMPERATIVE_OPENING =
  /(?<=^|[.!?\n]\s*)(?:hay |vui long )?(?:dang ky|nhan ngay|lien he|truy cap|bam|click|inbox|ket ban|tham gia ngay|goi ngay|tai ngay|nhanh tay)\b/g;
/** Handing over a secret: an OTP, a password, card data, the citizen ID (read out, sent, typed into a form). */
const SECRET_REQUEST =
  /\b(?:cung cap|doc|gui|bao|chia se|tiet lo|khai bao|ke khai|nhap|dien)(?: (?:lai|ngay|giup|ho|cho|day du|chinh xac)(?: [a-z]+){0,3}?)? (?:(?:cac |day du |\d+ )?(?:ma|so|chu so|thong tin) )?(?:otp|mat khau|mat ma|ma pin|pin|ma xac (?:thuc|nhan)|cccd|can cuoc|cmnd|so the|cvv|ma bao mat|thong tin (?:ca nhan|tai khoan|the|dang nhap|ngan hang)|so du)\b|\b(?:otp|mat khau|ma pin|ma xac (?:thuc|nhan)|ma bao mat)\b[^.!?\n]{0,30}\b(?:cho (?:nhan vien|can bo|chung toi|ben (?:em|minh|toi)|tong dai)|qua (?:dien thoai|zalo|tin nhan))/g;
/** A photo or video of the ID card, the bank card or the face, sent to someone. */
const SECRET_PHOTO =
  /\b(?:chup|gui|quay)\b[^.!?\n]{0,20}?\b(?:anh|hinh|video|clip)\b[^.!?\n]{0,20}?\b(?:can cuoc|cccd|cmnd|the (?:ngan hang|atm|tin dung)|khuon mat)\b/g;
/** Not "nạp tiền vào tài khoản": that is how carriers say top up your phone. */
const MONEY_TO_ACCOUNT =
  /\b(?:chuyen|nop|dong|gui)\b[^!?\n]{0,50}?\b(?:vao|toi|qua|den|cho)\s+(?:so\s+)?(?:tai khoan|stk|tk|vi dien tu)\b(?! (?:chinh|khuyen mai|goc))/g;
const MONEY_TRANSFER =
  /\b(?:chuyen (?:ngay |gap |lai |toan bo |het |nhanh )?(?:so )?(?:tien|khoan)|nop (?:phi|tien|le phi)|dong (?:phi|tien|coc)|dat coc|phi (?:ho so|giai ngan|nhan thuong|van chuyen|kich hoat|bao hiem|xac minh|thu tuc|thong quan)|phi \d[\d.,]*\s?(?:k|tr|trieu|nghin|ngan|d|dong|vnd))\b/g;
/** A sum of money: "500k", "3 triệu đồng", "2.000.000đ"; AMOUNT is one or a rate ("30%"). */
const MONEY = String.raw`\d[\d.,]*(?:\s?-\s?\d[\d.,]*)?\s?(?:k|tr|trieu|nghin|ngan|ty|d|dong|vnd|usd|usdt)(?![a-z\d])`;
const AMOUNT = String.raw`\d[\d.,]*(?:\s?-\s?\d[\d.,]*)?\s?(?:k|tr|trieu|nghin|ngan|ty|d|dong|vnd|usd|usdt|%)(?![a-z\d])`;
/** Between a verb of getting and its sum: "lên đến", "mỗi ngày", "ngay". */
const GAIN_LINK = String.raw`(?: (?:len (?:den|toi)|tu|toi|den|tren|khoang|ngay|lien|chi|toi da|toi thieu|co dinh|moi (?:ngay|thang|tuan)|hang (?:ngay|thang)))*`;
const FEE = String.raw`(?:(?:so )?tien(?! (?:dien|nuoc|hoc|nha))|(?:tien )?phat|(?<!chau )phi(?! (?:phap|cong|chinh phu|truong|hanh|vu|ly|thuong|co|lao|doi))|le phi|tien coc|coc)`;
const PAY_VERB = String.raw`(?:chuyen(?: khoan| tien)?|nop|dong|nap(?: tien)?|thanh toan|ung(?: tien)?)`;
const RECIPIENT = String.raw`(?: (?:cho |giup )?(?:anh|chi|em|minh|toi|chung toi|ben (?:em|minh)|con|chau|me|bo|ong|ba|co|chu|bac))?`;
/** The account is one the message itself supplies: "vào số tài khoản này / sau / em gửi". */
const GIVEN_ACCOUNT_AFTER =
  /^(?: [a-z]+){0,2}? (?:nay|sau|ben duoi|duoi day|(?:em|minh|toi|chung toi|ben (?:em|minh)) (?:gui|cung cap|nhan tin))\b/;
/** Money asked for now: pressed ("chuyển ngay", "chuyển giúp anh", "nạp thêm"), a stated sum, or a fee to pay. */
const MONEY_REQUEST = new RegExp(
  String.raw`\b${PAY_VERB}(?: (?:ngay|gap|giup|ho|them|nhanh|luon|tam|truoc(?! (?:ngay|\d{1,2}(?:[\/:h.-]|\s?(?:gio|thang)\b)))))+${RECIPIENT} (?:${FEE}|${AMOUNT})|\b${PAY_VERB}${RECIPIENT}(?: (?:toi thieu|it nhat|chi|tu))? (?:${AMOUNT}(?! ?(?:khi|sau khi) (?:nhan|giao))|(?<!chau )phi(?! (?:phap|cong|chinh phu|truong|hanh|vu|ly|thuong|co|lao|doi))|le phi|tien coc)`,
  'g',
);
/** Pay or else: "không đóng tiền thì bên em cắt điện" (a request put as a threat, not a prohibition). */
const PAY_OR_ELSE =
  /\b(?:khong|ko|chua) (?:dong|nop|chuyen|thanh toan|nap)(?: (?:tien|phi|khoan|ngay|phat))*\b[^.!?\n]{0,30}?\b(?:thi|se bi)\b|\bneu (?:khong|ko|chua) (?:dong|nop|chuyen|thanh toan|nap)\b/g;
/** Pay first to receive: a fee, a tax or a deposit to unlock a prize, a parcel, a loan, a withdrawal. */
const RECEIVE = String.raw`de (?:duoc )?(?:nhan|rut|giai ngan|mo khoa|thong quan|lay lai|kich hoat|vay|hoan|giao|bat dau)\b`;
const ADVANCE_FEE = new RegExp(
  String.raw`\b(?:(?<!chau )phi(?! (?:phap|cong|chinh phu|truong|hanh|vu|ly|thuong|co|lao|doi))|le phi|tien coc|dat coc|coc|thue thu nhap)\b[^.!?\n]{0,40}?\b${RECEIVE}|\b${PAY_VERB}\b[^.!?\n]{0,30}?\b(?:${FEE}|${AMOUNT})[^.!?\n]{0,30}?\b${RECEIVE}|\b${RECEIVE}[^.!?\n]{0,40}?\b(?:nop|dong|chuyen|nap|thanh toan)\b[^.!?\n]{0,15}?(?:${FEE}|\d)`,
  'g',
);
const LINK_PHRASE =
  /\b(?:bam|nhan|click|kich|an|cham)(?: ngay)?(?: vao)? (?:link|duong link|duong dan|vao day|tai day)\b|\bquet (?:ma )?qr\b|\b(?:truy cap|vao|mo) (?:link|duong link|duong dan)\b/g;
/** An action "at the link" / "on the page below" (the message carries the link it points at); not an official site. */
const LINK_REF =
  /\b(?:bam|(?<!xac )nhan|click|kich|an|cham|truy cap|dang ky|dang nhap|cai dat|cai|tai (?:ve|ung dung|app)|xac minh|xac thuc|cap nhat|thanh toan|kich hoat|quy doi|doi (?:thuong|qua|diem)|nhan (?:qua|tien|thuong|giai|ho tro)|khai bao|bo sung|mo khoa|nop (?:tien|phi)|tham gia|nap(?: the| tien)?)(?: (?:ngay|thong tin|ho so|ung dung|app|tai khoan))?(?: (?:tai|qua|theo|o|vao|bang))? (?:duong link|link|duong dan|trang web|website|(?:trang|dia chi) (?=sau|ben duoi|duoi day|kem theo)|(?<=(?:dang ky|cai dat|tai ve|nhan qua|nhan tien|kich hoat|xac minh|xac thuc) tai )day)\b(?! (?:chinh thuc|cua (?:bo|cuc|so|co quan|ubnd|chinh phu|ngan hang)))/g;
/** The verb nearest the link (the greedy prefix skips earlier ones); group 1 runs from it to the link. */
const LINK_VERB_BEFORE =
  /^[\s\S]*\b((?:bam|nhan|click|kich|an|cham|truy cap|vao (?:link|trang|web|website|dia chi)|dang nhap|xac thuc|xac minh|cap nhat|kich hoat|mo khoa|dang ky|khai bao|tai ve|cai dat|nhan qua|nhan thuong|thanh toan|bo sung|quy doi|tham gia|nhan|nap(?: the| tien)?)\b[^!?\n]{0,70})$/;
/** "… tại / qua link https://…": the message sends the reader to the link (not "theo VnExpress.net", which cites a source). */
const LINK_PREP_BEFORE =
  /\b(?<!(?:dang|dang tai|cong bo|dang tin) )(?:tai|qua|vao)(?: (?:link|duong link|duong dan|trang|website|web|dia chi))?\s*:?\s*$/;
const LINK_VERB_AFTER =
  /^[^!?\n]{0,10}\b(?:de|va|roi) (?:xac thuc|cap nhat|nhan|dang nhap|kich hoat|dang ky|mo khoa|xac minh|khai bao|nhap|bo sung|thanh toan)\b/;
const APP_INSTALL = /\b(?:tai|cai dat|cai)(?: ve)? (?:ung dung|app|phan mem|file)\b|\.apk\b|\bapk\b/g;
const CONTACT_BEFORE =
  /\b(?:lien he|lien lac|lh|goi|nhan tin|sms|soan tin|ib|inbox|ket ban|add|zalo|zl|telegram|tele|viber|whatsapp|hotline|sdt|so dien thoai|dt)\b[^!?\n]{0,40}$/;
const CHAT_APP_BEFORE = /\b(?:zalo|zl|telegram|tele|viber|whatsapp)\b[^!?\n]{0,20}$/;
/** Moving the talk to a chat app or a direct message, no number needed ("liên hệ qua Telegram", "inbox mình"). */
const CONTACT_CHAT =
  /\b(?:lien he|lien lac|nhan tin|ket ban|add|inbox|ib|trao doi)(?: ngay| truc tiep)?(?: (?:admin|minh|em|chung toi|ben (?:minh|em)|tu van vien|chuyen gia|hotline))?(?: (?:qua|voi|tren|vao|toi))? (?:zalo|zl|telegram|tele|viber|whatsapp)\b|\b(?:inbox|ib)(?: ngay| truc tiep| (?:cho |voi )?(?:minh|em|ben (?:minh|em)|page|fanpage|shop))+\b/g;
/** Call a number that is not a hotline ("gọi ngay số 0889", "gọi vào số sau"), or press a key to reach an "officer". */
const CONTACT_CALL =
  /\b(?:goi|lien he|nhan tin)(?: ngay)?(?: (?:den|toi|vao|cho))? so(?: dien thoai)? (?:sau|nay|ben duoi|duoi day|(?!11[1-5]\b|1[89]00)\d)|\bgoi ngay (?:den |toi |vao )?so\b(?! (?:dien thoai )?(?:11[1-5]|1[89]00))|\b(?:bam|nhan|an)(?: phim| so)+ \d\b/g;
const LURE_SOURCE = String.raw`\b(?:trung thuong|trung giai|(?:da|duoc|vua) trung (?:\d+ )?(?:chiec |phan )?(?:xe|iphone|o ?to|laptop|tivi|vang|qua|phan thuong)|viec lam (?:tai nha|online|them)|tuyen (?:gap )?(?:ctv|cong tac vien|nhan vien online)|(?:can|tim) (?:gap )?(?:\d+ )?(?:ctv|cong tac vien)|tuyen (?:[a-z]+ ){0,4}?(?:online|tai nha|lam them|ban thoi gian|part ?time)\b|chot don|(?:co )?suat (?:di )?(?:xuat khau lao dong|xkld|di lam|du hoc)|lam (?:viec )?tai nha|kiem tien (?:online|tai nha|tren mang)|(?:can |dang )?(?:tuyen|tim) (?:gap )?\d+ (?:nguoi|ban|lao dong|nhan vien|ctv)|can \d+ (?:nguoi|ban)\b|nhiem vu (?:don|like|tha tim|online)|tha tim|khoan vay (?:uu dai|lai suat|len den|\d)|vay (?:von|tien) (?:nhanh|online|tin chap|khong|de dang|\d)|vay (?:nhanh|tin chap|online)|duoc vay|ho tro vay|cho vay (?:nhanh|online|tin chap|khong)|giai ngan (?:nhanh|trong (?:vong )?\d+ ?(?:phut|gio|h))|lai suat (?:thap|0|uu dai)|lay lai (?:toan bo )?(?:so )?tien|ho tro (?:lay lai|thu hoi) (?:lai )?(?:toan bo )?(?:so )?(?:tien|tai khoan)|duoc chon (?:nhan|trung|lam)|khach hang may man|may man (?:duoc |nhan )(?:qua|giai|thuong|voucher)|(?:nhan lam|lam (?:gia|nhanh|ho|dum)|dich vu lam) (?:gia )?(?:so do|bang lai|giay phep lai xe|can cuoc|cccd|cmnd|ho chieu|visa|bang (?:dai hoc|cap 3|tot nghiep)|giay to)|co hoi (?:so huu|kiem tien|lam giau|trung|nhan ngay)|san (?:dau tu|tien ao|forex|ngoai hoi|(?:giao dich )?quoc te)|(?:nhom|group|kenh) (?:zalo|telegram|facebook|kin|vip)\b[^.!?\n]{0,20}?\b(?:dau tu|chung khoan|tien ao|kiem tien|coin))\b`;
/** A lure, or a stake that comes back multiplied within days ("đầu tư 10 triệu nhận về 15 triệu sau 3 ngày"). */
const LURE = new RegExp(
  String.raw`${LURE_SOURCE}|\b(?:dau tu|nap|gui|bo ra|chi can|chi voi)(?: [a-z]+){0,2}? ${AMOUNT}[^.!?\n]{0,50}?\b(?:nhan|lai|thu|lay|tra|hoan)(?: (?:ve|lai|duoc|ngay|anh|chi|ban|em))* ${AMOUNT}(?: [a-z]+){0,3} (?:sau|trong|moi) (?:\d+|mot|hai|ba|vai) (?:ngay|tuan|gio|tieng|phut|thang)\b`,
  'g',
);
/** Gifts are what real promotions offer too: a weaker lure. */
const GIFT_LURE = /\b(?:qua tang|nhan qua|qua tri an|tri an khach hang|mien phi 100)\b/g;
/** A stated gain for the reader: a sum or a rate after a verb of getting, or a rate per day / task. */
const PAYOUT = new RegExp(
  String.raw`\b(?:(?:nhan(?: ngay| ve| duoc| luon)*(?: goi| khoan)?(?: ho tro| tro cap| tien)?(?: [a-z]+){0,2}?|duoc (?:nhan|tang|huong)|tang(?: ngay)?(?: (?:qua|tien mat|tien))?|(?<!boi )thuong(?: ngay)?|tro cap|ho tro(?: (?:nguoi dan|ban|quy khach|moi nguoi|moi ho|khach hang))?|hoan thue|luong(?: thang| cung)?|thu nhap|kiem(?: duoc| them)?|vay(?: ngay)?)${GAIN_LINK} ${MONEY}|(?:loi nhuan|hoa hong)${GAIN_LINK} ${AMOUNT})` +
    String.raw`|\b\d[\d.,]*\s?(?:%|k|d|dong|nghin|trieu|usd)\s?(?:\/|moi|mot|1) ?(?:ngay|tuan|thang|don|nhiem vu|gio|luot)\b` +
    String.raw`|\b(?:moi|1|mot) (?:ngay|gio|don|nhiem vu) (?:tu |chi |kiem |nhan )?${MONEY}` +
    String.raw`|\b(?:loi nhuan|lai|nhan ve|thu ve)\b[^.!?\n]{0,25}?\bgap (?:doi|ba|\d+ lan)\b`,
  'g',
);
/**
 * Words whose folded spelling is shared with an unrelated word; where the text has its accents,
 * only these spellings count ("tăng 50%" is a rise, not "tặng"; "dòng tiền" is cash flow, "3 triệu
 * đồng phí" has no "đóng phí"). Text typed without accents passes.
 */
const HOMOGRAPH_OK: Readonly<Record<string, RegExp>> = {
  tang: /^(?:tặng|tang)/,
  thuong: /^(?:thưởng|thuong)/,
  dong: /^(?:đóng|dong)/,
  luong: /^(?:lương|luong)/,
  vay: /^vay/,
  nhan: /^(?:nhận|nhấn|nhắn|nhan)/,
  hoan: /^(?:hoàn|hoan)/,
  kiem: /^(?:kiếm|kiem)/,
  ngay: /^ngay/,
  gap: /^gấp/,
  ket: /^kẹt/,
  doc: /^đọc/,
  du: /^dư/,
};
/** "link lạ" (a warning's word) is not "link là" (a message pointing at its link). */
const WARNING_SPELLING: Readonly<Record<string, RegExp>> = { la: /^lạ/ };
/** "quà tặng" (a gift), not "quả tang" (caught red-handed) nor "nhận qua" (received through). */
const GIFT_SPELLING: Readonly<Record<string, RegExp>> = { qua: /^quà/, tang: /^tặng/ };
/** "chị" (you, to a woman), not "chỉ" (only): "anh chỉ cần ra ngân hàng". */
const ADDRESS_SPELLING: Readonly<Record<string, RegExp>> = { chi: /^chị/ };
/**
 * "của bạn" (yours), not "của Ban tổ chức" (the organising board) nor "bàn", "bán", "bản". "Ban"
 * is the board before a capitalised word, or anywhere in text written with its accents.
 */
const notBan = (src: string, accented: boolean, m: RegExpExecArray): boolean => {
  if (!spelledAsMeant(src, m, ADDRESS_SPELLING)) return false;
  // Typed without accents, "chi can" / "chi phai" is "chỉ cần" (it only takes), far more often than "chị cần".
  const only = /\bchi (?:can|phai)\b/.exec(m[0]);
  if (only && src.slice(m.index + only.index, m.index + only.index + 3).toLowerCase() === 'chi') return false;
  const at = m[0].search(/\bban\b/);
  if (at < 0) return true;
  const from = m.index + at;
  const written = src.slice(from, from + 3);
  if (/^b[àáảãăắằẳẵặâấầẩẫậ]n$/i.test(written)) return false;
  return written !== 'Ban' || (!accented && !/^\s+\p{Lu}/u.test(src.slice(from + 3, from + 6)));
};
/** Too good or too easy to be true: sure profit, capital back, no capital / collateral / experience needed, travel paid. */
const GUARANTEE =
  /\b(?:cam ket (?:loi nhuan|lai|hoan|lay lai|thu nhap|co viec|giai ngan|thanh cong|100)|\d+ ?% (?:\/|moi|mot|1) ?(?:ngay|tuan|thang)\b|(?:nhan|hoan|tra) lai (?:tien )?(?:goc|von)|mien phi (?:ve may bay|visa|an o|cho o)|(?:loi nhuan|lai suat|thu nhap)(?: [a-z]+){0,2} (?:chac chan|dam bao)|chac chan (?:khong (?:thua lo|mat|lo)|co lai|lai|thang|trung)|khong (?:thua lo|rui ro|lo von|mat von)|dam bao (?:loi nhuan|lai|hoan|100|thu nhap|co viec)|hoan (?:tien goc|von|goc|100(?= ?%))|bao (?:an o|an nghi|an uong|ve may bay)|(?:lo|bao|chi tra|tai tro) (?:toan bo )?(?:ve may bay|chi phi (?:di lai|xuat canh)|visa|ho chieu)|viec nhe luong cao|rut (?:tien )?(?:ve (?:ngan hang|vi|tai khoan) )?(?:ngay|lien|tuc thi|24\/7|khong gioi han)|khong can (?:von|kinh nghiem|bang cap|tieng anh|ngoai ngu|hoc tieng|the chap|tham dinh|chung minh thu nhap|giay to|dat coc|ra (?:co quan|cong an|ngan hang|tru so)|den (?:co quan|cong an|ngan hang|tru so))|100 ?% (?:trung|thanh cong|an toan|co lai)|(?:thu hoi|lay lai|hoan) (?:lai )?(?:tien )?100(?= ?%)|bao (?:dau|do|dau 100|co bang)|chi (?:bang|can) (?:viec )?(?:xem|like|tha tim|dang nhap|binh luan|danh gia)|(?:moi|1|mot) (?:ngay|tuan) (?:lai|loi nhuan|nhan) \d+(?:[.,]\d+)?(?= ?%)|chi can (?:co )?(?:dien thoai|smartphone|can cuoc|cccd)|chi can\b[^.!?\n]{0,50}?\b(?:la|se) (?:duoc |co the )?(?:nhan|vay|kiem|rut|co ngay))\b/g;
/** A benefit promised for complying: "để được ưu tiên", "để nhận tiền ngay" (not "để được hỗ trợ", which is what real services say). */
const INCENTIVE =
  /\bde (?:duoc (?:uu tien|nhan|giai ngan|mien phi|cong diem|tang|vay|rut tien|cap (?:doi|moi))|nhan (?:tien|qua|thuong|giai|tro cap|uu dai)|rut tien|nhan(?= *[.!]| *$))\b/g;
const URGENCY =
  /\b(?:(?:se |da )?bi (?:tam )?(?:khoa|dong bang|phong toa|dinh chi|vo hieu hoa|thu hoi|cat|ngung|phat|khoi to|bat|truy na|xu ly|huy|xoa)|tam khoa|khoa (?:vinh vien|tai khoan|sim|the)|(?<!(?:hieu luc|chi|ap dung|uu dai|khuyen mai) )trong (?:vong )?\d+ ?(?:h|gio|tieng|phut)\b|het han|qua han|no (?:tien|cuoc|thue|phi)|thong bao khan|lien quan (?:den |toi )?(?:mot |1 )?(?:vu (?=rua|lua|buon)|)(?:vu an|duong day|hanh vi|rua tien|ma tuy)|lenh bat|truy na|giay trieu tap|ngay lap tuc|khan cap|cat (?:dien|nuoc|sim|song|dich vu)|thu hoi (?:sim|so)|bi giu (?:lai )?(?:tai|o)|bi (?:cong an|canh sat|csgt) (?:giu|bat|tam giu)|co ten trong (?:ho so|danh sach|vu an|duong day)|dang (?:cap cuu|mo|phau thuat|nguy kich|hon me)|can (?:tien )?(?:mo|phau thuat|cap cuu)|chan thuong so nao|(?:dang|bi) ket (?:o|tai) (?:san bay|hai quan|bien gioi|nuoc ngoai)|(?:chi|duy nhat) (?:ap dung )?(?:trong )?hom nay|(?:can|chuyen|gui) (?:tien |gap )?gap|bi phat tan|bi su dung trai phep|truoc \d{1,2} ?(?:h|gio)(?: ?\d\d)? (?:hom nay|toi nay|ngay mai))\b/g;
const WARNING =
  /\b(?:canh bao|khuyen cao|tuyet doi khong|(?<!neu )khong (?:cung cap|chuyen|bam|nhan vao|truy cap|lam theo|cai dat|chia se|tiet lo|nghe theo|click)|nang cao canh giac|can canh giac|hay canh giac|de nghi nguoi dan|khong nen|dung (?:bam|chuyen|cung cap|click)|than trong|(?:khong bao gio|khong he) (?:yeu cau|goi dien|nhan tin|gui tin)|khang dinh (?:la )?khong|khong (?:he )?(?:gui|nhan) tin nhan|(?:link|duong link|duong dan|trang web|website|ung dung|so dien thoai|so la|tin nhan|cuoc goi) (?:la|gia mao|khong ro nguon goc))\b/g;
/** Told in the third person. "Nạn nhân" / "người dân" helped or offered something are the reader of a scam ("hỗ trợ nạn nhân lấy lại tiền"). */
const REPORT =
  /\b(?:cac doi tuong|doi tuong|(?<!(?:ho tro|giup|giup do|danh cho) )(?:nan nhan|nguoi dan)|bi hai|thu doan|gia danh|mao danh|gia mao|chiem doat|ke gian|ke lua dao|tu xung|chieu thuc|chieu tro|(?<!tien )(?:bi|vu|hanh vi|chieu|duong day|dau hieu|hinh thuc|mo hinh|kieu) lua(?: dao)?|hua hen|loi hua|du do|loi keo|sap bay|mac bay|mat (?:het |trang )?(?:tien|tai san)|cho biet|trinh bao|khai nhan|\(\d{1,3} tuoi|sinh nam \d{4}|(?:ngu|tru) (?:tai|o))\b/g;
/** A news sentence opening on its source ("Theo Cục An toàn thông tin, …"), or a person named by initial in text typed without case ("chi h."). */
const ATTRIBUTION = /(?<=^|[.!?\n]\s*)theo [^,.!?\n]{2,60},|\b(?:anh|chi|ong|ba|cu|chau|chu|co|em|be) [a-z]\.(?=[\s,;:)]|$)/g;
/** A person named by initial, as news does ("chị Nguyễn Thị H.", "ông T."); matched on the source text, where case survives. */
const NAMED_PERSON =
  /(?<![\p{L}\p{N}])(?:anh|chị|ông|bà|cụ|em|cháu|chú|cô|bé|Anh|Chị|Ông|Bà|Cụ|Em|Cháu|Chú|Cô|Bé)(?: \p{Lu}\p{Ll}*){0,3} [\p{Lu}]\.(?=[\s,;:)]|$)/gu;
const NOTICE = /\b(?:so du|sd|sdc)\s*:?\s*[+-]?\d{1,3}(?:[.,]\d{3})+|(?:^|\s)[+-]\s?\d{1,3}(?:[.,]\d{3})+\s?(?:vnd|d\b)/g;
/** An app, a link or a programme said to come from a state agency. */
const AUTHORITY_CLAIM =
  /\b(?:thong bao|tin nhan|ung dung|app|phan mem|duong link|link|duong dan|trang web|website|chuong trinh|goi ho tro|trung tam)\b[^.!?\n]{0,40}?\b(?:cua|tu|thuoc) (?:(?<!can )bo cong an|cong an|cuc canh sat|vien kiem sat|toa an|co quan thue|(?:tong )?cuc thue|bao hiem xa hoi|bhxh|chinh phu|nha nuoc|bo tai chinh|ngan hang nha nuoc)\b/g;

/** An agency or brand name; `state`: a public authority (weighs more than a brand). */
const AGENCY = new RegExp(
  String.raw`\b(?:((?<!can )bo cong an|cuc canh sat|cong an|canh sat|vien kiem sat|toa an|co quan thue|(?:tong |chi )?cuc thue|bao hiem xa hoi|bhxh|(?:cuc )?quan ly xuat nhap canh|cuc an ninh mang|(?:cuc )?hai quan)|(ngan hang|${BANK_SOURCE}|nha mang|viettel|vinaphone|mobifone|vnpt|evn|dien luc|buu dien|vnpost))\b`,
  'g',
);
const AGENCY_LEVEL = /^ (?:tinh|thanh pho|tp\.?|quan|huyen|phuong|xa|thi xa)\b/;
const AGENCY_AFTER_BANK = new RegExp(String.raw`^ (${BANK_SOURCE}|nha nuoc)\b`);
/** Speaks as the agency: the agency heads a line ("VCB:", "[Bộ Công an]", "EVN thông báo") ... */
const LINE_START = /(?:^|\n)[\s[(\-*"'“]*$/;
const HEADER_AFTER = /^[^.!?\n]{0,30}?(?:\]|:|\b(?:thong bao|xin thong bao|kinh gui|xin chao|gui|yeu cau|de nghi|moi)\b)/;
/** ... or announces or addresses the reader ("Công an quận thông báo", "ngân hàng yêu cầu quý khách") ... */
const SPEAKS_AFTER =
  /^[^.!?\n]{0,30}?\b(?:thong bao|xin thong bao|kinh gui|gui (?:den )?(?:quy khach|ban|anh|chi)|(?:yeu cau|de nghi|moi|chuc mung) (?:anh|chi|ban|quy khach|ong|ba)|xin chao)\b/;
/** ... or the writer says who they are ("tôi là cán bộ công an", "em gọi từ ngân hàng"). */
const FIRST_PERSON_BEFORE =
  /\b(?:(?:toi|em|chung toi|ben (?:em|minh|toi))\s+(?:la|goi (?:den )?tu|den tu|o|ben|thuoc)\s+(?:(?:can bo|nhan vien|chien si|dieu tra vien|tong dai vien|dai dien|thanh tra|(?:thieu|trung|thuong|dai) (?:uy|ta)|canh sat)\s+(?:cua\s+|tu\s+|thuoc\s+|ben\s+)?)?|day la\s+(?:(?:tong dai|he thong|bo phan)\s+(?:cua\s+)?)?)$/;
/** "giả danh công an", "đối tượng tự xưng là cán bộ ngân hàng": someone else pretending, told about. */
const PRETENDS_BEFORE = /\b(?:gia danh|mao danh|gia lam|gia mao|tu xung|tu nhan|doi tuong)\b[^.!?\n]{0,25}$/;

// ---------------------------------------------------------------------------------------------

interface Found {
  def: CueDef;
  start: number;
  end: number;
}

/** First match of a global pattern from `from` that `keep` accepts. */
function firstMatch(re: RegExp, hay: string, keep?: (m: RegExpExecArray) => boolean): RegExpExecArray | null {
  re.lastIndex = 0;
  for (let m = re.exec(hay); m !== null; m = re.exec(hay)) {
    if (m[0].length > 0 && (!keep || keep(m))) return m;
    // A rejected match may hide an accepted one that starts inside it: search again from its next character.
    re.lastIndex = m.index + 1;
  }
  return null;
}

const notNegated =
  (f: string) =>
  (m: RegExpExecArray): boolean =>
    !NEGATED_BEFORE.test(f.slice(Math.max(0, m.index - 50), m.index));

const WORD = /[a-z]+/g;
/** The words of a match before its first digit (a sum's "đồng" is not "đóng") are spelled, in the source, as the word meant. */
const spelledAsMeant = (src: string, m: RegExpExecArray, table: Readonly<Record<string, RegExp>> = HOMOGRAPH_OK): boolean => {
  const digit = m[0].search(/\d/);
  const head = digit < 0 ? m[0] : m[0].slice(0, digit);
  WORD.lastIndex = 0;
  for (let w = WORD.exec(head); w !== null; w = WORD.exec(head)) {
    const ok = table[w[0]];
    if (ok === undefined) continue;
    const at = m.index + w.index;
    const written = src.slice(at, at + w[0].length + 2).toLowerCase();
    if (!ok.test(written) && written.slice(0, w[0].length) !== w[0]) return false;
  }
  return true;
};
/** A transfer told as done ("mẹ đã chuyển …", "… vào tài khoản con rồi nhé") is news to the reader, not a request. */
const DONE_BEFORE = /\b(?:da|vua|moi)\s+$/;
const DONE_AFTER = /^[^.!?\n,;]{0,25}?\broi(?:\s+(?:nhe|nha|do|day|a|ma))?\s*(?:[.!?,;\n]|$)/;
const notDone =
  (f: string) =>
  (m: RegExpExecArray): boolean => {
    const end = m.index + m[0].length;
    return !DONE_BEFORE.test(f.slice(Math.max(0, m.index - 5), m.index)) && !DONE_AFTER.test(f.slice(end, end + 40));
  };
const both =
  (...keeps: ((m: RegExpExecArray) => boolean)[]) =>
  (m: RegExpExecArray): boolean =>
    keeps.every((k) => k(m));

function overlaps(a: { start: number; end: number }, list: readonly { start: number; end: number }[]): boolean {
  return list.some((b) => a.start < b.end && b.start < a.end);
}

interface LinkHit {
  link: Entity;
  domain: Entity;
  /** Registrable domain ("vneid-capnhat.xyz" for "xacthuc.vneid-capnhat.xyz"). */
  registrable: string;
  official: boolean;
  shortener: boolean;
  suspicious: boolean;
}

function registrableOf(host: string): string {
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const lastTwo = labels.slice(-2).join('.');
  return labels.slice(SECOND_LEVEL.has(lastTwo) ? -3 : -2).join('.');
}

function linksOf(text: string): LinkHit[] {
  const out: LinkHit[] = [];
  const taken: { start: number; end: number }[] = [];
  for (const re of [URL_SCHEME, URL_WWW, URL_BARE]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const raw = m[0].replace(TRAILING_PUNCT, '');
      const start = m.index;
      const end = start + raw.length;
      if (raw.length < 4 || overlaps({ start, end }, taken)) continue;
      // Host: after the scheme and any "user@" (http://vietcombank.com.vn@evil.xyz goes to evil.xyz).
      const scheme = /^https?:\/\//i.exec(raw)?.[0].length ?? 0;
      const authorityEnd = raw.slice(scheme).search(/[/?#]/);
      const authority = authorityEnd < 0 ? raw.slice(scheme) : raw.slice(scheme, scheme + authorityEnd);
      const at = authority.lastIndexOf('@');
      const hostWritten = authority.slice(at + 1).replace(/:\d+$/, '');
      let hostStart = start + scheme + at + 1;
      let host = hostWritten.toLowerCase();
      if (host.startsWith('www.')) {
        host = host.slice(4);
        hostStart += 4;
      }
      if (!/^[a-z0-9.-]+\.[a-z0-9-]{2,}$/.test(host) && !IP_HOST.test(host)) continue;
      const rest = raw.slice(scheme + authority.length).replace(/\/$/, '');
      const registrable = IP_HOST.test(host) ? host : registrableOf(host);
      const official = host.endsWith('.gov.vn') || host === 'gov.vn' || OFFICIAL_DOMAINS.has(registrable);
      const shortener = SHORTENER_HOST.test(host);
      const suspicious = !official && (shortener || IP_HOST.test(host) || CHEAP_TLD.test(host) || LOOKALIKE_HOST.test(host) || at >= 0);
      taken.push({ start, end });
      out.push({
        link: { kind: 'link', text: text.slice(start, end), value: host + rest, start, end },
        domain: {
          kind: 'domain',
          text: text.slice(hostStart, hostStart + host.length),
          value: host,
          start: hostStart,
          end: hostStart + host.length,
        },
        registrable,
        official,
        shortener,
        suspicious,
      });
    }
  }
  return out.sort((a, b) => a.link.start - b.link.start);
}

function accountsOf(text: string, f: string, taken: readonly { start: number; end: number }[]): Entity[] {
  const out: Entity[] = [];
  for (const re of [ACCOUNT_AFTER_KEYWORD, ACCOUNT_BY_BANK]) {
    re.lastIndex = 0;
    for (let m = re.exec(f); m !== null; m = re.exec(f)) {
      const g = m.groups ?? {};
      const digitsWritten = (g.digits ?? g.digits2) as string;
      const start = m.index + m[0].indexOf(digitsWritten);
      const end = start + digitsWritten.length;
      if (THOUSANDS.test(digitsWritten) || AMOUNT_UNIT_AFTER.test(f.slice(end, end + 8))) continue;
      if (overlaps({ start, end }, taken) || overlaps({ start, end }, out)) continue;
      const digits = digitsWritten.replace(/\D/g, '');
      const bankWritten =
        g.bank ??
        g.bank2 ??
        BANK_AROUND_AFTER.exec(f.slice(end, end + 50))?.[1] ??
        BANK_AROUND_BEFORE.exec(f.slice(Math.max(0, m.index - 30), m.index))?.[1];
      const e: Entity = { kind: 'bank-account', text: text.slice(start, end), value: digits, start, end };
      if (bankWritten !== undefined) e.unit = bankOf(bankWritten);
      out.push(e);
    }
  }
  return out;
}

interface PhoneHit {
  entity: Entity;
  hotline: boolean;
}

function phonesOf(text: string, f: string, taken: readonly { start: number; end: number }[]): PhoneHit[] {
  const out: PhoneHit[] = [];
  const add = (start: number, end: number, value: string, unit: string): void => {
    if (overlaps({ start, end }, taken) || out.some((p) => overlaps({ start, end }, [p.entity]))) return;
    out.push({ entity: { kind: 'phone', text: text.slice(start, end), value, start, end, unit }, hotline: unit === 'hotline' });
  };
  for (const [re, unit] of [
    [MOBILE, 'mobile'],
    [LANDLINE, 'landline'],
  ] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      let start = m.index;
      if (text[start] === '(' && text[start + 1] === '0') start += 1; // "(024) ..." keeps its "(" out of the span
      add(start, m.index + m[0].length, `0${(m[1] as string).replace(/\D/g, '')}`, unit);
    }
  }
  HOTLINE_LONG.lastIndex = 0;
  for (let m = HOTLINE_LONG.exec(text); m !== null; m = HOTLINE_LONG.exec(text))
    add(m.index, m.index + m[0].length, m[0].replace(/\D/g, ''), 'hotline');
  HOTLINE_SHORT.lastIndex = 0;
  for (let m = HOTLINE_SHORT.exec(text); m !== null; m = HOTLINE_SHORT.exec(text)) {
    // A bare "113" is a number ("113 vụ"); it is a hotline only where one is called or texted.
    if (HOTLINE_SHORT_CUE.test(f.slice(Math.max(0, m.index - 25), m.index))) add(m.index, m.index + m[0].length, m[0], 'hotline');
  }
  return out.sort((a, b) => a.entity.start - b.entity.start);
}

interface AgencyHit {
  entity: Entity;
  state: boolean;
}

const slug = (s: string): string =>
  s
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function agencyValue(head: string, state: boolean, bank: string | undefined): string {
  if (bank !== undefined) return bank === 'nha nuoc' ? 'ngan-hang-nha-nuoc' : `ngan-hang:${bankOf(bank)}`;
  if (state) {
    if (head === 'bhxh') return 'bao-hiem-xa-hoi';
    if (head.endsWith('cuc thue')) return 'co-quan-thue';
    return slug(head);
  }
  if (/^(?:viettel|vinaphone|mobifone|vnpt)$/.test(head)) return `nha-mang:${head}`;
  if (head === 'dien luc' || head === 'evn') return 'evn';
  if (head === 'vnpost') return 'buu-dien';
  if (head === 'ngan hang' || head === 'nha mang' || head === 'buu dien') return slug(head);
  return `ngan-hang:${bankOf(head)}`;
}

/** The agencies or brands the message speaks as (not ones it mentions, nor ones someone pretends to be). */
function agenciesOf(text: string, f: string): AgencyHit[] {
  const out: AgencyHit[] = [];
  AGENCY.lastIndex = 0;
  for (let m = AGENCY.exec(f); m !== null; m = AGENCY.exec(f)) {
    const start = m.index;
    let end = start + m[0].length;
    const state = m[1] !== undefined;
    const head = m[0];
    let bank: string | undefined;
    if (head === 'ngan hang') {
      const b = AGENCY_AFTER_BANK.exec(f.slice(end, end + 20));
      if (b) {
        bank = b[1] as string;
        end += b[0].length;
      }
    } else if (head === 'cong an' || head === 'cuc canh sat') {
      // "Công an quận 1", "Công an phường Bến Nghé": the level, then capitalised words or a number.
      const level = AGENCY_LEVEL.exec(f.slice(end, end + 12));
      if (level) {
        end += level[0].length;
        for (let k = 0; k < 3; k += 1) {
          const w = /^ ([\p{Lu}\d][\p{L}\d]*)/u.exec(text.slice(end, end + 20));
          if (!w) break;
          end += w[0].length;
        }
      }
    }
    AGENCY.lastIndex = end;
    const before = f.slice(Math.max(0, start - 45), start);
    const after = f.slice(end, end + 45);
    if (PRETENDS_BEFORE.test(before)) continue;
    const speaks = (LINE_START.test(before) && HEADER_AFTER.test(after)) || SPEAKS_AFTER.test(after) || FIRST_PERSON_BEFORE.test(before);
    if (!speaks) continue;
    out.push({ entity: { kind: 'organization', text: text.slice(start, end), value: agencyValue(head, state, bank), start, end }, state });
  }
  return out;
}

interface Extracted {
  links: LinkHit[];
  accounts: Entity[];
  phones: PhoneHit[];
  agencies: AgencyHit[];
  indicators: Entity[];
}

function extract(text: string, f: string): Extracted {
  const links = linksOf(text);
  const linkSpans = links.map((l) => l.link);
  const accounts = accountsOf(text, f, linkSpans);
  const phones = phonesOf(text, f, [...linkSpans, ...accounts]);
  const agencies = agenciesOf(text, f);
  const indicators = [
    ...links.flatMap((l) => [l.link, l.domain]),
    ...accounts,
    ...phones.map((p) => p.entity),
    ...agencies.map((a) => a.entity),
  ].sort((a, b) => a.start - b.start || b.end - a.end);
  return { links, accounts, phones, agencies, indicators };
}

/** Strongest indicator first: a (non-official) domain, a short link, a private phone, a bank account. */
function campaignOf(x: Extracted): string | null {
  const domain = x.links.find((l) => !l.official && !l.shortener);
  if (domain) return `domain:${domain.registrable}`;
  const short = x.links.find((l) => l.shortener);
  if (short) return `link:${short.link.value}`;
  const phone = x.phones.find((p) => !p.hotline);
  if (phone) return `phone:${phone.entity.value}`;
  const account = x.accounts[0];
  if (account) return `account:${account.value}`;
  return null;
}

function cuesOf(src: string, f: string, x: Extracted): Found[] {
  const found: Found[] = [];
  const hit = (def: CueDef, m: { index: number; 0: string } | null): void => {
    if (m) found.push({ def, start: m.index, end: m.index + m[0].length });
  };
  const at = (def: CueDef, e: { start: number; end: number }): void => {
    found.push({ def, start: e.start, end: e.end });
  };
  const keep = notNegated(f);
  const spelled = (m: RegExpExecArray): boolean => spelledAsMeant(src, m);
  const keepSpelled = both(keep, spelled);
  const keepAsked = both(keepSpelled, notDone(f));

  const accented = src.toLowerCase() !== f;
  hit(CUES.secondPerson, firstMatch(SECOND_PERSON, f, (m) => notBan(src, accented, m)) ?? firstMatch(IMPERATIVE_OPENING, f));
  hit(CUES.secretRequest, firstMatch(SECRET_REQUEST, f, keepSpelled) ?? firstMatch(SECRET_PHOTO, f, keep));
  const toAccount = firstMatch(MONEY_TO_ACCOUNT, f, keepAsked);
  if (toAccount) {
    const end = toAccount.index + toAccount[0].length;
    hit(GIVEN_ACCOUNT_AFTER.test(f.slice(end, end + 30)) ? CUES.moneyToGivenAccount : CUES.moneyToAccount, toAccount);
  }
  hit(CUES.advanceFee, firstMatch(ADVANCE_FEE, f, keepSpelled));
  hit(CUES.moneyRequest, firstMatch(MONEY_REQUEST, f, keepAsked) ?? firstMatch(PAY_OR_ELSE, f, spelled));
  hit(CUES.moneyTransfer, firstMatch(MONEY_TRANSFER, f, keepSpelled));
  hit(CUES.lure, firstMatch(LURE, f));
  hit(
    CUES.giftLure,
    firstMatch(GIFT_LURE, f, (m) => spelledAsMeant(src, m, GIFT_SPELLING)),
  );
  hit(CUES.payout, firstMatch(PAYOUT, f, spelled));
  hit(CUES.incentive, firstMatch(INCENTIVE, f));
  hit(CUES.guarantee, firstMatch(GUARANTEE, f));
  hit(CUES.urgency, firstMatch(URGENCY, f, spelled));
  hit(CUES.appInstall, firstMatch(APP_INSTALL, f, keep));
  hit(
    CUES.warning,
    firstMatch(WARNING, f, (m) => spelledAsMeant(src, m, WARNING_SPELLING)),
  );
  hit(CUES.report, firstMatch(REPORT, f) ?? firstMatch(NAMED_PERSON, src) ?? firstMatch(ATTRIBUTION, f));
  hit(CUES.notice, firstMatch(NOTICE, f));
  hit(CUES.contactChat, firstMatch(CONTACT_CHAT, f, keep));
  hit(CUES.contactNumber, firstMatch(CONTACT_CALL, f, keep));

  // Opening a link: an action phrase ("bấm vào link", "đăng ký tại đường dẫn sau"), or an action
  // verb just before a link that is not an official site ("Truy cập http://…"), or a purpose just
  // after it ("… để xác thực"). A phrase followed by an official site is what real notices say.
  const officialNext = (m: RegExpExecArray): boolean => {
    const end = m.index + m[0].length;
    const next = x.links.find((l) => l.link.start >= end && l.link.start <= end + 40);
    return next !== undefined && next.official;
  };
  hit(CUES.linkAction, firstMatch(LINK_PHRASE, f, keep) ?? firstMatch(LINK_REF, f, (m) => keep(m) && !officialNext(m)));
  for (const l of x.links) {
    if (l.official) continue;
    const before = f.slice(Math.max(0, l.link.start - 80), l.link.start);
    const verb = LINK_VERB_BEFORE.exec(before);
    const verbAt = verb ? before.length - (verb[1] as string).length : -1;
    if (verb && !NEGATED_BEFORE.test(before.slice(0, verbAt))) {
      at(CUES.linkAction, { start: l.link.start - before.length + verbAt, end: l.link.end });
      break;
    }
    if (
      LINK_VERB_AFTER.test(f.slice(l.link.end, l.link.end + 40)) ||
      (LINK_PREP_BEFORE.test(before.slice(-25)) && !NEGATED_BEFORE.test(before))
    ) {
      at(CUES.linkAction, l.link);
      break;
    }
  }

  // Contacting a private number (a hotline is what real services give), also a half-hidden one.
  const privateNumbers: { start: number; end: number }[] = x.phones.filter((p) => !p.hotline).map((p) => p.entity);
  MASKED_PHONE.lastIndex = 0;
  for (let m = MASKED_PHONE.exec(f); m !== null; m = MASKED_PHONE.exec(f))
    privateNumbers.push({ start: m.index, end: m.index + m[0].length });
  for (const n of privateNumbers.sort((a, b) => a.start - b.start)) {
    const before = f.slice(Math.max(0, n.start - 50), n.start);
    const cue = CONTACT_BEFORE.exec(before);
    if (!cue || NEGATED_BEFORE.test(before.slice(0, cue.index))) continue;
    const span = { start: n.start - before.length + cue.index, end: n.end };
    at(CHAT_APP_BEFORE.test(before) ? CUES.contactChat : CUES.contactNumber, span);
    break;
  }

  const agency = x.agencies.find((a) => a.state) ?? x.agencies[0];
  if (agency) at(agency.state ? CUES.authorityState : CUES.authorityBrand, agency.entity);
  else
    hit(
      CUES.authorityClaim,
      firstMatch(AUTHORITY_CLAIM, f, (m) => !PRETENDS_BEFORE.test(f.slice(Math.max(0, m.index - 45), m.index))),
    );

  const suspicious = x.links.find((l) => l.suspicious);
  const plainLink = x.links.find((l) => !l.official);
  if (suspicious) at(CUES.suspiciousLink, suspicious.link);
  else if (plainLink) at(CUES.link, plainLink.link);
  const account = x.accounts[0];
  if (account) at(CUES.bankAccount, account);
  const phone = x.phones.find((p) => !p.hotline);
  if (phone) at(CUES.privatePhone, phone.entity);
  return found;
}

/** Strongest cue of each group (earliest on a tie), in text order. */
function strongestPerGroup(found: readonly Found[]): Found[] {
  const best = new Map<Group, Found>();
  for (const c of found) {
    const prev = best.get(c.def.group);
    if (!prev || Math.abs(c.def.weight) > Math.abs(prev.def.weight) || (c.def.weight === prev.def.weight && c.start < prev.start))
      best.set(c.def.group, c);
  }
  return [...best.values()].sort((a, b) => a.start - b.start);
}

/** NFC form of `text` and, for each of its offsets, the offset in `text` (only for non-NFC input). */
function toNfc(text: string): { nfc: string; map: ((i: number) => number) | null } {
  const nfc = text.normalize('NFC');
  if (nfc === text) return { nfc, map: null };
  let out = '';
  const origin: number[] = [];
  let pos = 0;
  for (const seg of text.match(/\P{M}\p{M}*|\p{M}+/gsu) ?? []) {
    const n = seg.normalize('NFC');
    for (let k = 0; k < n.length; k += 1) origin.push(pos);
    out += n;
    pos += seg.length;
  }
  origin.push(pos);
  return { nfc: out, map: (i) => origin[i] ?? pos };
}

function analyse(text: string): { x: Extracted; f: string; source: string; map: ((i: number) => number) | null } {
  const { nfc, map } = toNfc(text);
  const f = foldAligned(nfc);
  return { x: extract(nfc, f), f, source: nfc, map };
}

function remapEntity(text: string, e: Entity, map: ((i: number) => number) | null): Entity {
  if (map === null) return e;
  const start = map(e.start);
  const end = map(e.end);
  return { ...e, text: text.slice(start, end), start, end };
}

/** Phone numbers, links, domains, bank accounts and the agency the text speaks as, in text order. */
export function scamIndicators(text: string): Entity[] {
  const { x, map } = analyse(text);
  return x.indicators.map((e) => remapEntity(text, e, map));
}

export function assessScamMessage(text: string): ScamAssessment {
  const { x, f, source, map } = analyse(text);
  const counted = strongestPerGroup(cuesOf(source, f, x));
  let logOdds = BIAS + counted.reduce((sum, c) => sum + c.def.weight, 0);
  if (!counted.some((c) => REQUEST_GROUPS.has(c.def.group))) logOdds = Math.min(logOdds, NO_REQUEST_CAP);
  const score = Math.round((1 / (1 + Math.exp(-logOdds))) * 1000) / 1000;
  const m = map ?? ((i: number) => i);
  return {
    score,
    isScam: score >= SCAM_THRESHOLD,
    cues: counted.map((c) => ({ id: c.def.id, vi: c.def.vi, en: c.def.en, start: m(c.start), end: m(c.end) })),
    indicators: x.indicators.map((e) => remapEntity(text, e, map)),
    campaignKey: campaignOf(x),
  };
}
