import { describe, expect, it } from 'vitest';
import { SCAM_THRESHOLD, assessScamMessage, scamIndicators } from '../../classifiers/scoring/scam-message.js';
import { foldDiacritics } from '../../classifiers/text/normalize.js';
import { Entity } from '../../core/contracts.js';

/** Every message as written and as typed without diacritics (most real SMS). */
const twins = (text: string): [string, string] => [text, foldDiacritics(text)];
const ids = (text: string): string[] => assessScamMessage(text).cues.map((c) => c.id);
const values = (text: string, kind: Entity['kind']): string[] =>
  scamIndicators(text)
    .filter((e) => e.kind === kind)
    .map((e) => e.value);

/** Scam messages themselves, with a cue each must show (the reason it fires). */
const SCAMS: [string, string][] = [
  ['Tài khoản VNeID của bạn sẽ bị khóa trong 24h. Truy cập http://vneid-capnhat.xyz để xác thực mức độ 2', 'link-action'],
  [
    'Công an quận thông báo: anh có liên quan đến vụ án rửa tiền, yêu cầu chuyển toàn bộ số tiền vào tài khoản 0123456789 Vietcombank để xác minh',
    'money-to-account',
  ],
  ['Chúc mừng quý khách đã trúng thưởng xe SH, vui lòng nộp phí 2.000.000đ vào STK 190366778899 Techcombank để nhận giải', 'lure'],
  ['Tuyển cộng tác viên việc nhẹ lương cao 500k-1tr/ngày, liên hệ Zalo 0987.654.321', 'contact-chat'],
  ['Ngân hàng thông báo thẻ của bạn bị khóa, đọc mã OTP cho nhân viên để mở khóa', 'secret-request'],
  ['EVN thông báo: quý khách nợ tiền điện, sẽ bị cắt điện trong 2h tới, liên hệ 0901xxxxxx', 'contact-number'],
  ['EVN thông báo: quý khách nợ tiền điện, sẽ bị cắt điện trong 2h tới, liên hệ 0901 234 567', 'contact-number'],
  [
    '[Bộ Công an] Thông báo: Hồ sơ định danh của bạn chưa được xác thực. Vui lòng cài đặt ứng dụng VNeID tại bit.ly/vneid-cap2 trước 17h hôm nay.',
    'speaks-as-authority',
  ],
  [
    'Alo, tôi là cán bộ Công an phường Bến Nghé, anh có liên quan đến đường dây ma túy, yêu cầu anh cung cấp số CCCD và chuyển tiền vào tài khoản tạm giữ 1903 6677 8899 MB.',
    'secret-request',
  ],
  [
    'Vietcombank: Tài khoản của quý khách tạm khóa do đăng nhập bất thường. Mở khóa tại https://vcb-xacthuc.com/login. Tuyệt đối không chia sẻ OTP.',
    'suspicious-link',
  ],
  [
    'Chị ơi em gọi từ ngân hàng Techcombank, thẻ của chị sắp hết hạn, chị đọc giúp em mã OTP vừa gửi về máy để gia hạn nhé',
    'secret-request',
  ],
  ['Hỗ trợ vay vốn không cần thế chấp, giải ngân trong 30 phút, lãi suất 0%. Liên hệ 0912-345-678', 'lure'],
];

/**
 * More shapes, written for these tests: pay up front to receive, a relative in trouble, paid
 * tasks, a loan against a photo of the ID card, guaranteed returns, recovering lost money, a
 * request put as a threat, a handout claimed through a link, a phone menu, forged papers.
 */
const MORE_SCAMS: [string, string][] = [
  ['Bạn đã trúng thưởng 1 chiếc iPhone 15 Pro Max từ chương trình tri ân, vui lòng đóng phí vận chuyển 350k để nhận quà', 'advance-fee'],
  ['Đơn hàng quốc tế của bạn đang ở kho hải quan, thanh toán 1,5 triệu đồng phí lưu kho để được giao trong ngày.', 'advance-fee'],
  [
    'Anh ơi em là bạn của chị Lan, chị ấy bị tai nạn đang cấp cứu cần tiền mổ gấp, anh chuyển trước 20 triệu vào tài khoản bệnh viện giúp em',
    'urgency-threat',
  ],
  [
    'Em ơi chị đang kẹt ở sân bay, điện thoại sắp hết pin, em chuyển tạm chị 8 triệu vào số tài khoản này nha, về chị gửi lại liền.',
    'money-to-account',
  ],
  ['Cần người nhận hàng online, mỗi đơn hoa hồng 10-15%, làm tại nhà, không cần kinh nghiệm, ib ngay.', 'too-good-guarantee'],
  [
    'Em là nhân viên ngân hàng, anh có khoản vay 80 triệu lãi suất 0,5% đã được duyệt, anh gửi em ảnh CCCD mặt trước mặt sau để giải ngân nhé',
    'secret-request',
  ],
  ['Nạp 5 triệu nhận ngay 10 triệu trong 24h, rút tiền không giới hạn, tham gia nhóm Telegram t.me/kiemtien88', 'payout'],
  [
    'Bên mình nhận lấy lại tiền bị lừa qua mạng, cam kết thành công 100%, chỉ thu phí sau khi lấy lại được tiền, inbox ngay',
    'contact-chat',
  ],
  ['Alo chị ơi, em bên điện lực, nhà mình nợ tiền điện 2 tháng, trong hôm nay chị không đóng tiền thì bên em cắt điện', 'money-request'],
  ['Đăng ký nhận gói hỗ trợ thất nghiệp 5 triệu đồng từ Bảo hiểm xã hội tại bhxh-hotro.online trước ngày 30/6', 'link-action'],
  ['Quý khách vui lòng bấm phím 1 để nghe thông báo về việc thuê bao sắp bị khóa do chưa chuẩn hóa thông tin.', 'contact-number'],
  ['Nhận làm sổ đỏ, bằng lái, căn cước nhanh không cần chờ đợi, giá rẻ, bao đậu, liên hệ 0966.888.222', 'lure'],
  [
    'Thông báo khẩn từ Bộ Công an: ông/bà có liên quan đến vụ rửa tiền, gọi ngay 0868.111.222 gặp điều tra viên để được hướng dẫn.',
    'claims-authority',
  ],
];

/** News reports and police warnings ABOUT scams: third person, advice. */
const REPORTS = [
  'Công an tỉnh Nghệ An cảnh báo thủ đoạn giả danh công an gọi điện yêu cầu chuyển tiền',
  'Các đối tượng gửi tin nhắn kèm đường link giả mạo, yêu cầu nạn nhân cung cấp mã OTP',
  'Người dân tuyệt đối không cung cấp mã OTP cho bất kỳ ai',
  'Theo Công an TP Hà Nội, thời gian qua xuất hiện tình trạng đối tượng tự xưng là cán bộ công an gọi điện cho người dân, yêu cầu chuyển tiền vào tài khoản để xác minh.',
  'Khi phát hiện dấu hiệu nghi vấn, người dân gọi ngay 113 hoặc đến cơ quan công an gần nhất.',
  'Không bấm vào đường link lạ, không cài đặt ứng dụng không rõ nguồn gốc, không chuyển tiền cho người lạ.',
  'Anh Nguyễn Văn A (ngụ quận 7) cho biết đã chuyển 300 triệu đồng vào tài khoản của đối tượng.',
  // The scheme told in detail, with its source, a named victim, or as a denial.
  'Kẻ lừa đảo gọi điện tự xưng cán bộ thuế, thông báo được hoàn thuế 4 triệu đồng và yêu cầu cài ứng dụng theo đường dẫn.',
  'Theo Cục An toàn thông tin, chiêu thức gửi tin nhắn báo trúng thưởng rồi yêu cầu đóng phí nhận quà vẫn phổ biến.',
  'Chị Nguyễn Thị H. (45 tuổi) cho biết đã chuyển 200 triệu đồng để nhận quà từ người lạ.',
  'Những lời mời đầu tư với cam kết lợi nhuận 30% mỗi tháng, không thua lỗ đều là dấu hiệu lừa đảo.',
  'Vietcombank không bao giờ yêu cầu khách hàng cung cấp mã OTP hoặc truy cập đường link lạ.',
  // A warning quoting the scam word for word is still a warning.
  'Cảnh báo: các đối tượng gửi tin nhắn "Tài khoản VNeID của bạn sẽ bị khóa trong 24h, truy cập vneid-capnhat.xyz để xác thực" nhằm chiếm đoạt tài sản.',
];

/** Legitimate service SMS and personal messages. */
const LEGIT = [
  'Ma OTP cua Quy khach la 123456, co hieu luc trong 3 phut. Tuyet doi KHONG chia se ma nay cho bat ky ai.',
  'TK 1234xxx789 +5,000,000VND luc 10:20 02/12. SD: 12,345,678VND. ND: chuyen tien hoc',
  'TK 0071000123456 -2,000,000VND luc 14:05 03/12. SD: 10,345,678VND. ND: NGUYEN VAN A chuyen tien vao tai khoan 0123456789',
  'Viettel tang 50% gia tri the nap ngay 5/12. Chi tiet LH 198',
  'Viettel tặng 50% giá trị thẻ nạp cho quý khách nạp tiền trong 24h hôm nay. Chi tiết LH 198',
  'Gói cước V90 của Quý khách sẽ hết hạn vào 23h59 ngày 15/12. Để gia hạn, soạn GH V90 gửi 191. Chi tiết LH 198 (miễn phí).',
  'Đơn hàng SPX123456 của bạn đang được giao, vui lòng giữ máy. Shipper: 0912345678',
  'Nhắc lịch: Quý khách có lịch khám tại Bệnh viện Bạch Mai lúc 8h00 ngày 12/12. Vui lòng đến trước 15 phút. LH 19001234',
  'EVN HANOI thông báo tiền điện tháng 11 của mã KH PD1234 là 350.000đ. Vui lòng thanh toán trước ngày 25/11. Chi tiết LH 19001288',
  'Thẻ của quý khách bị khóa do nhập sai PIN 3 lần. LH 1900545413 để được hỗ trợ',
  'VCB: Quý khách vừa đăng nhập VCB Digibank trên thiết bị mới lúc 09:15 03/12. Nếu không phải Quý khách, LH 1900545413.',
  'Chiều nay mẹ chuyển tiền học cho con rồi nhé',
  'Mai con nhớ chuyển khoản tiền nhà cho chú chủ nhà nhé, số tài khoản 0071000123456 Vietcombank',
  'Chương trình quà tặng tri ân khách hàng: Vietcombank tặng quý khách voucher 200.000đ khi thanh toán qua VCB Digibank.',
  'Viettel Money tặng 20.000đ cho giao dịch nạp tiền điện thoại đầu tiên trên ứng dụng Viettel Money. Chi tiết LH 18009000.',
  'Đơn hàng của bạn đã sẵn sàng, vui lòng thanh toán 150.000đ khi nhận hàng. Hotline 19001234',
  'Công ty ABC tuyển nhân viên kinh doanh, lương cứng 8 triệu đồng cộng hoa hồng, nộp hồ sơ tại phòng nhân sự.',
  'Con ơi mẹ chuyển 5 triệu vào tài khoản con rồi nhé, con đóng học phí trước ngày 10 đi.',
  'Anh chuyển khoản tiền điện tháng này giúp em nhé, hóa đơn em gửi qua Zalo rồi.',
];

/** "Clearly below": at least this far under the threshold. */
const MARGIN = 0.15;

describe('Classifiers > scoring > scam-message: verdict', () => {
  it.each(SCAMS)('fires on a scam message, with and without diacritics: %s', (text, cue) => {
    for (const t of twins(text)) {
      const a = assessScamMessage(t);
      expect(a.isScam, t).toBe(true);
      expect(a.score).toBeGreaterThanOrEqual(SCAM_THRESHOLD);
      expect(ids(t), t).toContain(cue);
    }
  });

  it.each(MORE_SCAMS)('fires on more scam shapes, with and without diacritics: %s', (text, cue) => {
    for (const t of twins(text)) {
      const a = assessScamMessage(t);
      expect(a.isScam, t).toBe(true);
      expect(ids(t), t).toContain(cue);
    }
  });

  it.each(REPORTS)('does not fire on a report or warning about a scam: %s', (text) => {
    for (const t of twins(text)) {
      const a = assessScamMessage(t);
      expect(a.isScam, t).toBe(false);
      expect(a.score, t).toBeLessThan(SCAM_THRESHOLD - MARGIN);
    }
  });

  it.each(LEGIT)('does not fire on a legitimate service or personal message: %s', (text) => {
    for (const t of twins(text)) {
      const a = assessScamMessage(t);
      expect(a.isScam, t).toBe(false);
      expect(a.score, t).toBeLessThan(SCAM_THRESHOLD - MARGIN);
    }
  });

  it('the warning and the third-person report are what pull a report down', () => {
    const [report] = twins(REPORTS[1] as string);
    expect(ids(report)).toEqual(expect.arrayContaining(['third-person-report', 'secret-request']));
    expect(ids(REPORTS[2] as string)).toContain('warning-context');
    expect(ids(LEGIT[1] as string)).toContain('transaction-notice');
    // The same request, said to the reader, is a scam.
    expect(
      assessScamMessage('Quý khách vui lòng cung cấp mã OTP cho nhân viên để hoàn tất hủy giao dịch, nếu không tài khoản sẽ bị khóa')
        .isScam,
    ).toBe(true);
  });

  it('a link or a phone number alone is not enough, nor a threat without a request', () => {
    for (const t of [
      'http://vneid-capnhat.xyz',
      'Liên hệ 0987654321',
      'STK 0123456789 Vietcombank',
      'Tài khoản của bạn sẽ bị khóa trong 24h.',
    ]) {
      expect(assessScamMessage(t).isScam, t).toBe(false);
    }
    // A threat + address + brand, but nothing asked: capped below the threshold.
    const notice = assessScamMessage('Viettel thông báo: thuê bao của quý khách sẽ bị khóa trong 24h tới.');
    expect(notice.score).toBeLessThan(SCAM_THRESHOLD - MARGIN);
  });

  it('"nạn nhân" / "người dân" offered help are the reader of a scam, not a report', () => {
    const recovery = 'Trung tâm hỗ trợ nạn nhân của Công an TP cam kết lấy lại toàn bộ tiền, liên hệ qua Telegram @hotro_congan';
    expect(ids(recovery)).not.toContain('third-person-report');
    expect(assessScamMessage(recovery).isScam).toBe(true);
    expect(ids('Công an tiếp nhận trình báo của nạn nhân')).toContain('third-person-report');
  });

  it('where folding merges two words, the accented text decides', () => {
    // "tăng 50%" is a rise, "tặng 500k" a gift; "dòng tiền" is cash flow; "3 triệu đồng phí" has no "đóng phí".
    expect(ids('Doanh thu tăng 500 nghìn đồng mỗi ngày')).not.toContain('payout');
    expect(ids('Tặng 500 nghìn đồng mỗi ngày')).toContain('payout');
    expect(ids('Dòng tiền 5 tỷ đồng chảy vào cổ phiếu')).not.toContain('money-request');
    expect(ids('Đóng 5 triệu đồng phí hồ sơ')).toContain('money-request');
    // "của Ban tổ chức" is the organising board, "anh chỉ cần" is "only", "quả tang" is red-handed.
    expect(ids('Độc giả trúng thưởng sẽ nhận được email của Ban tổ chức.')).not.toContain('second-person');
    expect(ids('Giờ anh chỉ cần ra ngân hàng để sao kê.')).not.toContain('second-person');
    expect(ids('Bắt quả tang đối tượng trong vòng 15 phút')).not.toContain('gift-lure');
    // Typed without accents, the ambiguous word is read as the message would mean it.
    expect(ids('Ban da trung thuong, dong phi 500k de nhan qua')).toEqual(expect.arrayContaining(['second-person', 'advance-fee']));
    // Except "chi can" / "chi phai": "chỉ cần" far more often than "chị cần" (a real news sentence on wedding gifts by QR code, typed without accents).
    expect(ids('Khach chi can ra cong quet ma QR de chuyen khoan tien mung')).not.toContain('second-person');
    expect(ids('Chị cần ra ngân hàng ngay để xác minh tài khoản')).toContain('second-person');
  });

  it('a transfer told as done is not a request', () => {
    expect(ids('Mẹ đã chuyển 5 triệu vào tài khoản con.')).not.toContain('money-to-account');
    expect(ids('Chuyển 5 triệu vào tài khoản này rồi gửi ảnh cho em nhé')).toContain('money-to-account');
  });

  it('a prohibition is not a request', () => {
    expect(ids('Tuyệt đối không đọc mã OTP cho người khác')).not.toContain('secret-request');
    expect(ids('Đọc mã OTP cho nhân viên ngân hàng để hủy giao dịch')).toContain('secret-request');
    expect(ids('Đừng bấm vào link http://vneid-capnhat.xyz')).not.toContain('link-action');
    expect(ids('Bấm vào link http://vneid-capnhat.xyz')).toContain('link-action');
    expect(ids('Ngân hàng không bao giờ yêu cầu khách hàng cung cấp mã OTP')).not.toContain('secret-request');
    expect(ids('Nếu không nộp phạt 2 triệu đồng, thiết bị của bạn sẽ bị khóa')).toContain('money-request');
  });

  it('reports each cue once per group, with a reason in both languages and its span', () => {
    const text = SCAMS[0]![0];
    const a = assessScamMessage(text);
    expect(a.cues.map((c) => c.id)).toEqual(['second-person', 'urgency-threat', 'link-action', 'suspicious-link']);
    const byId = new Map(a.cues.map((c) => [c.id, c]));
    expect(text.slice(byId.get('second-person')!.start, byId.get('second-person')!.end)).toBe('của bạn');
    expect(text.slice(byId.get('urgency-threat')!.start, byId.get('urgency-threat')!.end)).toBe('sẽ bị khóa');
    expect(text.slice(byId.get('link-action')!.start, byId.get('link-action')!.end)).toBe('Truy cập http://vneid-capnhat.xyz');
    for (const c of a.cues) {
      expect(c.vi.length).toBeGreaterThan(5);
      expect(c.en.length).toBeGreaterThan(5);
    }
  });
});

describe('Classifiers > scoring > scam-message: indicators', () => {
  it('normalises Vietnamese phone numbers written every way, and tells hotlines apart', () => {
    for (const t of [
      'Gọi 0912 345 678',
      'Gọi 0912.345.678',
      'Gọi 0912-345-678',
      'Gọi +84912345678',
      'Gọi +84 912 345 678',
      'Gọi (+84) 912-345-678',
      'Gọi 0912345678.',
    ]) {
      const phones = scamIndicators(t).filter((e) => e.kind === 'phone');
      expect(
        phones.map((e) => [e.value, e.unit]),
        t,
      ).toEqual([['0912345678', 'mobile']]);
      const p = phones[0]!;
      expect(t.slice(p.start, p.end)).toBe(p.text);
    }
    expect(values('Tổng đài (024) 3826 9999', 'phone')).toEqual(['02438269999']);
    expect(
      scamIndicators('Chi tiết LH 198 hoặc gọi 1900 545 413, khẩn cấp gọi 113')
        .filter((e) => e.kind === 'phone')
        .map((e) => [e.value, e.unit]),
    ).toEqual([
      ['198', 'hotline'],
      ['1900545413', 'hotline'],
      ['113', 'hotline'],
    ]);
    // A count is not a hotline, a date or an amount is not a phone number.
    expect(values('Phát hiện 113 vụ, ngày 12.05.2024, thu 2.000.000.000 đồng', 'phone')).toEqual([]);
  });

  it('finds links and their domains: with a scheme, www, bare, shortened', () => {
    const t = 'Truy cập https://Xacthuc.VNeID-capnhat.xyz/login?id=1, www.vcb-hotro.top, vneid-capnhat.xyz hoặc bit.ly/3AbcXyz.';
    expect(values(t, 'link')).toEqual(['xacthuc.vneid-capnhat.xyz/login?id=1', 'vcb-hotro.top', 'vneid-capnhat.xyz', 'bit.ly/3AbcXyz']);
    expect(values(t, 'domain')).toEqual(['xacthuc.vneid-capnhat.xyz', 'vcb-hotro.top', 'vneid-capnhat.xyz', 'bit.ly']);
    for (const e of scamIndicators(t)) expect(t.slice(e.start, e.end)).toBe(e.text);
    // "user@host": the browser goes to the host after the @.
    expect(values('Đăng nhập http://vietcombank.com.vn@vcb-login.xyz/a', 'domain')).toEqual(['vcb-login.xyz']);
    // Not domains: an e-mail's host, abbreviations, numbers.
    expect(values('Gửi về hotro@gmail.com tại TP.HCM, v.v. ngày 6.5', 'domain')).toEqual([]);
  });

  it('finds bank accounts with their bank, not amounts', () => {
    const acc = (t: string) =>
      scamIndicators(t)
        .filter((e) => e.kind === 'bank-account')
        .map((e) => [e.value, e.unit ?? null]);
    expect(acc('chuyển vào STK: 0123456789 Vietcombank')).toEqual([['0123456789', 'vietcombank']]);
    expect(acc('so tai khoan 1903 6677 8899 ngan hang Techcombank')).toEqual([['190366778899', 'techcombank']]);
    expect(acc('tk VCB 0071000123456')).toEqual([['0071000123456', 'vietcombank']]);
    expect(acc('MB: 0888123456789')).toEqual([['0888123456789', 'mbbank']]);
    expect(acc('STK nhận tiền 9704123456')).toEqual([['9704123456', null]]);
    expect(acc('nộp 2.000.000đ vào tài khoản, tài khoản 500000 đồng')).toEqual([]);
    expect(acc('Số dư tài khoản: 12.345.678')).toEqual([]);
    // An account number is not also a phone number.
    expect(values('STK 0912345678 MB Bank', 'phone')).toEqual([]);
  });

  it('names the agency the message speaks as, not one it mentions or someone pretends to be', () => {
    const orgs = (t: string) => values(t, 'organization');
    expect(orgs('Công an quận thông báo: anh có liên quan đến vụ án')).toEqual(['cong-an']);
    expect(orgs('[Bo Cong An] Ho so cua ban chua duoc xac thuc')).toEqual(['bo-cong-an']);
    expect(orgs('Em gọi từ ngân hàng Techcombank')).toEqual(['ngan-hang:techcombank']);
    expect(orgs('VCB: Ma OTP cua Quy khach la 123456')).toEqual(['ngan-hang:vietcombank']);
    expect(orgs('EVN thông báo: quý khách nợ tiền điện')).toEqual(['evn']);
    expect(orgs('Viettel thong bao: thue bao cua quy khach')).toEqual(['nha-mang:viettel']);
    expect(orgs('Đối tượng giả danh công an gọi điện yêu cầu chuyển tiền')).toEqual([]);
    expect(orgs('Đối tượng giả danh Công an phường, yêu cầu anh T. chuyển tiền')).toEqual([]);
    expect(orgs('Tôi là cán bộ Công an phường, yêu cầu anh chuyển tiền')).toEqual(['cong-an']);
    expect(orgs('Anh A đến công an phường trình báo')).toEqual([]);
  });

  it('every indicator is a valid Entity whose span is its text', () => {
    for (const [text] of SCAMS) {
      for (const t of twins(text)) {
        const found = assessScamMessage(t).indicators;
        for (const e of found) {
          expect(Entity.safeParse(e).success, JSON.stringify(e)).toBe(true);
          expect(t.slice(e.start, e.end)).toBe(e.text);
        }
      }
    }
    expect(assessScamMessage(SCAMS[1]![0]).indicators.map((e) => e.kind)).toEqual(['organization', 'bank-account']);
  });

  it('keeps offsets into decomposed (NFD) text', () => {
    const text = SCAMS[0]![0].normalize('NFD');
    const a = assessScamMessage(text);
    expect(a.isScam).toBe(true);
    const second = a.cues.find((c) => c.id === 'second-person')!;
    expect(text.slice(second.start, second.end).normalize('NFC')).toBe('của bạn');
    for (const e of a.indicators) expect(text.slice(e.start, e.end)).toBe(e.text);
  });
});

describe('Classifiers > scoring > scam-message: campaign key', () => {
  it('messages pointing at the same registrable domain share a key', () => {
    const a = assessScamMessage('Tài khoản VNeID của bạn sẽ bị khóa trong 24h. Truy cập http://vneid-capnhat.xyz để xác thực mức độ 2');
    const b = assessScamMessage(
      'Cong an thong bao: ho so dinh danh cua ban chua hop le, vui long cap nhat tai https://xacthuc.VNEID-capnhat.xyz/muc2 truoc 17h, liên hệ 0912345678',
    );
    expect(a.isScam && b.isScam).toBe(true);
    expect(a.campaignKey).toBe('domain:vneid-capnhat.xyz');
    expect(b.campaignKey).toBe(a.campaignKey);
    expect(assessScamMessage('Truy cap vneid-capnhat2.xyz de xac thuc tai khoan cua ban').campaignKey).not.toBe(a.campaignKey);
  });

  it('a phone number written two ways is one campaign', () => {
    const a = assessScamMessage('Tuyển cộng tác viên việc nhẹ lương cao, liên hệ Zalo 0912 345 678');
    const b = assessScamMessage('Chuc mung ban da trung thuong iPhone 15, goi ngay +84912345678 de nhan qua');
    expect(a.isScam && b.isScam).toBe(true);
    expect(a.campaignKey).toBe('phone:0912345678');
    expect(b.campaignKey).toBe(a.campaignKey);
  });

  it('picks the strongest indicator: domain, then short link, then phone, then account', () => {
    expect(assessScamMessage('STK 0123456789, goi 0987654321, vao vcb-hotro.top hoac bit.ly/abc').campaignKey).toBe('domain:vcb-hotro.top');
    expect(assessScamMessage('STK 0123456789, goi 0987654321, vao bit.ly/abc').campaignKey).toBe('link:bit.ly/abc');
    expect(assessScamMessage('STK 0123456789, goi 0987654321').campaignKey).toBe('phone:0987654321');
    expect(assessScamMessage('Nop phi vao STK 0123456789 Vietcombank').campaignKey).toBe('account:0123456789');
    // Hotlines and official sites are no campaign.
    expect(assessScamMessage('Chi tiet LH 198 hoac truy cap https://dichvucong.gov.vn').campaignKey).toBeNull();
    expect(assessScamMessage('Ngân hàng thông báo thẻ của bạn bị khóa, đọc mã OTP cho nhân viên để mở khóa').campaignKey).toBeNull();
  });

  it('a warning quoting a scam is not a scam, but its indicators join the campaign', () => {
    const scam = assessScamMessage(SCAMS[0]![0]);
    const warning = assessScamMessage(REPORTS[REPORTS.length - 1] as string);
    expect(warning.isScam).toBe(false);
    expect(warning.campaignKey).toBe(scam.campaignKey);
  });
});
