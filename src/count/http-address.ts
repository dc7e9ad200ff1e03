/**
 * The one reading of an address a `<comment-count>` is given (its `src`, its `href`).
 *
 * @module
 */
import { isHttpUrl } from '../core/http-url.js';

/** `value` resolved against the page's base address, when that is an http(s) address; else `null`. */
export function httpAddress(value: string): string | null {
  try {
    const url = new URL(value, document.baseURI).href;
    return isHttpUrl(url) ? url : null;
  } catch {
    return null;
  }
}
