// `npm run demo`: serves the demo article page from the TypeScript sources (esbuild on the fly)
// and prints its address. PORT overrides the port (default 8000, or the next free one).
import { startDevServer } from '@web/dev-server';
import { esbuildPlugin } from '@web/dev-server-esbuild';

const server = await startDevServer({
  config: {
    rootDir: '.',
    port: Number(process.env.PORT ?? 8000),
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
