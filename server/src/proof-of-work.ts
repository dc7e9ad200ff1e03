/**
 * The optional proof-of-work (`--proof-of-work`): before a guest's post is taken, their browser
 * solves a challenge the server signed, which costs it a fraction of a second of computing and
 * costs someone who posts by the thousand as many times that. No outside service: challenges are
 * made and checked with `altcha-lib` (ALTCHA's version 2 format), signed with keys derived from
 * the server's own secret, so every process on the database makes and checks the same ones.
 *
 * A challenge is PBKDF2-SHA-256 ({@link PROOF_COST} iterations a try) over a counter the server
 * draws from the upper half of `1 … work` and keeps to itself: the browser counts up to it, so a
 * solve takes between half and all of `work` tries, the same for everyone, and never needs a
 * person. The key the right counter derives is signed too, so checking a solution is two HMACs,
 * no key derivation. Each challenge expires after {@link CHALLENGE_MINUTES} minutes and is spent
 * by the post it let through (`CommentStore.spendProof`), except for that post's own retries.
 *
 * @module
 */
import { createHmac } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { ApiError } from './errors.js';

/** The key derivation of every challenge: the one `altcha-lib` shows first, and Web Crypto has in every browser. */
export const PROOF_ALGORITHM = 'PBKDF2/SHA-256';
/** PBKDF2 iterations per try: about 1 ms on one core of a server CPU, more on a phone's. */
export const PROOF_COST = 5_000;
/**
 * The default `work`: a solve takes 150 to 300 tries, about a quarter of a second in a browser on
 * one core of a server CPU (README, "Spam": the measured median), two or three times that on a phone.
 */
export const DEFAULT_PROOF_WORK = 300;
/** The largest `--proof-of-work`: minutes of computing, already far past what a visitor would wait. */
export const MAX_PROOF_WORK = 100_000;
/** How long a challenge may be solved and used. */
export const CHALLENGE_MINUTES = 10;

/** The keys that sign challenges and their solutions' keys, derived from the server secret. */
export interface ProofKeys {
  signature: string;
  key: string;
}

/** The keys for the server secret `serverSecret` (a purpose each, so that no other use of the secret matches). */
export function proofKeys(serverSecret: string): ProofKeys {
  const derive = (purpose: string): string => createHmac('sha256', serverSecret).update(`proof-of-work\0${purpose}`).digest('base64url');
  return { signature: derive('challenge'), key: derive('solution') };
}

/** A new signed challenge of `work` (see the module), which expires {@link CHALLENGE_MINUTES} minutes after `now`. */
export function newChallenge(keys: ProofKeys, work: number, now: Date): Promise<Challenge> {
  return createChallenge({
    algorithm: PROOF_ALGORITHM,
    cost: PROOF_COST,
    counter: randomInt(work, Math.ceil(work / 2)),
    deriveKey,
    expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
    hmacSignatureSecret: keys.signature,
    hmacKeySignatureSecret: keys.key,
  });
}

/** A solution that checked out: the challenge's id (its signature) and until when it could have been used. */
export interface CheckedProof {
  id: string;
  expiresAt: Date;
}

const refuse = (code: 'proof-required' | 'proof-invalid' | 'proof-expired', message: string): ApiError => new ApiError(400, code, message, { field: 'proof' });

/** The refusal of a proof already spent by another post. */
export const usedProof = (): ApiError =>
  new ApiError(400, 'proof-used', 'This check was already used for another comment. Please post again: your browser will do a new one.', { field: 'proof' });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks the `proof` of a post, `{ challenge, solution }` as the widget sends it: a challenge
 * this server signed, not expired at `now`, and the key its secret counter derives. Throws a
 * 400 on the field `proof` (`proof-required`, `proof-invalid`, `proof-expired`) with a message
 * for the visitor; whether it was used before is the caller's to check.
 */
export async function checkProof(keys: ProofKeys, proof: unknown, now: Date): Promise<CheckedProof> {
  if (proof === undefined || proof === null) {
    throw refuse('proof-required', 'This site asks each browser to do a short check before a comment is taken, and this post came without it. Please post again from the comment form.');
  }
  const invalid = refuse('proof-invalid', 'The check that comes with each comment did not work out. Please post again: your browser will do a new one.');
  if (!isObject(proof) || !isObject(proof.challenge) || !isObject(proof.solution)) throw invalid;
  const { parameters, signature } = proof.challenge;
  const { counter, derivedKey } = proof.solution;
  if (!isObject(parameters) || typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) throw invalid;
  if (parameters.algorithm !== PROOF_ALGORITHM || typeof parameters.expiresAt !== 'number' || typeof counter !== 'number' || typeof derivedKey !== 'string') throw invalid;
  const expiresAt = new Date(parameters.expiresAt * 1000);
  const expired = refuse('proof-expired', 'The check that comes with each comment took too long and expired. Please post again: your browser will do a new one.');
  if (!(expiresAt.getTime() > now.getTime())) throw expired;
  const result = await verifySolution({
    challenge: { parameters: parameters as unknown as Challenge['parameters'], signature },
    solution: { counter, derivedKey },
    deriveKey,
    hmacSignatureSecret: keys.signature,
    hmacKeySignatureSecret: keys.key,
  });
  if (result.expired) throw expired;
  if (!result.verified) throw invalid;
  return { id: signature, expiresAt };
}
