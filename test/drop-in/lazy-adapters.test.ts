// The adapters as the drop-in bundle exports them (src/drop-in/lazy-adapters.ts): each passes
// the same contract suite as the npm entry's class, loading its implementation on first use,
// and is an instance of its class.
import { expect } from '@open-wc/testing';
import { HttpAdapter, LocalStorageAdapter, MemoryAdapter } from '../../src/drop-in/lazy-adapters.js';
import { MemoryAdapter as LoadedMemoryAdapter } from '../../src/adapters/memory-adapter.js';
import { threadStorageKey } from '../../src/adapters/local-storage-format.js';
import type { Comment } from '../../src/adapters/storage-adapter.js';
import { defineAdapterContract } from '../../src/testing/index.js';

const PREFIX = 'ct-test-drop-in';

afterEach(() => {
  const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((key) => key?.startsWith(`${PREFIX}:`));
  for (const key of keys) localStorage.removeItem(key!);
});

defineAdapterContract({ describe, it, beforeEach, afterEach }, 'the drop-in MemoryAdapter', () => new MemoryAdapter(), {
  withComments: (comments) => new MemoryAdapter({ comments }),
  // Its subscribers are told of the changes made through the same instance.
  watcher: (adapter) => adapter,
});

defineAdapterContract({ describe, it, beforeEach, afterEach }, 'the drop-in LocalStorageAdapter', () => new LocalStorageAdapter({ prefix: PREFIX }), {
  withComments: (comments: Comment[]) => {
    for (const threadId of new Set(comments.map((c) => c.threadId))) {
      localStorage.setItem(threadStorageKey(threadId, PREFIX), JSON.stringify(comments.filter((c) => c.threadId === threadId)));
    }
    return new LocalStorageAdapter({ prefix: PREFIX });
  },
});

describe('the drop-in adapters', () => {
  it('are instances of their classes, with the npm classes’ capabilities before anything loads', () => {
    const memory = new MemoryAdapter();
    expect(memory).to.be.instanceOf(MemoryAdapter);
    expect(memory.capabilities).to.deep.equal(new LoadedMemoryAdapter().capabilities);
    const local = new LocalStorageAdapter({ prefix: PREFIX });
    expect(local).to.be.instanceOf(LocalStorageAdapter);
    expect(local.capabilities.persistence).to.equal('browser');
    const http = new HttpAdapter('https://comments.example/', { timeoutMs: 1000 });
    expect(http).to.be.instanceOf(HttpAdapter);
    expect(http.capabilities.persistence).to.equal('server');
  });

  it('refuse an address that is no http(s) URL at once, as the npm HttpAdapter does', () => {
    expect(() => new HttpAdapter('javascript:alert(1)')).to.throw(TypeError);
  });

  it('count through the implementation they load', async () => {
    const seeded: Comment = { id: 'a', threadId: '/t', parentId: null, author: { name: 'Ann' }, body: 'Hi', createdAt: '2026-01-01T10:00:00Z' };
    expect(await new MemoryAdapter({ comments: [seeded] }).count(['/t', '/u'])).to.deep.equal({ '/t': 1, '/u': 0 });
  });
});
