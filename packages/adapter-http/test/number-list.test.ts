import { describe, expect, it } from 'vitest';
import { NumberListError, parseNumbersCsv, readNumbersCsv } from '../src/index.js';

describe('readNumbersCsv', () => {
  it('reads a ; separated list with a "Phone Number" header and numbers as people type them', () => {
    const text = 'Name;Phone Number;Class\n"Lovelace, Ada";+1 (555) 010-0030;4B\nBo;+1 555.010.0031;4C\n';
    expect(readNumbersCsv(text)).toEqual({
      rows: [
        { number: '15550100030', tags: { Name: 'Lovelace, Ada', Class: '4B' } },
        { number: '15550100031', tags: { Name: 'Bo', Class: '4C' } },
      ],
      refused: [],
    });
  });

  it('keeps quoted newlines and quotes inside a cell, and counts lines across them', () => {
    const text = 'number,note\r\n15555550100,"first line\r\nsecond ""quoted"" line"\r\n555-0100,x\r\n';
    const list = readNumbersCsv(text);
    expect(list.rows).toEqual([
      { number: '15555550100', tags: { note: 'first line\r\nsecond "quoted" line' } },
    ]);
    expect(list.refused).toEqual([
      { line: 4, input: '555-0100', reason: expect.stringContaining('country code') },
    ]);
  });

  it('strips a byte-order mark, skips blank lines and # comments, and reads tabs', () => {
    const text = '\uFEFFmobile\tExternal ID\n\n# the new ones\n+44 20 7946 0958\tappt-7\n';
    expect(readNumbersCsv(text).rows).toEqual([{ number: '442079460958', tags: {}, externalId: 'appt-7' }]);
  });

  it('takes the first column when there is no header', () => {
    expect(readNumbersCsv('15555550100\n# note\n\n15555550101\n').rows).toEqual([
      { number: '15555550100', tags: {} },
      { number: '15555550101', tags: {} },
    ]);
  });

  it('adds a default country code to national numbers when asked', () => {
    const list = readNumbersCsv('phone\n(555) 010-0030\n555 010 003\n', { defaultCountryCode: '1' });
    expect(list.rows).toEqual([{ number: '15550100030', tags: {} }]);
    expect(list.refused).toEqual([
      { line: 3, input: '555 010 003', reason: 'a national number should have 10 digits; it has 9' },
    ]);
  });

  it('refuses each unreadable row with its line and a reason, and keeps the others', () => {
    const text = 'number,name\n15555550100,Ada\ncall me,Bo\n\n+1 555 0100 x12,Cy\n,Di\n';
    const list = readNumbersCsv(text);
    expect(list.rows.map((row) => row.number)).toEqual(['15555550100']);
    expect(list.refused).toEqual([
      { line: 3, input: 'call me', reason: expect.stringContaining('only digits') },
      { line: 5, input: '+1 555 0100 x12', reason: expect.stringContaining('extensions cannot be dialled') },
      { line: 6, input: '', reason: 'it is empty' },
    ]);
  });

  it('honours an explicit delimiter', () => {
    expect(readNumbersCsv('number|name\n15555550100|Ada, Lovelace\n', { delimiter: '|' }).rows).toEqual([
      { number: '15555550100', tags: { name: 'Ada, Lovelace' } },
    ]);
  });

  it('reads an empty file as an empty list', () => {
    expect(readNumbersCsv('')).toEqual({ rows: [], refused: [] });
    expect(readNumbersCsv('\n# nothing\n')).toEqual({ rows: [], refused: [] });
  });
});

describe('parseNumbersCsv', () => {
  it('refuses the list when a row is refused, naming each line', () => {
    let caught: unknown;
    try {
      parseNumbersCsv('number\n15555550100\n12\nabc\n');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NumberListError);
    const error = caught as NumberListError;
    expect(error.refused.map((refusal) => refusal.line)).toEqual([3, 4]);
    expect(error.message).toMatch(/^2 rows have numbers that cannot be dialled:\n {2}line 3: "12": /);
    expect(error.message).toContain('line 4: "abc": it contains "a"');
  });
});
