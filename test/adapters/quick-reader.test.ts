import { expect } from '@open-wc/testing';
import { LOCAL_STORAGE_CAPABILITIES } from '../../src/adapters/capabilities.js';
import { lazyAdapter, type Reader } from '../../src/adapters/lazy-adapter.js';
import { MemoryAdapter } from '../../src/adapters/memory-adapter.js';
import type { ListResult, StorageAdapter } from '../../src/adapters/storage-adapter.js';
import { sample } from '../helpers.js';

/** A chunk that never arrives. */
const never = <T>(): Promise<T> => new Promise<T>(() => {});

describe('lazyAdapter with a quick reader (the bundle’s own first read)', () => {
  const page: ListResult = { comments: [sample('a', null, 'Ada', 'First')], nextCursor: null };
  const until = new Date(Date.now() + 60_000);

  it('answers a list from the quick reader without waiting for the reading half, which starts loading meanwhile', async () => {
    let readerLoads = 0;
    const adapter = lazyAdapter(
      LOCAL_STORAGE_CAPABILITIES,
      () => never<StorageAdapter>(),
      () => {
        readerLoads++;
        return never<Reader>();
      },
      { list: async () => page, editableUntil: (_threadId, id) => (id === 'a' ? until : null) },
    );
    expect(await adapter.list('t')).to.equal(page);
    expect(readerLoads).to.equal(1);
    expect(adapter.editableUntil!('t', 'a')).to.equal(until);
    expect(adapter.editableUntil!('t', 'b')).to.equal(null);
  });

  it('asks the reading half when the quick reader cannot answer, and reads through it once it has loaded', async () => {
    const reader = new MemoryAdapter({ comments: [sample('r', null, 'Reader', 'From the reader')] });
    let quickReads = 0;
    const adapter = lazyAdapter(LOCAL_STORAGE_CAPABILITIES, () => never<StorageAdapter>(), async () => reader, {
      list: async () => {
        quickReads++;
        return null;
      },
    });
    expect((await adapter.list('thread-1')).comments.map((c) => c.id)).to.deep.equal(['r']);
    expect((await adapter.list('thread-1')).comments.map((c) => c.id)).to.deep.equal(['r']);
    expect(quickReads).to.equal(1);
  });

  it('rejects with the quick reader’s abort', async () => {
    const stop = new AbortController();
    const adapter = lazyAdapter(LOCAL_STORAGE_CAPABILITIES, () => never<StorageAdapter>(), () => never<Reader>(), {
      list: (_threadId, options) =>
        new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError')))),
    });
    const read = adapter.list('t', { signal: stop.signal }).then(
      () => new Error('expected an abort'),
      (error: unknown) => error as Error,
    );
    stop.abort();
    expect((await read).name).to.equal('AbortError');
  });
});
