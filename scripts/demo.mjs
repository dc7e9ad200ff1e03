// `npm run demo`: builds the drop-in bundle and the server, assembles the demo site in .demo/,
// seeds the sample thread into the demo's SQLite database on the first run, and starts the
// comment server serving the site (.demo/site) and its API on one port. Comments survive a
// restart (they are in .demo/comments.db; delete .demo/ to start over).
//
//   /            the article with <comment-thread src="/">: comments on the server
//   /local.html  the same article with the sample adapter: comments in this browser only
//   /2010/06/09/reading-old-maps/
//                an article from 2010 whose thread comes from the blog's WordPress export
//                (demo/wordpress-export.xml, imported on the first run): old dates, the
//                author's badge, pingbacks apart, #comment-5 links
//   /blog.html   the blog's index: each post with a <comment-count> (one request for both)
//
// It prints the moderation page's address and an admin token (made once, kept in .demo/admin-token)
// for it and the moderation API, and the addresses of the feeds. Mail is on: the server sends
// through a local SMTP sink that the demo starts (smtp-server on 127.0.0.1, nothing leaves the
// machine), which prints each mail's recipient and subject and keeps the whole message in
// .demo/mail/ as an .eml file. The site owner's address is owner@demo.invalid; give any address
// in the form to be told of replies.
//
// PORT picks the port; without it the first free one from 8000 on. DEMO_DIR moves .demo/.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { toExportFile } from './comment-export.mjs';
import { build } from 'esbuild';

const demoDir = process.env.DEMO_DIR ?? '.demo';
// The database sits beside the served folder, never in it.
const site = join(demoDir, 'site');
const database = join(demoDir, 'comments.db');
const cli = join('server', 'dist', 'cli.js');
const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });

/** Resolves whether nothing listens on `port` yet. */
const isFree = (port) =>
  new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
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

// DEMO_BUILD=skip uses the build there is (test/node/demo.test.mjs, after npm test's build).
if (process.env.DEMO_BUILD === 'skip') {
  if (!existsSync(join('dist', 'comment-thread.js')) || !existsSync(cli)) {
    console.error('demo: DEMO_BUILD=skip, but there is no build: run npm run build first');
    process.exit(2);
  }
} else {
  console.log('demo: building the bundle and the server…');
  run('npx', ['vite', 'build', '--logLevel', 'warn']);
  run('npm', ['run', 'build', '--silent', '-w', 'comment-thread-server']);
}

mkdirSync(site, { recursive: true });
// The bundle and the chunks it loads on demand, the standalone <comment-count>, the pages' styles
// (an earlier build's chunks, whose names had other hashes, removed first).
for (const file of readdirSync(site).filter((f) => /^comment-(thread|count).*\.js(\.map)?$/.test(f))) rmSync(join(site, file));
for (const file of readdirSync('dist').filter((f) => /^comment-(thread|count).*\.js$/.test(f))) copyFileSync(join('dist', file), join(site, file));
copyFileSync(join('demo', 'site.css'), join(site, 'site.css'));
copyFileSync(join('demo', 'blog.html'), join(site, 'blog.html'));

const article = readFileSync(join('demo', 'article.html'), 'utf8');
const page = (slots) => article.replace(/<!-- demo:(\w+) -->/g, (_, name) => slots[name] ?? '');
writeFileSync(
  join(site, 'index.html'),
  page({
    tools: `<span>Demo: these comments are stored by this demo's comment server (SQLite, <code>${database}</code>): reload, restart or open another browser and they are still here. <a href="local.html">The same page without a server</a>.</span>`,
    thread: '<comment-thread src="/"></comment-thread>',
    script: '<script type="module" src="./comment-thread.js"></script>',
  }),
);
writeFileSync(
  join(site, 'local.html'),
  page({
    tools: `<span>Demo without a server: these comments live in your browser's localStorage. <a href="./">The server version</a>.</span>
          <button type="button" id="reset">Reset demo comments</button>`,
    thread: '<comment-thread></comment-thread>',
    script: '<script type="module" src="./local.js"></script>',
  }),
);
// The 2010 article, at the path its post had on the old blog (the thread id the export gives it).
const oldMaps = join(site, '2010', '06', '09', 'reading-old-maps');
mkdirSync(oldMaps, { recursive: true });
writeFileSync(
  join(oldMaps, 'index.html'),
  readFileSync(join('demo', 'old-maps.html'), 'utf8').replace(/<!-- demo:(\w+) -->/g, (_, name) =>
    ({
      tools: `<span>Demo: this thread was imported from the blog's WordPress export (<code>demo/wordpress-export.xml</code>). Try <a href="#comment-12">#comment-12</a>, an old link. <a href="/blog.html">All posts</a>.</span>`,
      thread: '<comment-thread src="/"></comment-thread>',
      script: '<script type="module" src="/comment-thread.js"></script>',
    })[name] ?? ''),
);
await build({
  entryPoints: { local: join('demo', 'local.ts') },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  outdir: site,
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});

if (!existsSync(database)) {
  // The sample thread, dated relative to now, in the server's JSON import format.
  const seeder = await build({ entryPoints: [join('demo', 'seed.ts')], bundle: true, format: 'esm', write: false, platform: 'node', logLevel: 'warning' });
  const { demoComments } = await import(`data:text/javascript;base64,${Buffer.from(seeder.outputFiles[0].text).toString('base64')}`);
  const threadId = /<link rel="canonical" href="([^"]+)"/.exec(article)[1];
  const seedFile = join(demoDir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify(toExportFile(demoComments(threadId))));
  run('node', [cli, 'import', '--format', 'json', seedFile, '--db', `sqlite:${database}`]);
  // The old blog's thread, as WordPress exported it.
  run('node', [cli, 'import', '--format', 'wordpress', join('demo', 'wordpress-export.xml'), '--db', `sqlite:${database}`]);
}

// The demo's admin token (moderation through the API), made on the first run and kept beside
// the database, so that it stays the same across restarts.
const tokenFile = join(demoDir, 'admin-token');
if (!existsSync(tokenFile)) writeFileSync(tokenFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
const adminToken = readFileSync(tokenFile, 'utf8').trim();

/**
 * The demo's SMTP sink: takes every mail the comment server sends, keeps it in `dir` as an .eml
 * file, and says so on the console. Resolves with its port.
 */
async function mailSink(dir) {
  mkdirSync(dir, { recursive: true });
  let count = readdirSync(dir).length;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const file = join(dir, `${String(++count).padStart(4, '0')}.eml`);
        writeFileSync(file, raw);
        const { subject } = await simpleParser(raw).catch(() => ({ subject: '?' }));
        console.log(`  mail to ${session.envelope.rcptTo.map((r) => r.address).join(', ')}: "${subject}" (${file})`);
        callback();
      });
    },
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  return sink.server.address().port;
}

const mailDir = join(demoDir, 'mail');
const smtpPort = await mailSink(mailDir);
const port = await choosePort();
const mailArgs = ['--smtp-host', '127.0.0.1', '--smtp-port', String(smtpPort), '--mail-from', 'Demo blog <comments@demo.invalid>', '--notify-email', 'owner@demo.invalid', '--server-url', `http://127.0.0.1:${port}/`, '--mail-retry', '2000'];
const server = spawn(process.execPath, [cli, '--port', String(port), '--host', '127.0.0.1', '--static', site, '--db', `sqlite:${database}`, '--admin-token', adminToken, ...mailArgs], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
server.stdout.on('data', (data) => {
  if (/listening on/.test(String(data))) {
    console.log(
      `comment-thread demo: http://127.0.0.1:${port}/  (comments on the server; without a server: /local.html; an imported WordPress thread: /2010/06/09/reading-old-maps/; the blog's index: /blog.html; Ctrl+C to stop)`,
    );
    console.log(`  moderation page: http://127.0.0.1:${port}/admin  (sign in with the admin token)`);
    console.log(`  admin token: ${adminToken}  (kept in ${tokenFile}; or send it as "Authorization: Bearer ${adminToken}" to /api/admin/…, see the README)`);
    console.log(`  feeds: http://127.0.0.1:${port}/api/comments.atom (every thread), …/api/comments.rss, and ?thread=/2010/06/09/reading-old-maps/ for one`);
    console.log(`  mail: caught by a local SMTP sink (127.0.0.1:${smtpPort}); each one is listed here and kept whole in ${mailDir}/ (.eml); the owner is owner@demo.invalid`);
  } else {
    process.stdout.write(data);
  }
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill('SIGTERM'));
