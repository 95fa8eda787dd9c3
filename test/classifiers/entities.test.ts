import { describe, expect, it } from 'vitest';
import { extractEntities, parseVietnameseNumber } from '../../classifiers/text/entities.js';
import { currentProvinceOf, loadGazetteer } from '../../classifiers/text/gazetteer.js';

const pick = (text: string, kind: string, ref?: string) =>
  extractEntities(text, ref === undefined ? {} : { referenceDate: ref })
    .filter((e) => e.kind === kind)
    .map((e) => [e.text, e.value, e.unit ?? null]);

describe('Classifiers > text > entities', () => {
  it('reads numbers with Vietnamese separators, multipliers and units', () => {
    expect(pick('Lực lượng chức năng xử lý 21.300 lượt vi phạm, thu 1,5 tỷ đồng, tăng 5%.', 'number')).toEqual([
      ['21.300 lượt', '21300', 'lượt'],
      ['1,5 tỷ đồng', '1500000000', 'đồng'],
      ['5%', '5', '%'],
    ]);
    expect(pick('Phát hiện 33 vụ, 73 đối tượng.', 'number')).toEqual([
      ['33 vụ', '33', 'vụ'],
      ['73 đối tượng', '73', 'đối tượng'],
    ]);
    expect(pick('Hơn 2 triệu người và 12 phần trăm', 'number')).toEqual([
      ['2 triệu người', '2000000', 'người'],
      ['12 phần trăm', '12', '%'],
    ]);
    // The first number of a range takes the second's unit and multiplier; a score has none to take.
    expect(pick('Trái phiếu được hoàn trả trong 7-10 năm, lãi 2%, chi phí 1 - 2 tỷ đồng.', 'number')).toEqual([
      ['7', '7', 'năm'],
      ['10 năm', '10', 'năm'],
      ['2%', '2', '%'],
      ['1', '1000000000', 'đồng'],
      ['2 tỷ đồng', '2000000000', 'đồng'],
    ]);
    expect(pick('Đội tuyển thua 0 - 4 sau 2 đến 3 ngày.', 'number')).toEqual([
      ['0', '0', null],
      ['4', '4', null],
      ['2', '2', 'ngày'],
      ['3 ngày', '3', 'ngày'],
    ]);
    expect(parseVietnameseNumber('1.234.567,25')).toBe('1234567.25');
    expect(parseVietnameseNumber('0,3', 9)).toBe('300000000');
  });

  it('reads countries as places, but not a one-syllable country that is part of a name', () => {
    expect(pick('Tổng thống Nga gặp ca sĩ Thúy Nga tại Mỹ.', 'place')).toEqual([
      ['Nga', 'nga', null],
      ['Mỹ', 'my', null],
    ]);
    // Before a capitalised syllable it is part of a longer name: a ward of Hà Nội, a singer.
    expect(pick('Sân vận động Mỹ Đình ở Hà Nội, nơi Mỹ Tâm hát.', 'place')).toEqual([['Hà Nội', 'ha-noi', null]]);
    // "tiếng Anh quốc tế" is English, not the United Kingdom.
    expect(pick('Chứng chỉ tiếng Anh quốc tế IELTS.', 'place')).toEqual([]);
    expect(pick('Tại Mỹ, ông Đức và chị Nga nói chuyện với Nguyễn Đức Chung.', 'place')).toEqual([['Mỹ', 'my', null]]);
    expect(pick('Nguyễn Đức Chung đến Trung Quốc, Hoa Kỳ và Việt Nam.', 'place')).toEqual([
      ['Trung Quốc', 'trung-quoc', null],
      ['Hoa Kỳ', 'my', null],
      ['Việt Nam', 'viet-nam', null],
    ]);
    // The dot of "TP." ends no sentence: "Thủ Đức" is a city of TP.HCM, not Germany, and "TP. HCM" is the city.
    expect(pick('Vụ việc xảy ra tại TP. Thủ Đức, TP. HCM.', 'place')).toEqual([['TP. HCM', 'ho-chi-minh', null]]);
    expect(pick('Đoàn công tác đến TP. Hồ Chí Minh rồi sang Đức.', 'place')).toEqual([
      ['TP. Hồ Chí Minh', 'ho-chi-minh', null],
      ['Đức', 'duc', null],
    ]);
  });

  it('reads dates and times, absolute and relative', () => {
    expect(pick('Chiều 21/3, đoàn kiểm tra làm việc; ngày 22/12/2024 có kết luận.', 'date')).toEqual([
      ['Chiều 21/3', '--03-21', null],
      ['ngày 22/12/2024', '2024-12-22', null],
    ]);
    expect(pick('Từ tháng 9 năm ngoái đến tháng 3/2025', 'date')).toEqual([
      ['tháng 9 năm ngoái', 'rel:year-1-09', null],
      ['tháng 3/2025', '2025-03', null],
    ]);
    expect(pick('Từ tháng 9 năm ngoái, vào chiều 21/3', 'date', '2025-03-22T08:00:00Z')).toEqual([
      ['tháng 9 năm ngoái', '2024-09', null],
      ['chiều 21/3', '2025-03-21', null],
    ]);
    expect(pick('Lúc 8h30 sáng ngày 6.5, và 20 giờ tối', 'date')).toEqual([
      ['8h30 sáng ngày 6.5', '--05-06T08:30', null],
      ['20 giờ tối', 'T20:00', null],
    ]);
    // A number inside a date is not a number of its own.
    expect(pick('ngày 22/12/2024', 'number')).toEqual([]);
    // A relative day word naming its date (COVID-19 daily reports): a date, not the numbers 27 and 3.
    expect(pick('Tính đến 18h hôm nay 27-3, cả nước có 174 ca.', 'date')).toEqual([['18h hôm nay 27-3', '--03-27T18:00', null]]);
    expect(pick('Sáng nay 27-3 và hôm qua 26-3', 'date')).toEqual([
      ['Sáng nay 27-3', '--03-27', null],
      ['hôm qua 26-3', '--03-26', null],
    ]);
    expect(pick('hôm nay 27-3', 'number')).toEqual([]);
  });

  it('finds current and pre-2025 provinces, typed with either tone placement', () => {
    expect(pick('Công an TP.HCM phối hợp với Bình Dương, Thanh Hoá và Thừa Thiên Huế', 'place')).toEqual([
      ['TP.HCM', 'ho-chi-minh', null],
      ['Bình Dương', 'binh-duong', null],
      ['Thanh Hoá', 'thanh-hoa', null],
      ['Thừa Thiên Huế', 'thua-thien-hue', null],
    ]);
    expect(currentProvinceOf('binh-duong')).toBe('ho-chi-minh');
    expect(pick('Lăng Chủ tịch Hồ Chí Minh', 'place')).toEqual([]);
  });

  it('finds a province in text typed without capitals or diacritics, after a level word or "tại"', () => {
    expect(pick('cong an tinh ha tinh bat 2 doi tuong lua dao tai thanh pho ho chi minh', 'place')).toEqual([
      ['ha tinh', 'ha-tinh', null],
      ['thanh pho ho chi minh', 'ho-chi-minh', null],
    ]);
    expect(pick('công an tỉnh nghệ an cảnh báo, vụ việc xảy ra tại hà nội', 'place')).toEqual([
      ['nghệ an', 'nghe-an', null],
      ['hà nội', 'ha-noi', null],
    ]);
    // Without a level word a folded name is as often an ordinary word ("diễn biến"), and a
    // one-syllable country is one ("anh"); in text with capitals, lowercase words are no places.
    expect(pick('dien bien vu viec o ha noi rat phuc tap, anh nga tai nha', 'place')).toEqual([]);
    expect(pick('Công an cho biết diễn biến tại hà nội', 'place')).toEqual([]);
  });

  it('ships all 34 current units and the 63 former names', () => {
    const g = loadGazetteer();
    expect(g.provinces.filter((p) => p.type !== 'former')).toHaveLength(34);
    const former = new Set(g.provinces.map((p) => p.id));
    for (const id of [
      'ha-giang',
      'yen-bai',
      'bac-kan',
      'vinh-phuc',
      'hoa-binh',
      'quang-nam',
      'kon-tum',
      'binh-dinh',
      'ba-ria-vung-tau',
      'bac-lieu',
      'tien-giang',
    ]) {
      expect(former.has(id)).toBe(true);
    }
    // 33 of the 63 former ids are also current ids (the unit kept its name); 30 are former only.
    expect(g.provinces).toHaveLength(34 + 30);
  });

  it('finds organisations and titles, not names of people', () => {
    const text =
      'Thiếu tướng Nguyễn Văn A, Giám đốc Công an tỉnh Nghệ An, cho biết Bộ Công an và Cục Cảnh sát giao thông đã phối hợp với Sở VH,TT&DL.';
    expect(pick(text, 'organization')).toEqual([
      ['Công an tỉnh Nghệ An', 'cong-an:nghe-an', null],
      ['Bộ Công an', 'bo-cong-an', null],
      ['Cục Cảnh sát giao thông', 'cuc-canh-sat-giao-thong', null],
      ['Sở VH,TT&DL', 'so-vh-tt-dl', null],
    ]);
    expect(pick(text, 'person-title')).toEqual([
      ['Thiếu tướng', 'thieu-tuong', null],
      ['Giám đốc', 'giam-doc', null],
    ]);
    expect(pick('Công an TP.HCM và Phòng Cảnh sát hình sự', 'organization')).toEqual([
      ['Công an TP.HCM', 'cong-an:ho-chi-minh', null],
      ['Phòng Cảnh sát hình sự', 'phong-canh-sat-hinh-su', null],
    ]);
  });

  it('gives offsets into the NFC text, even for NFD input', () => {
    const nfd = 'Công an Hà Nội xử lý 21.300 lượt'.normalize('NFD');
    const nfc = nfd.normalize('NFC');
    for (const e of extractEntities(nfd)) expect(nfc.slice(e.start, e.end)).toBe(e.text);
  });
});
