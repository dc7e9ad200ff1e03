/**
 * Solving a comment server's proof-of-work challenge (ALTCHA's version 2 format, as the server
 * makes it with `altcha-lib`): find the counter whose PBKDF2-SHA-256 key, from the challenge's
 * nonce and the counter as the password and its salt, starts with the challenge's `keyPrefix`.
 * The server chose that counter at random below its limit, so the work is counting up to it:
 * nothing to guess, nothing for a person to do. A leaf module (Web Crypto only): the worker
 * (`proof-worker.ts`) runs it, and `proof-of-work.ts` runs it on the page where no worker can
 * start. Each try awaits Web Crypto, so the page's main thread is never held for long.
 *
 * @module
 */

/** The parameters of a challenge that the solver reads (the server signs all of them). */
export interface ProofParameters {
  algorithm: string;
  nonce: string;
  salt: string;
  /** PBKDF2 iterations per try. */
  cost: number;
  /** Bytes of the derived key. */
  keyLength: number;
  /** Hex: what the derived key of the right counter starts with. */
  keyPrefix: string;
  readonly [other: string]: unknown;
}

/** A challenge as `GET /api/challenge` hands it out; sent back whole with its solution. */
export interface ProofChallenge {
  parameters: ProofParameters;
  signature: string;
}

/** What the server checks: the counter and the key it derives, in hex. */
export interface ProofSolution {
  counter: number;
  derivedKey: string;
}

/** The only algorithm the solver speaks (and the server asks for). */
export const PROOF_ALGORITHM = 'PBKDF2/SHA-256';

/** Tries before the solver gives up on a challenge no sane server sends (2^24: hours of work). */
const MAX_TRIES = 2 ** 24;

const HEX = /^(?:[0-9a-f]{2})+$/;

const bytesOf = (hex: string): Uint8Array<ArrayBuffer> => Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));

const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Finds the solution of `challenge`, trying counters from 0 up. Rejects with the signal's
 * reason once it aborts, and with a `TypeError` for a challenge it cannot solve (another
 * algorithm, parameters out of shape) or where Web Crypto is missing (pages not served over
 * https or from localhost).
 */
export async function solveProof(challenge: ProofChallenge, signal?: AbortSignal): Promise<ProofSolution> {
  const { algorithm, nonce, salt, cost, keyLength, keyPrefix } = challenge?.parameters ?? ({} as Partial<ProofParameters>);
  if (
    algorithm !== PROOF_ALGORITHM ||
    ![nonce, salt, keyPrefix].every((hex) => typeof hex === 'string' && HEX.test(hex)) ||
    !Number.isInteger(cost) || cost! < 1 || cost! > 1e6 ||
    !Number.isInteger(keyLength) || keyLength! < 1 || keyLength! > 64 ||
    keyPrefix!.length >= keyLength! * 2
  ) {
    throw new TypeError('The comment server sent a proof-of-work challenge this widget cannot solve.');
  }
  if (!globalThis.crypto?.subtle) throw new TypeError('This page has no Web Crypto (it needs https), which the proof-of-work takes.');
  const prefix = bytesOf(keyPrefix!);
  // The password: the nonce, then the counter as a big-endian 32-bit number.
  const password = new Uint8Array(new ArrayBuffer(nonce!.length / 2 + 4));
  password.set(bytesOf(nonce!));
  const counterView = new DataView(password.buffer, password.length - 4);
  const params: Pbkdf2Params = { name: 'PBKDF2', hash: 'SHA-256', salt: bytesOf(salt!), iterations: cost! };
  for (let counter = 0; counter < MAX_TRIES; counter++) {
    signal?.throwIfAborted();
    counterView.setUint32(0, counter);
    const key = await crypto.subtle.importKey('raw', password, 'PBKDF2', false, ['deriveBits']);
    const derived = new Uint8Array(await crypto.subtle.deriveBits(params, key, keyLength! * 8));
    if (prefix.every((byte, i) => derived[i] === byte)) return { counter, derivedKey: hexOf(derived) };
  }
  throw new TypeError('The proof-of-work challenge has no solution the widget could find.');
}
