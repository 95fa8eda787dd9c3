import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SITE_ROOT } from '../../crawlers/demo-site/server.js';
import { cleanParagraphs, extractArticle, extractSocialPost, parseCount } from '../../crawlers/extract-article.js';
import { FIXTURE_ROOT } from '../../crawlers/fixture-site/server.js';

const page = (path: string): string => readFileSync(join(DEMO_SITE_ROOT, path), 'utf8');

describe('Crawlers > extract-article', () => {
  it('extracts title, body, publish time and canonical URL from a Vietnamese article', () => {
    const article = extractArticle(
      page('tin-tuc/canh-bao-lua-dao-gia-danh-cong-an.html'),
      'http://127.0.0.1:8080/tin-tuc/canh-bao-lua-dao-gia-danh-cong-an.html?utm_source=home&fbclid=x',
    );
    expect(article).not.toBeNull();
    expect(article?.title).toBe('Cảnh báo thủ đoạn giả danh công an gọi điện yêu cầu chuyển tiền');
    expect(article?.publishedAt).toBe('2025-03-21T08:30:00.000Z');
    expect(article?.canonicalUrl).toBe('http://127.0.0.1:8080/tin-tuc/canh-bao-lua-dao-gia-danh-cong-an.html');
    expect(article?.language).toBe('vi');
    expect(article?.text).toContain('33 vụ việc');
    expect(article?.text).not.toContain('Ảnh:');
    expect(article?.text).not.toContain('Trang chủ');
  });

  it('drops tracking parameters when the page declares no canonical link', () => {
    const article = extractArticle(
      page('tin-tuc/tong-ket-ra-quan-xu-ly-vi-pham-giao-thong.html'),
      'http://h/tin-tuc/x.html?id=7&utm_campaign=a#top',
    );
    expect(article?.canonicalUrl).toBe('http://h/tin-tuc/x.html?id=7');
  });

  it('gives null for pages that are not articles', () => {
    expect(extractArticle(page('index.html'), 'http://h/')).toBeNull();
    expect(extractArticle(page('lien-he.html'), 'http://h/lien-he.html')).toBeNull();
  });
});

const fixture = (path: string): string => readFileSync(join(FIXTURE_ROOT, path), 'utf8');
const BASE = 'http://127.0.0.1:8080';
const reference = new Date('2025-11-20T03:00:00Z');

describe('Crawlers > extract-article > fixture layouts', () => {
  it('news layout 1 (VnExpress-like): dateline text, caption, right-aligned byline, "Xem thêm", share bar', () => {
    const a = extractArticle(
      fixture('bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html'),
      `${BASE}/bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html?utm_source=rss`,
      { reference },
    );
    expect(a).toEqual({
      title: 'Công an cảnh báo thủ đoạn giả danh cán bộ điều tra gọi video',
      canonicalUrl: `${BASE}/bao-a/phap-luat/gia-danh-can-bo-dieu-tra-goi-video-4871.html`,
      publishedAt: '2025-03-21T08:30:00.000Z',
      language: 'vi',
      text: [
        'Nhiều người dân ở Nghệ An nhận cuộc gọi video từ người mặc cảnh phục, tự xưng cán bộ điều tra, yêu cầu chuyển tiền vào "tài khoản tạm giữ".',
        'Chiều 21/3, Phòng Cảnh sát hình sự Công an tỉnh Nghệ An cho biết từ đầu năm đến nay đã tiếp nhận 33 vụ việc liên quan thủ đoạn giả danh cán bộ công an gọi điện, gọi video, với tổng số tiền bị chiếm đoạt khoảng 1,5 tỷ đồng.',
        'Các đối tượng thông báo người dân liên quan đến một đường dây rửa tiền, sau đó yêu cầu cài ứng dụng lạ, cung cấp mã OTP hoặc chuyển tiền để "chứng minh trong sạch".',
        'Đại diện Công an tỉnh Nghệ An khẳng định lực lượng công an không làm việc qua điện thoại hay mạng xã hội đối với các vụ việc liên quan đến điều tra, không yêu cầu người dân chuyển tiền dưới bất kỳ hình thức nào.',
        'Người dân nhận được cuộc gọi như trên cần bình tĩnh, không làm theo yêu cầu và báo ngay cho cơ quan công an gần nhất hoặc gọi số 113.',
      ].join('\n'),
    });
  });

  it('news layout 2 (Tuổi Trẻ-like): JSON-LD date, lead kept without its agency tag, photo caption block and upper-case byline dropped', () => {
    const a = extractArticle(
      fixture('bao-b/thoi-su/tin-don-can-cuoc-het-han-30-6-20250605.htm'),
      `${BASE}/bao-b/thoi-su/tin-don-can-cuoc-het-han-30-6-20250605.htm`,
      { reference },
    );
    expect(a?.title).toBe('Bộ Công an: thẻ căn cước công dân còn hạn vẫn được sử dụng sau ngày 30/6');
    expect(a?.publishedAt).toBe('2025-06-05T02:15:00.000Z');
    expect(a?.text.split('\n')).toEqual([
      // The lead ("sapo") sits outside the body container; it is kept, without its "TTO - " tag.
      'Trước tin đồn lan trên mạng xã hội rằng căn cước công dân sẽ hết hiệu lực sau ngày 30/6, Trung tâm dữ liệu quốc gia về dân cư khẳng định đây là thông tin không chính xác.',
      'Những ngày qua, nhiều tài khoản mạng xã hội chia sẻ tin nhắn cho rằng hạn chót nâng cấp tài khoản định danh điện tử VNeID là ngày 30/6 và sau ngày này thẻ căn cước công dân sẽ hết hiệu lực.',
      'Trao đổi với Tuổi Mới, đại diện Trung tâm dữ liệu quốc gia về dân cư, Bộ Công an khẳng định thẻ căn cước công dân còn thời hạn vẫn được sử dụng đến hết thời hạn in trên thẻ.',
      'Việc kích hoạt, nâng cấp tài khoản định danh điện tử chỉ thực hiện trên ứng dụng VNeID chính thức hoặc tại cơ quan công an, không gửi đường link qua tin nhắn.',
      'Người dân không bấm vào đường link lạ, không cung cấp mã OTP cho bất kỳ ai tự xưng là cán bộ công an.',
    ]);
  });

  it('news layout 3 (Dân Trí-like): <time> text, inline "(Ảnh: ...)" and "Xem thêm:" removed, sidebar ignored', () => {
    const a = extractArticle(
      fixture('bao-c/phap-luat/ha-noi-xu-ly-21300-luot-vi-pham-20250113083000.htm'),
      `${BASE}/bao-c/phap-luat/ha-noi-xu-ly-21300-luot-vi-pham-20250113083000.htm#binh-luan`,
      { reference },
    );
    expect(a?.title).toBe('Hà Nội xử lý 21.300 lượt phương tiện vi phạm trong 30 ngày cao điểm');
    expect(a?.publishedAt).toBe('2025-01-13T01:30:00.000Z');
    expect(a?.canonicalUrl).toBe(`${BASE}/bao-c/phap-luat/ha-noi-xu-ly-21300-luot-vi-pham-20250113083000.htm`);
    expect(a?.text.split('\n')).toEqual([
      'Sau 30 ngày ra quân cao điểm bảo đảm trật tự an toàn giao thông dịp cuối năm, Công an TP Hà Nội đã xử lý 21.300 lượt phương tiện vi phạm.',
      'Ngày 13/1, Phòng Cảnh sát giao thông Công an TP Hà Nội cho biết, trong đợt cao điểm, lực lượng chức năng đã xử lý 21.300 lượt phương tiện vi phạm, tạm giữ 4.120 phương tiện các loại.',
      'Trong đó, vi phạm nồng độ cồn chiếm khoảng 35%, tương đương gần 7.500 trường hợp; tổng số tiền phạt nộp kho bạc Nhà nước hơn 45 tỷ đồng.',
      'So với cùng kỳ năm trước, số vụ tai nạn giao thông trên địa bàn giảm 12%, số người chết giảm 9 người.',
      'Thời gian tới, lực lượng công an tiếp tục tăng cường tuần tra ban đêm.',
    ]);
  });

  it('official portal (table layout): "Cập nhật ngày 6/11/2025", signature line dropped', () => {
    const a = extractArticle(
      fixture('cong-an/thong-cao/bac-bo-thong-tin-sai-su-that-ve-viec-khoa-tai-khoan-vneid.html'),
      `${BASE}/cong-an/thong-cao/x.html`,
      { reference },
    );
    expect(a?.title).toBe('Thông cáo báo chí về thông tin sai sự thật liên quan việc khóa tài khoản định danh điện tử');
    expect(a?.publishedAt).toBe('2025-11-05T17:00:00.000Z');
    expect(a?.text.split('\n')).toHaveLength(4);
    expect(a?.text).not.toMatch(/PHÒNG THAM MƯU|Giới thiệu|Cổng Thông tin/);
    expect(a?.text.startsWith('Ngày 6/11/2025, Công an tỉnh Thanh Hóa ra thông cáo báo chí')).toBe(true);
  });

  it('social post: text, "6.5" time, like/share/comment counts; no commenter name', () => {
    const post = extractSocialPost(fixture('mxh/bai-viet/8821.html'), `${BASE}/mxh/bai-viet/8821.html?fbclid=abc`, { reference });
    expect(post).toEqual({
      title: '⚠️ CẢNH BÁO: Thời gian gần đây xuất hiện nhiều tài khoản giả mạo Công an phường nhắn tin yêu cầu người dân cập nhật…',
      text: '⚠️ CẢNH BÁO: Thời gian gần đây xuất hiện nhiều tài khoản giả mạo Công an phường nhắn tin yêu cầu người dân cập nhật thông tin cư trú qua đường link lạ.\nCông an phường không gửi đường link qua tin nhắn hay mạng xã hội. Bà con tuyệt đối không bấm vào đường link, không cung cấp mã OTP!',
      publishedAt: '2025-05-05T17:00:00.000Z',
      canonicalUrl: `${BASE}/mxh/bai-viet/8821.html`,
      language: 'vi',
      engagement: { likes: 1200, shares: 356, comments: 87 },
    });
    expect(JSON.stringify(post)).not.toContain('Nguyễn Văn B');
  });

  it('records the language of a page in another language', () => {
    expect(extractArticle(fixture('en/police-warning.html'), `${BASE}/en/police-warning.html`)?.language).toBe('en');
  });

  it('reads counts as Vietnamese pages print them', () => {
    expect(parseCount('1,2K')).toBe(1200);
    expect(parseCount('3,5 N')).toBe(3500);
    expect(parseCount('2 Tr')).toBe(2_000_000);
    expect(parseCount('1.234')).toBe(1234);
    expect(parseCount('87')).toBe(87);
  });

  it('drops captions, share bars, bylines and "Xem thêm" lines but keeps the prose', () => {
    expect(
      cleanParagraphs([
        'Ảnh: Công an cung cấp',
        'Chia sẻ Facebook Zalo',
        'Nội dung chính của bài. (Ảnh minh họa: TTXVN)',
        'Xem thêm: Cảnh báo lừa đảo',
        'Đoạn cuối của bài viết.',
        'Theo TTXVN',
      ]),
    ).toEqual(['Nội dung chính của bài.', 'Đoạn cuối của bài viết.']);
  });
});

describe('Crawlers > extract-article > the two DOMs', () => {
  // Pages with a known body container are read from htmlparser2's DOM; a per-source selector
  // (here one that matches nothing) sends the same page through linkedom. Both must agree.
  const pages = (root: string): string[] =>
    (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.html?$/.test(f)).map((f) => join(root, f));
  const prose = 'Công an tỉnh Nghệ An cảnh báo thủ đoạn lừa đảo qua mạng xã hội. '.repeat(5);
  // Attribute-name case, template content, CDATA, comments, entities, SVG: where DOMs tend to differ.
  const tricky = [
    '<html><head><link rel="Canonical" href="/c?b=2&a=1&utm_source=x"><script TYPE="application/ld+json">{"datePublished":"2025-01-02T03:04:05+07:00"}</script></head>' +
      `<body><div class="Sapo lead-in">(TTXVN) - Mở đầu</div><article class="post"><p>${prose}</p><div ID="share-x">chia sẻ</div>` +
      '<template><p>ẩn</p></template><svg class="icon-share"><text>chia sẻ</text></svg><p><![CDATA[ x ]]> đoạn hai <!-- c --> &amp; &#7871;</p><p>Hải Yến</p></article></body></html>',
    `<html lang="en"><body><main><p>${prose}</p><p>${prose}</p></main><time DATETIME="2024-05-06T07:08">6/5</time></body></html>`,
  ];

  it('gives the same article from either DOM, for every fixture and demo page', () => {
    const htmls = [...pages(FIXTURE_ROOT), ...pages(DEMO_SITE_ROOT)].map((file) => readFileSync(file, 'utf8')).concat(tricky);
    expect(htmls.length).toBeGreaterThan(15);
    for (const html of tricky) expect(extractArticle(html, `${BASE}/a.html`, { reference })).not.toBeNull();
    for (const html of htmls) {
      const light = extractArticle(html, `${BASE}/a.html`, { reference });
      const full = extractArticle(html, `${BASE}/a.html`, { reference, selectors: { remove: '#matches-nothing' } });
      expect(light).toEqual(full);
    }
  });
});
