// Durability: posts stream in while the server is killed with SIGKILL at random moments, and
// while PostgreSQL terminates the server's connections. Afterwards every post the server
// acknowledged is stored, exactly once, with the id it was given, and a post whose answer was
// lost (or was a 503), retried with its Idempotency-Key as a client does, is stored once too.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, freshDatabase, request, startServer, terminateRepeatedly } from '../helpers.mjs';

const keyOf = (body) => `durable-${body.replace(' ', '-')}`;

/**
 * Retries the unanswered posts against `url` with their keys, then checks the thread: every
 * acknowledged post once, with its id; every retried one once; nothing else.
 */
async function assertStoredOnce(url, threadId, acknowledged, unanswered) {
  for (const body of unanswered) {
    const r = await request(`${url}/api/comments`, { method: 'POST', json: { threadId, body }, headers: { 'Idempotency-Key': keyOf(body) } });
    assert.ok(r.status === 200 || r.status === 201, `retry of ${body}: ${r.status}`);
  }
  const stored = [];
  let cursor = null;
  do {
    const page = (await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}&limit=100${cursor ? `&cursor=${cursor}` : ''}`)).body;
    stored.push(...page.comments);
    cursor = page.nextCursor;
  } while (cursor);
  const byBody = new Map();
  for (const comment of stored) byBody.set(comment.body, (byBody.get(comment.body) ?? 0) + 1);
  for (const [body, id] of acknowledged) {
    assert.equal(byBody.get(body), 1, `${body} is stored ${byBody.get(body) ?? 0} times`);
    assert.ok(stored.some((c) => c.id === id && c.body === body), `${body} kept its id`);
  }
  for (const body of unanswered) assert.equal(byBody.get(body), 1, `retried ${body} is stored ${byBody.get(body) ?? 0} times`);
  assert.equal(stored.length, acknowledged.size + unanswered.filter((b) => !acknowledged.has(b)).length);
}

/** A seeded generator, so a failing run can be replayed. */
function random(seed) {
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
}

for (const kind of BACKENDS) {
  describe(`durability on ${kind}`, () => {
    it('keeps every acknowledged post exactly once across SIGKILLs', { timeout: 120_000 }, async (t) => {
      const db = await freshDatabase(kind);
      const next = random(kind === 'sqlite' ? 0x5eed1 : 0x5eed2);
      const threadId = '/durability';
      const acknowledged = new Map(); // body -> id
      const unanswered = []; // bodies whose POST got no answer
      let serial = 0;
      try {
        // At least 4 kills, and as many more (20 at most) as a busy machine needs to have
        // acknowledged more than 20 posts in all.
        let kills = 0;
        for (let round = 0; round < 20 && (round < 4 || acknowledged.size <= 20); round++) {
          kills++;
          const server = await startServer(['--db', db.url, '--rate-limit', '100000']);
          let stop = false;
          const writer = async () => {
            while (!stop) {
              const body = `post ${++serial}`;
              try {
                const r = await request(`${server.url}/api/comments`, {
                  method: 'POST',
                  json: { threadId, body },
                  headers: { 'Idempotency-Key': keyOf(body) },
                });
                if (r.status === 201 || r.status === 200) acknowledged.set(body, r.body.comment.id);
                else unanswered.push(body);
              } catch {
                unanswered.push(body);
                return;
              }
            }
          };
          const writers = Array.from({ length: 4 }, writer);
          await new Promise((r) => setTimeout(r, 150 + next() * 600));
          const exit = await server.kill();
          stop = true;
          await Promise.all(writers);
          assert.equal(exit.signal, 'SIGKILL');
        }
        assert.ok(acknowledged.size > 20, `only ${acknowledged.size} posts were acknowledged`);
        t.diagnostic(`${acknowledged.size} posts acknowledged over ${kills} kills; ${unanswered.length} lost their answer and were retried`);

        const server = await startServer(['--db', db.url, '--rate-limit', '100000']);
        try {
          await assertStoredOnce(server.url, threadId, acknowledged, unanswered);
        } finally {
          await server.stop();
        }
      } finally {
        await db.drop();
      }
    });
  });
}

describe('durability on postgres with its connections terminated', () => {
  it('keeps every acknowledged post exactly once, and the process never exits', { timeout: 120_000 }, async (t) => {
    const db = await freshDatabase('postgres');
    const name = new URL(db.url).pathname.slice(1);
    const server = await startServer(['--db', db.url, '--rate-limit', '100000']);
    let exited = null;
    server.exited.then((how) => (exited = how));
    const threadId = '/durability-terminated';
    const acknowledged = new Map();
    const unanswered = [];
    let serial = 0;
    let stop = false;
    try {
      const writer = async () => {
        while (!stop) {
          const body = `post ${++serial}`;
          try {
            const r = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId, body }, headers: { 'Idempotency-Key': keyOf(body) } });
            if (r.status === 201 || r.status === 200) acknowledged.set(body, r.body.comment.id);
            else {
              assert.equal(r.status, 503, `a post gets its comment or a 503, not ${r.status}: ${JSON.stringify(r.body)}`);
              unanswered.push(body);
            }
          } catch (error) {
            unanswered.push(body);
            if (!stop) throw new Error(`a post got no answer: ${error.cause?.code ?? error.message}`);
          }
        }
      };
      const writers = Array.from({ length: 6 }, writer);
      // At least 6 rounds of terminations, 250 ms apart, and as many more (40 at most) as a
      // busy machine needs to have acknowledged more than 50 posts meanwhile.
      let terminated = 0;
      for (let round = 0; round < 40 && (round < 6 || acknowledged.size <= 50); round++) {
        terminated += await terminateRepeatedly(name, { rounds: 1, everyMs: 250 });
      }
      stop = true;
      await Promise.all(writers);
      assert.ok(terminated >= 6, `backends terminated: ${terminated}`);
      assert.ok(acknowledged.size > 50, `only ${acknowledged.size} posts were acknowledged`);
      t.diagnostic(`${acknowledged.size} posts acknowledged, ${unanswered.length} refused (503) and retried, ${terminated} backends terminated`);
      await assertStoredOnce(server.url, threadId, acknowledged, unanswered);
      assert.equal(exited, null, `the server exited:\n${server.output()}`);
    } finally {
      stop = true;
      await server.stop();
      await db.drop();
    }
  });
});
