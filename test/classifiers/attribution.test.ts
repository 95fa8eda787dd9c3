import { describe, expect, it } from 'vitest';
import { attributeDocument, attributeSentence, type SentenceAttribution } from '../../classifiers/claims/attribution.js';
import { Attribution, type Frame } from '../../core/contracts.js';
import { foldDiacritics } from '../../classifiers/text/normalize.js';

/**
 * Sentences written for these tests in the style of Vietnamese police and public-security news
 * (names invented). Each case runs twice: as written, and folded the way people type online
 * (no diacritics, lower case), where every expected string is folded the same way.
 */
interface Case {
  name: string;
  sentence: string;
  frame: Frame;
  /** Expected proposition text (as written; folded for the twin). */
  proposition: string;
  /** Expected attributedTo; `undefined` leaves it unchecked. */
  attributedTo?: string | null;
  /** Expected cue text; `undefined` leaves it unchecked. */
  cue?: string | null;
}

const CASES: Case[] = [
  // reports
  {
    name: 'a person named by an initial gives her account ("Chị N. cho biết")',
    sentence: 'Chị N. cho biết đã chuyển 200 triệu đồng cho kẻ giả danh công an.',
    frame: 'reports',
    attributedTo: 'Chị N.',
    cue: 'cho biết',
    proposition: 'đã chuyển 200 triệu đồng cho kẻ giả danh công an',
  },
  {
    name: 'initials in a row ("cháu T.N.A.T.")',
    sentence: 'Người nhà cháu T.N.A.T. cho rằng, cháu bị ép sử dụng ma túy.',
    frame: 'reports',
    attributedTo: 'Người nhà cháu T.N.A.T.',
    proposition: 'cháu bị ép sử dụng ma túy',
  },
  {
    name: 'a title that ends in "sư" is a speaker ("Luật sư cho rằng"), where "sự" is not',
    sentence: 'Luật sư cho rằng bị cáo không có ý định chiếm đoạt tài sản.',
    frame: 'reports',
    attributedTo: 'Luật sư',
    proposition: 'bị cáo không có ý định chiếm đoạt tài sản',
  },
  {
    name: 'an abbreviation with its dot ("Công an TP. Thủ Đức cho biết")',
    sentence: 'Công an TP. Thủ Đức cho biết đã tạm giữ 3 đối tượng.',
    frame: 'reports',
    attributedTo: 'Công an TP. Thủ Đức',
    proposition: 'đã tạm giữ 3 đối tượng',
  },
  {
    name: 'a source whose name holds a dot ("Theo Công an TP.HCM,")',
    sentence: 'Theo Công an TP.HCM, đối tượng đã chiếm đoạt hơn 3 tỷ đồng của 20 người.',
    frame: 'reports',
    attributedTo: 'Công an TP.HCM',
    proposition: 'đối tượng đã chiếm đoạt hơn 3 tỷ đồng của 20 người',
  },
  {
    name: 'social media relays a claim ("lan truyền thông tin cho rằng")',
    sentence: 'Trên mạng xã hội lan truyền thông tin cho rằng tài khoản VNeID sẽ bị khóa nếu không cập nhật trước ngày 1/7.',
    frame: 'reports',
    attributedTo: 'mạng xã hội',
    cue: 'lan truyền thông tin',
    proposition: 'tài khoản VNeID sẽ bị khóa nếu không cập nhật trước ngày 1/7',
  },
  {
    name: 'a rumour surfaces ("rộ tin nhắn thông báo")',
    sentence: 'Mấy ngày qua, trên mạng xã hội rộ tin nhắn thông báo tài khoản định danh điện tử sắp bị khóa.',
    frame: 'reports',
    attributedTo: 'mạng xã hội',
    cue: 'rộ tin nhắn',
    proposition: 'tài khoản định danh điện tử sắp bị khóa',
  },
  {
    name: 'an officer says ("X cho biết, …"), the subject joined to his title',
    sentence: 'Đại tá Nguyễn Văn Hùng, Trưởng Công an huyện Quỳnh Lưu cho biết, 12 đối tượng đã bị bắt giữ.',
    frame: 'reports',
    attributedTo: 'Đại tá Nguyễn Văn Hùng, Trưởng Công an huyện Quỳnh Lưu',
    cue: 'cho biết',
    proposition: '12 đối tượng đã bị bắt giữ',
  },
  {
    name: 'the speech verb after what was said',
    sentence: 'Hai nghi phạm đã ra đầu thú tại trụ sở công an xã, Thượng tá Lê Văn Nam cho biết.',
    frame: 'reports',
    attributedTo: 'Thượng tá Lê Văn Nam',
    cue: 'cho biết',
    proposition: 'Hai nghi phạm đã ra đầu thú tại trụ sở công an xã',
  },
  {
    name: '"Theo X," names the source',
    sentence: 'Theo Công an tỉnh Nghệ An, nhóm đối tượng đã chiếm đoạt hơn 2 tỷ đồng của 35 người.',
    frame: 'reports',
    attributedTo: 'Công an tỉnh Nghệ An',
    cue: 'Theo',
    proposition: 'nhóm đối tượng đã chiếm đoạt hơn 2 tỷ đồng của 35 người',
  },
  {
    // After a ViFactCheck dev article ("Theo IFRC - …"): the source's apposition ends at a dash, and the denial opens the clause.
    name: '"Theo X - apposition- không có Y, …" keeps the denial in what is reported',
    sentence:
      'Theo Tổ chức IFRC - mạng lưới ứng phó thảm họa lớn nhất thế giới- không có trận động đất, hạn hán hay cơn bão nào trong lịch sử được ghi nhận cướp đi nhiều sinh mạng hơn đại dịch COVID-19.',
    frame: 'reports',
    attributedTo: 'Tổ chức IFRC - mạng lưới ứng phó thảm họa lớn nhất thế giới',
    cue: 'Theo',
    proposition:
      'không có trận động đất, hạn hán hay cơn bão nào trong lịch sử được ghi nhận cướp đi nhiều sinh mạng hơn đại dịch COVID-19',
  },
  {
    name: '"Theo Không quân …," is a source, not a denial',
    sentence: 'Theo Bộ Tư lệnh Không quân Mỹ, chiếc máy bay đã hạ cánh an toàn sau sự cố kỹ thuật.',
    frame: 'reports',
    attributedTo: 'Bộ Tư lệnh Không quân Mỹ',
    cue: 'Theo',
    proposition: 'chiếc máy bay đã hạ cánh an toàn sau sự cố kỹ thuật',
  },
  {
    name: 'hearsay ("nghe nói") is a report by an unnamed someone',
    sentence: 'Nghe nói từ tháng sau ai chưa đổi căn cước sẽ bị phạt 5 triệu đồng.',
    frame: 'reports',
    attributedTo: null,
    cue: 'Nghe nói',
    proposition: 'từ tháng sau ai chưa đổi căn cước sẽ bị phạt 5 triệu đồng',
  },
  {
    name: 'a rumour that itself contains "không" is still reported, not denied',
    sentence: 'Mạng xã hội lan truyền thông tin người chưa kích hoạt VNeID sẽ không được rút lương hưu.',
    frame: 'reports',
    attributedTo: 'Mạng xã hội',
    proposition: 'người chưa kích hoạt VNeID sẽ không được rút lương hưu',
  },
  {
    name: 'a warning word inside the relayed rumour belongs to the rumour',
    sentence: 'Trên Facebook rộ tin nhắn cảnh báo tài khoản ngân hàng sẽ bị phong tỏa vì chưa xác thực sinh trắc học.',
    frame: 'reports',
    attributedTo: 'Facebook',
    proposition: 'cảnh báo tài khoản ngân hàng sẽ bị phong tỏa vì chưa xác thực sinh trắc học',
  },
  // denies
  {
    name: '"Thông tin X là không chính xác": X is what is denied',
    sentence: 'Thông tin căn cước công dân hết hiệu lực sau ngày 30/6 là không chính xác.',
    frame: 'denies',
    attributedTo: null,
    cue: 'là không chính xác',
    proposition: 'căn cước công dân hết hiệu lực sau ngày 30/6',
  },
  {
    name: '"X bác bỏ thông tin Y": Y is what is denied, X denies it',
    sentence: 'Bộ Công an bác bỏ thông tin người dân phải nộp phí khi kích hoạt tài khoản định danh mức độ 2.',
    frame: 'denies',
    attributedTo: 'Bộ Công an',
    cue: 'bác bỏ',
    proposition: 'người dân phải nộp phí khi kích hoạt tài khoản định danh mức độ 2',
  },
  {
    name: 'an official calls what circulated false (denies wins over the report cue)',
    sentence: 'Công an tỉnh Thanh Hóa khẳng định thông tin lan truyền trên mạng là sai sự thật.',
    frame: 'denies',
    attributedTo: 'Công an tỉnh Thanh Hóa',
    cue: 'sai sự thật',
    proposition: 'thông tin lan truyền trên mạng',
  },
  {
    name: '"khẳng định không có chủ trương X như tin đồn": X ends where the rumour is named',
    sentence: 'Ngân hàng Nhà nước khẳng định không có chủ trương đổi tiền như tin đồn trên mạng xã hội.',
    frame: 'denies',
    attributedTo: 'Ngân hàng Nhà nước',
    cue: 'không có chủ trương',
    proposition: 'đổi tiền',
  },
  {
    name: '"Theo X, không có chuyện Y"',
    sentence: 'Theo Công an tỉnh Cao Bằng, không có chuyện phạm nhân vượt ngục như thông tin trên Facebook.',
    frame: 'denies',
    attributedTo: 'Công an tỉnh Cao Bằng',
    cue: 'không có chuyện',
    proposition: 'phạm nhân vượt ngục',
  },
  // warns
  {
    name: 'a named agency warns of a scheme ("cảnh báo thủ đoạn")',
    sentence: 'Công an tỉnh Hà Tĩnh cảnh báo thủ đoạn giả danh nhân viên điện lực gọi điện yêu cầu thanh toán tiền điện.',
    frame: 'warns',
    attributedTo: 'Công an tỉnh Hà Tĩnh',
    cue: 'cảnh báo thủ đoạn',
    proposition: 'giả danh nhân viên điện lực gọi điện yêu cầu thanh toán tiền điện',
  },
  {
    name: 'how the scheme works, told of generic culprits ("các đối tượng thường giả danh…")',
    sentence: 'Các đối tượng thường giả danh cán bộ công an gọi điện yêu cầu người dân chuyển tiền để phục vụ điều tra.',
    frame: 'warns',
    attributedTo: null,
    proposition: 'Các đối tượng thường giả danh cán bộ công an gọi điện yêu cầu người dân chuyển tiền để phục vụ điều tra',
  },
  {
    name: 'advice to the public ("người dân tuyệt đối không cung cấp…")',
    sentence: 'Người dân tuyệt đối không cung cấp mã OTP cho bất kỳ ai qua điện thoại.',
    frame: 'warns',
    proposition: 'Người dân tuyệt đối không cung cấp mã OTP cho bất kỳ ai qua điện thoại',
  },
  {
    name: 'a warning that says a false rumour should not be shared is a warning, not a denial',
    sentence: 'Công an thành phố đề nghị người dân không chia sẻ thông tin sai sự thật trên không gian mạng.',
    frame: 'warns',
    proposition: 'Công an thành phố đề nghị người dân không chia sẻ thông tin sai sự thật trên không gian mạng',
  },
  // quotes
  {
    name: 'a quoted scam message (its "của bạn" and "vui lòng" are the message\'s, not the sentence\'s)',
    sentence: 'Tin nhắn có nội dung: "Tài khoản VNeID của bạn sẽ bị khóa trong 24 giờ, vui lòng bấm vào đường link để xác thực".',
    frame: 'quotes',
    attributedTo: 'Tin nhắn',
    proposition: 'Tài khoản VNeID của bạn sẽ bị khóa trong 24 giờ, vui lòng bấm vào đường link để xác thực',
  },
  {
    name: 'quoted speech with the speaker after it',
    sentence: '“Chúng tôi đã bắt giữ 12 đối tượng và thu giữ nhiều tang vật”, Thượng tá Trần Văn Bình nói.',
    frame: 'quotes',
    attributedTo: 'Thượng tá Trần Văn Bình',
    cue: 'nói',
    proposition: 'Chúng tôi đã bắt giữ 12 đối tượng và thu giữ nhiều tang vật',
  },
  // asserts
  {
    name: 'the scam itself, talking to the reader',
    sentence: 'Tài khoản VNeID của bạn sắp bị khóa, bấm vào link sau để xác thực lại thông tin.',
    frame: 'asserts',
    attributedTo: null,
    cue: null,
    proposition: 'Tài khoản VNeID của bạn sắp bị khóa, bấm vào link sau để xác thực lại thông tin',
  },
  {
    name: 'a scam posing as an official notice is still the scam, not a report',
    sentence: 'Công an phường thông báo: hồ sơ căn cước của bạn bị lỗi, vui lòng truy cập đường link để cập nhật ngay.',
    frame: 'asserts',
    proposition: 'Công an phường thông báo: hồ sơ căn cước của bạn bị lỗi, vui lòng truy cập đường link để cập nhật ngay',
  },
  {
    name: 'an arrest report that names the scheme states a fact (not a warning)',
    sentence: 'Với thủ đoạn trên, đối tượng Nguyễn Văn T. đã chiếm đoạt 500 triệu đồng của 12 bị hại.',
    frame: 'asserts',
    proposition: 'Với thủ đoạn trên, đối tượng Nguyễn Văn T. đã chiếm đoạt 500 triệu đồng của 12 bị hại',
  },
  {
    name: 'culprits arrested for a scheme: a case, not how the scheme works',
    sentence: 'Các đối tượng giả danh cán bộ thuế để lừa đảo doanh nghiệp đã bị Công an tỉnh Bắc Giang bắt giữ.',
    frame: 'asserts',
    proposition: 'Các đối tượng giả danh cán bộ thuế để lừa đảo doanh nghiệp đã bị Công an tỉnh Bắc Giang bắt giữ',
  },
  {
    name: 'a disease or a trend spreading ("lan truyền" with no platform or carrier) relays nothing',
    sentence:
      'Để chủ động phòng, chống dịch bệnh Marburg không để lan truyền vào Việt Nam, Bộ Y tế đề nghị các tỉnh tăng cường giám sát người nhập cảnh.',
    frame: 'asserts',
    cue: null,
    proposition:
      'Để chủ động phòng, chống dịch bệnh Marburg không để lan truyền vào Việt Nam, Bộ Y tế đề nghị các tỉnh tăng cường giám sát người nhập cảnh',
  },
  {
    name: 'a clip that is spreading is still relayed ("clip … đang lan truyền")',
    sentence: 'Đoạn clip đang lan truyền trên mạng cho thấy một tài xế xe khách vượt đèn đỏ tại ngã tư.',
    frame: 'reports',
    proposition: 'cho thấy một tài xế xe khách vượt đèn đỏ tại ngã tư',
  },
  {
    name: 'a platform that never shared data is the subject of a statement, not a post on it',
    sentence: 'Ông Châu khẳng định TikTok chưa bao giờ chia sẻ dữ liệu người dùng với cơ quan nước ngoài.',
    frame: 'reports',
    attributedTo: 'Ông Châu',
    proposition: 'TikTok chưa bao giờ chia sẻ dữ liệu người dùng với cơ quan nước ngoài',
  },
  {
    name: 'scare quotes do not make a quotation',
    sentence: 'Chiều 21/3, lực lượng chức năng đã triệt phá đường dây "tín dụng đen" hoạt động tại 5 tỉnh.',
    frame: 'asserts',
    cue: null,
    proposition: 'Chiều 21/3, lực lượng chức năng đã triệt phá đường dây "tín dụng đen" hoạt động tại 5 tỉnh',
  },
];

function check(got: SentenceAttribution, sentence: string, c: Case, fold: (x: string) => string): void {
  expect(got.frame).toBe(c.frame);
  expect(got.proposition.text).toBe(fold(c.proposition));
  // Spans are offsets into the sentence as given.
  expect(sentence.slice(got.proposition.start, got.proposition.end)).toBe(got.proposition.text);
  if (got.cue !== null) expect(sentence.slice(got.cue.start, got.cue.end)).toBe(got.cue.text);
  if (c.attributedTo !== undefined) expect(got.attributedTo).toBe(c.attributedTo === null ? null : fold(c.attributedTo));
  if (c.cue !== undefined) expect(got.cue?.text ?? null).toBe(c.cue === null ? null : fold(c.cue));
}

describe('Classifiers > claims > attribution', () => {
  describe('attributeSentence, as written', () => {
    for (const c of CASES) {
      it(`${c.frame}: ${c.name}`, () => check(attributeSentence(c.sentence), c.sentence, c, (x) => x));
    }
  });

  describe('attributeSentence, typed without diacritics', () => {
    for (const c of CASES) {
      it(`${c.frame}: ${c.name}`, () => {
        const plain = foldDiacritics(c.sentence);
        expect(plain).not.toBe(c.sentence);
        check(attributeSentence(plain), plain, c, foldDiacritics);
      });
    }
  });

  it('does not read a warning into weather news or into a homograph of a cue ("Bắc Bộ" is not "bác bỏ")', () => {
    expect(
      attributeSentence('Trung tâm Dự báo khí tượng thủy văn quốc gia cảnh báo mưa lớn tại các tỉnh miền núi phía Bắc.').frame,
    ).not.toBe('warns');
    expect(attributeSentence('Hôm nay, khu vực Bắc Bộ có mưa rào và dông rải rác.').frame).toBe('asserts');
    expect(attributeSentence('Phu nhân Đại sứ đã dự buổi tiếp đón tại Hà Nội.').frame).toBe('asserts');
  });

  it('gives offsets into the NFC form when the sentence comes decomposed', () => {
    const nfd = 'Bộ Công an bác bỏ thông tin người dân phải nộp phí khi kích hoạt tài khoản định danh.'.normalize('NFD');
    const got = attributeSentence(nfd);
    expect(got.frame).toBe('denies');
    expect(got.proposition.text).toBe('người dân phải nộp phí khi kích hoạt tài khoản định danh');
  });

  it('never returns an empty proposition', () => {
    for (const s of ['Theo đó,', 'Cho biết.', '"…"', 'Nghe nói.', 'Thông tin trên là sai sự thật.']) {
      expect(attributeSentence(s).proposition.text.length).toBeGreaterThan(0);
    }
  });

  describe('attributeDocument', () => {
    const report = 'Trên mạng xã hội lan truyền thông tin cho rằng từ ngày 1/7 thẻ căn cước công dân cũ sẽ hết hiệu lực.';

    it('marks a relayed claim as rebutted when a later sentence denies it', () => {
      const doc = attributeDocument([
        report,
        'Nhiều người dân đã đến trụ sở công an phường để hỏi.',
        'Công an tỉnh Bắc Ninh khẳng định thông tin trên là sai sự thật.',
      ]);
      for (const a of doc) expect(Attribution.parse(a)).toEqual(a);
      expect(doc.map((a) => a.frame)).toEqual(['reports', 'asserts', 'denies']);
      expect(doc[0]?.rebuttedInDocument).toBe(true);
      // Only relayed sentences are rebutted; the denial and the plain sentence are not.
      expect(doc[1]?.rebuttedInDocument).toBe(false);
      expect(doc[2]?.rebuttedInDocument).toBe(false);
    });

    it('marks it rebutted when the document warns against it', () => {
      const doc = attributeDocument([
        report,
        'Công an tỉnh Bắc Ninh cảnh báo thủ đoạn lừa đảo lợi dụng việc đổi thẻ căn cước để chiếm đoạt tài sản.',
      ]);
      expect(doc.map((a) => a.frame)).toEqual(['reports', 'warns']);
      expect(doc[0]?.rebuttedInDocument).toBe(true);
    });

    it('does not mark it rebutted when nothing in the document denies or warns', () => {
      const doc = attributeDocument([
        report,
        'Nhiều người dân đã đến trụ sở công an phường để hỏi.',
        'Đại tá Phạm Văn Long cho biết, đơn vị đã tiếp nhận hơn 200 lượt hỏi đáp.',
      ]);
      expect(doc.map((a) => a.frame)).toEqual(['reports', 'asserts', 'reports']);
      expect(doc.map((a) => a.rebuttedInDocument)).toEqual([false, false, false]);
    });

    it('follows a quotation across sentences and names its speaker in each', () => {
      const doc = attributeDocument([
        'Đại tá Phạm Văn Long cho biết: "Chúng tôi đã triệt phá đường dây đánh bạc qua mạng này.',
        'Các đối tượng đã bị tạm giữ để điều tra."',
        'Vụ việc đang được mở rộng điều tra.',
      ]);
      expect(doc.map((a) => a.frame)).toEqual(['quotes', 'quotes', 'asserts']);
      expect(doc[0]?.attributedTo).toBe('Đại tá Phạm Văn Long');
      expect(doc[1]?.attributedTo).toBe('Đại tá Phạm Văn Long');
      expect(doc[1]?.proposition.text).toBe('Các đối tượng đã bị tạm giữ để điều tra');
    });
  });
});
