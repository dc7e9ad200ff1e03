import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Commands the test runner carries out in the browser engine itself (scripts/test-commands.mjs),
 * the same in Chromium, Firefox and WebKit.
 */

/**
 * How many nodes with `role` the browser's own accessibility tree (what a screen reader reads)
 * holds inside the page's element `selector`, shadow trees included.
 */
export async function accessibleCount(selector: string, role: string): Promise<number> {
  const { count } = await executeServerCommand<{ count: number }, { selector: string; role: string }>('accessible-count', { selector, role });
  return count;
}

/**
 * How many nodes with `role` and exactly the accessible name `name` (what a screen reader says
 * for them) the browser's own accessibility tree holds inside the page's element `selector`.
 */
export async function accessibleNamed(selector: string, role: string, name: string): Promise<number> {
  const { count } = await executeServerCommand<{ count: number }, { selector: string; role: string; name: string }>('accessible-named', { selector, role, name });
  return count;
}

/**
 * Presses keys together through the browser's real input: `pressKeys('Control', 'Enter')`,
 * `pressKeys('Escape')`.
 */
export async function pressKeys(...keys: string[]): Promise<void> {
  await executeServerCommand<boolean, { keys: string[] }>('key-chord', { keys });
}

/** Types `text` key by key through the browser's real input, into the focused element. */
export async function typeKeys(text: string): Promise<void> {
  await executeServerCommand<boolean, { text: string }>('key-type', { text });
}
