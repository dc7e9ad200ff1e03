// The network a visitor is blocked by: an IPv4 address, or the /64 of an IPv6 address.
// A pure function, so no database is involved.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientNetwork } from '../dist/client-address.js';

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
