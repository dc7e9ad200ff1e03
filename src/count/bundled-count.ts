/**
 * `<comment-count>`'s behaviour as the drop-in bundle loads it, in the chunk
 * `comment-thread.count-HASH.js` (see `lazy-count.ts`): local counts are read right here, since the
 * bundle holds the sample adapter's parser already.
 *
 * @module
 */
import { localCount, watchLocalCount } from './local-count.js';
import { countUpdater } from './update-count.js';

/** Counts an element and shows it (`update-count.ts`). */
export const updateCount = countUpdater(() => ({ localCount, watchLocalCount }));
