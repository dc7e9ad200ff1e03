// PostgreSQL faults: an outage (the server reaches PostgreSQL through a relay the test cuts and
// restores), and the test database's backends terminated while posts and reads stream in (only
// this test's database: `pg_terminate_backend` filtered by its name). The server process must
// survive, answer every request (a 2xx, or a 503 with Retry-After, never a 500 or a dropped
// connection), and serve again as soon as the database is back, without a restart.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { POSTGRES, freshDatabase, relayTo, request, startServer, terminateRepeatedly } from '../helpers.mjs';


describe('PostgreSQL faults', () => {
  it('answers 503 with Retry-After while PostgreSQL is unreachable, and serves again when it is back', { timeout: 60_000 }, async () => {
    const db = await freshDatabase('postgres');
    const relay = await relayTo(POSTGRES);
    const through = new URL(db.url);
    through.port = String(relay.port);
    const server = await startServer(['--db', through.href, '--rate-limit', '100000']);
    let exited = null;
    server.exited.then((how) => (exited = how));
    const threadId = '/outage';
    const postOne = (body) => request(`${server.url}/api/comments`, { method: 'POST', json: { threadId, parentId: null, author: { name: 'Ann' }, body } });
    try {
      assert.equal((await postOne('before the outage')).status, 201);
      await relay.down();
      for (const [attempt, verb] of [[postOne('during the outage'), 'saved'], [request(`${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`), 'reached']]) {
        const { status, headers, body } = await attempt;
        assert.equal(status, 503, JSON.stringify(body));
        assert.equal(headers.get('retry-after'), '5');
        assert.equal(body.error.code, 'unavailable');
        assert.equal(body.error.message, `The comments cannot be ${verb} right now. Try again in a few seconds.`);
      }
      await relay.up();
      assert.equal((await postOne('after the outage')).status, 201);
      const list = await request(`${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`);
      assert.deepEqual(list.body.comments.map((c) => c.body), ['before the outage', 'after the outage']);
      assert.equal(exited, null, `the server exited:\n${server.output()}`);
    } finally {
      await server.stop();
      await relay.down().catch(() => undefined);
      await db.drop();
    }
  });


  it('survives its connections being terminated under load, with 503s meanwhile and service right after', { timeout: 120_000 }, async () => {
    const db = await freshDatabase('postgres');
    const name = new URL(db.url).pathname.slice(1);
    const server = await startServer(['--db', db.url, '--rate-limit', '100000']);
    const threadId = '/faults';
    let exited = null;
    server.exited.then((how) => (exited = how));
    const statuses = new Map();
    const problems = [];
    let stop = false;
    let serial = 0;
    try {
      // Four clients, each posting and reading in a loop until told to stop.
      const worker = async () => {
        while (!stop) {
          const n = ++serial;
          const calls = [
            () => request(`${server.url}/api/comments`, { method: 'POST', json: { threadId, parentId: null, author: { name: 'Load' }, body: `post ${n}` } }),
            () => request(`${server.url}/api/comments?thread=${encodeURIComponent(threadId)}`),
          ];
          for (const call of calls) {
            try {
              const { status, headers, body } = await call();
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              if (status === 503 && !headers.get('retry-after')) problems.push(`503 without Retry-After: ${JSON.stringify(body)}`);
              if (status >= 500 && status !== 503) problems.push(`${status}: ${JSON.stringify(body)}`);
            } catch (error) {
              if (!stop) problems.push(`no answer: ${error.cause?.code ?? error.message}`);
            }
          }
        }
      };
      const workers = Array.from({ length: 4 }, worker);
      const terminated = await terminateRepeatedly(name, { rounds: 5, everyMs: 300 });
      stop = true;
      await Promise.all(workers);

      assert.equal(exited, null, `the server exited:\n${server.output()}`);
      assert.ok(terminated >= 5, `backends were terminated (${terminated})`);
      assert.deepEqual(problems, [], 'every request got a 2xx or a 503 with Retry-After');
      assert.ok((statuses.get(201) ?? 0) > 20, `posts went through around the faults (${JSON.stringify([...statuses])})`);
      // Right after: it serves again, without a restart.
      const after = await request(`${server.url}/api/comments`, { method: 'POST', json: { threadId, parentId: null, author: { name: 'After' }, body: 'after the faults' } });
      assert.equal(after.status, 201, JSON.stringify(after.body));
      const list = await request(`${server.url}/api/comments?thread=${encodeURIComponent(threadId)}&limit=100`);
      assert.equal(list.status, 200);
      assert.ok(list.body.total > 20);
    } finally {
      stop = true;
      await server.stop();
      await db.drop();
    }
  });
});
