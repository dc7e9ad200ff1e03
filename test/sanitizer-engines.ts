import { hasPlatformSanitizer } from '../src/core/sanitize-platform.js';

/** Why this browser cannot run the platform sanitizer engine's tests, or '' where it can. */
export const NO_PLATFORM_SANITIZER = hasPlatformSanitizer()
  ? ''
  : 'skipped: this browser has no HTML Sanitizer API (Element.prototype.setHTML); DOMPurify sanitizes here';

/**
 * `describe` for the tests of one sanitizer engine. The platform engine is the browser's HTML
 * Sanitizer API: where the browser lacks it (WebKit), its tests are skipped and the suite's
 * title says why. DOMPurify runs in every browser.
 */
export function describeEngine(engine: 'platform' | 'dompurify', title: string, body: () => void): void {
  if (engine === 'platform' && NO_PLATFORM_SANITIZER) describe.skip(`${title} (${NO_PLATFORM_SANITIZER})`, body);
  else describe(title, body);
}
