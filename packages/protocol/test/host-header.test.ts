import { describe, expect, it } from 'vitest';
import { hostNameOf, isAllowedHost, isLoopbackAddress } from '../src/index.js';

describe('the Host header', () => {
  it.each([
    ['127.0.0.1:8787', '127.0.0.1'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:80', '[::1]'],
    ['ivr.example.com', 'ivr.example.com'],
  ])('%s is the host %s', (value, name) => {
    expect(hostNameOf(value)).toBe(name);
  });

  it.each(['a b', 'user:pw@x', '[::1', 'a%zz', 'x/y', '127.0.0.1:99999', '', 'x:', 'x?y'])(
    '%j is malformed',
    (value) => {
      expect(hostNameOf(value)).toBeUndefined();
    },
  );

  it('allows IP addresses and loopback names, and other names only when listed', () => {
    expect(isAllowedHost('10.0.0.5:8787', [])).toBe(true);
    expect(isAllowedHost('[::1]:8787', [])).toBe(true);
    expect(isAllowedHost('app.localhost:8787', [])).toBe(true);
    expect(isAllowedHost('rebind.example:8787', [])).toBe(false);
    expect(isAllowedHost('ivr.lan:8787', ['IVR.lan'])).toBe(true);
    expect(isAllowedHost('anything.example', ['*'])).toBe(true);
    expect(isAllowedHost('a b', ['*'])).toBe(false);
  });

  it('knows loopback bind addresses', () => {
    expect(['127.0.0.1', '::1', '[::1]', 'localhost', '127.1.2.3'].map(isLoopbackAddress)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '::', '192.168.1.2'].map(isLoopbackAddress)).toEqual([false, false, false]);
  });
});
