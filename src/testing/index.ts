/**
 * Test helpers for adapter authors, published as `comment-thread/testing.js`. Kept out of the
 * main entry point so that sites never download them.
 *
 * @module
 */
export {
  defineAdapterContract,
  type AdapterContractOptions,
  type BddFunctions,
  type TestBody,
} from './adapter-contract.js';
