import { describe, expect, it } from 'vitest';
import { addBusinessHours, businessMsBetween, isJapaneseHoliday, slaDueAt, type BusinessCalendar } from '../../lib/domain';

const TOKYO: BusinessCalendar = { timezone: 'Asia/Tokyo', workdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', holidays: 'jp' };

describe('Japanese public holidays', () => {
  it.each([
    ['2026-01-01', '元日'],
    ['2026-01-12', '成人の日 (2nd Monday)'],
    ['2026-02-23', '天皇誕生日'],
    ['2026-03-20', '春分の日'],
    ['2026-05-06', '振替休日 (5/3 on a Sunday)'],
    ['2026-07-20', '海の日 (3rd Monday)'],
    ['2026-09-22', '国民の休日 (between 敬老の日 and 秋分の日)'],
    ['2026-09-23', '秋分の日'],
    ['2026-10-12', 'スポーツの日 (2nd Monday)'],
    ['2025-02-24', '振替休日 (2/23 on a Sunday)'],
    ['2025-11-24', '振替休日 (11/23 on a Sunday)'],
    ['2021-07-23', 'Olympic スポーツの日'],
  ])('%s is a holiday (%s)', (date) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    expect(isJapaneseHoliday(y, m, d)).toBe(true);
  });

  it.each(['2026-01-13', '2026-05-07', '2026-09-24', '2026-10-13', '2021-10-11', '2026-12-25'])('%s is not a holiday', (date) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    expect(isJapaneseHoliday(y, m, d)).toBe(false);
  });
});

describe('business-hours SLA', () => {
  it('counts within one working day', () => {
    // Mon 2026-03-09 10:00 JST + 3 h → 13:00 JST.
    expect(addBusinessHours('2026-03-09T01:00:00.000Z', 3, TOKYO)).toBe('2026-03-09T04:00:00.000Z');
  });

  it('carries over the weekend', () => {
    // Fri 2026-03-06 17:00 JST + 2 h → Mon 10:00 JST.
    expect(addBusinessHours('2026-03-06T08:00:00.000Z', 2, TOKYO)).toBe('2026-03-09T01:00:00.000Z');
  });

  it('skips Golden Week including the substitute holiday', () => {
    // Fri 2026-05-01 17:00 JST + 2 h → Thu 05-07 10:00 JST.
    expect(addBusinessHours('2026-05-01T08:00:00.000Z', 2, TOKYO)).toBe('2026-05-07T01:00:00.000Z');
  });

  it('starts at opening time when handed over at night', () => {
    // Tue 2026-03-10 23:30 JST + 1 h → Wed 10:00 JST.
    expect(addBusinessHours('2026-03-10T14:30:00.000Z', 1, TOKYO)).toBe('2026-03-11T01:00:00.000Z');
  });

  it('handles a zone with daylight saving time', () => {
    const ny: BusinessCalendar = { timezone: 'America/New_York', workdays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: 'none' };
    // Fri 2026-03-06 16:00 EST (21:00Z) + 2 h → Mon 03-09 10:00 EDT (14:00Z), across the DST switch on 03-08.
    expect(addBusinessHours('2026-03-06T21:00:00.000Z', 2, ny)).toBe('2026-03-09T14:00:00.000Z');
  });

  it('measures working time between two instants', () => {
    // Fri 17:00 JST → Mon 10:00 JST is 2 working hours.
    expect(businessMsBetween('2026-03-06T08:00:00.000Z', '2026-03-09T01:00:00.000Z', TOKYO)).toBe(2 * 3_600_000);
    expect(businessMsBetween('2026-03-09T01:00:00.000Z', '2026-03-06T08:00:00.000Z', TOKYO)).toBe(0);
  });

  it('slaDueAt uses wall-clock hours unless the stage counts business hours', () => {
    const assigned = '2026-03-06T08:00:00.000Z';
    expect(slaDueAt(assigned, { slaHours: 24, businessHoursOnly: false }, TOKYO)).toBe('2026-03-07T08:00:00.000Z');
    expect(slaDueAt(assigned, { slaHours: 8, businessHoursOnly: true }, TOKYO)).toBe('2026-03-09T07:00:00.000Z');
  });
});
