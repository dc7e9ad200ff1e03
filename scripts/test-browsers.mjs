// The three engines the browser tests run in, all from Debian packages (paths overridable):
// - Chromium (`chromium`, CHROME_PATH) through @web/test-runner-chrome (CDP);
// - Firefox ESR (`firefox-esr`, FIREFOX_PATH) through @web/test-runner-puppeteer (WebDriver BiDi);
// - WebKitGTK (`webkit2gtk-driver`, WEBKIT_DRIVER) through @web/test-runner-webdriver
//   (WebDriver classic), in its MiniBrowser on an Xvfb display (`xvfb`) this module starts.
// TEST_BROWSERS (say `firefox,webkit`) picks some of them; all three by default.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { atExit } from './at-exit.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const webkitDriverPath = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';

/** Resolves with a TCP port that was free a moment ago. */
async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Kills a process group this module started (the process and what it spawned), if still there. */
function killGroup(child, signal = 'SIGTERM') {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Waits for `child` to exit, up to `ms`; then kills its group for good. */
async function stopGroup(child, ms = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), ms);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts Xvfb on a display number it picks itself (`-displayfd`, so parallel runs never race
 * for one) and resolves with the process and its `DISPLAY`.
 */
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr.on('data', (data) => (output += data));
  const display = await new Promise((resolve, reject) => {
    let written = '';
    child.stdio[3].on('data', (data) => {
      written += data;
      if (written.includes('\n')) resolve(`:${written.trim()}`);
    });
    child.once('error', (error) => reject(new Error(`Xvfb could not start (apt-get install xvfb): ${error.message}`)));
    child.once('exit', () => reject(new Error(`Xvfb stopped before it had a display:\n${output}`)));
  });
  child.stdio[3].destroy();
  return { child, display };
}

/** Starts WebKitWebDriver on a free local port of `display`; resolves when it answers. */
async function startWebKitDriver(display) {
  const port = await freePort();
  const child = spawn(webkitDriverPath, [`--port=${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // The browser's language is US English, as Chromium's and Firefox's here (the tests format
    // numbers in the default locale); without it a C locale gives "5003" for 5,003. No
    // accessibility bus under Xvfb: keep GTK from looking for one.
    env: { ...process.env, DISPLAY: display, LC_ALL: 'en_US.UTF-8', NO_AT_BRIDGE: '1' },
  });
  let output = '';
  child.stdout.on('data', (data) => (output += data));
  child.stderr.on('data', (data) => (output += data));
  let failure = null;
  child.once('error', (error) => (failure = `${webkitDriverPath} could not start (apt-get install webkit2gtk-driver): ${error.message}`));
  child.once('exit', (code) => (failure ??= `${webkitDriverPath} exited (${code}):\n${output}`));
  for (const started = Date.now(); Date.now() - started < 20_000; ) {
    if (failure) throw new Error(failure);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return { child, port };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  killGroup(child, 'SIGKILL');
  throw new Error(`${webkitDriverPath} did not answer on port ${port}:\n${output}`);
}

/**
 * @web/test-runner-webdriver's launcher with its own WebKitWebDriver and Xvfb: it starts them
 * before the first session and stops them (and the MiniBrowser the driver started) when the
 * run ends, so webdriverio only connects and never looks for a driver of its own.
 */
class WebKitLauncher extends WebdriverLauncher {
  /** The Xvfb and WebKitWebDriver processes, and how to stop watching for an abrupt end. */
  processes = null;

  constructor() {
    super({
      hostname: '127.0.0.1',
      port: 0,
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks WebDriver classic only; without this webdriverio asks for BiDi.
        'wdio:enforceWebDriverClassic': true,
      },
    });
  }

  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  async createDriverManager() {
    if (!this.processes) {
      const xvfb = await startXvfb();
      let driver = null;
      // A run that ends abruptly (or is killed) still leaves nothing behind.
      const forget = atExit(() => {
        killGroup(driver, 'SIGKILL');
        killGroup(xvfb.child, 'SIGKILL');
      });
      try {
        const started = await startWebKitDriver(xvfb.display);
        driver = started.child;
        this.processes = { xvfb: xvfb.child, driver, forget };
        this.options.port = started.port;
      } catch (error) {
        await stopGroup(xvfb.child);
        forget();
        throw error;
      }
    }
    return super.createDriverManager();
  }

  async stop() {
    await super.stop();
    if (!this.processes) return;
    const { xvfb, driver, forget } = this.processes;
    this.processes = null;
    await stopGroup(driver);
    await stopGroup(xvfb);
    forget();
  }
}

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        // Accessibility on, as when a screen reader runs: the accessibility tree is then complete
        // (content-visibility: auto content included), and tests can read it.
        args: [...chromiumArgs, '--force-renderer-accessibility'],
      },
    }),
  firefox: () =>
    puppeteerLauncher({
      launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true },
    }),
  webkit: () => new WebKitLauncher(),
};

/** The launchers TEST_BROWSERS asks for (comma-separated names), else all three. */
export function testBrowsers() {
  const names = (process.env.TEST_BROWSERS ?? Object.keys(launchers).join(','))
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of names) {
    if (!launchers[name]) throw new Error(`TEST_BROWSERS: unknown browser "${name}" (${Object.keys(launchers).join(', ')})`);
  }
  return names.map((name) => launchers[name]());
}
