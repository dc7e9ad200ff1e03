// `npm run demo`: serves the demo article page from the TypeScript sources (esbuild on the fly)
// and prints its address. PORT picks the port; without it the first free one from 8000 on.
import { createServer } from 'node:net';
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';

/** Resolves whether nothing listens on `port` yet. */
const isFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port);
  });

async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535 || !(await isFree(port))) {
      console.error(`demo: port ${process.env.PORT} is not free or not a port number; pick another with PORT=…`);
      process.exit(2);
    }
    return port;
  }
  for (let port = 8000; port < 8100; port++) if (await isFree(port)) return port;
  console.error('demo: no free port between 8000 and 8099; pick one with PORT=…');
  process.exit(2);
}

const server = await startDevServer({
  config: {
    rootDir: '.',
    port: await choosePort(),
    hostname: '127.0.0.1',
    nodeResolve: { exportConditions: ['production'] },
    appIndex: 'demo/index.html',
    plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
    middleware: [
      (ctx, next) => {
        if (ctx.path === '/') ctx.redirect('/demo/');
        return next();
      },
    ],
  },
  readCliArgs: false,
  readFileConfig: false,
  logStartMessage: false,
});
const { port } = server.config;
console.log(`comment-thread demo: http://127.0.0.1:${port}/demo/  (Ctrl+C to stop)`);
