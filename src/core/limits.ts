/**
 * Input limits shared by the form (live validation) and the adapters (final validation). The
 * reference server enforces the same ones (`LIMITS` in `server/src/validate.ts`);
 * `test/node/limits.test.mjs` holds the two equal.
 */
export const LIMITS = {
  /** Characters in a comment body (Markdown source). */
  bodyMax: 5000,
  /** Characters in an author name. */
  nameMax: 80,
  /** Characters in a website URL. */
  websiteMax: 300,
  /** Characters in a thread id. */
  threadIdMax: 500,
} as const;
