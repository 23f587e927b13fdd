import { describe, expect, it } from 'vitest';
import { classifyAddress, isAllowedHost, parseAllowedHosts, parseIpv6 } from './ssrf';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.192', 'reserved'],
    ['198.18.0.1', 'benchmarking'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['2001:db8::1', 'documentation'],
    ['[::1]', 'loopback'],
    ['not-an-ip', 'invalid'],
    ['1.2.3', 'invalid'],
    ['01.2.3.4.5', 'invalid'],
  ])('%s is %s and refused', (addr, cls) => {
    const c = classifyAddress(addr);
    expect(c.class).toBe(cls);
    expect(c.allowed).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '169.253.1.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
  ])('%s is public', (addr) => {
    expect(classifyAddress(addr)).toMatchObject({ class: 'public', allowed: true });
  });

  it('parses IPv6 forms', () => {
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('1::8')).toEqual([1, 0, 0, 0, 0, 0, 0, 8]);
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(parseIpv6('1::2::3')).toBeNull();
    expect(parseIpv6('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(parseIpv6('12345::')).toBeNull();
  });
});

describe('FEEDS_ALLOWED_HOSTS', () => {
  it('parses host and host:port, IPv6 in brackets', () => {
    expect(parseAllowedHosts(' feeds.local, 127.0.0.1:8080 ,[::1]:9000')).toEqual([
      { host: 'feeds.local' },
      { host: '127.0.0.1', port: 8080 },
      { host: '::1', port: 9000 },
    ]);
    expect(parseAllowedHosts('')).toEqual([]);
    expect(() => parseAllowedHosts('http://x')).toThrow(/not host or host:port/);
    expect(() => parseAllowedHosts('x:99999')).toThrow(/FEEDS_ALLOWED_HOSTS/);
  });
  it('matches host case-insensitively and the port when given', () => {
    const allowed = parseAllowedHosts('Feeds.Local,127.0.0.1:8080,[::1]');
    expect(isAllowedHost(new URL('http://feeds.local./rss'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('https://FEEDS.local:8443/rss'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.1:8080/'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.1:8081/'), allowed)).toBe(false);
    expect(isAllowedHost(new URL('http://127.0.0.1/'), allowed)).toBe(false);
    expect(isAllowedHost(new URL('http://[::1]:1/'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('http://evil.feeds.local/'), allowed)).toBe(false);
  });
});
