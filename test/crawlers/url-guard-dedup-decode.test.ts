import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../crawlers/decode.js';
import { DedupIndex, hammingDistance, simhash } from '../../crawlers/dedup.js';
import { encodeWindows1258 } from '../../crawlers/fixture-site/server.js';
import { canonicalizeUrl, isPrivateAddress, UrlGuard } from '../../crawlers/url-guard.js';

describe('Crawlers > url-guard', () => {
  it('canonicalises: no fragment, no tracking parameters, the rest sorted', () => {
    expect(canonicalizeUrl('https://VnExpress.net/a-4871.html?utm_source=fb&fbclid=x&zarsrc=1&b=2&a=1#box')).toBe(
      'https://vnexpress.net/a-4871.html?a=1&b=2',
    );
    expect(canonicalizeUrl('/tin-tuc/x.html?gidzl=abc', 'https://tuoitre.vn/')).toBe('https://tuoitre.vn/tin-tuc/x.html');
  });

  it('knows loopback, private, link-local and mapped addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
    ])
      expect(isPrivateAddress(ip), ip).toBe(true);
    for (const ip of ['203.162.4.191', '8.8.8.8', '2001:4860:4860::8888']) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('refuses other hosts, other schemes, private addresses and paths outside the sections', () => {
    const guard = new UrlGuard({ allowedHosts: ['vnexpress.net', '10.0.0.5'], includePaths: ['/phap-luat/'] });
    expect(guard.check('https://vnexpress.net/phap-luat/a.html')).toEqual({ ok: true });
    expect(guard.check('https://evil.example/phap-luat/a.html').ok).toBe(false);
    expect(guard.check('file:///etc/passwd').ok).toBe(false);
    expect(guard.check('https://user:pw@vnexpress.net/phap-luat/a.html').ok).toBe(false);
    expect(guard.check('http://10.0.0.5/phap-luat/a.html')).toEqual({ ok: false, reason: 'private address 10.0.0.5' });
    expect(guard.check('https://vnexpress.net/the-thao/a.html').ok).toBe(false);
    const local = new UrlGuard({ allowedHosts: ['127.0.0.1'], allowPrivateNetwork: true });
    expect(local.check('http://127.0.0.1:8080/a.html')).toEqual({ ok: true });
  });

  it('refuses at connect time a name that resolves to a private address', async () => {
    const lookup = new UrlGuard({ allowedHosts: ['localhost'] }).lookup();
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup('localhost', {}, (err) => resolve(err)));
    expect(error?.code).toBe('ERR_PRIVATE_ADDRESS');
  });
});

const article = `Chiều 21/3, Phòng Cảnh sát hình sự Công an tỉnh Nghệ An cho biết từ đầu năm đến nay đã tiếp nhận 33 vụ việc liên quan thủ đoạn giả danh cán bộ công an gọi điện, gọi video, với tổng số tiền bị chiếm đoạt khoảng 1,5 tỷ đồng.
Các đối tượng thông báo người dân liên quan đến một đường dây rửa tiền, sau đó yêu cầu cài ứng dụng lạ, cung cấp mã OTP hoặc chuyển tiền để "chứng minh trong sạch".
Đại diện Công an tỉnh Nghệ An khẳng định lực lượng công an không làm việc qua điện thoại hay mạng xã hội đối với các vụ việc liên quan đến điều tra.`;

describe('Crawlers > dedup', () => {
  it('puts a syndicated copy a few bits away and an unrelated article far away', () => {
    const copy = `${article.replace('khoảng 1,5 tỷ đồng', 'gần 1,5 tỷ đồng')}\nTheo Tin Nhanh Việt`;
    const other =
      'Ngày 13/1, Phòng Cảnh sát giao thông Công an TP Hà Nội cho biết đã xử lý 21.300 lượt phương tiện vi phạm, tạm giữ 4.120 phương tiện các loại trong đợt cao điểm cuối năm.';
    expect(hammingDistance(simhash(article), simhash(article))).toBe(0);
    expect(hammingDistance(simhash(article), simhash(copy))).toBeLessThanOrEqual(10); // within the candidate radius
    expect(hammingDistance(simhash(article), simhash(other))).toBeGreaterThan(12);
  });

  it('links exact and near duplicates to the first document, and lets new ones through', () => {
    const index = new DedupIndex();
    expect(index.check('a', 'h1', article)).toEqual({ kind: 'new' });
    expect(index.check('b', 'h1', article)).toEqual({ kind: 'exact', of: 'a' });
    expect(index.check('c', 'h2', `${article}\nTheo Tin Nhanh Việt`)).toMatchObject({ kind: 'near', of: 'a' });
    expect(
      index.check('d', 'h3', 'Sáng 10/7, Công an tỉnh Bắc Ninh cảnh báo thủ đoạn mạo danh nhân viên điện lực gọi điện thông báo cắt điện.'),
    ).toEqual({ kind: 'new' });
  });
});

describe('Crawlers > decode', () => {
  const page =
    '<html><head><meta charset="windows-1258"></head><body><p>Bộ Công an: hơn 8 triệu tài khoản định danh điện tử</p></body></html>';

  it('decodes Windows-1258 behind a wrong UTF-8 header, to NFC', () => {
    const decoded = decodeHtml(encodeWindows1258(page), 'utf-8');
    expect(decoded.encoding).toBe('windows-1258');
    expect(decoded.mislabelled).toBe('utf-8');
    expect(decoded.text).toContain('Bộ Công an: hơn 8 triệu tài khoản định danh điện tử');
    expect(decoded.text).toBe(decoded.text.normalize('NFC'));
  });

  it('keeps valid UTF-8 even when the header claims a legacy charset', () => {
    const decoded = decodeHtml(Buffer.from('<p>Công an tỉnh Nghệ An</p>'), 'iso-8859-1');
    expect(decoded.text).toBe('<p>Công an tỉnh Nghệ An</p>');
    expect(decoded.mislabelled).toBe('iso-8859-1');
  });

  it('falls back to Windows-1258 for unlabelled bytes that are not UTF-8', () => {
    const decoded = decodeHtml(encodeWindows1258('<p>Cảnh báo lừa đảo</p>'), null);
    expect(decoded).toEqual({ text: '<p>Cảnh báo lừa đảo</p>', encoding: 'windows-1258', mislabelled: null });
  });
});
