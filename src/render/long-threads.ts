/**
 * How much of a long sub-thread shows at first: one with more than {@link REPLIES_AT_ONCE}
 * direct replies shows the first {@link REPLIES_FIRST} and "Show N more replies". A leaf
 * module: the engine and the reader's chunk both read it (a chunk importing the engine itself
 * would split the bundle's modules, rolldown/rolldown#10731).
 *
 * @module
 */
export const REPLIES_AT_ONCE = 5;
export const REPLIES_FIRST = 3;
