import { describe, expect, it } from 'vitest';
import { headerReader } from '../src/index.js';

describe('headerReader', () => {
  it('reads a header record in any case, joins repeated values as Headers does, and answers null when absent', () => {
    const reader = headerReader({
      'X-TS-Authorization': 'sig',
      authorization: 'TSA c:sig',
      'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
      empty: undefined,
    });
    expect(reader.get('x-ts-authorization')).toBe('sig');
    expect(reader.get('Authorization')).toBe('TSA c:sig');
    expect(reader.get('X-Forwarded-For')).toBe(
      new Headers([
        ['x-forwarded-for', '10.0.0.1'],
        ['x-forwarded-for', '10.0.0.2'],
      ]).get('x-forwarded-for'),
    );
    expect(reader.get('empty')).toBeNull();
    expect(reader.get('date')).toBeNull();
  });
});
