// The network a visitor is blocked by: an IPv4 address, or the /64 of an IPv6 address.
// A pure function, so no database is involved.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddress, clientNetwork, forwardedAddress, forwardedEntry } from '../dist/client-address.js';

describe('clientNetwork', () => {
  it('keeps IPv4 addresses, also when mapped into IPv6', () => {
    assert.equal(clientNetwork('198.51.100.7'), '198.51.100.7');
    assert.equal(clientNetwork('::ffff:198.51.100.7'), '198.51.100.7');
    assert.equal(clientNetwork('::FFFF:127.0.0.2'), '127.0.0.2');
  });

  it('reduces IPv6 addresses to their /64, however they are written', () => {
    const net = '2001:db8:1:2::/64';
    for (const address of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:DB8:1:2:0:0:0:9', '2001:db8:1:2::1.2.3.4', '2001:db8:1:2::1%eth0']) {
      assert.equal(clientNetwork(address), net, address);
    }
    assert.notEqual(clientNetwork('2001:db8:1:3::1'), net);
    assert.equal(clientNetwork('::1'), '0:0:0:0::/64');
    assert.equal(clientNetwork('fe80::1%eth0'), 'fe80:0:0:0::/64');
  });

  it('has no network for what is not an address', () => {
    for (const address of [undefined, null, '', 'unknown', '1.2.3', '2001:db8::1::2', 'localhost']) assert.equal(clientNetwork(address), null, String(address));
  });
});

describe('forwardedAddress (X-Forwarded-For behind trusted proxies)', () => {
  it('takes the entry HOPS places from the right, what the outermost trusted proxy saw', () => {
    assert.equal(forwardedAddress('198.51.100.7', 1), '198.51.100.7');
    assert.equal(forwardedAddress('203.0.113.1, 198.51.100.7', 1), '198.51.100.7', 'the client wrote the left entry');
    assert.equal(forwardedAddress('203.0.113.1, 198.51.100.7, 10.0.0.2', 2), '198.51.100.7');
    assert.equal(forwardedAddress('203.0.113.1, 198.51.100.7, 10.0.0.2', 3), '203.0.113.1');
  });

  it('reads IPv6, brackets, ports and odd spacing', () => {
    assert.equal(forwardedAddress('2001:db8:1:2::1', 1), '2001:db8:1:2::1');
    assert.equal(forwardedAddress('[2001:db8::7]:443', 1), '2001:db8::7');
    assert.equal(forwardedAddress('[2001:db8::7]', 1), '2001:db8::7');
    assert.equal(forwardedAddress('198.51.100.7:5000', 1), '198.51.100.7');
    assert.equal(forwardedAddress('::ffff:198.51.100.7', 1), '::ffff:198.51.100.7');
    assert.equal(forwardedAddress('  203.0.113.1 ,\t198.51.100.7  ', 1), '198.51.100.7');
    assert.equal(forwardedAddress('203.0.113.1,198.51.100.7', 2), '203.0.113.1');
    assert.equal(clientNetwork(forwardedAddress('[2001:db8:1:2::9]:80', 1)), '2001:db8:1:2::/64');
  });

  it('has no address when the trusted part of the header is missing or malformed', () => {
    for (const header of [undefined, null, '', ' ', 'unknown', '198.51.100', '198.51.100.7,', '198.51.100.7:port', '[198.51.100.7]', '[2001:db8::1', '2001:db8::1]:80', 'localhost', '198.51.100.7 203.0.113.1']) {
      assert.equal(forwardedAddress(header, 1), null, JSON.stringify(header));
    }
    assert.equal(forwardedAddress('198.51.100.7, garbage', 2), null, 'an entry a trusted proxy wrote is garbage');
  });

  it('has no address with too few hops, and ignores garbage the client wrote', () => {
    assert.equal(forwardedAddress('198.51.100.7', 2), null);
    assert.equal(forwardedAddress('198.51.100.7, 10.0.0.2', 3), null);
    assert.equal(forwardedAddress('garbage, , 198.51.100.7', 1), '198.51.100.7');
  });

  it('never reads the header with 0 hops', () => {
    assert.equal(forwardedAddress('198.51.100.7', 0), null);
    assert.equal(clientAddress('127.0.0.1', '198.51.100.7', 0), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', '198.51.100.7', 1), '198.51.100.7');
    assert.equal(clientAddress('127.0.0.1', 'garbage', 1), '127.0.0.1');
    assert.equal(clientAddress('127.0.0.1', undefined, 1), '127.0.0.1');
  });

  it('reads one entry as a bare address', () => {
    assert.equal(forwardedEntry(' 198.51.100.7 '), '198.51.100.7');
    assert.equal(forwardedEntry('fe80::1%eth0'), 'fe80::1%eth0');
    assert.equal(forwardedEntry('[::1]:8080'), '::1');
    assert.equal(forwardedEntry('[::1]:123456'), null);
    assert.equal(forwardedEntry(''), null);
  });
});
