/**
 * The proof-of-work's Web Worker (`comment-thread.proof-worker-HASH.js` in the drop-in build): it
 * solves the challenge it is sent (`proof-solver.ts`) off the page's main thread and answers
 * `{ solution }` or `{ error }`. `proof-of-work.ts` starts it, once per post, and ends it.
 *
 * @module
 */
import { solveProof, type ProofChallenge, type ProofSolution } from './proof-solver.js';

/** What the worker answers. */
export type ProofAnswer = { solution: ProofSolution } | { error: string };

addEventListener('message', (event: MessageEvent<ProofChallenge>) => {
  solveProof(event.data).then(
    (solution) => postMessage({ solution } satisfies ProofAnswer),
    (error: unknown) => postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies ProofAnswer),
  );
});
