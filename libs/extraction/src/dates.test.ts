import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayNumber,
  findDateExprs,
  fromDayNumber,
  isoDatePart,
  parseDatelineLine,
  resolveWeekday,
} from './dates';
import { tokenize } from './text';
import { extractEvents } from '.';
import { ex, one } from './testing/extract';

const exprs = (text: string, ref?: string) => {
  const t = tokenize(text);
  return findDateExprs(t, 0, t.length, ref).map((e) => ({
    text: text.slice(t[e.tokStart].start, t[e.tokEnd - 1].end),
    date: e.date,
    historical: e.historical,
    future: e.future,
    comparative: e.comparative,
  }));
};

describe('calendar arithmetic', () => {
  it('converts day numbers both ways', () => {
    for (const d of ['1970-01-01', '2000-02-29', '2021-07-09', '1899-12-31', '2024-12-31'])
      expect(fromDayNumber(dayNumber(d))).toBe(d);
    expect(addDays('2021-03-01', -1)).toBe('2021-02-28');
    expect(addMonths('2021-03-31', -1)).toBe('2021-02-28');
  });

  it('resolves weekdays to the most recent one, the same day counting as that day', () => {
    // 2021-07-09 was a Friday.
    expect(resolveWeekday('2021-07-09', 3)).toBe('2021-07-07');
    expect(resolveWeekday('2021-07-09', 5)).toBe('2021-07-09');
    expect(resolveWeekday('2021-07-09', 5, true)).toBe('2021-07-02');
    expect(resolveWeekday('2021-07-09', 6)).toBe('2021-07-03');
  });
});

describe('reference dates', () => {
  it('reads the text/plain dateline line', () => {
    expect(parseDatelineLine('date 2021-07-09\nKabul ...')).toEqual({ date: '2021-07-09', bodyStart: 16 });
    expect(parseDatelineLine('date 2021-02-30\nx').date).toBeUndefined();
    expect(parseDatelineLine('Kabul, July 9').date).toBeUndefined();
    // the seed article's dateline shares its line with the text
    expect(parseDatelineLine(' date 2021-07-09 Taliban said')).toEqual({ date: '2021-07-09', bodyStart: 17 });
    expect(parseDatelineLine('date 2021-07-09x').date).toBeUndefined();
  });

  it('takes the calendar date of an ISO datetime as written', () => {
    expect(isoDatePart('2021-08-16T01:00:00+04:30')).toBe('2021-08-16');
    expect(isoDatePart('yesterday')).toBeUndefined();
  });
});

describe('time expressions', () => {
  const ref = '2021-07-09'; // Friday
  it('resolves relative expressions against the reference', () => {
    expect(exprs('on Wednesday', ref)[0].date).toBe('2021-07-07');
    expect(exprs('earlier on Friday', ref)[0].date).toBe('2021-07-09');
    expect(exprs('late on Thursday night', ref)[0].date).toBe('2021-07-08');
    expect(exprs('yesterday', ref)[0].date).toBe('2021-07-08');
    expect(exprs('last week', ref)[0].date).toBe('2021-07-02');
    expect(exprs('last month', ref)[0].date).toBe('2021-06-09');
    expect(exprs('the month before', ref)[0].date).toBe('2021-06-09');
    expect(exprs('three days ago', ref)[0].date).toBe('2021-07-06');
    expect(exprs('earlier in the day', ref)[0].date).toBe('2021-07-09');
  });

  it('reads explicit dates, inferring the year', () => {
    expect(exprs('on July 7', ref)[0].date).toBe('2021-07-07');
    expect(exprs('on 7 July 2021', ref)[0].date).toBe('2021-07-07');
    expect(exprs('on Aug. 12', '2021-08-13')[0].date).toBe('2021-08-12');
    expect(exprs('on Dec. 30', '2021-01-05')[0].date).toBe('2020-12-30');
    expect(exprs('in June', ref)[0].date).toBe('2021-06-01');
    expect(exprs('2021-07-07', ref)[0].date).toBe('2021-07-07');
  });

  it('marks historical, future and comparative expressions', () => {
    expect(exprs('in 2015', ref)[0].historical).toBe(true);
    expect(exprs('in September 2015', ref)[0].historical).toBe(true);
    expect(exprs('six years ago', ref)[0].historical).toBe(true);
    expect(exprs('in the 1990s', ref)[0].historical).toBe(true);
    expect(exprs('next Monday', ref)[0].future).toBe(true);
    const since = exprs('since 2001', ref)[0];
    expect(since.comparative).toBe(true);
    expect(since.historical).toBe(false);
  });

  it('does not read quantities as years', () => {
    expect(exprs('about 2000 fighters', ref)).toEqual([]);
    expect(exprs('May the city hold', ref)).toEqual([]);
  });
});

describe('event dates', () => {
  it('uses the dateline line over publishedAt, and resolves the weekday against it', () => {
    const e = one(
      'date 2021-07-09\nTaliban fighters attacked Qala-i-Naw on Wednesday, officials said.',
      '2023-01-01',
    );
    expect(e.eventDate).toBe('2021-07-07');
  });

  it('defaults to the reference date when the report gives no time', () => {
    expect(one('Taliban fighters captured Ghazni, officials said.', '2021-08-12').eventDate).toBe(
      '2021-08-12',
    );
    expect(
      extractEvents({ id: 'r', text: 'Taliban fighters captured Ghazni, officials said.' })[0].eventDate,
    ).toBeUndefined();
  });

  it('dates a clause "a day after ..." from the main clause', () => {
    const evs = ex(
      'Sheberghan fell to the Taliban on Saturday, a day after the insurgents overran Zaranj.',
      '2021-08-07',
    );
    expect(evs.find((e) => e.location.id === 'af-nimruz-zaranj')?.eventDate).toBe('2021-08-06');
    expect(evs.find((e) => e.location.id === 'af-jowzjan-sheberghan')?.eventDate).toBe('2021-08-07');
  });

  it('keeps background from the recent past with its own date and drops old history', () => {
    expect(one('The insurgents took Sher Khan Bandar last month.', '2021-07-09').eventDate).toBe(
      '2021-06-09',
    );
    expect(ex('Kunduz was briefly overrun by the Taliban in September 2015.', '2021-07-09')).toEqual([]);
    expect(ex('The Taliban captured the city of Kunduz six years ago.', '2021-07-09')).toEqual([]);
  });
});

describe('"Month Day last year" and anniversaries', () => {
  it('reads "on September 28 last year" as the year before', () => {
    const toks = tokenize('troops captured the port on September 28 last year');
    const d = findDateExprs(toks, 0, toks.length, '2013-09-28');
    expect(d.map((x) => [x.date, x.historical])).toEqual([['2012-09-28', true]]);
  });
  it('reads "a year since" as an anniversary a year back', () => {
    const toks = tokenize('to mark a year since the rebels took the capital');
    const d = findDateExprs(toks, 0, toks.length, '2015-09-21');
    expect(d.map((x) => [x.date, x.historical, x.anniversary])).toEqual([['2014-09-21', true, true]]);
  });
});
