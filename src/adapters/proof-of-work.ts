/**
 * Solving a comment server's proof-of-work for a post (`comment-thread.proof-HASH.js` in the drop-in
 * build, loaded by `HttpAdapter` only from a server that asks for one): in a Web Worker
 * (`proof-worker.ts`), so the page stays as quick as it was; where no worker can start (a
 * bundle served from another origin than the page, a Content-Security-Policy without
 * `worker-src` for it or without the Trusted Types policy `comment-thread-worker`, no workers
 * at all), on the page itself, where each try awaits Web Crypto and so yields at once.
 *
 * @module
 */
import { solveProof, type ProofChallenge, type ProofSolution } from './proof-solver.js';
import type { ProofAnswer } from './proof-worker.js';
import { AdapterError, throwIfAborted } from './storage-adapter.js';

/** What a post brings to a server that asks for a proof-of-work: the challenge, and its solution. */
export interface Proof {
  challenge: ProofChallenge;
  solution: ProofSolution;
}

/** The Trusted Types policy the worker's script address goes through. */
export const WORKER_POLICY = 'comment-thread-worker';

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

/**
 * The policy, made once: `null` where the page has no Trusted Types, `undefined` before the
 * first worker. It passes any address, but only this module holds it, and hands it one.
 */
let policy: { createScriptURL(url: string): unknown } | null | undefined;

/** A worker failed to start once: the page solves from then on, without asking again. */
let noWorker = false;

/**
 * Starts the worker. `new Worker(new URL('./proof-worker.js', import.meta.url), …)` as written
 * is what bundlers (Vite and Rolldown, webpack, Parcel) recognise to build the
 * worker's own file; the local class of that name hands its address to the page as a
 * TrustedScriptURL, which a page that enforces Trusted Types requires of a worker's script.
 *
 * @throws Where workers, or this one, cannot start (no `Worker`, another origin, the policy refused).
 */
function startWorker(): globalThis.Worker {
  const types = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  policy ??= types ? types.createPolicy(WORKER_POLICY, { createScriptURL: (url) => url }) : null;
  const trusted = policy;
  class Worker extends globalThis.Worker {
    constructor(url: URL, options: WorkerOptions) {
      super((trusted ? trusted.createScriptURL(url.href) : url) as URL, options);
    }
  }
  return new Worker(new URL('./proof-worker.js', import.meta.url), { type: 'module' });
}

/**
 * Solves `challenge` in a worker: the solution, or `null` when the worker could not start or
 * load. Rejects with the solver's error, or the signal's reason once it aborts.
 */
function solveInWorker(challenge: ProofChallenge, signal?: AbortSignal): Promise<ProofSolution | null> {
  let worker: globalThis.Worker;
  try {
    worker = startWorker();
  } catch {
    return Promise.resolve(null);
  }
  return new Promise<ProofSolution | null>((resolve, reject) => {
    const end = (): void => {
      worker.terminate();
      signal?.removeEventListener('abort', aborted);
    };
    const aborted = (): void => {
      end();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', aborted, { once: true });
    worker.addEventListener('message', (event: MessageEvent<ProofAnswer>) => {
      end();
      if ('solution' in event.data) resolve(event.data.solution);
      else reject(new TypeError(event.data.error));
    });
    // The script could not load (blocked, missing) or did not run.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      end();
      resolve(null);
    });
    worker.postMessage(challenge);
  });
}

/**
 * Solves a challenge from the comment server: in a worker, else on the page. Rejects with the
 * signal's reason once it aborts, or with the solver's error (a `TypeError`).
 */
export async function solve(challenge: ProofChallenge, signal?: AbortSignal): Promise<ProofSolution> {
  signal?.throwIfAborted();
  const solved = noWorker ? null : await solveInWorker(challenge, signal);
  if (solved) return solved;
  noWorker = true;
  return solveProof(challenge, signal);
}

/**
 * Fetches a challenge with `challenge()` (the adapter's request, with its retries and errors)
 * and solves it. A solve that fails is an `unavailable` AdapterError, which the form offers to
 * try again.
 */
export async function prove(challenge: () => Promise<ProofChallenge>, signal?: AbortSignal): Promise<Proof> {
  const asked = await challenge();
  try {
    return { challenge: asked, solution: await solve(asked, signal) };
  } catch (error) {
    throwIfAborted(signal);
    throw new AdapterError('unavailable', 'This browser could not finish the check the comment server asks of each post. Try again, or try another browser.', { cause: error });
  }
}
