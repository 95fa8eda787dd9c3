/**
 * Who asserts what: the frame of each sentence (core/contracts.ts `FRAMES`), whom the text puts
 * it on, the words that set the frame, and the embedded proposition, the part worth matching
 * against official statements. A sentence that relays, warns about or denies a rumour is not
 * the rumour: "Trên mạng xã hội lan truyền thông tin cho rằng tài khoản VNeID sẽ bị khóa"
 * relays (`reports`) the proposition "tài khoản VNeID sẽ bị khóa", it does not assert it.
 *
 * Most reported speech in Vietnamese news has no quotation marks, so the frames come from cue
 * words and the shape around them, matched on the folded text (foldAligned: lower case, no
 * diacritics, đ→d, same offsets), so "lan truyen thong tin" and "lan truyền thông tin" are one
 * cue and every span points into the sentence as written. Where folding makes two words one
 * ("bác bỏ"/"Bắc Bộ", "phủ nhận"/"phu nhân", "nói"/"Nội"), the spelling as written decides;
 * text typed without diacritics gets the benefit of the doubt.
 *
 * When several cues fire: denies > warns > quotes > reports > asserts, refined so:
 * - a denial cue used as an adjective ("không chia sẻ thông tin sai sự thật") in a sentence that
 *   also warns or advises, naming nothing as false, is a warning;
 * - "cảnh báo"/"khuyến cáo" make a warning only about a scheme or a crime (lừa đảo, giả danh,
 *   tin nhắn, đường link…); "Trung Quốc cảnh báo X có thể…" is a report of what China says;
 * - a warning cue inside relayed content ("rộ tin nhắn cảnh báo tài khoản sắp bị khóa", no
 *   comma between the report cue and it) belongs to the rumour: the sentence `reports`;
 * - cues inside a quoted message (`tin nhắn có nội dung: "…"`) belong to the message;
 * - a quotation wins over a report cue: `Trên mạng lan truyền tin nhắn có nội dung: "…"` is
 *   `quotes` (the quoted text is the sharpest proposition), attributed to the platform;
 * - a report or quotation whose unquoted text addresses the reader and asks for something
 *   ("…của bạn bị lỗi, vui lòng truy cập…") is the scam itself: `asserts`.
 * Scheme words ("thủ đoạn", "giả danh", "lợi dụng") make a warning only when the sentence tells
 * how such schemes work (a generic subject, "thường", "gần đây"), not when it reports what a
 * named or arrested person did ("Với thủ đoạn trên, đối tượng đã chiếm đoạt…" states a fact).
 */
import type { Attribution, Frame, Span } from '../../core/contracts.js';
import { foldAligned } from '../text/normalize.js';

export interface SentenceAttribution {
  frame: Frame;
  attributedTo: string | null;
  cue: Span | null;
  proposition: Span;
}

/** What attributeDocument needs beyond the sentence's own frame. */
interface Analysis extends SentenceAttribution {
  /** The sentence in NFC, which the spans point into. */
  sentence: string;
  /** A denial cue fired, whatever frame won (e.g. inside a quoted message). */
  denialCue: boolean;
  /** A quotation opens and is not closed: it goes on in the next sentence. */
  quoteOpenAtEnd: boolean;
  /** Offset of a closing quote whose opening is in an earlier sentence, or -1. */
  quoteCloses: number;
  /** Any quotation mark at all. */
  hasQuoteMark: boolean;
}

// ---------------------------------------------------------------------------------------------
// Patterns, all on the folded text (ASCII letters, so \b is a word boundary).

/** Nouns a rumour travels in: "thông tin", "tin nhắn", "clip"… */
const CARRIER = String.raw`(?:thong tin|tin nhan|tin don|tin tuc|tin|clip|video|doan (?:clip|video|tin nhan|ghi am)|bai (?:viet|dang)|hinh anh|van ban|cong van|thong bao|loi don|status|dong trang thai)`;
const PLATFORM = String.raw`(?:mang xa hoi|mxh|facebook|tiktok|zalo|youtube|telegram|dien dan|fanpage|trang ca nhan|nhom kin|hoi nhom|(?:cu )?dan mang)`;
/** Verbs of saying that put what follows on their subject. */
const SAY = String.raw`(?:khang dinh|cho biet|xac dinh|ket luan|phat hien|xac minh|cho hay|thong bao|tuyen bo|xac nhan|nhan manh|cho rang|noi)`;

/** "không có chủ trương/quy định/kế hoạch …": said by an authority, the formula for "X is not so". */
const NO_SUCH_POLICY = String.raw`(?:khong|chua) (?:he |tung |bao gio )?(?:co|ban hanh|dua ra) (?:bat ky )?(?:chu truong|quy dinh|ke hoach|van ban|chinh sach|viec)`;
const NO_SUCH_POLICY_RE = new RegExp(`^${NO_SUCH_POLICY}$`);
/** Calls something false. */
const DENY = new RegExp(
  String.raw`\b(?:` +
    [
      String.raw`(?:la |hoan toan )?khong dung (?:voi )?(?:su that|thuc te|ban chat)`,
      String.raw`hoan toan khong dung`,
      String.raw`sai su that`,
      String.raw`(?:thong tin|tin tuc|noi dung|tin) sai lech`,
      String.raw`(?:la|chi la|deu la) (?:mot )?(?:tin gia|thong tin gia|tin don|tin vit|gia mao|(?:tro|su) bia dat)`,
      String.raw`(?:la |hoan toan )?(?:khong|thieu) chinh xac`,
      String.raw`(?:la |hoan toan )?bia dat`,
      String.raw`xuyen tac`,
      String.raw`khong co chuyen`,
      String.raw`(?<!the |la )phu nhan`,
      String.raw`bac bo(?! (?:khang cao|don|de nghi|yeu cau|kien nghi|gia thuyet))`,
      String.raw`(?<!(?:hoach|gia|quyet|kiem|xac|an|on|nha|co|on) )dinh chinh(?! (?:sach|thuc|xac|quyen|tri|phu|thuc|dang))`,
      String.raw`tin don (?:that thiet|nham nhi|vo can cu)`,
      String.raw`(?:la |hoan toan )khong co (?:co so|can cu)`,
      String.raw`khong co (?:co so|can cu)(?= ?[.!?…"”]*$)`,
      // "… không bị lộ như tin đồn": a negation set against the rumour (NEGATED_BEFORE checks the negation).
      String.raw`nhu (?:tin don|(?:cac |nhung )?thong tin (?:da |duoc )?(?:lan truyen|tren mang|dang tai)|bai viet (?:da )?lan truyen|(?:mang xa hoi|mxh|mang) (?:dua tin|lan truyen))`,
      // "… khẳng định không có chủ trương X": the official formula for "X is not so" (SAID_BEFORE checks the verb).
      NO_SUCH_POLICY,
    ].join('|') +
    String.raw`)\b`,
  'g',
);
/** Before "như tin đồn": the negation it is set against. */
const NEGATED_BEFORE = /\b(?:khong|chua)\b[^.;!?]{0,80}$/;
/** Before "không có chủ trương": a verb of saying, so it is an answer and not a plain "there is no rule yet". */
const SAID_BEFORE = new RegExp(String.raw`\b${SAY}(?: rang)?,? (?:hoan toan |hien |van |la )?$`);
/** Denial cues naming what they deny after them. */
const DENY_NAMES_AFTER = new RegExp(`^(?:bac bo|phu nhan|khong co chuyen|dinh chinh|${NO_SUCH_POLICY})$`);
/** Before a denial cue, a noun it qualifies ("thông tin sai sự thật"): attributive, not predicative. */
const DENY_ATTRIBUTIVE = new RegExp(
  String.raw`\b(?:${CARRIER}|noi dung|luan dieu|tai lieu|quan diem|ly lep|cac|nhung|nhieu|dieu|chuyen|viec|hanh vi|cau tra loi|so lieu|du lieu)\s$`,
);
/** "không chính xác" counts after a copula or a demonstrative ("Thông tin trên không chính xác"), not as an adjective ("câu trả lời không chính xác"). */
const PREDICATIVE_BEFORE = /(?:\b(?:la|hoan toan|deu|tren|nay|do|ay|kia|noi tren|neu tren|vua qua|do la)|,)\s$/;
/** After an attributive denial: what it is about. */
const ABOUT = /^\s*,?\s*(?:ve viec|ve|rang|cho rang|noi rang|lien quan (?:den|toi))\b/;
/** "như tin đồn", "như thông tin trên mạng": where a denied proposition ends. */
const AS_RUMOURED = /\s(?:nhu|theo) (?:(?:nhung |cac )?(?:tin don|thong tin|bai viet|don doan)|(?:mang xa hoi|mxh|mang))\b/;
/** Verbs after which a predicative denial's subject starts ("Công an khẳng định [thông tin X] là sai sự thật"). */
const DENY_FROM = new RegExp(String.raw`\b${SAY}(?: rang)?\b(?! cua\b)`, 'g');

/** Verbs whose "không" makes advice ("không cung cấp mã OTP"). */
const ADVICE_DONT = String.raw`(?:cung cap|chuyen (?:tien|khoan)|bam|nhan vao|nhap|click|truy cap|lam theo|nghe theo|cai dat|tai (?:ung dung|app|phan mem)|ket ban|giao dich|chia se|dang tai|tham gia|dang nhap|gui|cho (?:muon|thue)|mua ban|tin (?:theo|vao|tuong)|tiep tay|vay|dau tu|quet ma|doc ma|tiet lo|dat coc|lien ket|mo (?:link|duong)|tra loi|ban|thue|nop)`;
const ADVICE_DO = String.raw`(?:canh giac|than trong|can trong|can than|tinh tao|luu y|chu y|kiem tra|xac minh|bao ngay|trinh bao|thong bao ngay|lien he (?:ngay )?(?:voi )?(?:co quan|cong an|ngan hang|tong dai)|goi dien xac minh|bao cho|de phong|nang cao)`;
const PEOPLE = String.raw`(?:nguoi dan|ba con|moi nguoi|phu huynh|khach hang|nguoi dung|nguoi lao dong|nguoi tieu dung|ban doc|cong dan|nguoi su dung|chu tai khoan|nguoi than|nguoi tham gia giao thong|chu phuong tien|nguoi cao tuoi|cac gia dinh|tai xe|nguoi dieu khien phuong tien)`;
/** Imperatives that are the scam or a share call, not advice ("Hãy cập nhật tại đường link…", "Hãy chia sẻ ngay"). */
const NOT_ADVICE = String.raw`(?:chia se|share|lan truyen|chuyen tiep|cap nhat|nang cap|kich hoat|truy cap|bam|nhan|dang ky|tai|cai|chuyen|nop|soan|goi|lien he (?:so|hotline|zalo|ngay so)|nhanh tay|click|inbox|ib|de lai|tham gia|rut tien|lam gi|duoc|co the|thiet|tang|ho|cuoc|cu)`;

/** Warning verbs: a warning only about a scheme or a crime (SCHEME_TOPIC). */
const WARN_VERB = new RegExp(
  String.raw`\b(?:(?:(?:phat di|phat|dua ra|ra|gui|dang tai) (?:thong tin |van ban |loi |ban tin |thong bao )?)?(?<!(?:bien|den|muc|he thong|tram|cot|tin hieu|cap do|cap|bang|nguong|thiet bi|coi) )canh bao(?! (?:lu|mua|ngap|sat lo|thien tai|bao|ap thap|song|chay rung|cap|lu quet|dong|nang|ret|gio|thoi tiet|som|do|vang|cam|trieu cuong|xam nhap man|han han|chat luong|o nhiem|nong|dia chan|song than|thuy van|muc|khong khi|tia|cua)\b)(?: (?:ve|nguoi dan ve))?(?: (?:cac |nhung )?(?:thu doan|tinh trang|chieu (?:tro|thuc)|hinh thuc)\b)?|khuyen cao(?! cua)|theo (?:thong tin )?(?:canh bao|khuyen cao) cua)\b`,
  'g',
);
/** Vocabulary of schemes and crimes: what a scheme warning talks about. */
const SCHEME_TOPIC =
  /\b(?:lua|gia danh|mao danh|gia mao|chiem doat|thu doan|chieu (?:tro|thuc)|ke gian|ke xau|doi tuong|toi pham|tin gia|tin nhan|cuoc goi|goi dien|duong (?:link|dan)|link|ung dung|tai khoan|otp|mat khau|chuyen (?:tien|khoan)|ma doc|website|trang web|app|danh bac|tin dung den|cho vay|bat coc|du do|vneid|can cuoc|dinh danh|thong tin ca nhan|du lieu ca nhan|hack|chiem quyen|sim|dau tu|viec nhe luong cao|tuyen dung|cong tac vien|an ninh mang|khong gian mang|mang xa hoi|tren mang|hoc sinh|quang cao|hang gia|hang nhai)\b/;
/** A warning or advice wherever it stands. */
const WARN_STRONG = new RegExp(
  String.raw`\b(?:` +
    [
      String.raw`(?:nang cao|can|phai|de cao|tang cuong|hay|luon) (?:tinh than )?canh giac`,
      String.raw`(?<!mat )canh giac (?:voi|truoc(?! khi))`,
      String.raw`than trong (?:voi|truoc)`,
      String.raw`tinh tao (?:truoc|khi|de)`,
      String.raw`de phong (?:bi|cac|nhung|thu doan|lua)`,
      String.raw`${PEOPLE} (?:can|nen|chi nen|hay|khong nen|tuyet doi|luu y|chu y|can luu y|can chu y)(?! ${NOT_ADVICE}\b)`,
      String.raw`de nghi ${PEOPLE}`,
      String.raw`${PEOPLE} (?:khong|dung|tranh) (?:nen |duoc )?${ADVICE_DONT}`,
      String.raw`tuyet doi khong (?:nen |duoc )?${ADVICE_DONT}`,
    ].join('|') +
    String.raw`)\b` +
    // Imperatives: at the head of the sentence ("Hãy…", "Đừng…", "Không nên…") or of a clause.
    String.raw`|^(?:hay|dung|khong nen|tuyet doi khong)\b(?! ${NOT_ADVICE}\b)` +
    String.raw`|(?:^|[,;:] )(?:hay|khong nen|dung|tuyet doi khong|can) (?:${ADVICE_DO}|khong ${ADVICE_DONT})\b`,
  'g',
);
/** Scheme words: a warning only told as how such schemes work (SCHEME_GENERIC), not as what someone did (SPECIFIC_CASE). */
const WARN_WEAK =
  /\b(?:thu doan|chieu (?:tro|thuc)|gia danh|mao danh|gia mao (?:la )?(?:can bo|cong an|nhan vien|co quan|cac)|tu xung (?:la )?(?:can bo|cong an|nhan vien|luat su|dieu tra vien)|loi dung|(?:hinh thuc|kich ban) lua dao|(?:doi tuong|ke gian|ke xau|ke lua dao)(?: lua dao)? thuong)\b/g;
const SCHEME_GENERIC = new RegExp(
  String.raw`\b(?:(?:cac|nhung|nhieu|mot so) (?:doi tuong|ke|nhom|trang|tai khoan)|ke gian|doi tuong (?:lua dao|xau)|` +
    String.raw`thuong (?:xuyen )?(?:su dung|dung|gia|goi|nhan|tu xung|lap|tao|mao|yeu cau|loi dung|nham|tan dung|dang|tiep can|hua|du|gui|ket ban|lam quen|chiem|thue|mua|quang cao)|` +
    String.raw`gan day|hien nay|hien co|thoi gian qua|tinh trang|nan nhan|nguoi dan|xuat hien|lien tuc|ngay cang|tinh vi|moi|pho bien|` +
    String.raw`nhieu (?:nguoi|gia dinh|nan nhan|truong hop)|hang (?:tram|chuc|nghin) (?:nguoi|nan nhan|vu))\b`,
);
/** A specific case: an arrest, a prosecution, a named victim's account. */
const SPECIFIC_CASE =
  /\b(?:bat (?:giu|qua tang|khan cap|tam giam|duoc)|khoi to|tam giam|tam giu|bi can|bi cao|da chiem doat|chiem doat (?:duoc|tong|so tien)|(?:da|vua) bi (?:bat|xu|phat|khoi)|truy na|xet xu|tuyen phat|trieu tap|dau thu|(?:sn|sinh nam) \d|\d+ tuoi|theo (?:loi (?:ke|khai) (?:cua )?)?(?:bi hai|nan nhan|nguoi bi hai))\b/;
/** A named person ("đối tượng Nguyễn Văn A", "anh T."), on the text as written. */
const NAMED_PERSON = /(?<!\p{L})(?:[đĐ]ối tượng|[Dd]oi tuong|[Bb]ị (?:can|cáo)|[Bb]i (?:can|cao)|ông|bà|anh|chị|ong|ba|chi) \p{Lu}/u;

/** The author relays what a platform, a rumour or hearsay says. */
const SOCIAL = new RegExp(
  String.raw`\b(?:` +
    [
      // "TikTok chưa bao giờ chia sẻ dữ liệu" denies what the platform did: not a post on it.
      String.raw`${PLATFORM}(?: (?!khong |chua |chang |bao gio )[^ .,;:]+){0,3}? (?:dang tai|chia se|xuat hien|xon xao)(?: (?:nhieu|mot|cac|nhung))?(?: ${CARRIER})?`,
      // "lan truyền" relays something only about a platform or a carrier ("lan truyền trên mạng",
      // "lan truyền thông tin", "clip đang lan truyền"); alone it is a disease or a trend spreading.
      String.raw`(?:duoc |dang |bi |dang duoc )?lan truyen(?: (?:tren|len) (?:cac )?(?:${PLATFORM}|mang)(?: (?:facebook|tiktok|zalo|youtube))?(?: (?:nhieu|mot|cac|nhung))?(?: ${CARRIER})?| (?:nhieu |mot |cac |nhung )?${CARRIER})`,
      String.raw`(?<=${CARRIER}(?: [^ .,;:]+){0,3}? )(?:duoc |dang |bi |dang duoc )?lan truyen`,
      String.raw`co (?:thong tin|tin|nguon tin|y kien|nguoi) (?:cho rang|rang|ve viec|noi rang|noi|bao|don|la)`,
      String.raw`ro (?:len )?${CARRIER}`,
      String.raw`xuat hien (?:nhieu |cac |mot so )?${CARRIER}`,
      String.raw`(?:nghe|loi|dan tinh|dan mang|cu dan mang|nhieu nguoi) don(?: doan| rang| la)?`,
      String.raw`tin don`,
      String.raw`don (?:rang|thoi|doan)`,
      String.raw`nghe (?:noi|bao|dau|ke|nguoi (?:quen )?(?:ke|noi))`,
      String.raw`ai cung noi`,
      String.raw`xon xao(?: ${CARRIER})?`,
      String.raw`truyen tai nhau`,
      String.raw`(?:dan mang|cu dan mang|nhieu nguoi|nhieu tai khoan) (?:ban tan|chia se|cho rang)`,
      String.raw`theo (?:mot )?nguon tin(?: (?:rieng|noi bo|than can|giau ten|chua (?:duoc )?kiem chung))?`,
      String.raw`nguon tin (?:rieng|noi bo|than can|giau ten)`,
    ].join('|') +
    String.raw`)\b` +
    String.raw`|^(?:don la)\b|(?:^|[,;] )duoc biet(?! (?:den|toi|nhu|la|voi))\b`,
);
const PLATFORM_RE = new RegExp(String.raw`\b(?:${PLATFORM}|tren mang(?! xa hoi))\b`);
/** "Hãy lan truyền…", "nhớ chia sẻ": a share call, not a report. */
const SHARE_CALL_BEFORE = /\b(?:hay|nho|vui long|xin|moi nguoi hay)\s+(?:\S+\s+)?$/;

/** "X cho biết …": a speech verb after its subject. Some need what follows to be speech (a comma, "rằng"). */
const SPEECH = new RegExp(
  String.raw`\b(?:` +
    [
      'cho biet',
      'cho hay',
      'khang dinh',
      'tiet lo',
      'thua nhan',
      'khai nhan',
      'nhan manh',
      'xac nhan',
      'cho rang',
      'neu ro',
      'ke lai',
      'dan loi',
      'tho lo',
      'bay to',
      String.raw`tuyen bo(?= ?[,:]| (?:rang|se|khong|phan doi|ung ho))`,
      'thong tin',
      String.raw`thong bao(?= ?[,:]| rang)`,
      String.raw`(?<!ha |trong )noi(?= ?[,:]| (?:rang|voi|them))`,
      String.raw`chia se(?= ?[,:]| (?:rang|voi|them))`,
      String.raw`trinh bao(?= ?[,:]| rang)`,
      String.raw`phan anh(?= ?[,:]| (?:rang|voi))`,
      String.raw`(?<!(?:trien|cong|mo|so|to) )khai(?= ?[,:]| (?:rang|voi|la))`,
      String.raw`to cao(?= ?[,:]| rang)`,
      String.raw`giai thich(?= ?[,:]| (?:rang|la))`,
      String.raw`tra loi(?= ?[,:]| rang)`,
      String.raw`tam su(?= ?[,:]| rang)`,
      String.raw`ke(?= ?[,:]| rang)`,
      String.raw`phat bieu(?= ?[,:]| rang)`,
      String.raw`(?:chi ra|binh luan|nhan xet|danh gia|luu y|du bao|xac dinh|ket luan)(?= ?[,:]| rang)`,
      String.raw`canh bao(?! cua)`,
      String.raw`khuyen cao(?! cua)`,
    ].join('|') +
    String.raw`)\b`,
  'g',
);
/** Folded forms whose diacritics say whether they are the verb ("nói", not "Hà Nội"/"nơi"). */
const SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  noi: ['nói', 'noi'],
  khai: ['khai'],
  ke: ['kể', 'ke'],
  'bac bo': ['bác bỏ', 'bac bo'],
  'phu nhan': ['phủ nhận', 'phu nhan'],
  'dinh chinh': ['đính chính', 'dinh chinh'],
  viet: ['viết', 'viet'],
  hoi: ['hỏi', 'hoi'],
};
/** "thông tin" is a verb after an agency or an official ("Công an tỉnh X thông tin…"), a noun elsewhere. */
const ORG_HEAD =
  /^(?:cong an|bo|so|cuc|ubnd|uy ban|co quan|phong|vien|benh vien|toa|tand|vks|vien kiem sat|dai ta|thuong ta|trung ta|thieu ta|dai uy|thieu tuong|trung tuong|ong|ba|lanh dao|dai dien|nguoi phat ngon|chu tich|pho chu tich|giam doc|pho giam doc|truong|pho truong|chinh quyen|ngan hang|tong cuc|ban|hoi dong|trung tam|cong ty|doanh nghiep|canh sat|bo chi huy)\b/;
const THONG_TIN_AS_VERB = /^ ?[,:]| (?:rang|them|voi|cho biet)\b/;

/** "Theo X," opening the sentence, or ", theo X." closing it: X is the source (a dot inside a word, "TP.HCM", does not end it). */
const THEO_HEAD = /^\s*theo ((?:[^,;:.]|\.(?=\S)){2,90}?)\s*,/;
const THEO_TAIL = /,\s*theo ([^,;:]{2,90}?)\s*[.!?…"”]*$/;
/** "Theo" that gives a rule, a plan or a manner, not a source. */
const THEO_NOT_SOURCE =
  /^(?:do|doan|quy dinh|ke hoach|luat|bo luat|dieu|khoan|nghi dinh|nghi quyet|thong tu|quyet dinh|chi thi|huong dan|thoi gian|nhu|tinh than|chuong trinh|lich|thong le|muc|de xuat|phuong an|do an|lo trinh|to trinh|du thao|chi dao|yeu cau|tieu chuan|hop dong|truyen thong|kinh nghiem|ty gia|gia|thu tu|xu huong|cach|dong|hinh thuc|phap luat|hien phap|cong uoc|mo hinh|nguyen tac|quy che|quy trinh|phan cong|cam ket|thoa thuan|quan niem|danh sach|so do|ban do|nhu vay|huong|chieu|tung|moi|ngay|thang|nam|gio|tuoi|dinh ky|kieu|phong cach|xu the|dien bien|tien do|tiet|ca|dot|nhom|loai|vung|khu vuc|tuyen|quy mo|hang|dang|(?:mot )?nguon tin)\b/;
/** A denial inside what "Theo X," reads as its source: the clause has begun ("không có", "chưa từng"; not "Không quân"). */
const SOURCE_THEN_DENIAL = /[\s\-–]((?:khong|chua|chang) (?:co|phai|duoc|the|he|tung|bao gio|con|ai)\b)/;
/** "Theo" that names a source even in lower case. */
const THEO_SOURCE_NOUN =
  /^(?:(?:mot so |nhieu |cac )?(?:tai khoan|trang|nhom|hoi nhom|kenh|bai (?:dang|viet)|nguoi dung|dan mang|cu dan mang|mang xa hoi|facebook|tiktok|zalo|youtube)|canh bao|khuyen cao|ong|ba|anh|chi|em|cu|dai ta|thuong ta|trung ta|thieu ta|dai uy|thuong uy|thieu tuong|trung tuong|dai tuong|dai dien|lanh dao|nguoi|nhieu|cac|chuyen gia|bac si|luat su|nha|co quan|cong an|canh sat|bo|so|phong|cuc|ubnd|vien|to chuc|bao cao|thong ke|so lieu|ket qua|loi|cao trang|ho so|tai lieu|thong tin|giam doc|chu tich|pho|truong|nhan chung|nan nhan|bi hai|gia dinh|du lieu|khao sat|nghien cuu|uoc tinh|tinh toan|danh gia|phan anh|to cao|trinh bay|don|xac minh|dieu tra|bao|tin|tong cuc|ngan hang|benh vien|toa|vien kiem sat|hoi dong|ban)\b/;
/** "lời kể của chị A" → "chị A". */
const THEO_OF =
  /^(?:loi (?:ke lai|ke|khai|ong|ba)|trinh bay|to cao|phan anh|don (?:trinh bao|to cao|to giac)|loi don|chia se|thong tin|(?:thong tin )?(?:canh bao|khuyen cao)) cua /;

/** The reader addressed and asked for something: the scam message itself. */
// "Bấm vào link" addresses the reader only as an imperative opening a clause; "yêu cầu bấm vào
// đường link" describes what a message asks (a report of the scam, not the scam).
const SCAM_ADDRESS_MARKED =
  /(?:của bạn|cho bạn|bạn (?:đã|sẽ|cần|phải|vui|hãy|được|có|đang|sắp|chỉ)|vui lòng|quý khách|(?:^|[:!]\s*)(?:hãy )?(?:bấm|nhấn) vào|(?:^|[:!]\s*)soạn tin)/;
const SCAM_ADDRESS_PLAIN =
  /(?:\b(?:cua ban|cho ban|ban (?:da|se|can|phai|vui|hay|duoc|co|dang|sap|chi)|vui long|quy khach)\b|(?:^|[:!]\s*)(?:hay )?(?:bam|nhan) vao\b|(?:^|[:!]\s*)soan tin\b)/;

/** Before an opening quote: what introduces a quotation. */
const QUOTE_INTRO =
  /(?::|\b(?:noi dung|nhu sau|cho biet|noi|khang dinh|nhan manh|chia se|ghi|nhan tin|thong bao|tuyen bo|rang|hoi|tra loi|cho hay|bay to|tam su|ke|dong chu|keu goi|canh bao|khuyen cao|thua nhan|tiet lo|khai|phat bieu|nhan dinh|dan loi|cho rang))\s*,?\s*$/;
/** A quoted message (not speech): the cues inside it are the message's. */
const MESSAGE_INTRO = /\b(?:noi dung|nhu sau|tin nhan|email|thu|ghi|dong chu|bai dang|status|van ban|cong van)\s*(?:la|nhu sau)?\s*:?\s*$/;
const SPEECH_INTRO =
  /\b(?:noi dung|cho biet|noi|khang dinh|nhan manh|chia se|ghi|nhan tin|thong bao|tuyen bo|hoi|tra loi|cho hay|bay to|tam su|ke|keu goi|canh bao|khuyen cao|thua nhan|tiet lo|khai|phat bieu|nhan dinh|dan loi|cho rang|nhan xet|boc bach|thot len|binh luan|giai thich|ly giai|trai long|tho lo|nho lai|dan do|dong vien|phan anh|to cao|trinh bao|viet)\b/g;
/** After a closing quote: `…", ông A nói.` */
const POST_QUOTE =
  /^["”»]*\s*[,–—-]\s*([^"“”«».;:]{1,100}?)\s(cho biet|noi|chia se|nhan manh|khang dinh|cho hay|nhan dinh|nhin nhan|trai long|binh luan|tam su|bay to|giai thich|thua nhan|tiet lo|canh bao|khuyen cao|ke|tra loi|phat bieu|nhan xet|danh gia|keu goi|xac nhan|tuyen bo|lap luan|nhac lai|chi ra|phan tich|qua quyet|thong tin|neu ro|ly giai|cam nhan|hao hung|dan giai|nho lai|dong vien|viet|ghi|khuyen|dan do|cho rang|ket luan)(?=(?:\s+(?:them|lai))?(?:\s*[.,;!?…"”]|\s+(?:voi|khi|trong|tai|sau|truoc)\b|\s*$))/;

/** Words and marks to skip at the head of an embedded proposition. */
const LEAD_AFTER =
  /(?:[\s,:;\-–—]+|(?:them|rang(?! sang| dong)|cho rang|noi rang|la|ve viec|ve|voi noi dung|co noi dung|noi dung|nhu sau|thong bao|cho biet|khang dinh|tren (?:cac )?(?:mang xa hoi|mang|trang|nhom|hoi nhom|dien dan)(?: (?:facebook|tiktok|zalo|youtube))?|gan day|thoi gian gan day|thoi gian qua|rieng|noi bo|than can|giau ten)\b|voi (?:phong vien|pv|bao chi|bao|chung toi|[^,.]{1,40}?),|voi [^,.]{1,50}?\s(?=rang\b))+/y;
/** Copulas and adverbs before a predicative cue ("… là", "… hoàn toàn"). */
const TRAIL_BEFORE = /(?:[\s,:;\-–—]|\b(?:la|deu|hoan toan|chi|thuc chat|thi|cung|van|da|dang|duoc|bi|nay|mot)\b)*$/;
/** The head of a noun phrase that carries a rumour, before its content ("Thông tin [X]", "tin đồn về việc [X]"). */
const NP_HEAD = new RegExp(
  String.raw`^[\s,:;"“«]*(?:(?:nhung|cac|moi|mot so)\s+)?(?:${CARRIER}|noi dung|luan dieu|cao buoc|viec|chuyen|dieu)\b` +
    String.raw`(?:\s+(?:dang |duoc |da )*(?:lan truyen|chia se|dang tai|xuat hien|dang)\b)?` +
    String.raw`(?:\s+(?:tren|len)\s+(?:cac\s+)?(?:${PLATFORM}|mang)(?:\s+(?:facebook|tiktok|zalo|youtube))?\b)?` +
    String.raw`(?:\s+(?:gan day|thoi gian qua|vua qua)\b)?` +
    String.raw`(?:\s*,?\s*(?:cho rang|noi rang|rang|ve viec|ve|la|noi ve|lien quan (?:den|toi)|voi noi dung|co noi dung)\b)?`,
);
/** After a warning cue: where the scheme it warns about begins. */
const SCHEME_MARK =
  /\b(?:thu doan|chieu (?:tro|thuc)|tinh trang|hinh thuc|canh giac (?:voi|truoc)|than trong (?:voi|truoc)|tinh tao truoc|de phong)\b(?:\s+(?:lua dao|moi|tinh vi|nay|(?:cua|ma) (?:cac |nhung )?(?:doi tuong|ke gian)(?: thuong)?(?: (?:su dung|dung))?|la|:|,))*/g;
const WARN_LEAD = /(?:[\s,:;\-–—]+|(?:ve|nguoi dan ve|nguoi dan|ban doc ve|rang|cac ban|ve viec)\b)+/y;

/** A subject runs back to one of these (a period only before a space: "30.3" is a date). */
const BOUNDARY_CHARS = new Set([',', ';', ':', '"', '“', '”', '«', '»', '\n', '!', '?']);
const SUBJECT_LEAD = /^(?:(?:va|nhung|tuy nhien|dong thoi|con|sau do|hien|ngoai ra|cung|theo do|vi vay|do do|tai day|luc nay|khi do)\s+)+/;
/** One trailing adverb or date after a subject ("Moscow đã nhiều lần", "Ông A ngày 23/3"); written in capitals it is a name ("Gia Lai"). */
const SUBJECT_TRAIL_WORD =
  /(?<!\b(?:chua|khong))\s+co$|\s+(?:da|cung|van|tiep tuc|deu|moi|vua|con|lai|thi|tung|sau do|chua|khong|them|truc tiep|ngay|lien|nhieu lan|lien tuc|len tieng|mot lan nua|kip thoi|nhanh chong|ngay lap tuc|kien quyet|dut khoat|thang thung|cong khai|chinh thuc|hom nay|hom qua|(?:tuan|thang|nam) (?:truoc|qua|nay|ngoai)|moi day|vua qua|gan day|(?:vao |hom |chieu |sang |toi |trua |dem )?ngay \d+(?:[/.-]\d+)*|hom \d+(?:[/.-]\d+)*)$/;
/** Not a speaker: the author ("Có thể khẳng định", "Cần nhấn mạnh"), a share call ("Đọc xong nhớ chia sẻ"). */
const NOT_A_SUBJECT =
  /^(?:theo|co the|can|phai|xin|de|khi|neu|viec|dieu nay|nhu|cung can|hay|duoc|chung ta|rat|cung|doc xong|nho|trong|ben canh|sau khi|truoc khi)\b|\b(?:nho|hay|xin|vui long|cu|can|phai|nen|de|ma|co the|va|nhung|cac|cua|mot|moi|viec|cong tac|co|chua co|khong co)$/;
/** "sự" ends no speaker ("Sự thật cho thấy" aside); "sư" is a title: "Luật sư", "Kỹ sư", "Giáo sư" (folded "su": the title). */
const NOMINALISER_AT_END = /(?:^|\s)sự$/iu;
/** A person's head: "Thượng tá Nguyễn Văn A, Trưởng Công an huyện X cho biết" joins both. */
const PERSON_HEAD =
  /^(?:ong|ba|anh|chi|co|thay|dai ta|thuong ta|trung ta|thieu ta|dai uy|thuong uy|trung uy|thieu uy|thieu tuong|trung tuong|thuong tuong|dai tuong|ts|ths|pgs|gs|bs|ls|ks|luat su|bac si|tien si|nha bao|nghe si|ca si|hlv|giao su|thac si|dong chi|tong thong|thu tuong|bo truong)\b/;
const MAX_SUBJECT_WORDS = 12;

const WORD = /[\p{L}\p{N}]/u;
const COMBINING = /[\u0300-\u036f]/;

// ---------------------------------------------------------------------------------------------

function wordCount(s: string, from: number, to: number): number {
  let n = 0;
  let inWord = false;
  for (let i = from; i < to; i += 1) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9;
    if (!space && !inWord) n += 1;
    inWord = !space;
  }
  return n;
}

const EDGE = new Set([' ', '\n', '\t', ',', ';', ':', '-', '–', '—', '.', '!', '?', '…']);
const OPENERS = new Set(['"', '“', '«']);
const CLOSERS = new Set(['"', '”', '»']);

/** The span [start, end) without edge spaces and punctuation (and a quote pair around it); null when no word is left. */
function spanOf(s: string, start: number, end: number): Span | null {
  let a = start;
  let b = end;
  for (;;) {
    while (a < b && EDGE.has(s[a] as string)) a += 1;
    while (b > a && EDGE.has(s[b - 1] as string)) b -= 1;
    if (b - a < 1) break;
    const first = s[a] as string;
    const last = s[b - 1] as string;
    if (b - a >= 2 && OPENERS.has(first) && CLOSERS.has(last) && !/["“”«»]/.test(s.slice(a + 1, b - 1))) {
      a += 1;
      b -= 1;
      continue;
    }
    // A lone quote mark at either edge (its partner is outside the span).
    if (OPENERS.has(first) && !/["”»]/.test(s.slice(a + 1, b))) {
      a += 1;
      continue;
    }
    if (CLOSERS.has(last) && !/["“«]/.test(s.slice(a, b - 1))) {
      b -= 1;
      continue;
    }
    break;
  }
  if (a >= b || !WORD.test(s.slice(a, b))) return null;
  return { text: s.slice(a, b), start: a, end: b };
}

function words(s: string, span: Span): number {
  return wordCount(s, span.start, span.end);
}

/** The words from `from` on, past the lead-in `lead`; null when fewer than `minWords` remain. */
function after(s: string, folded: string, from: number, to: number, lead: RegExp, minWords = 2): Span | null {
  lead.lastIndex = from;
  const m = lead.exec(folded);
  const start = m && m.index === from ? from + m[0].length : from;
  const span = spanOf(s, start, to);
  return span && words(s, span) >= minWords ? span : null;
}

/** The noun phrase [from, to), its copula trimmed and its carrier head ("Thông tin …") dropped when content remains. */
function before(s: string, folded: string, from: number, to: number): Span | null {
  const trail = TRAIL_BEFORE.exec(folded.slice(from, to));
  const end = trail ? from + trail.index : to;
  const whole = spanOf(s, from, end);
  if (whole === null) return null;
  const head = NP_HEAD.exec(folded.slice(whole.start, whole.end));
  if (head !== null && head[0].length > 0) {
    const inner = spanOf(s, whole.start + head[0].length, whole.end);
    if (inner && words(s, inner) >= 3) return inner;
  }
  return words(s, whole) >= 2 ? whole : null;
}

/** A letter alone: an initial, also typed in lower case ("chi n. cho biet"). */
const INITIAL_BEFORE_DOT = /(?:^|[\s.])\p{L}$/u;
/** Abbreviations written with a dot and a space before a name or a title: "TP. HCM", "TS. Nguyễn Văn A". */
const ABBREVIATION_BEFORE_DOT = /(?:^|\s)(?:tp|tx|tt|ts|ths|pgs|gs|bs|ks|ls)$/iu;

/**
 * The dot of an initial, a letter alone ("anh T.", "chị N.", "cháu T.N.A.T."), as the news
 * writes the people of a case, or of an abbreviation before a space ("TP. HCM"; "TP.HCM" is one
 * word already). It ends no clause: "Chị N. cho biết …" is her account.
 */
function initialDot(s: string, dot: number): boolean {
  if (s[dot] !== '.') return false;
  const before = s.slice(Math.max(0, dot - 4), dot);
  return INITIAL_BEFORE_DOT.test(before) || (s[dot + 1] === ' ' && ABBREVIATION_BEFORE_DOT.test(before));
}

/** The text with each initial's dot made a letter-less mark, so the patterns that stop at a dot read on. */
function maskInitialDots(s: string, folded: string): string {
  let out = folded;
  for (let i = folded.indexOf('.'); i !== -1; i = folded.indexOf('.', i + 1))
    if (initialDot(s, i)) out = `${out.slice(0, i)}_${out.slice(i + 1)}`;
  return out;
}

/** Where the clause holding `at` starts: back to a boundary, over parentheses. */
function clauseStart(s: string, at: number): number {
  let depth = 0;
  let b = at;
  while (b > 0) {
    const c = s[b - 1] as string;
    if (c === ')') depth += 1;
    else if (c === '(') {
      if (depth === 0) break;
      depth -= 1;
    } else if (depth === 0 && (BOUNDARY_CHARS.has(c) || (c === '.' && (b === at || s[b] === ' ') && !initialDot(s, b - 1)))) break;
    b -= 1;
  }
  return b;
}

/** [from, to) as a subject: lead conjunctions and trailing adverbs off, the author's own phrases refused. */
function asSubject(s: string, folded: string, from: number, to: number): Span | null {
  const seg = folded.slice(from, to);
  const lead = SUBJECT_LEAD.exec(seg.trimStart());
  const leadLen = lead ? seg.length - seg.trimStart().length + lead[0].length : 0;
  let end = from + seg.trimEnd().length;
  for (;;) {
    const m = SUBJECT_TRAIL_WORD.exec(folded.slice(from + leadLen, end));
    if (m === null) break;
    const word = s.slice(from + leadLen + m.index, end).trim();
    if (word[0] !== word[0]?.toLowerCase()) break;
    end = from + leadLen + m.index;
  }
  const span = spanOf(s, from + leadLen, end);
  if (span === null || NOT_A_SUBJECT.test(folded.slice(span.start, span.end)) || NOMINALISER_AT_END.test(span.text)) return null;
  // "Chị N." keeps the dot of her initial.
  return initialDot(s, span.end) ? { text: s.slice(span.start, span.end + 1), start: span.start, end: span.end + 1 } : span;
}

/**
 * The subject right before `at`. When the verb follows a comma ("Bà X, cựu chủ tịch…, tuyên bố")
 * the apposition before it stands in; a person head one comma back is joined
 * ("Thượng tá Nguyễn Văn A, Trưởng Công an huyện X cho biết"), or alone when the join is too long.
 */
function subjectBefore(s: string, folded: string, at: number): Span | null {
  let b = clauseStart(s, at);
  let span = asSubject(s, folded, b, at);
  if (span === null) {
    if (b === 0 || s[b - 1] !== ',' || /\S/.test(s.slice(b, at))) return null;
    const end = b - 1;
    b = clauseStart(s, end);
    span = asSubject(s, folded, b, end);
    if (span === null) return null;
  }
  if (b > 0 && s[b - 1] === ',') {
    const pb = clauseStart(s, b - 1);
    const prev = asSubject(s, folded, pb, b - 1);
    if (prev && words(s, prev) <= MAX_SUBJECT_WORDS && PERSON_HEAD.test(folded.slice(prev.start, prev.end))) {
      const joined: Span = { text: s.slice(prev.start, span.end), start: prev.start, end: span.end };
      return words(s, joined) <= MAX_SUBJECT_WORDS ? joined : prev;
    }
  }
  return span;
}

/**
 * The subject as written when short enough to be one; a long one is cut to its head before an
 * apposition ("Elsa Ducrot - một trong những tác giả… -", "thầy A, giáo viên chủ nhiệm lớp…").
 */
function shortEnough(s: string, span: Span | null | undefined): string | null {
  if (!span) return null;
  if (words(s, span) <= MAX_SUBJECT_WORDS) return span.text;
  const cut = /\s[-–—]\s|,/.exec(span.text);
  if (cut === null) return null;
  const head = spanOf(s, span.start, span.start + cut.index);
  return head && words(s, head) <= MAX_SUBJECT_WORDS ? head.text : null;
}

function wholeSentence(s: string): Span {
  return spanOf(s, 0, s.length) ?? { text: s, start: 0, end: s.length };
}

function cueSpan(s: string, start: number, end: number): Span {
  return spanOf(s, start, end) ?? { text: s.slice(start, end), start, end };
}

/** The match as written is one of the spellings its folded form stands for (no entry: any). */
function spelledRight(s: string, start: number, end: number, key: string): boolean {
  const spellings = SPELLINGS[key];
  if (spellings === undefined) return true;
  const written = s.slice(start, end);
  return spellings.includes(written.toLowerCase()) && written.slice(1) === written.slice(1).toLowerCase();
}

/** Reads `pattern` (global) from 0 and returns the first match `accept` takes. */
function firstMatch(pattern: RegExp, text: string, accept: (m: RegExpExecArray) => boolean): RegExpExecArray | null {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (accept(m)) return m;
    if (m[0].length === 0) pattern.lastIndex += 1;
  }
  return null;
}

interface QuoteRun {
  /** Offset of the opening mark, -1 when it opened in an earlier sentence. */
  open: number;
  /** Offset of the closing mark, s.length when it is not closed here. */
  close: number;
}

/** The quotations of a sentence (straight and curly), including one continuing from or into a neighbour. */
function quoteRuns(s: string): QuoteRun[] {
  const runs: QuoteRun[] = [];
  let curly = -2; // offset of an open “ or «; -2 = none
  let straight = -2;
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i];
    if (c === '“' || c === '«') {
      if (curly === -2) curly = i;
    } else if (c === '”' || c === '»') {
      runs.push({ open: curly === -2 ? -1 : curly, close: i });
      curly = -2;
    } else if (c === '"') {
      if (straight === -2) straight = i;
      else {
        runs.push({ open: straight, close: i });
        straight = -2;
      }
    }
  }
  if (curly !== -2) runs.push({ open: curly, close: s.length });
  if (straight !== -2) {
    // A lone straight quote closes a quotation when it sticks to the word before it (`bạn",`)
    // or when no word follows it; otherwise it opens one.
    const prev = s[straight - 1];
    const closes =
      !WORD.test(s.slice(straight + 1)) ||
      (prev !== undefined && !/[\s(:]/.test(prev) && /^(?:[\s,.;!?…–—-]|$)/.test(s.slice(straight + 1, straight + 2)));
    runs.push(closes ? { open: -1, close: straight } : { open: straight, close: s.length });
  }
  return runs;
}

/** `text` with the ranges blanked (same length, so offsets hold). */
function blank(text: string, ranges: readonly (readonly [number, number])[]): string {
  let out = '';
  let at = 0;
  for (const [a, b] of [...ranges].sort((x, y) => x[0] - y[0])) {
    if (b <= at) continue;
    const from = Math.max(a, at);
    out += text.slice(at, from) + ' '.repeat(b - from);
    at = b;
  }
  return out + text.slice(at);
}

/** The first speech verb before `limit` with a subject, and that subject. */
function findSpeech(s: string, folded: string, limit = Infinity): { subject: Span; start: number; end: number } | null {
  let found: { subject: Span; start: number; end: number } | null = null;
  firstMatch(SPEECH, folded, (m) => {
    if (m.index >= limit) return true;
    const end = m.index + m[0].length;
    if (!spelledRight(s, m.index, end, m[0])) return false;
    const subject = subjectBefore(s, folded, m.index);
    if (subject === null) return false;
    if (m[0] === 'thong tin') {
      const head = folded.slice(subject.start, subject.end);
      const upper = subject.text[0] !== subject.text[0]?.toLowerCase();
      const ok = THONG_TIN_AS_VERB.test(folded.slice(end, end + 12))
        ? upper || ORG_HEAD.test(head)
        : ORG_HEAD.test(head) && words(s, subject) <= 8;
      if (!ok) return false;
    }
    found = { subject, start: m.index, end };
    return true;
  });
  return found;
}

/** "Theo X," at the head of the sentence or ", theo X." at its tail, X a source. */
function theoSource(s: string, folded: string): { source: Span; clause: Span; cue: Span; head: boolean } | null {
  const head = THEO_HEAD.exec(folded);
  const tail = head ? null : THEO_TAIL.exec(folded);
  const m = head ?? tail;
  if (m === null || m[1] === undefined) return null;
  let x = m[1];
  const theoAt = folded.indexOf('theo', m.index);
  const xStart = folded.indexOf(x, theoAt + 4);
  if (THEO_NOT_SOURCE.test(x)) return null;
  // "Theo IFRC - mạng lưới … thế giới- không có trận động đất, …": the source's apposition ends at
  // its dash and the clause starts at the denial, which would otherwise be cut from what is matched.
  let clauseFrom: number | null = null;
  const denial = head ? SOURCE_THEN_DENIAL.exec(x) : null;
  if (denial) {
    const at = denial.index + denial[0].length - (denial[1] as string).length;
    const dash = Math.max(x.lastIndexOf('-', at), x.lastIndexOf('–', at));
    if (dash <= 0) return null;
    clauseFrom = xStart + at;
    x = x.slice(0, dash).trimEnd();
  }
  const firstChar = s[xStart] as string;
  if (firstChar === firstChar.toLowerCase() && !THEO_SOURCE_NOUN.test(x)) return null;
  const of = THEO_OF.exec(x);
  const source = spanOf(s, xStart + (of ? of[0].length : 0), xStart + x.length);
  const clause = head ? spanOf(s, clauseFrom ?? m.index + m[0].length, s.length) : spanOf(s, 0, m.index);
  if (source === null || clause === null) return null;
  return { source, clause, cue: cueSpan(s, theoAt, theoAt + 4), head: head !== null };
}

/** The platform the sentence names, as written ("mạng xã hội", "Facebook"); "mạng" for "trên mạng". */
function platformOf(s: string, folded: string): string | null {
  const m = PLATFORM_RE.exec(folded);
  if (m === null) return null;
  const start = m[0].startsWith('tren ') ? m.index + 5 : m.index;
  return s.slice(start, m.index + m[0].length);
}

// ---------------------------------------------------------------------------------------------

function analyse(input: string): Analysis {
  // Crawled text is NFC already (normalizeText); only text with combining marks needs the work.
  const s = COMBINING.test(input) ? input.normalize('NFC') : input;
  const folded = maskInitialDots(s, foldAligned(s));
  const runs = quoteRuns(s);
  const base = {
    sentence: s,
    denialCue: false,
    quoteOpenAtEnd: runs.some((r) => r.close === s.length && r.open >= 0),
    quoteCloses: runs.find((r) => r.open === -1)?.close ?? -1,
    hasQuoteMark: runs.length > 0,
  };

  // Quotations: the one that carries the sentence, and the messages whose cues are not the sentence's.
  let mainQuote: { inner: Span; cue: Span | null; speaker: string | null } | null = null;
  const quoted: [number, number][] = [];
  const messages: [number, number][] = [];
  for (const run of runs) {
    const inner = spanOf(s, run.open + 1, run.close);
    if (inner === null) continue;
    quoted.push([inner.start, inner.end]);
    const introText = run.open > 0 ? folded.slice(Math.max(0, run.open - 40), run.open) : '';
    const introduced = run.open > 0 && QUOTE_INTRO.test(introText);
    if (introduced && MESSAGE_INTRO.test(introText)) messages.push([inner.start, inner.end]);
    if (words(s, inner) < 3) continue;
    let cue: Span | null = null;
    let speaker: string | null = null;
    if (introduced) {
      const from = Math.max(0, run.open - 40);
      const intro = firstMatch(SPEECH_INTRO, introText, (m) => spelledRight(s, from + m.index, from + m.index + m[0].length, m[0]));
      if (intro !== null) {
        cue = cueSpan(s, from + intro.index, from + intro.index + intro[0].length);
        speaker = shortEnough(s, subjectBefore(s, folded, cue.start));
      }
    } else if (run.close < s.length) {
      const post = POST_QUOTE.exec(folded.slice(run.close));
      if (post !== null && post[1] !== undefined && post[2] !== undefined) {
        const verbAt = run.close + post[0].length - post[2].length;
        const subjectAt = run.close + post[0].indexOf(post[1]);
        const subject = spelledRight(s, verbAt, verbAt + post[2].length, post[2]) ? asSubject(s, folded, subjectAt, verbAt) : null;
        if (subject !== null) {
          cue = cueSpan(s, verbAt, verbAt + post[2].length);
          speaker = shortEnough(s, subject);
        }
      }
    }
    const share = (inner.end - inner.start) / Math.max(1, s.length);
    const qualifies = introduced || cue !== null || share >= 0.5 || run.open === -1;
    if (qualifies && (mainQuote === null || inner.end - inner.start > mainQuote.inner.end - mainQuote.inner.start)) {
      mainQuote = { inner, cue, speaker };
    }
  }
  /** The folded text with quoted messages blanked: their cues are the message's. */
  const cueText = messages.length > 0 ? blank(folded, messages) : folded;
  const theo = theoSource(s, folded);

  // 1. denies
  const deny = firstMatch(DENY, cueText, (m) => {
    const end = m.index + m[0].length;
    if (/^nhu /.test(m[0])) return NEGATED_BEFORE.test(cueText.slice(Math.max(0, m.index - 90), m.index));
    if (NO_SUCH_POLICY_RE.test(m[0])) return SAID_BEFORE.test(cueText.slice(Math.max(0, m.index - 40), m.index));
    const tail = /(?:bac bo|phu nhan|dinh chinh)$/.exec(m[0]);
    if (tail && !spelledRight(s, end - tail[0].length, end, tail[0])) return false;
    if (/chinh xac$/.test(m[0]) && !/^(?:la|hoan toan) /.test(m[0])) {
      return PREDICATIVE_BEFORE.test(cueText.slice(Math.max(0, m.index - 20), m.index)) || ABOUT.test(cueText.slice(end, end + 30));
    }
    return true;
  });
  if (deny !== null) {
    const denialCue = true;
    const cueStart = deny.index;
    const cueEnd = cueStart + deny[0].length;
    const namesAfter = DENY_NAMES_AFTER.test(deny[0]);
    const attributive = !namesAfter && !/^nhu /.test(deny[0]) && DENY_ATTRIBUTIVE.test(cueText.slice(Math.max(0, cueStart - 30), cueStart));
    const about = attributive && ABOUT.test(cueText.slice(cueEnd, cueEnd + 30));
    if (!(attributive && !about && hasWarning(s, cueText))) {
      const speaker = findSpeech(s, cueText, cueStart);
      // "Mỹ đã bác bỏ …": the verb's own subject, unless a speech verb sits in it ("X khẳng định không có chuyện …").
      let ownSubject = /^(?:bac bo|phu nhan|dinh chinh)$/.test(deny[0]) ? subjectBefore(s, folded, cueStart) : null;
      if (ownSubject && speaker && speaker.end > ownSubject.start) ownSubject = null;
      const attributedTo = shortEnough(s, ownSubject) ?? shortEnough(s, speaker?.subject) ?? theo?.source.text ?? null;
      let proposition: Span | null = null;
      if (namesAfter || about) {
        // "không có chủ trương đổi tiền như tin đồn trên mạng": the denied thing ends where the rumour is named.
        const asRumoured = AS_RUMOURED.exec(folded.slice(cueEnd));
        const rest = after(s, folded, cueEnd, asRumoured ? cueEnd + asRumoured.index : s.length, LEAD_AFTER);
        proposition = (rest && before(s, folded, rest.start, rest.end)) ?? rest;
      } else if (!attributive) {
        // Predicative: the subject of "… là sai sự thật", after whoever says so.
        let from = theo?.head ? theo.clause.start : 0;
        firstMatch(DENY_FROM, cueText, (m) => {
          if (m.index >= cueStart) return true;
          if (spelledRight(s, m.index, m.index + m[0].length, m[0])) from = Math.max(from, m.index + m[0].length);
          return false;
        });
        proposition = before(s, folded, from, cueStart);
      }
      return {
        ...base,
        denialCue,
        frame: 'denies',
        attributedTo,
        cue: cueSpan(s, cueStart, cueEnd),
        proposition: proposition ?? wholeSentence(s),
      };
    }
  }
  const denialCue = deny !== null;

  // 2. warns
  const socialMatch = SOCIAL.exec(cueText);
  const social =
    socialMatch && !SHARE_CALL_BEFORE.test(cueText.slice(Math.max(0, socialMatch.index - 25), socialMatch.index)) ? socialMatch : null;
  const relayed = (at: number): boolean =>
    social !== null && social.index < at && !/[,;:.]/.test(cueText.slice(social.index + social[0].length, at));
  const candidates: RegExpExecArray[] = [];
  // A question ("Người dân cần làm gì…?") asks for advice, it gives none.
  const question = /\?\s*["”»]?\s*$/.test(s);
  const strong = question
    ? null
    : firstMatch(
        WARN_STRONG,
        cueText,
        (m) =>
          !relayed(m.index) &&
          (m.index > 0 || !/^(?:hay|dung|khong nen|tuyet doi khong)\b/.test(m[0]) || imperativeHead(s, base.hasQuoteMark)),
      );
  if (strong) candidates.push(strong);
  let verb = firstMatch(WARN_VERB, cueText, (m) => !relayed(m.index));
  if (verb && !SCHEME_TOPIC.test(cueText)) verb = null;
  if (verb) candidates.push(verb);
  if (candidates.length === 0) {
    const weak = firstMatch(WARN_WEAK, cueText, (m) => !relayed(m.index));
    if (weak && SCHEME_GENERIC.test(cueText) && !SPECIFIC_CASE.test(cueText) && !NAMED_PERSON.test(s)) candidates.push(weak);
  }
  const warn = candidates.sort((a, b) => a.index - b.index)[0];
  if (warn !== undefined) {
    const cueStart = warn.index + (warn[0].length - warn[0].replace(/^[,;:]?\s*/, '').length);
    const cueEnd = warn.index + warn[0].length;
    const warnVerb = warn === verb;
    const warner = warnVerb ? subjectBefore(s, folded, cueStart) : null;
    const speaker = findSpeech(s, cueText, cueStart);
    const attributedTo = shortEnough(s, warner) ?? shortEnough(s, speaker?.subject) ?? theo?.source.text ?? null;
    let proposition: Span | null = mainQuote?.inner ?? null;
    if (proposition === null) {
      const mark = firstMatch(SCHEME_MARK, folded, (m) => m.index >= cueStart);
      if (mark !== null) proposition = after(s, folded, mark.index + mark[0].length, s.length, WARN_LEAD);
    }
    if (proposition === null && warnVerb && /canh bao/.test(folded.slice(cueStart, cueEnd))) {
      proposition = after(s, folded, cueEnd, s.length, WARN_LEAD);
    }
    return {
      ...base,
      denialCue,
      frame: 'warns',
      attributedTo,
      cue: cueSpan(s, cueStart, cueEnd),
      proposition: proposition ?? wholeSentence(s),
    };
  }

  // The scam itself talks to the reader and asks for something (outside any quotation). Text
  // with diacritics is read as written ("bạn", not "Ban chỉ đạo"); text typed without them, folded.
  const plain: Analysis = { ...base, denialCue, frame: 'asserts', attributedTo: null, cue: null, proposition: wholeSentence(s) };
  const relay = (r: Analysis): Analysis => (addressesReader(s, folded, quoted) ? plain : r);

  // 3. quotes
  if (mainQuote !== null) {
    let attributedTo = mainQuote.speaker;
    if (attributedTo === null && social !== null) attributedTo = platformOf(s, folded);
    if (attributedTo === null && theo !== null) attributedTo = theo.source.text;
    if (attributedTo === null) attributedTo = shortEnough(s, findSpeech(s, folded, mainQuote.inner.start)?.subject);
    return relay({ ...plain, frame: 'quotes', attributedTo, cue: mainQuote.cue, proposition: mainQuote.inner });
  }

  // 4. reports: a platform, a rumour or hearsay; "Theo X,"; "X cho biết …".
  if (social !== null) {
    const cueStart = social.index + (social[0].length - social[0].replace(/^[,;]?\s*/, '').length);
    const cueEnd = social.index + social[0].length;
    const proposition = after(s, folded, cueEnd, s.length, LEAD_AFTER) ?? before(s, folded, 0, cueStart);
    return relay({
      ...plain,
      frame: 'reports',
      attributedTo: platformOf(s, folded),
      cue: cueSpan(s, cueStart, cueEnd),
      proposition: proposition ?? wholeSentence(s),
    });
  }
  if (theo !== null) {
    return relay({ ...plain, frame: 'reports', attributedTo: theo.source.text, cue: theo.cue, proposition: theo.clause });
  }
  const speech = findSpeech(s, folded);
  if (speech !== null) {
    let proposition = after(s, folded, speech.end, s.length, LEAD_AFTER);
    if (proposition === null) {
      // "12 đối tượng đã bị bắt, Đại tá A cho biết."
      const lead = spanOf(s, 0, clauseStart(s, speech.subject.start));
      proposition = lead && words(s, lead) >= 2 ? lead : null;
    }
    return relay({
      ...plain,
      frame: 'reports',
      attributedTo: shortEnough(s, speech.subject),
      cue: cueSpan(s, speech.start, speech.end),
      proposition: proposition ?? wholeSentence(s),
    });
  }
  return plain;
}

/** Any letter beyond ASCII: text typed without diacritics has none. */
const NON_ASCII = /\P{ASCII}/u;

/**
 * A sentence opening on "Hãy", "Đừng", "Không nên" gives advice, unless it is someone's quoted
 * words; folded "dung" is also "Dũng", "Đứng", "đúng", so the spelling decides.
 */
function imperativeHead(s: string, quoted: boolean): boolean {
  if (quoted) return false;
  const first = (/^\S+/.exec(s)?.[0] ?? '').toLowerCase();
  return ['hãy', 'đừng', 'không', 'tuyệt'].includes(first) || !NON_ASCII.test(s);
}

/** The unquoted text talks to the reader and asks for something: the scam message itself. */
function addressesReader(s: string, folded: string, quoted: readonly (readonly [number, number])[]): boolean {
  if (!NON_ASCII.test(s)) return SCAM_ADDRESS_PLAIN.test(quoted.length > 0 ? blank(folded, quoted) : folded);
  const lower = s.toLowerCase();
  return lower.length === s.length && SCAM_ADDRESS_MARKED.test(quoted.length > 0 ? blank(lower, quoted) : lower);
}

/** A warning or advice cue anywhere (deciding what an adjectival denial is). */
function hasWarning(s: string, cueText: string): boolean {
  if (firstMatch(WARN_STRONG, cueText, () => true) !== null) return true;
  if (SCHEME_TOPIC.test(cueText) && firstMatch(WARN_VERB, cueText, () => true) !== null) return true;
  return (
    firstMatch(WARN_WEAK, cueText, () => true) !== null &&
    SCHEME_GENERIC.test(cueText) &&
    !SPECIFIC_CASE.test(cueText) &&
    !NAMED_PERSON.test(s)
  );
}

// ---------------------------------------------------------------------------------------------

/** The frame of one sentence. Spans point into the sentence in NFC (the sentence itself when it is NFC already). */
export function attributeSentence(sentence: string): SentenceAttribution {
  const { frame, attributedTo, cue, proposition } = analyse(sentence);
  return { frame, attributedTo, cue, proposition };
}

/** A quotation left open is followed into at most this many sentences (a lost closing mark must not swallow the document). */
const MAX_QUOTE_CONTINUATION = 6;

/**
 * Every sentence of a document at once. On top of attributeSentence:
 * - a quotation that opens in one sentence (one whose frame is `quotes`) and closes in a later
 *   one makes the sentences in between `quotes` (when they had no frame of their own, at most
 *   MAX_QUOTE_CONTINUATION of them); they take the speaker named where it opens or, failing
 *   that, where it closes (`…", ông A nói.`);
 * - rebuttedInDocument: a `reports` or `quotes` sentence in a document where another sentence
 *   denies (frame `denies`, or any denial cue) or warns (frame `warns`). It is a document-level
 *   signal ("this article relays the rumour in order to rebut it"), not a proposition match.
 */
export function attributeDocument(sentences: readonly string[]): Attribution[] {
  const analyses = sentences.map(analyse);
  let open: { members: Analysis[]; left: number } | null = null;
  const closeGroup = (group: Analysis[], speaker: string | null): void => {
    const name = group.find((a) => a.attributedTo !== null)?.attributedTo ?? speaker;
    for (const a of group) if (a.frame === 'quotes' && a.attributedTo === null) a.attributedTo = name;
  };
  for (const a of analyses) {
    if (open !== null) {
      if (a.frame === 'asserts' || (a.frame === 'reports' && !a.hasQuoteMark)) {
        const proposition = a.quoteCloses >= 0 ? spanOf(a.sentence, 0, a.quoteCloses) : null;
        a.frame = 'quotes';
        a.attributedTo = null;
        a.cue = null;
        if (proposition !== null) a.proposition = proposition;
      }
      if (a.quoteCloses >= 0) {
        closeGroup([...open.members, a], null);
        open = null;
      } else if (!a.hasQuoteMark && (open.left -= 1) > 0) {
        open.members.push(a);
      } else {
        closeGroup(open.members, null);
        open = null;
      }
    }
    if (a.quoteOpenAtEnd && a.frame === 'quotes') open = { members: [a], left: MAX_QUOTE_CONTINUATION };
  }
  if (open !== null) closeGroup(open.members, null);
  const rebutting = analyses.map((a) => a.frame === 'denies' || a.frame === 'warns' || a.denialCue);
  const count = rebutting.filter(Boolean).length;
  return analyses.map((a, i) => ({
    frame: a.frame,
    attributedTo: a.attributedTo,
    cue: a.cue,
    proposition: a.proposition,
    rebuttedInDocument: (a.frame === 'reports' || a.frame === 'quotes') && count - (rebutting[i] ? 1 : 0) > 0,
  }));
}
