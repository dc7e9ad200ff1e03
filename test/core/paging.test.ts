import { expect } from '@open-wc/testing';
import { compareKeys, decodeCursor, encodeCursor, keyOf, searchKeys, type PageKey } from '../../src/core/paging.js';

/** base64url of a JSON value, as a forger would write a cursor. */
function forge(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

describe('core/paging', () => {
  describe('keys', () => {
    it('sort by time, then by id', () => {
      const keys: PageKey[] = [
        { time: 2, id: 'a' },
        { time: 1, id: 'b' },
        { time: 1, id: 'a' },
      ];
      expect(keys.sort(compareKeys).map((k) => `${k.time}${k.id}`)).to.deep.equal(['1a', '1b', '2a']);
      expect(compareKeys({ time: 1, id: 'x' }, { time: 1, id: 'x' })).to.equal(0);
    });

    it('read createdAt as a time, 0 when it is no date', () => {
      expect(keyOf({ id: 'c0', createdAt: 'yesterday' })).to.deep.equal({ time: 0, id: 'c0' });
      expect(keyOf({ id: 'c1', createdAt: '1970-01-01T00:00:01Z' })).to.deep.equal({ time: 1000, id: 'c1' });
    });
  });

  describe('searchKeys', () => {
    const keys: PageKey[] = [
      { time: 1, id: 'a' },
      { time: 1, id: 'b' },
      { time: 3, id: 'a' },
    ];

    it('finds the first key after a key, or not before it when inclusive', () => {
      expect(searchKeys(keys, { time: 1, id: 'a' })).to.equal(1);
      expect(searchKeys(keys, { time: 1, id: 'a' }, true)).to.equal(0);
      expect(searchKeys(keys, { time: 1, id: 'b' })).to.equal(2);
      expect(searchKeys(keys, { time: 3, id: 'a' }, true)).to.equal(2);
    });

    it('places a key that is not there between its neighbours, either way', () => {
      for (const inclusive of [false, true]) {
        expect(searchKeys(keys, { time: 0, id: 'z' }, inclusive)).to.equal(0);
        expect(searchKeys(keys, { time: 2, id: '' }, inclusive)).to.equal(2);
        expect(searchKeys(keys, { time: 9, id: 'a' }, inclusive)).to.equal(3);
        expect(searchKeys([], { time: 1, id: 'a' }, inclusive)).to.equal(0);
      }
    });
  });

  describe('cursors', () => {
    it('round-trip a key of any id, as base64url', () => {
      for (const key of [
        { time: 1714557600000, id: 'c1' },
        { time: 0, id: '' },
        { time: -62135596800000, id: 'Grüße 世界 👍🏽 "quoted" /+=' },
      ]) {
        const cursor = encodeCursor('oldest', key);
        expect(cursor).to.match(/^[A-Za-z0-9_-]+$/);
        expect(decodeCursor('oldest', cursor)).to.deep.equal(key);
      }
    });

    it('are good only for the order they were given for', () => {
      const cursor = encodeCursor('newest', { time: 5, id: 'a' });
      expect(decodeCursor('newest', cursor)).to.deep.equal({ time: 5, id: 'a' });
      expect(decodeCursor('oldest', cursor)).to.equal(null);
    });

    it('refuse anything encodeCursor cannot have written', () => {
      const forged = [
        '',
        'not a cursor!',
        'abcde',
        forge('oldest'),
        forge(['oldest', 5]),
        forge(['oldest', 5, 'a', 0]),
        forge(['oldest', '2024-05-01T10:00:00.000Z', 'a']),
        forge(['oldest', 1.5, 'a']),
        forge(['oldest', 9e15, 'a']),
        forge(['oldest', 5, 7]),
        forge(['top', 5, 'a']),
        btoa('\xff\xfe').replace(/=+$/, ''),
      ];
      for (const cursor of forged) expect(decodeCursor('oldest', cursor), cursor).to.equal(null);
    });
  });
});
