import { describe, expect, it } from 'vitest';
import { formatWallClock, parseDmyDate, parseIsoDate, parseMdyDate, patternDateParser, resolveDateParser } from '@shopper-spectrum/core';

const iso = (s: string) => parseIsoDate(s, 0, s.length);
const mdy = (s: string) => parseMdyDate(s, 0, s.length);

describe('date parsing', () => {
  it('reads ISO date-times as wall-clock times', () => {
    expect(iso('2010-12-01 08:26:00')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(iso('2010-12-01T08:26')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(iso('2011-12-09 12:50:00.250')).toBe(Date.UTC(2011, 11, 9, 12, 50, 0, 250));
    expect(iso('2011-03-27')).toBe(Date.UTC(2011, 2, 27));
  });

  it('reads the spreadsheet export form month first', () => {
    expect(mdy('12/1/2010 8:26')).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(mdy('1/12/11 14:05:09')).toBe(Date.UTC(2011, 0, 12, 14, 5, 9));
  });

  it('reads day first when asked', () => {
    expect(parseDmyDate('1/12/2010 8:26', 0, 14)).toBe(Date.UTC(2010, 11, 1, 8, 26));
  });

  it('rejects dates that are not on the calendar and malformed times', () => {
    for (const s of ['2011-02-29 10:00:00', '2010-13-01 00:00:00', '2010-12-32', '2010-12-01 24:00:00', '2010-12-01 08:60', '2010/12/01', '2010-12-01 8', 'x']) {
      expect(iso(s)).toBeNaN();
    }
    expect(iso('2012-02-29 00:00:00')).toBe(Date.UTC(2012, 1, 29));
    for (const s of ['13/1/2010 8:26', '2/30/2011', '12/1/201 8:26', '12-1-2010']) expect(mdy(s)).toBeNaN();
  });

  it('gives whole days across a daylight-saving change', () => {
    // Europe/London moved its clocks on 2011-03-27; wall-clock days are still 24 h apart.
    expect(iso('2011-03-28 09:00:00') - iso('2011-03-27 09:00:00')).toBe(86_400_000);
  });

  it('parses any date-fns pattern', () => {
    const parse = patternDateParser('dd.MM.yyyy HH:mm');
    expect(formatWallClock(parse('09.12.2011 12:50', 0, 16))).toBe('2011-12-09 12:50:00');
    expect(parse('31.02.2011 12:50', 0, 16)).toBeNaN();
  });

  it('resolves auto to iso or mdy from a sample', () => {
    expect(resolveDateParser('auto', '2010-12-01 08:26:00').format).toBe('iso');
    expect(resolveDateParser('auto', '12/1/2010 8:26').format).toBe('mdy');
    expect(resolveDateParser({ pattern: 'yyyyMMdd' }, '').format).toBe('yyyyMMdd');
  });
});
