// The optional proof-of-work (`--proof-of-work`): the option read from its flag and variable;
// then real server processes on a real SQLite file and a real PostgreSQL database, whose
// challenges are solved here with altcha-lib's own solver (the widget's is tested in the
// browsers, test/components/proof-of-work.test.ts): a guest's post needs a solution, a right one
// passes once (and its retries with the same Idempotency-Key), wrong, forged and spent ones are
// refused with their codes, the admin token needs none, two processes spend a challenge once;
// expiry and the sweep with a clock the test moves, in this process.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '@hono/node-server';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { ConfigError, createApp, LiveHub, openStore, parseConfig, readOptions, sweepCutoffs } from '../dist/index.js';
import { CHALLENGE_MINUTES, DEFAULT_PROOF_WORK, PROOF_COST } from '../dist/proof-of-work.js';
import { BACKENDS, freshDatabase, request, runCli, startServer } from './helpers.mjs';

const ADMIN = 'admin-token-for-proof-of-work-01';
/** A small work, so that the tests solve quickly: 5 to 10 tries. */
const WORK = 10;

/** The configuration that `args` and `env` make. */
const configOf = (args, env = {}) => parseConfig(readOptions(args, env).values);

/** Solves `challenge` as a browser would (altcha-lib's reference solver): the post's `proof`. */
async function solved(challenge) {
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution, 'altcha-lib solved the challenge');
  return { challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } };
}

/** A new challenge from the server at `url`, solved. */
async function proofFrom(url) {
  const answer = await request(`${url}/api/challenge`);
  assert.equal(answer.status, 200);
  return solved(answer.body);
}

/** Posts `body` to `threadId` with `proof` (none when undefined) and an Idempotency-Key when given. */
const postWith = (url, threadId, body, proof, { key, headers = {}, name = 'Ann' } = {}) =>
  request(`${url}/api/comments`, {
    method: 'POST',
    json: { threadId, author: { name }, body, ...(proof !== undefined ? { proof } : {}) },
    headers: { ...(key ? { 'idempotency-key': key } : {}), ...headers },
  });

/** Asserts a refusal of the proof: 400, `code`, on the field `proof`, with a message that says what to do. */
function assertRefused(answer, code) {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, code);
  assert.equal(answer.body.error.field, 'proof');
  assert.match(answer.body.error.message, /Please post again/);
}

describe('--proof-of-work', () => {
  it('is off unless asked; alone it asks the default work, with a number that many tries; its variable says the same', () => {
    assert.equal(configOf([]).proofOfWork, null);
    assert.equal(configOf(['--proof-of-work']).proofOfWork, DEFAULT_PROOF_WORK);
    assert.equal(configOf(['--proof-of-work=40']).proofOfWork, 40);
    assert.equal(configOf(['--proof-of-work', '40', '--port', '0']).proofOfWork, 40);
    assert.equal(configOf(['--proof-of-work', '--port', '0']).proofOfWork, DEFAULT_PROOF_WORK);
    assert.equal(configOf(['--proof-of-work=false']).proofOfWork, null);
    assert.equal(configOf([], { COMMENT_PROOF_OF_WORK: 'on' }).proofOfWork, DEFAULT_PROOF_WORK);
    assert.equal(configOf([], { COMMENT_PROOF_OF_WORK: '500' }).proofOfWork, 500);
    assert.equal(configOf([], { COMMENT_PROOF_OF_WORK: '0' }).proofOfWork, null);
    assert.equal(configOf(['--proof-of-work=0'], { COMMENT_PROOF_OF_WORK: '500' }).proofOfWork, null, 'the flag wins');
    for (const bad of ['--proof-of-work=lots', '--proof-of-work=1e3', '--proof-of-work=100001', '--proof-of-work=-5']) {
      assert.throws(() => configOf([bad]), (error) => error instanceof ConfigError && /--proof-of-work/.test(error.message), bad);
    }
    assert.equal(DEFAULT_PROOF_WORK, 300);
    assert.equal(PROOF_COST, 5000);
  });

  it('is in --help, and a bad value stops the server with status 2', async () => {
    const help = await runCli(['--help']);
    assert.match(help.stdout, /--proof-of-work \[N\] +Ask each guest's browser to solve a proof-of-work .*\[COMMENT_PROOF_OF_WORK\]/);
    const bad = await runCli(['--proof-of-work=lots', '--db', 'sqlite::memory:']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--proof-of-work takes no value/);
  });
});

for (const kind of BACKENDS) {
  describe(`proof-of-work on ${kind}`, () => {
    let db;
    let server;
    let url;
    let n = 0;
    const newThread = () => `/proof/${kind}-${++n}/`;

    before(async () => {
      db = await freshDatabase(kind);
      server = await startServer(['--db', db.url, '--admin-token', ADMIN, '--proof-of-work', String(WORK), '--rate-limit', '10000']);
      url = server.url;
    });
    after(async () => {
      await server?.stop();
      await db?.drop();
    });

    it('hands out signed challenges that expire, never cached', async () => {
      const answer = await request(`${url}/api/challenge`);
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const { parameters, signature } = answer.body;
      assert.equal(parameters.algorithm, 'PBKDF2/SHA-256');
      assert.equal(parameters.cost, PROOF_COST);
      assert.match(signature, /^[0-9a-f]{64}$/);
      const minutes = (parameters.expiresAt * 1000 - Date.now()) / 60_000;
      assert.ok(minutes > CHALLENGE_MINUTES - 1 && minutes <= CHALLENGE_MINUTES, `expires in ${minutes} minutes`);
      const { solution } = await solved(answer.body);
      assert.ok(solution.counter >= WORK / 2 && solution.counter <= WORK, `the counter ${solution.counter} is in the upper half of the work`);
      assert.notEqual((await request(`${url}/api/challenge`)).body.signature, signature, 'a new one each time');
    });

    it('refuses a guest’s post without a proof, politely, and takes it with one', async () => {
      const threadId = newThread();
      assertRefused(await postWith(url, threadId, 'no work done'), 'proof-required');
      const created = await postWith(url, threadId, 'work done', await proofFrom(url));
      assert.equal(created.status, 201);
      assert.equal(created.body.comment.body, 'work done');
      const listed = await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`);
      assert.deepEqual(listed.body.comments.map((c) => c.body), ['work done']);
    });

    it('lets a proof through once; the same post again with its Idempotency-Key gets the first comment', async () => {
      const threadId = newThread();
      const proof = await proofFrom(url);
      const first = await postWith(url, threadId, 'once', proof, { key: `once-${kind}` });
      assert.equal(first.status, 201);
      const retry = await postWith(url, threadId, 'once', proof, { key: `once-${kind}` });
      assert.equal(retry.status, 200, 'a retry of the same post');
      assert.equal(retry.body.comment.id, first.body.comment.id);
      assertRefused(await postWith(url, threadId, 'again, another post', proof, { key: `other-${kind}` }), 'proof-used');
      assertRefused(await postWith(url, threadId, 'again, without a key', proof), 'proof-used');
      const keyless = await proofFrom(url);
      assert.equal((await postWith(url, threadId, 'no key', keyless)).status, 201);
      assertRefused(await postWith(url, threadId, 'no key', keyless), 'proof-used');
      const listed = await request(`${url}/api/comments?thread=${encodeURIComponent(threadId)}`);
      assert.deepEqual(listed.body.comments.map((c) => c.body), ['once', 'no key']);
    });

    it('refuses wrong solutions, tampered and forged challenges, and what is no proof', async () => {
      const threadId = newThread();
      const { challenge, solution } = await proofFrom(url);
      const flipped = `${solution.derivedKey.slice(0, -1)}${solution.derivedKey.endsWith('0') ? '1' : '0'}`;
      assertRefused(await postWith(url, threadId, 'wrong key', { challenge, solution: { ...solution, derivedKey: flipped } }), 'proof-invalid');
      assertRefused(await postWith(url, threadId, 'tampered', { challenge: { ...challenge, parameters: { ...challenge.parameters, cost: 1 } }, solution }), 'proof-invalid');
      assertRefused(
        await postWith(url, threadId, 'later', { challenge: { ...challenge, parameters: { ...challenge.parameters, expiresAt: challenge.parameters.expiresAt + 3600 } }, solution }),
        'proof-invalid',
      );
      // Made and solved right, but signed with a key that is not this server's.
      const forged = await createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: PROOF_COST,
        counter: 3,
        deriveKey,
        expiresAt: new Date(Date.now() + 60_000),
        hmacSignatureSecret: 'not-the-server-secret',
        hmacKeySignatureSecret: 'not-the-server-key',
      });
      assertRefused(await postWith(url, threadId, 'forged', await solved(forged)), 'proof-invalid');
      for (const junk of ['a string', 42, [], {}, { challenge, solution: 'x' }, { challenge: { parameters: challenge.parameters }, solution }]) {
        assertRefused(await postWith(url, threadId, 'junk', junk), 'proof-invalid');
      }
      assertRefused(await postWith(url, threadId, 'null', null), 'proof-required');
      // None of it used the challenge up.
      assert.equal((await postWith(url, threadId, 'right after all', { challenge, solution })).status, 201);
    });

    it('asks nothing of a post with the admin token', async () => {
      const created = await postWith(url, newThread(), 'the site’s own', undefined, { headers: { authorization: `Bearer ${ADMIN}` }, name: 'The Site' });
      assert.equal(created.status, 201);
      assert.equal(created.body.comment.author.role, 'author');
    });

    it('spends a challenge once across two processes on the same database', async () => {
      const second = await startServer(['--db', db.url, '--proof-of-work', String(WORK), '--rate-limit', '10000']);
      try {
        const threadId = newThread();
        const proof = await proofFrom(second.url);
        const answers = await Promise.all([url, second.url, url, second.url].map((at, i) => postWith(at, threadId, `race ${i}`, proof, { key: `race-${kind}-${i}` })));
        assert.deepEqual(answers.map((a) => a.status).sort(), [201, 400, 400, 400], JSON.stringify(answers.map((a) => a.body)));
        for (const answer of answers.filter((a) => a.status === 400)) assertRefused(answer, 'proof-used');
      } finally {
        await second.stop();
      }
    });

    it('is asked of nobody by a server started without it', async () => {
      const plain = await startServer(['--db', db.url]);
      try {
        const posted = await postWith(plain.url, newThread(), 'no proof needed');
        assert.equal(posted.status, 201, JSON.stringify(posted.body));
        const challenge = await request(`${plain.url}/api/challenge`);
        assert.equal(challenge.status, 404);
        assert.equal(challenge.body.error.code, 'not-found');
      } finally {
        await plain.stop();
      }
    });

    it('refuses a challenge solved after it expired, and the sweep forgets spent ones once they expired', async () => {
      // A database of its own: the sweep at the moved clock would forget the other tests' proofs too.
      const own = await freshDatabase(kind);
      const store = await openStore(own.url);
      const live = new LiveHub(store);
      let clock = Date.now();
      const app = createApp({ store, live, origins: [], adminToken: null, moderation: 'none', editWindowMinutes: 15, writesPerMinute: 10_000, proofOfWork: WORK, now: () => new Date(clock) });
      const local = await new Promise((resolveServer) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolveServer(s));
      });
      const at = `http://127.0.0.1:${local.address().port}`;
      const sweep = () => store.sweep(sweepCutoffs(clock, { editWindowMinutes: 15, rules: [] }));
      try {
        const threadId = newThread();
        const late = await proofFrom(at);
        const spent = await proofFrom(at);
        assert.equal((await postWith(at, threadId, 'in time', spent)).status, 201);
        assert.equal((await sweep()).proofs, 0, 'kept while it could be used');
        clock += CHALLENGE_MINUTES * 60_000 + 1000;
        assertRefused(await postWith(at, threadId, 'too late', late), 'proof-expired');
        assert.equal((await sweep()).proofs, 1);
      } finally {
        local.closeAllConnections();
        await new Promise((r) => local.close(r));
        await live.close();
        await store.close();
        await own.drop();
      }
    });
  });
}
