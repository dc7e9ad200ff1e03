/**
 * The storage adapter contract suite: the behaviour every {@link StorageAdapter} we ship
 * passes, packaged so that authors of other adapters can run it against theirs.
 *
 * It depends on no test library. Hand it the BDD functions of yours (mocha's globals,
 * `node:test`, Jasmine, Vitest…) and it registers its tests through them; failures throw
 * plain `Error`s with readable messages.
 *
 * @example
 * ```ts
 * import { defineAdapterContract } from 'comment-thread/testing.js';
 * import { describe, it } from 'node:test';
 *
 * defineAdapterContract({ describe, it }, 'MyAdapter', () => new MyAdapter(), {
 *   cleanup: (adapter) => adapter.close(),
 * });
 * ```
 *
 * @module
 */
import { randomId } from '../core/id.js';
import { LIMITS } from '../core/limits.js';
import { compareOldest } from '../core/order.js';
import type {
  AdapterErrorCode,
  Comment,
  NewComment,
  SortOrder,
  StorageAdapter,
  ThreadChange,
} from '../adapters/storage-adapter.js';

/** A test body: may return a promise. */
export type TestBody = () => void | Promise<void>;

/**
 * The BDD functions the suite registers its tests through. Any test library's `describe` and
 * `it` fit (the suite ignores what they return). The hooks are accepted so that a whole
 * `{ describe, it, beforeEach, afterEach }` can be passed, but the suite does not need them:
 * each test makes its own adapter and cleans up in a `finally`.
 */
export interface BddFunctions {
  describe: (name: string, body: () => void) => unknown;
  it: (name: string, body: TestBody) => unknown;
  beforeEach?: (body: TestBody) => unknown;
  afterEach?: (body: TestBody) => unknown;
}

/** Options of {@link defineAdapterContract}. */
export interface AdapterContractOptions<A extends StorageAdapter = StorageAdapter> {
  /**
   * Makes the thread id of one test; every call must return a new one so that tests (and
   * suites sharing a backend) do not see each other's comments. Defaults to
   * `/contract/<random id>`.
   */
  threadId?: () => string;
  /** Called after every test with the adapter it used, even when the test failed. */
  cleanup?: (adapter: A) => void | Promise<void>;
  /** How many comments the id-uniqueness test creates; 40 by default. */
  manyCreates?: number;
  /**
   * Makes an adapter that already holds `comments` as they are (ids, dates, kinds, aliases), as
   * an import would leave them. Without it, the tests of mentions and aliases are skipped:
   * they need entries that `create` cannot make.
   */
  withComments?: (comments: Comment[]) => A | Promise<A>;
  /**
   * Pins top-level comment `id` of the thread, as the store's moderator would (the contract
   * has no method for it). Without it, the test of the order of pinned comments is skipped.
   */
  pin?: (adapter: A, threadId: string, id: string) => void | Promise<void>;
  /**
   * Another view of the store `adapter` writes to, as another visitor, tab or process has it,
   * whose `subscribe` hears the changes made through `adapter` (for an adapter whose own
   * subscribers hear them, `adapter` itself). Without it, the test that a vote reaches
   * subscribers is skipped.
   */
  watcher?: (adapter: A) => StorageAdapter | Promise<StorageAdapter>;
}

/** Everything a contract test gets. */
interface TestContext<A extends StorageAdapter> {
  adapter: A;
  /** A fresh thread id for this test. */
  threadId: string;
  /** A second fresh thread id, for tests that need two threads. */
  otherThreadId: string;
}

const PERSISTENCES = ['memory', 'browser', 'server'];
const CAPABILITY_FLAGS = ['edit', 'remove', 'vote', 'live', 'paging'] as const;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Bodies that must come back exactly as sent. */
const ROUND_TRIP_BODIES: readonly string[] = [
  'Grüße aus Köln, 世界, مرحبا, שלום — “curly quotes” and ‘single’ ones…',
  'Emoji: 👍🏽 👩\u200d👩\u200d👧 🇺🇦 ❤️ and a combining accent: e\u0301 (not normalized)',
  '<script>alert("xss")</script> <img src=x onerror=alert(1)> &amp; &lt;b&gt; <b>bold</b>',
  'line 1\nline 2\n\nparagraph after a blank line\n\tindented with a tab\n- a *list* item',
  'backslashes \\ \\n and ${template} and {"json": [1, 2]} and `code`',
];

/**
 * Registers the storage adapter contract tests for one adapter.
 *
 * @param t - the BDD functions of the test library in use.
 * @param name - the name of the `describe` block, e.g. the adapter's class name.
 * @param makeAdapter - makes the adapter a test runs against; called once per test.
 * @param options - thread ids, cleanup, sizes.
 */
export function defineAdapterContract<A extends StorageAdapter>(
  t: BddFunctions,
  name: string,
  makeAdapter: () => A | Promise<A>,
  options: AdapterContractOptions<A> = {},
): void {
  const makeThreadId = options.threadId ?? (() => `/contract/${randomId()}`);
  const manyCreates = options.manyCreates ?? 40;

  /** Registers a test that gets a fresh adapter and fresh thread ids. */
  const test = (title: string, body: (context: TestContext<A>) => Promise<void>): void => {
    t.it(title, async () => {
      const adapter = await makeAdapter();
      try {
        await body({ adapter, threadId: makeThreadId(), otherThreadId: makeThreadId() });
      } finally {
        await options.cleanup?.(adapter);
      }
    });
  };

  /** Registers a test that only runs its checks when `applies(adapter)` holds. */
  const testIf = (title: string, applies: (adapter: A) => boolean, body: (context: TestContext<A>) => Promise<void>): void => {
    test(title, async (context) => {
      if (applies(context.adapter)) await body(context);
    });
  };

  t.describe(`${name}: storage adapter contract`, () => {
    t.describe('capabilities', () => {
      test('describe the adapter with a persistence and boolean flags', async ({ adapter }) => {
        const capabilities = adapter.capabilities as unknown as Record<string, unknown>;
        assert(typeof capabilities === 'object' && capabilities !== null, 'capabilities must be an object');
        assert(
          PERSISTENCES.includes(capabilities['persistence'] as string),
          `capabilities.persistence must be one of ${PERSISTENCES.join(', ')}, got ${show(capabilities['persistence'])}`,
        );
        for (const flag of CAPABILITY_FLAGS) {
          assert(typeof capabilities[flag] === 'boolean', `capabilities.${flag} must be a boolean, got ${show(capabilities[flag])}`);
        }
      });

      test('match the methods the adapter implements', async ({ adapter }) => {
        const { capabilities } = adapter;
        const methods = { edit: 'update', remove: 'remove', vote: 'vote', live: 'subscribe' } as const;
        for (const [flag, method] of Object.entries(methods)) {
          if (capabilities[flag as keyof typeof methods]) {
            assert(typeof adapter[method] === 'function', `capabilities.${flag} is true, so ${method}() must be implemented`);
          }
        }
        assert(typeof adapter.list === 'function', 'list() must be implemented');
        assert(typeof adapter.create === 'function', 'create() must be implemented');
      });
    });

    t.describe('list and create', () => {
      test('list of an unknown thread is empty', async ({ adapter, threadId }) => {
        const result = await adapter.list(threadId);
        assert(Array.isArray(result.comments), `list() must resolve to { comments: [] }, got ${show(result)}`);
        assertEqual(result.comments.length, 0, 'number of comments in a thread nobody wrote to');
      });

      test('create returns the stored comment, and list shows it', async ({ adapter, threadId }) => {
        const input = newComment(threadId, { author: { name: 'Ada', website: 'https://example.com/ada' } });
        const created = await adapter.create(input);
        assert(typeof created.id === 'string' && created.id !== '', `a created comment needs a string id, got ${show(created.id)}`);
        assertEqual(created.threadId, threadId, 'threadId of the created comment');
        assertEqual(created.parentId, null, 'parentId of a top-level comment');
        assertEqual(created.body, input.body, 'body of the created comment');
        assertEqual(created.author?.name, 'Ada', 'author.name of the created comment');
        assertEqual(
          created.author.website && new URL(created.author.website).href,
          'https://example.com/ada',
          'author.website of the created comment',
        );
        assertIsoDate(created.createdAt, 'createdAt of the created comment');
        if (created.status !== undefined) assertEqual(created.status, 'published', 'status of a new comment (moderation aside)');

        const listed = await listById(adapter, threadId);
        assertEqual(listed.size, 1, 'number of comments listed after one create');
        const found = listed.get(created.id);
        assert(found, `list() does not return the created comment ${show(created.id)}`);
        assertEqual(found.body, input.body, 'body of the listed comment');
        assertEqual(found.author.name, 'Ada', 'author.name of the listed comment');
        assertEqual(found.parentId, null, 'parentId of the listed comment');
        assertEqual(found.createdAt, created.createdAt, 'createdAt of the listed comment');
      });

      test('threads are kept apart', async ({ adapter, threadId, otherThreadId }) => {
        const a = await adapter.create(newComment(threadId, { body: 'in thread A' }));
        const b = await adapter.create(newComment(otherThreadId, { body: 'in thread B' }));
        const listA = (await adapter.list(threadId)).comments;
        const listB = (await adapter.list(otherThreadId)).comments;
        assertDeepEqual(listA.map((c) => c.id), [a.id], 'ids listed in thread A');
        assertDeepEqual(listB.map((c) => c.id), [b.id], 'ids listed in thread B');
        assertEqual(listA[0]!.threadId, threadId, 'threadId of the comment listed in thread A');
        assertEqual(listB[0]!.threadId, otherThreadId, 'threadId of the comment listed in thread B');
      });

      test('replies keep their parentId', async ({ adapter, threadId }) => {
        const parent = await adapter.create(newComment(threadId, { body: 'parent' }));
        const reply = await adapter.create(newComment(threadId, { body: 'reply', parentId: parent.id }));
        const replyToReply = await adapter.create(newComment(threadId, { body: 'reply to reply', parentId: reply.id }));
        assertEqual(reply.parentId, parent.id, 'parentId of the created reply');
        const listed = await listById(adapter, threadId);
        assertEqual(listed.size, 3, 'number of comments listed');
        assertEqual(listed.get(reply.id)?.parentId, parent.id, 'parentId of the listed reply');
        assertEqual(listed.get(replyToReply.id)?.parentId, reply.id, 'parentId of the listed reply to a reply');
        assertEqual(listed.get(parent.id)?.parentId, null, 'parentId of the listed parent');
      });

      test('the body comes back exactly as sent', async ({ adapter, threadId }) => {
        const created: Comment[] = [];
        for (const body of ROUND_TRIP_BODIES) {
          const comment = await adapter.create(newComment(threadId, { body }));
          assertEqual(comment.body, body, 'body returned by create()');
          created.push(comment);
        }
        const listed = await listById(adapter, threadId);
        for (const comment of created) assertEqual(listed.get(comment.id)?.body, comment.body, 'body returned by list()');
      });

      test('input at the limits is accepted', async ({ adapter, threadId }) => {
        const body = 'b'.repeat(LIMITS.bodyMax);
        const name = 'n'.repeat(LIMITS.nameMax);
        const comment = await adapter.create(newComment(threadId, { body, author: { name } }));
        assertEqual(comment.body.length, LIMITS.bodyMax, 'length of a body of exactly LIMITS.bodyMax characters');
        assertEqual(comment.author.name, name, 'author.name of exactly LIMITS.nameMax characters');
      });

      test('ids are unique', async ({ adapter, threadId }) => {
        const ids = new Set<string>();
        for (let i = 0; i < manyCreates; i++) {
          ids.add((await adapter.create(newComment(threadId, { body: `comment ${i}` }))).id);
        }
        assertEqual(ids.size, manyCreates, `distinct ids among ${manyCreates} created comments`);
        const listed = await listById(adapter, threadId);
        assertEqual(listed.size, manyCreates, 'distinct ids listed');
      });
    });

    t.describe('invalid input', () => {
      const cases: Array<[title: string, field: string, change: (input: NewComment) => NewComment]> = [
        ['an empty body', 'body', (input) => ({ ...input, body: '' })],
        ['a body of only whitespace', 'body', (input) => ({ ...input, body: '  \n\t ' })],
        ['a body over LIMITS.bodyMax', 'body', (input) => ({ ...input, body: 'x'.repeat(LIMITS.bodyMax + 1) })],
        ['a javascript: website', 'author.website', (input) => ({ ...input, author: { name: 'Eve', website: 'javascript:alert(1)' } })],
        ['a name over LIMITS.nameMax', 'author.name', (input) => ({ ...input, author: { name: 'n'.repeat(LIMITS.nameMax + 1) } })],
      ];
      for (const [title, field, change] of cases) {
        test(`${title} is rejected as invalid and nothing is stored`, async ({ adapter, threadId }) => {
          const error = await assertRejects(adapter.create(change(newComment(threadId))), `create() with ${title}`);
          assertAdapterError(error, 'invalid', `create() with ${title}`);
          const reported = (error as { field?: unknown }).field;
          if (reported !== undefined) assertEqual(reported, field, `field of the invalid error for ${title}`);
          assertEqual((await adapter.list(threadId)).comments.length, 0, `comments stored after create() with ${title}`);
        });
      }
    });

    t.describe('abort', () => {
      test('list with an aborted signal rejects with an AbortError', async ({ adapter, threadId }) => {
        const error = await assertRejects(adapter.list(threadId, { signal: abortedSignal() }), 'list() with an aborted signal');
        assertAbortError(error, 'list() with an aborted signal');
      });

      test('create with an aborted signal rejects with an AbortError and stores nothing', async ({ adapter, threadId }) => {
        const error = await assertRejects(adapter.create(newComment(threadId), { signal: abortedSignal() }), 'create() with an aborted signal');
        assertAbortError(error, 'create() with an aborted signal');
        assertEqual((await adapter.list(threadId)).comments.length, 0, 'comments stored by an aborted create()');
      });
    });

    t.describe('update', () => {
      const canEdit = (adapter: A): boolean => adapter.capabilities.edit && typeof adapter.update === 'function';

      testIf('changes the body and sets updatedAt', canEdit, async ({ adapter, threadId }) => {
        const created = await adapter.create(newComment(threadId, { body: 'before' }));
        const updated = await adapter.update!(threadId, created.id, { body: 'after ✏️' });
        assertEqual(updated.id, created.id, 'id of the updated comment');
        assertEqual(updated.body, 'after ✏️', 'body returned by update()');
        assertIsoDate(updated.updatedAt, 'updatedAt of the updated comment');
        assert(
          Date.parse(updated.updatedAt!) >= Date.parse(created.createdAt),
          `updatedAt ${show(updated.updatedAt)} must not be before createdAt ${show(created.createdAt)}`,
        );
        const listed = (await listById(adapter, threadId)).get(created.id);
        assertEqual(listed?.body, 'after ✏️', 'body listed after update()');
        assertIsoDate(listed?.updatedAt, 'updatedAt listed after update()');
      });

      testIf('rejects an empty body as invalid and keeps the old one', canEdit, async ({ adapter, threadId }) => {
        const created = await adapter.create(newComment(threadId, { body: 'keep me' }));
        const error = await assertRejects(adapter.update!(threadId, created.id, { body: ' ' }), 'update() with an empty body');
        assertAdapterError(error, 'invalid', 'update() with an empty body');
        assertEqual((await listById(adapter, threadId)).get(created.id)?.body, 'keep me', 'body after a rejected update()');
      });

      testIf('rejects an unknown id as not-found', canEdit, async ({ adapter, threadId }) => {
        await adapter.create(newComment(threadId));
        const error = await assertRejects(adapter.update!(threadId, `missing-${randomId()}`, { body: 'x' }), 'update() of an unknown id');
        assertAdapterError(error, 'not-found', 'update() of an unknown id');
      });
    });

    t.describe('remove', () => {
      const canRemove = (adapter: A): boolean => adapter.capabilities.remove && typeof adapter.remove === 'function';

      testIf('removes a comment without replies', canRemove, async ({ adapter, threadId }) => {
        const keep = await adapter.create(newComment(threadId, { body: 'keep' }));
        const gone = await adapter.create(newComment(threadId, { body: 'remove me' }));
        await adapter.remove!(threadId, gone.id);
        const listed = await listById(adapter, threadId);
        assert(!listed.has(gone.id), 'a removed comment without replies must not be listed');
        assertEqual(listed.get(keep.id)?.body, 'keep', 'body of the other comment');
      });

      testIf('leaves a deleted placeholder for a comment with replies', canRemove, async ({ adapter, threadId }) => {
        const parent = await adapter.create(newComment(threadId, { body: 'parent' }));
        const reply = await adapter.create(newComment(threadId, { body: 'reply', parentId: parent.id }));
        await adapter.remove!(threadId, parent.id);
        const listed = await listById(adapter, threadId);
        const placeholder = listed.get(parent.id);
        assert(placeholder, 'a removed comment with replies must stay listed as a placeholder');
        assertEqual(placeholder.status, 'deleted', 'status of the placeholder');
        assertEqual(placeholder.body, '', 'body of the placeholder');
        assertEqual(listed.get(reply.id)?.parentId, parent.id, 'parentId of the reply to a removed comment');
        assertEqual(listed.get(reply.id)?.body, 'reply', 'body of the reply to a removed comment');

        await adapter.remove!(threadId, reply.id);
        assert(!(await listById(adapter, threadId)).has(reply.id), 'a removed reply must not be listed');
      });

      testIf('rejects an unknown id as not-found', canRemove, async ({ adapter, threadId }) => {
        await adapter.create(newComment(threadId));
        const error = await assertRejects(adapter.remove!(threadId, `missing-${randomId()}`), 'remove() of an unknown id');
        assertAdapterError(error, 'not-found', 'remove() of an unknown id');
      });
    });

    t.describe('kinds and links', () => {
      test('a created comment is of kind comment', async ({ adapter, threadId }) => {
        const created = await adapter.create(newComment(threadId, { body: 'an ordinary comment' }));
        assert(created.kind === undefined || created.kind === 'comment', `kind of a created comment must be absent or "comment", got ${show(created.kind)}`);
        const listed = (await listById(adapter, threadId)).get(created.id);
        assert(listed?.kind === undefined || listed.kind === 'comment', `kind of a listed comment must be absent or "comment", got ${show(listed?.kind)}`);
      });

      /**
       * An imported blog's thread: a reply chain, a pingback and a trackback, with ids `wp-N`
       * and aliases `N` as a WordPress import gives them. N is new for every test, since a
       * store may keep ids unique across threads.
       */
      const seeded = (threadId: string): { comments: Comment[]; id: (n: number) => string; alias: (n: number) => string } => {
        const base = 100_000 + Math.floor(Math.random() * 800_000) * 10;
        const alias = (n: number): string => String(base + n);
        const id = (n: number): string => `wp-${alias(n)}`;
        const at = (minute: number): string => new Date(Date.UTC(2010, 5, 9, 14, minute)).toISOString();
        return {
          id,
          alias,
          comments: [
            { id: id(5), threadId, parentId: null, author: { name: 'Vincent' }, body: 'Great post.', createdAt: at(0), aliases: [alias(5)] },
            { id: id(6), threadId, parentId: id(5), author: { name: 'Ken' }, body: 'Thank you!', createdAt: at(1), aliases: [alias(6)] },
            { id: id(7), threadId, parentId: id(6), author: { name: 'Vincent' }, body: 'And a question.', createdAt: at(2), aliases: [alias(7)] },
            { id: id(8), threadId, parentId: null, author: { name: 'Another blog » On leadership', website: 'https://blog.example/leadership/' }, body: 'a post worth reading', createdAt: at(3), kind: 'pingback', aliases: [alias(8)] },
            { id: id(9), threadId, parentId: null, author: { name: 'A trackback' }, body: 'tracked', createdAt: at(4), kind: 'trackback', aliases: [alias(9)] },
          ],
        };
      };
      const holding = options.withComments;
      const ifSeeded = (title: string, body: (adapter: A, threadId: string, ids: ReturnType<typeof seeded>) => Promise<void>): void => {
        if (!holding) return;
        t.it(title, async () => {
          const threadId = makeThreadId();
          const thread = seeded(threadId);
          const adapter = await holding(thread.comments);
          try {
            await body(adapter, threadId, thread);
          } finally {
            await options.cleanup?.(adapter);
          }
        });
      };

      ifSeeded('lists pingbacks and trackbacks with their kind, and counts them apart', async (adapter, threadId, { id }) => {
        const result = await adapter.list(threadId);
        const listed = new Map(result.comments.map((c) => [c.id, c]));
        assertEqual(listed.get(id(8))?.kind, 'pingback', 'kind of the listed pingback');
        assertEqual(listed.get(id(8))?.author.website, 'https://blog.example/leadership/', 'website of the listed pingback');
        assertEqual(listed.get(id(9))?.kind, 'trackback', 'kind of the listed trackback');
        assert(listed.get(id(5))?.kind === undefined || listed.get(id(5))?.kind === 'comment', 'an imported comment stays a comment');
        if (result.total !== undefined) assertEqual(result.total, 3, 'total (comments, not mentions)');
        if (result.mentions !== undefined) assertEqual(result.mentions, 2, 'mentions');
        if (adapter.count) assertEqual((await adapter.count([threadId]))[threadId], 3, 'count() of comments, not mentions');
      });

      ifSeeded('refuses a reply to a pingback', async (adapter, threadId, { id }) => {
        const error = await assertRejects(adapter.create(newComment(threadId, { parentId: id(8), body: 'a reply to a pingback' })), 'create() of a reply to a pingback');
        assertAdapterError(error, 'invalid', 'create() of a reply to a pingback');
      });

      ifSeeded('get finds a comment by id or by alias, with its ancestors', async (adapter, threadId, { id, alias }) => {
        if (!adapter.get) return;
        const byId = await adapter.get(threadId, id(7));
        assertEqual(byId?.comment.id, id(7), 'get() by id');
        assertDeepEqual(byId?.ancestors.map((c) => c.id), [id(5), id(6)], 'ancestors from get() by id, top-level first');
        const byAlias = await adapter.get(threadId, alias(6));
        assertEqual(byAlias?.comment.id, id(6), 'get() by an alias');
        assertDeepEqual(byAlias?.comment.aliases, [alias(6)], 'aliases of the comment from get()');
        assertDeepEqual(byAlias?.ancestors.map((c) => c.id), [id(5)], 'ancestors from get() by alias');
        assertEqual(await adapter.get(threadId, 'no-such-comment'), null, 'get() of an unknown id');
        assertEqual(await adapter.get(makeThreadId(), alias(5)), null, 'get() of an alias in another thread');
      });

      ifSeeded('paging counts comments only: the first page also holds every mention', async (adapter, threadId, { id }) => {
        if (!adapter.capabilities.paging) return;
        const first = await adapter.list(threadId, { limit: 1 });
        assertDeepEqual(first.comments.map((c) => c.id).sort(), [5, 6, 7, 8, 9].map(id).sort(), 'ids on the first page at limit 1');
        assertEqual(first.nextCursor ?? null, null, 'nextCursor of a thread with one top-level comment and two mentions, at limit 1');
      });
    });

    t.describe('count', () => {
      testIf('counts comments per thread, with 0 for an empty thread', (adapter) => typeof adapter.count === 'function', async ({ adapter, threadId, otherThreadId }) => {
        await adapter.create(newComment(threadId, { body: 'one' }));
        await adapter.create(newComment(threadId, { body: 'two' }));
        const counts = await adapter.count!([threadId, otherThreadId]);
        assertEqual(counts[threadId], 2, 'count of a thread with two comments');
        assertEqual(counts[otherThreadId], 0, 'count of a thread without comments');
      });
    });

    t.describe('paging', () => {
      const pages = (adapter: A): boolean => adapter.capabilities.paging;

      testIf('a page holds at most limit top-level comments, each with all of its replies', pages, async ({ adapter, threadId }) => {
        const seeded = await seedThread(adapter, threadId);
        const first = await adapter.list(threadId, { limit: 2 });
        assertWholeThreads(first.comments, seeded, 'the first page of limit 2');
        const tops = first.comments.filter((c) => c.parentId === null);
        assert(tops.length >= 1 && tops.length <= 2, `the first page of limit 2 must hold 1 or 2 top-level comments, got ${tops.length}`);
        assert(typeof first.nextCursor === 'string' && first.nextCursor !== '', `a first page of 2 of 5 threads needs a nextCursor, got ${show(first.nextCursor)}`);
        if (first.total !== undefined) assertEqual(first.total, seeded.size, 'total of a page');
      });

      for (const sort of ['oldest', 'newest'] as const) {
        testIf(`following nextCursor returns every comment once, top-level comments ${sort} first`, pages, async ({ adapter, threadId }) => {
          const seeded = await seedThread(adapter, threadId);
          const read = await readPages(adapter, threadId, { sort, limit: 2 });
          for (const [i, page] of read.entries()) {
            assertWholeThreads(page.comments, seeded, `page ${i + 1} (${sort}, limit 2)`);
            const tops = page.comments.filter((c) => c.parentId === null).length;
            assert(tops <= 2, `page ${i + 1} (${sort}, limit 2) holds ${tops} top-level comments`);
            if (page.total !== undefined) assertEqual(page.total, seeded.size, `total of page ${i + 1}`);
          }
          const listed = read.flatMap((page) => page.comments);
          assertOnce(listed, seeded, `the pages (${sort}, limit 2)`);
          // Top-level comments in order across pages (within a page any order is fine).
          const sign = sort === 'oldest' ? 1 : -1;
          const times = read.map((page) =>
            page.comments.filter((c) => c.parentId === null).map((c) => Date.parse(c.createdAt)).sort((a, b) => sign * (a - b)),
          );
          const order = times.flat();
          for (let i = 1; i < order.length; i++) {
            assert(sign * (order[i]! - order[i - 1]!) >= 0, `top-level comments must come ${sort} first across pages, got times ${show(times)}`);
          }
        });

        testIf(`comments created between two pages (${sort}) neither repeat nor skip others`, pages, async ({ adapter, threadId }) => {
          const seeded = await seedThread(adapter, threadId);
          const first = await adapter.list(threadId, { sort, limit: 2 });
          assert(first.nextCursor, `a first page of 2 of 5 threads needs a nextCursor, got ${show(first.nextCursor)}`);
          const onFirst = new Set(first.comments.map((c) => c.id));
          const later = [...seeded.values()].find((c) => c.parentId === null && !onFirst.has(c.id))!;
          const earlier = first.comments.find((c) => c.parentId === null)!;
          await adapter.create(newComment(threadId, { body: 'a new top-level comment between pages' }));
          await adapter.create(newComment(threadId, { body: 'a reply on the page already read', parentId: earlier.id }));
          const replyLater = await adapter.create(newComment(threadId, { body: 'a reply on a page not yet read', parentId: later.id }));
          const rest = await readPages(adapter, threadId, { sort, limit: 2 }, first.nextCursor);
          const listed = [...first.comments, ...rest.flatMap((page) => page.comments)];
          const ids = listed.map((c) => c.id);
          assertEqual(new Set(ids).size, ids.length, `comments listed twice across pages (${sort}) with comments created in between`);
          for (const id of seeded.keys()) assert(ids.includes(id), `comment ${show(seeded.get(id)!.body)} was skipped after comments were created between pages`);
          assert(ids.includes(replyLater.id), 'a reply created before its thread\'s page was read must be on that page');
        });
      }

      testIf('a limit larger than the thread gives one page without nextCursor', pages, async ({ adapter, threadId }) => {
        const seeded = await seedThread(adapter, threadId);
        const page = await adapter.list(threadId, { limit: 50 });
        assertEqual(page.nextCursor ?? null, null, 'nextCursor of a page of limit 50 over 5 threads');
        assertOnce(page.comments, seeded, 'the one page of limit 50');
      });

      testIf('a cursor without a limit continues after it', pages, async ({ adapter, threadId }) => {
        const seeded = await seedThread(adapter, threadId);
        const first = await adapter.list(threadId, { limit: 2 });
        assert(first.nextCursor, `a first page of 2 of 5 threads needs a nextCursor, got ${show(first.nextCursor)}`);
        const rest = await readPages(adapter, threadId, {}, first.nextCursor);
        assert(rest[0]!.comments.length > 0, 'list() with the cursor of a first page of 2 of 5 threads returned nothing');
        assertOnce([...first.comments, ...rest.flatMap((page) => page.comments)], seeded, 'the first page and the pages after it without a limit');
      });

      testIf('rejects a malformed cursor as invalid', pages, async ({ adapter, threadId }) => {
        await seedThread(adapter, threadId);
        for (const cursor of ['not a cursor!', '%%%', 'bm90IGEgY3Vyc29y']) {
          const what = `list() with the cursor ${show(cursor)}`;
          const error = await assertRejects(adapter.list(threadId, { limit: 2, cursor }), what);
          assertAdapterError(error, 'invalid', what);
          assertEqual((error as { retryable?: unknown }).retryable, false, `retryable of the AdapterError from ${what}`);
        }
      });

      testIf('without paging, a limit still lists the whole thread, without nextCursor', (adapter) => !pages(adapter), async ({ adapter, threadId }) => {
        const seeded = await seedThread(adapter, threadId);
        const page = await adapter.list(threadId, { limit: 1 });
        assertEqual(page.nextCursor ?? null, null, 'nextCursor of an adapter without paging');
        assertOnce(page.comments, seeded, 'list() with limit 1 of an adapter without paging');
      });
    });

    t.describe('vote', () => {
      const votes = (adapter: A): boolean => adapter.capabilities.vote && typeof adapter.vote === 'function';

      testIf('an upvote adds 1 to the score and comes back as myVote', votes, async ({ adapter, threadId }) => {
        const comment = await adapter.create(newComment(threadId));
        const voted = await adapter.vote!(threadId, comment.id, 1);
        assertEqual(voted.id, comment.id, 'id of the comment vote() returns');
        assertEqual(voted.score, scoreOf(comment) + 1, 'score after an upvote');
        assertEqual(voted.myVote, 1, 'myVote after an upvote');
        const listed = (await listById(adapter, threadId)).get(comment.id);
        assertEqual(listed?.score, scoreOf(comment) + 1, 'score listed after an upvote');
      });

      testIf('the same vote twice counts once', votes, async ({ adapter, threadId }) => {
        const comment = await adapter.create(newComment(threadId));
        await adapter.vote!(threadId, comment.id, 1);
        const again = await adapter.vote!(threadId, comment.id, 1);
        assertEqual(again.score, scoreOf(comment) + 1, 'score after the same upvote twice');
        assertEqual(again.myVote, 1, 'myVote after the same upvote twice');
        assertEqual((await listById(adapter, threadId)).get(comment.id)?.score, scoreOf(comment) + 1, 'score listed after the same upvote twice');
      });

      testIf('changing an upvote to a downvote moves the score by 2 (or the adapter refuses downvotes as invalid)', votes, async ({ adapter, threadId }) => {
        const comment = await adapter.create(newComment(threadId));
        await adapter.vote!(threadId, comment.id, 1);
        let down: Comment;
        try {
          down = await adapter.vote!(threadId, comment.id, -1);
        } catch (error) {
          // A site that allows upvotes only.
          assertAdapterError(error, 'invalid', 'vote() of -1 where it is refused');
          assertEqual((await listById(adapter, threadId)).get(comment.id)?.score, scoreOf(comment) + 1, 'score after a refused downvote');
          return;
        }
        assertEqual(down.score, scoreOf(comment) - 1, 'score after changing an upvote to a downvote');
        assertEqual(down.myVote, -1, 'myVote after a downvote');
        const listed = (await listById(adapter, threadId)).get(comment.id);
        assertEqual(listed?.score, scoreOf(comment) - 1, 'score listed after a downvote');
        assertEqual(listed?.myVote, -1, 'myVote listed after a downvote');
      });

      testIf('a vote of 0 withdraws the vote', votes, async ({ adapter, threadId }) => {
        const comment = await adapter.create(newComment(threadId));
        await adapter.vote!(threadId, comment.id, 1);
        const withdrawn = await adapter.vote!(threadId, comment.id, 0);
        assertEqual(withdrawn.score, scoreOf(comment), 'score after a withdrawn vote');
        assertEqual(withdrawn.myVote, undefined, 'myVote after a withdrawn vote');
        const listed = (await listById(adapter, threadId)).get(comment.id);
        assertEqual(scoreOf(listed), scoreOf(comment), 'score listed after a withdrawn vote');
        assertEqual(listed?.myVote, undefined, 'myVote listed after a withdrawn vote');
        const none = await adapter.vote!(threadId, comment.id, 0);
        assertEqual(scoreOf(none), scoreOf(comment), 'score after withdrawing a vote there is none of');
      });

      testIf('lists myVote on the comments voted on, and only on them', votes, async ({ adapter, threadId }) => {
        const voted = await adapter.create(newComment(threadId, { body: 'voted on' }));
        const other = await adapter.create(newComment(threadId, { body: 'not voted on' }));
        const reply = await adapter.create(newComment(threadId, { body: 'a reply voted on', parentId: other.id }));
        await adapter.vote!(threadId, voted.id, 1);
        await adapter.vote!(threadId, reply.id, 1);
        const listed = await listById(adapter, threadId);
        assertEqual(listed.get(voted.id)?.myVote, 1, 'myVote listed on the comment voted on');
        assertEqual(listed.get(reply.id)?.myVote, 1, 'myVote listed on the reply voted on');
        assertEqual(listed.get(other.id)?.myVote, undefined, 'myVote listed on a comment not voted on');
        assertEqual(scoreOf(listed.get(other.id)), scoreOf(other), 'score of a comment not voted on');
      });

      testIf('rejects a vote other than 1, 0 and -1 as invalid, changing nothing', votes, async ({ adapter, threadId }) => {
        const comment = await adapter.create(newComment(threadId));
        for (const value of [2, 0.5, -2, Number.NaN, '1', null] as unknown as Array<1 | 0 | -1>) {
          const error = await assertRejects(adapter.vote!(threadId, comment.id, value), `vote() of ${show(value)}`);
          assertAdapterError(error, 'invalid', `vote() of ${show(value)}`);
        }
        const listed = (await listById(adapter, threadId)).get(comment.id);
        assertEqual(scoreOf(listed), scoreOf(comment), 'score after invalid votes');
        assertEqual(listed?.myVote, undefined, 'myVote after invalid votes');
      });

      testIf('rejects a vote on an unknown id as not-found', votes, async ({ adapter, threadId }) => {
        await adapter.create(newComment(threadId));
        const error = await assertRejects(adapter.vote!(threadId, `missing-${randomId()}`, 1), 'vote() on an unknown id');
        assertAdapterError(error, 'not-found', 'vote() on an unknown id');
      });

      testIf('rejects a vote on a deleted comment: a placeholder is a conflict, one removed for good is not-found', (adapter) => votes(adapter) && adapter.capabilities.remove && typeof adapter.remove === 'function', async ({ adapter, threadId }) => {
        const parent = await adapter.create(newComment(threadId, { body: 'parent' }));
        const reply = await adapter.create(newComment(threadId, { body: 'reply', parentId: parent.id }));
        const leaf = await adapter.create(newComment(threadId, { body: 'leaf' }));
        await adapter.remove!(threadId, parent.id);
        await adapter.remove!(threadId, leaf.id);
        const onPlaceholder = await assertRejects(adapter.vote!(threadId, parent.id, 1), 'vote() on a deleted placeholder');
        assertAdapterError(onPlaceholder, 'conflict', 'vote() on a deleted placeholder');
        const onGone = await assertRejects(adapter.vote!(threadId, leaf.id, 1), 'vote() on a removed comment');
        assertAdapterError(onGone, 'not-found', 'vote() on a removed comment');
        const listed = await listById(adapter, threadId);
        assertEqual(scoreOf(listed.get(parent.id)), 0, 'score of the placeholder');
        assertEqual(listed.get(parent.id)?.myVote, undefined, 'myVote of the placeholder');
        assertEqual(listed.get(reply.id)?.body, 'reply', 'the reply to a deleted comment');
      });

      testIf('pages top-level comments by score with sort top, ties oldest first', (adapter) => votes(adapter) && adapter.capabilities.paging, async ({ adapter, threadId }) => {
        const tops: Comment[] = [];
        for (let i = 1; i <= 5; i++) tops.push(await adapter.create(newComment(threadId, { body: `top-level comment ${i}` })));
        await adapter.create(newComment(threadId, { body: 'a reply', parentId: tops[2]!.id }));
        await adapter.vote!(threadId, tops[1]!.id, 1);
        await adapter.vote!(threadId, tops[3]!.id, 1);
        const downvoted = await adapter.vote!(threadId, tops[4]!.id, -1).then(
          () => true,
          () => false,
        );
        const score = new Map(tops.map((c) => [c.id, scoreOf(c)]));
        score.set(tops[1]!.id, score.get(tops[1]!.id)! + 1);
        score.set(tops[3]!.id, score.get(tops[3]!.id)! + 1);
        if (downvoted) score.set(tops[4]!.id, score.get(tops[4]!.id)! - 1);
        const expected = [...tops].sort((a, b) => score.get(b.id)! - score.get(a.id)! || compareOldest(a, b)).map((c) => c.id);
        for (const limit of [1, 2]) await assertPagedOrder(adapter, threadId, 'top', limit, expected);
      });

      const hasWatcher = options.watcher;
      testIf('a vote reaches subscribers elsewhere as an updated change with the new score, without myVote', (adapter) => votes(adapter) && hasWatcher !== undefined, async ({ adapter, threadId }) => {
        const watcher = await hasWatcher!(adapter);
        if (!watcher.capabilities.live || typeof watcher.subscribe !== 'function') return;
        const comment = await adapter.create(newComment(threadId));
        const heard: ThreadChange[] = [];
        const stop = watcher.subscribe(threadId, (change) => heard.push(change));
        try {
          await untilHeard(adapter, threadId, heard);
          await adapter.vote!(threadId, comment.id, 1);
          const change = await waitFor(
            () => heard.find((c): c is Extract<ThreadChange, { type: 'updated' }> => c.type === 'updated' && c.comment.id === comment.id),
            'an updated change after a vote',
          );
          assertEqual(change.comment.score, scoreOf(comment) + 1, 'score of the updated change after a vote');
          assert(!('myVote' in change.comment) || change.comment.myVote === undefined, `a live change must not carry myVote, got ${show(change.comment.myVote)}`);
        } finally {
          stop();
        }
      });
    });

    t.describe('pinned', () => {
      const pin = options.pin;
      testIf('pinned top-level comments come first in every order, in that order among themselves', () => pin !== undefined, async ({ adapter, threadId }) => {
        const tops: Comment[] = [];
        for (let i = 1; i <= 5; i++) tops.push(await adapter.create(newComment(threadId, { body: `top-level comment ${i}` })));
        await adapter.create(newComment(threadId, { body: 'a reply', parentId: tops[1]!.id }));
        await pin!(adapter, threadId, tops[1]!.id);
        await pin!(adapter, threadId, tops[3]!.id);
        const pinned = new Set([tops[1]!.id, tops[3]!.id]);
        const listed = await listById(adapter, threadId);
        for (const comment of tops) assertEqual(listed.get(comment.id)?.pinned === true, pinned.has(comment.id), `pinned of the listed ${show(comment.body)}`);
        const sorts: SortOrder[] = ['oldest', 'newest'];
        // With votes, the best-scored comment is not pinned: the pinned ones still come first.
        if (adapter.capabilities.vote && adapter.vote) {
          await adapter.vote(threadId, tops[4]!.id, 1);
          sorts.push('top');
        }
        if (!adapter.capabilities.paging) return;
        for (const sort of sorts) {
          const score = (c: Comment): number => scoreOf(c) + (sort === 'top' && c === tops[4] ? 1 : 0);
          const inOrder = (a: Comment, b: Comment): number => (sort === 'top' ? score(b) - score(a) : 0) || (sort === 'newest' ? compareOldest(b, a) : compareOldest(a, b));
          const expected = [...tops.filter((c) => pinned.has(c.id)).sort(inOrder), ...tops.filter((c) => !pinned.has(c.id)).sort(inOrder)].map((c) => c.id);
          for (const limit of [1, 2]) await assertPagedOrder(adapter, threadId, sort, limit, expected);
        }
      });
    });

    t.describe('subscribe', () => {
      const isLive = (adapter: A): boolean => adapter.capabilities.live && typeof adapter.subscribe === 'function';

      testIf('returns an unsubscribe function; aborting and unsubscribing do not throw', isLive, async ({ adapter, threadId }) => {
        const controller = new AbortController();
        const unsubscribe = adapter.subscribe!(threadId, () => {}, { signal: controller.signal });
        assertEqual(typeof unsubscribe, 'function', 'type of what subscribe() returns');
        controller.abort();
        unsubscribe();
        unsubscribe();
        const other = adapter.subscribe!(threadId, () => {});
        assertEqual(typeof other, 'function', 'type of what subscribe() without a signal returns');
        other();
      });

      testIf('accepts an already aborted signal', isLive, async ({ adapter, threadId }) => {
        const unsubscribe = adapter.subscribe!(threadId, () => {}, { signal: abortedSignal() });
        assertEqual(typeof unsubscribe, 'function', 'type of what subscribe() with an aborted signal returns');
        unsubscribe();
      });
    });
  });
}

/** A comment's score: absent counts as 0. */
const scoreOf = (comment: Comment | undefined): number => comment?.score ?? 0;

/** A valid new comment for `threadId`, with `overrides`. */
function newComment(threadId: string, overrides: Partial<NewComment> = {}): NewComment {
  return { threadId, parentId: null, author: { name: 'Contract Tester' }, body: 'Hello from the contract suite.', ...overrides };
}

async function listById(adapter: StorageAdapter, threadId: string): Promise<Map<string, Comment>> {
  const { comments } = await adapter.list(threadId);
  return new Map(comments.map((c) => [c.id, c]));
}

/**
 * Writes a thread of five top-level comments, in order: the first with a reply, a reply to
 * that and one to that (three deep), the third with two replies. Returns them by id.
 */
async function seedThread(adapter: StorageAdapter, threadId: string): Promise<Map<string, Comment>> {
  const seeded = new Map<string, Comment>();
  const add = async (body: string, parentId: string | null = null): Promise<Comment> => {
    const comment = await adapter.create(newComment(threadId, { body, parentId }));
    seeded.set(comment.id, comment);
    return comment;
  };
  const tops: Comment[] = [];
  for (let i = 1; i <= 5; i++) tops.push(await add(`top-level comment ${i}`));
  const reply = await add('reply to 1', tops[0]!.id);
  const deeper = await add('reply to the reply to 1', reply.id);
  await add('three deep under 1', deeper.id);
  await add('first reply to 3', tops[2]!.id);
  await add('second reply to 3', tops[2]!.id);
  return seeded;
}

/** Reads pages from `cursor` (the start without one) until `nextCursor` ends, failing after 20. */
async function readPages(
  adapter: StorageAdapter,
  threadId: string,
  options: { sort?: SortOrder; limit?: number },
  cursor?: string,
): Promise<Array<{ comments: Comment[]; total?: number }>> {
  const pages: Array<{ comments: Comment[]; total?: number }> = [];
  let next: string | null | undefined = cursor;
  do {
    assert(pages.length < 20, `following nextCursor over 5 or 6 threads did not end after 20 pages`);
    const page = await adapter.list(threadId, { ...options, ...(next ? { cursor: next } : {}) });
    pages.push(page);
    next = page.nextCursor;
  } while (next);
  return pages;
}

/**
 * Asserts that following the cursors of `sort` pages of `limit` gives the top-level comments
 * in the order of `expected` (ids) across pages, in any order within a page.
 */
async function assertPagedOrder(adapter: StorageAdapter, threadId: string, sort: SortOrder, limit: number, expected: readonly string[]): Promise<void> {
  const rank = new Map(expected.map((id, i) => [id, i]));
  const pages = await readPages(adapter, threadId, { sort, limit });
  const tops = pages.flatMap((page) => page.comments.filter((c) => c.parentId === null && rank.has(c.id)).map((c) => c.id).sort((a, b) => rank.get(a)! - rank.get(b)!));
  assertDeepEqual(tops, expected, `top-level comments across pages of ${limit} (${sort})`);
}

/**
 * Waits until `heard` (what a subscription delivered) holds a change: a comment is created in
 * the thread, and again, until the subscription hears one (a server's stream may take a
 * moment to connect).
 */
async function untilHeard(adapter: StorageAdapter, threadId: string, heard: readonly ThreadChange[]): Promise<void> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const probe = await adapter.create(newComment(threadId, { body: `probe ${attempt}` }));
    const deadline = Date.now() + 500;
    while (Date.now() < deadline) {
      if (heard.some((c) => c.type === 'created' && c.comment.id === probe.id)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  throw new Error('the subscription heard none of 20 comments created, 500 ms apart');
}

/** What `find` returns once it returns something, polled for up to 5 s. */
async function waitFor<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Asserts that `listed` holds every comment of `seeded` exactly once, and nothing else. */
function assertOnce(listed: readonly Comment[], seeded: ReadonlyMap<string, Comment>, what: string): void {
  const counts = new Map<string, number>();
  for (const comment of listed) counts.set(comment.id, (counts.get(comment.id) ?? 0) + 1);
  for (const [id, comment] of seeded) assertEqual(counts.get(id) ?? 0, 1, `times ${what} list the comment ${show(comment.body)}`);
  for (const id of counts.keys()) assert(seeded.has(id), `${what} list a comment that is not in the thread: ${show(id)}`);
}

/**
 * Asserts that a page holds whole threads: with each top-level comment all of its replies at
 * any depth, and no reply whose top-level comment is not on the page.
 */
function assertWholeThreads(page: readonly Comment[], seeded: ReadonlyMap<string, Comment>, what: string): void {
  const onPage = new Set(page.map((c) => c.id));
  const rootOf = (comment: Comment): Comment => {
    let root = comment;
    for (let depth = 0; root.parentId !== null && depth < seeded.size; depth++) root = seeded.get(root.parentId) ?? root;
    return root;
  };
  for (const comment of seeded.values()) {
    const root = rootOf(comment);
    if (comment !== root && onPage.has(root.id)) assert(onPage.has(comment.id), `${what} holds ${show(root.body)} without its reply ${show(comment.body)}`);
    if (onPage.has(comment.id)) assert(onPage.has(root.id), `${what} holds the reply ${show(comment.body)} without its top-level comment ${show(root.body)}`);
  }
}

function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

/** A short, readable rendering of a value for failure messages. */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    const json = JSON.stringify(value);
    if (json !== undefined) return json.length > 200 ? `${json.slice(0, 197)}...` : json;
  } catch {
    // Cyclic or otherwise unserializable: fall through.
  }
  return String(value);
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function assertEqual(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function assertDeepEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function assertIsoDate(value: unknown, what: string): void {
  assert(
    typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
    `${what} must be an ISO 8601 date-time string, got ${show(value)}`,
  );
}

/** Awaits `promise` and returns what it rejected with; throws if it fulfilled. */
async function assertRejects(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    const value = await promise;
    throw new ContractFailure(`${what} should have rejected, but resolved with ${show(value)}`);
  } catch (error) {
    if (error instanceof ContractFailure) throw error;
    return error;
  }
}

class ContractFailure extends Error {
  override readonly name = 'ContractFailure';
}

function assertAdapterError(error: unknown, code: AdapterErrorCode, what: string): void {
  const { name, code: actual, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  assert(name === 'AdapterError', `${what} must reject with an AdapterError, got ${show(error)}`);
  assertEqual(actual, code, `code of the AdapterError from ${what}`);
  assert(typeof message === 'string' && message.trim() !== '', `${what}: the AdapterError needs a message a person can read`);
}

function assertAbortError(error: unknown, what: string): void {
  const name = (error as { name?: unknown } | null)?.name;
  assert(name === 'AbortError', `${what} must reject with an error named "AbortError", got ${show(error)}`);
}
