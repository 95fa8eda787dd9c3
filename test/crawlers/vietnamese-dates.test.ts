import { describe, expect, it } from 'vitest';
import { parseIsoTime, parseVietnameseDate } from '../../crawlers/vietnamese-dates.js';

const reference = new Date('2025-11-20T03:00:00Z');

describe('Crawlers > vietnamese-dates', () => {
  it('reads the date forms Vietnamese outlets print, as Vietnam time', () => {
    expect(parseVietnameseDate('13/01/2025 08:30')).toBe('2025-01-13T01:30:00.000Z');
    expect(parseVietnameseDate('ngày 6/11/2025', { reference })).toBe('2025-11-05T17:00:00.000Z');
    expect(parseVietnameseDate('Thứ sáu, 21/3/2025, 15:30 (GMT+7)')).toBe('2025-03-21T08:30:00.000Z');
    expect(parseVietnameseDate('08:30 13-01-2025')).toBe('2025-01-13T01:30:00.000Z');
    expect(parseVietnameseDate('Thứ hai, 13/01/2025 - 08:30')).toBe('2025-01-13T01:30:00.000Z');
  });

  it('fills a missing year from the reference date, never in the future', () => {
    expect(parseVietnameseDate('Chiều 21/3, Công an tỉnh Nghệ An cho biết', { reference })).toBe('2025-03-20T17:00:00.000Z');
    // 25/12 read on 20 November 2025 is last Christmas.
    expect(parseVietnameseDate('ngày 25/12', { reference })).toBe('2024-12-24T17:00:00.000Z');
  });

  it('reads "6.5" as 6 May only where it is a date: a label, or after "ngày"/"sáng"/"chiều"', () => {
    expect(parseVietnameseDate('6.5', { reference, label: true })).toBe('2025-05-05T17:00:00.000Z');
    expect(parseVietnameseDate('Sáng 6.5, tại Hà Nội', { reference })).toBe('2025-05-05T17:00:00.000Z');
    expect(parseVietnameseDate('tăng 6.5 lần so với năm trước', { reference })).toBeNull();
  });

  it('rejects impossible dates and text without a date', () => {
    expect(parseVietnameseDate('31/2/2025')).toBeNull();
    expect(parseVietnameseDate('45/13/2025')).toBeNull();
    expect(parseVietnameseDate('Không có ngày tháng')).toBeNull();
  });

  it('treats ISO times without a zone as Vietnam time', () => {
    expect(parseIsoTime('2025-03-21T15:30:00+07:00')).toBe('2025-03-21T08:30:00.000Z');
    expect(parseIsoTime('2025-03-21T15:30:00')).toBe('2025-03-21T08:30:00.000Z');
    expect(parseIsoTime('2025-03-21')).toBe('2025-03-20T17:00:00.000Z');
    expect(parseIsoTime('21/03/2025')).toBeNull();
  });
});
