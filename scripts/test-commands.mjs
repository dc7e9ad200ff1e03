// Test-runner commands that @web/test-runner-commands does not offer in every engine here,
// each done through what that engine's automation protocol really provides:
//
// - `accessible-count` { selector, role } → { count }: how many nodes with `role` the browser's
//   accessibility tree holds inside the page's element `selector` (shadow trees included).
//   Chromium (CDP): its accessibility snapshot. Firefox (WebDriver BiDi): the `accessibility`
//   locator of browsingContext.locateNodes, from the element's shadow root. WebKit (WebDriver
//   classic, which has no tree to read): "Get Computed Role" of every element that can have the
//   role; WebKitWebDriver answers with an error for elements outside the tree.
// - `accessible-named` { selector, role, name } → { count }: how many of those nodes have exactly
//   that accessible name (what a screen reader says for them). Chromium: the snapshot's names.
//   Firefox: the `accessibility` locator with role and name. WebKit: "Get Computed Label" of
//   the elements whose computed role matches.
// - `emulate-forced-colors` { active } → whether the engine could: forced colours (Windows high
//   contrast) on or off. Chromium (CDP): the `forced-colors` media feature, through puppeteer's
//   emulateMediaFeatures. Firefox ESR (WebDriver BiDi, which has no such command there) and WebKit
//   (WebDriver classic): false, and the tests that need it skip there, saying so.
// - `key-chord` { keys } → true: holds the keys down in order and releases them in reverse
//   (Control, Enter). @web/test-runner-commands' sendKeys has no "down" and "up" for WebDriver.
// - `key-type` { text } → true: types the text one key after the other. sendKeys' "type" for
//   WebDriver presses every key before releasing any, so WebKit drops a doubled letter
//   ("Hello" comes out "Helo").
// In WebDriver both send W3C key actions.
// Tests call them through test/commands.ts.

/** Key names (as KeyboardEvent.key) → the WebDriver code points for keys without a character. */
const WEBDRIVER_KEYS = {
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Escape: '\uE00C',
  Meta: '\uE03D',
};

/** Elements that can have a role in WebKit's tree (implicit by tag, or explicit). */
const ROLE_CANDIDATES = { article: 'article, [role]', button: 'button, [role]', link: 'a[href], [role]', group: '[role]' };

/** The W3C element reference key in WebDriver classic answers. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

/** Whether a puppeteer page speaks CDP (Chromium) rather than only WebDriver BiDi (Firefox). */
function hasCdp(page) {
  return page.browser().cdpSupported !== false;
}

async function countInChromium(page, selector, role, name) {
  const root = await page.$(selector);
  if (!root) throw new Error(`accessible-count: no element ${selector}`);
  const snapshot = await page.accessibility.snapshot({ root });
  let count = 0;
  const walk = (node) => {
    if (node.role === role && (name === undefined || node.name === name)) count++;
    node.children?.forEach(walk);
  };
  if (snapshot) walk(snapshot);
  return count;
}

async function countInFirefox(page, selector, role, name) {
  const element = await page.$(selector);
  if (!element) throw new Error(`accessible-count: no element ${selector}`);
  // The locator searches the tree below its start nodes; a shadow host's content hangs off its
  // shadow root.
  const start = (await element.evaluateHandle((el) => el.shadowRoot ?? el)).asElement() ?? element;
  const named = name === undefined ? '' : `[name="${name.replace(/["\\]/g, '\\$&')}"]`;
  const found = await start.$$(`::-p-aria(${named}[role="${role}"])`);
  return found.length;
}

async function countInWebKit(launcher, sessionId, selector, role, name) {
  const candidates = ROLE_CANDIDATES[role];
  if (!candidates) throw new Error(`accessible-count: role "${role}" is not supported in WebKit yet (see ROLE_CANDIDATES)`);
  // The test page is the top-level document (concurrency 1: one session, no iframes).
  if (launcher.config?.concurrency !== 1) throw new Error('accessible-count needs concurrency 1 in WebKit');
  const driver = launcher.driver;
  const elements = await driver.execute(
    (hostSelector, candidateSelector) => {
      const host = document.querySelector(hostSelector);
      if (!host) return null;
      const found = [];
      const visit = (root) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.matches(candidateSelector)) found.push(el);
          if (el.shadowRoot) visit(el.shadowRoot);
        }
      };
      if (host.matches(candidateSelector)) found.push(host);
      if (host.shadowRoot) visit(host.shadowRoot);
      visit(host);
      return found;
    },
    selector,
    candidates,
  );
  if (!elements) throw new Error(`accessible-count: no element ${selector}`);
  let count = 0;
  for (const element of elements) {
    const id = element[ELEMENT_KEY] ?? element.elementId;
    // An element without an accessibility object (display: none, hidden) is an error here.
    const computed = await driver.getElementComputedRole(id).catch(() => null);
    if (computed === role && (name === undefined || (await driver.getElementComputedLabel(id).catch(() => null)) === name)) count++;
  }
  return count;
}

export function accessibleCountPlugin() {
  return {
    name: 'accessible-count-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'accessible-count' && command !== 'accessible-named') return undefined;
      const { selector, role, name } = payload ?? {};
      if (typeof selector !== 'string' || typeof role !== 'string') throw new Error(`${command} needs { selector, role }`);
      if (command === 'accessible-named' && typeof name !== 'string') throw new Error('accessible-named needs { name }');
      const launcher = session.browser;
      if (launcher.type === 'puppeteer') {
        const page = launcher.getPage(session.id);
        const count = hasCdp(page) ? await countInChromium(page, selector, role, name) : await countInFirefox(page, selector, role, name);
        return { count };
      }
      if (launcher.type === 'webdriver') return { count: await countInWebKit(launcher, session.id, selector, role, name) };
      throw new Error(`accessible-count is not implemented for ${launcher.type} browsers`);
    },
  };
}

/** W3C key actions: each chord's keys pressed in order, then released in reverse. */
function keyActions(chords) {
  const value = (key) => {
    if (WEBDRIVER_KEYS[key]) return WEBDRIVER_KEYS[key];
    if ([...key].length === 1) return key;
    throw new Error(`unknown key "${key}"`);
  };
  return chords.flatMap((keys) => [
    ...keys.map((key) => ({ type: 'keyDown', value: value(key) })),
    ...[...keys].reverse().map((key) => ({ type: 'keyUp', value: value(key) })),
  ]);
}

/** Presses `chords` (arrays of key names) one after the other in the session's page. */
async function pressChords(session, chords) {
  const launcher = session.browser;
  if (launcher.type === 'puppeteer') {
    const { keyboard } = launcher.getPage(session.id);
    for (const keys of chords) {
      for (const key of keys) await keyboard.down(key);
      for (const key of [...keys].reverse()) await keyboard.up(key);
    }
    return;
  }
  if (launcher.type === 'webdriver') {
    await launcher.driverManager.performActions(session.id, [{ type: 'key', id: 'keyboard', actions: keyActions(chords) }]);
    return;
  }
  throw new Error(`keys cannot be sent to ${launcher.type} browsers`);
}

export function keyboardPlugin() {
  return {
    name: 'keyboard-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'key-chord') {
        const keys = payload?.keys;
        if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string')) {
          throw new Error('key-chord needs { keys: [name, …] }');
        }
        await pressChords(session, [keys]);
        return true;
      }
      if (command === 'key-type') {
        const text = payload?.text;
        if (typeof text !== 'string') throw new Error('key-type needs { text }');
        await pressChords(session, [...text].map((char) => [char]));
        return true;
      }
      return undefined;
    },
  };
}

/** The `emulate-forced-colors` command (see the top of this file). */
export function forcedColorsPlugin() {
  return {
    name: 'forced-colors-command',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      const launcher = session.browser;
      if (launcher.type !== 'puppeteer') return false;
      const page = launcher.getPage(session.id);
      if (!hasCdp(page)) return false;
      await page.emulateMediaFeatures([{ name: 'forced-colors', value: payload?.active ? 'active' : 'none' }]);
      return true;
    },
  };
}
