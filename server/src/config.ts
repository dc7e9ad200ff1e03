/**
 * Command-line flags and environment variables of `comment-thread-server`. Every option has
 * both; a flag wins over its variable. A bad value is a {@link ConfigError}: one line, and the
 * CLI exits with status 2.
 *
 * @module
 */
import type { ModerationMode } from './app.js';
import type { AuthorRole } from './store/comment-store.js';
import { readFileSync } from 'node:fs';
import { MAX_TRUSTED_PROXIES } from './client-address.js';
import { parseRules, RuleError, type SpamRules } from './spam-rules.js';
import type { AkismetOptions } from './akismet.js';
import type { WebhookOptions } from './webhooks.js';
import { DEFAULT_PROOF_WORK, MAX_PROOF_WORK } from './proof-of-work.js';
import type { MailOptions } from './mail/mailer.js';
import { isEmail } from './mail/address.js';

export interface ServerConfig {
  port: number;
  host: string;
  /** `sqlite:PATH` or `postgres://…`. */
  db: string;
  origins: string[];
  adminToken: string | null;
  /** The verified role of comments posted with the admin token. */
  adminRole: AuthorRole;
  moderation: ModerationMode;
  editWindowMinutes: number;
  writesPerMinute: number;
  /** Reverse proxies in front of the server whose `X-Forwarded-For` is believed; 0: none. */
  trustProxyHops: number;
  /** A folder served at `/` (the demo page), or null. */
  staticDir: string | null;
  /** The Content-Security-Policy of the static files, or null for `STATIC_CSP` (`app.ts`). */
  staticCsp: string | null;
  /** A `redis://` URL where rate limits are kept, or null: in the database. */
  redis: string | null;
  /** Open live-update streams allowed in all. */
  maxStreams: number;
  /** Open live-update streams allowed per client network. */
  maxStreamsPerClient: number;
  /** Whether visitors may vote comments down (-1) as well as up. */
  downvotes: boolean;
  /** Threads take no new comments this many days after their first one, unless opened by hand; null: never. */
  closeAfterDays: number | null;
  /** The site's address, where thread ids are paths (the feeds' links), or null. */
  siteUrl: string | null;
  /** Links per comment, block list and review list (`spam-rules.ts`). */
  spamRules: SpamRules;
  /** An Akismet-compatible service that checks guests' comments (`akismet.ts`), or null. */
  akismet: AkismetOptions | null;
  /** Where to POST changes to comments (`webhooks.ts`), with the key that signs them; null: nowhere. */
  webhooks: WebhookOptions | null;
  /** The work of the proof-of-work asked of each guest's post (`proof-of-work.ts`), or null: none asked. */
  proofOfWork: number | null;
  /** How to send e-mail notifications (`mail/mailer.ts`); null: no mail, and no address is stored. */
  mail: MailOptions | null;
  /** Days after which a comment's e-mail address is forgotten; null: kept as long as the comment. */
  forgetEmailDays: number | null;
}

export class ConfigError extends Error {}

interface OptionSpec {
  flag: string;
  env: string;
  /** What the flag takes, for --help; empty for a switch. */
  value: string;
  help: string;
  repeatable?: boolean;
  /**
   * A switch: the flag alone turns it on (`--flag=false` turns it off); its variable is
   * true/false, 1/0, yes/no or on/off. A switch with a `value` also takes a number, as
   * `--flag=N`, `--flag N` or its variable.
   */
  switch?: boolean;
}

export const OPTIONS: readonly OptionSpec[] = [
  { flag: '--port', env: 'PORT', value: 'N', help: 'Port to listen on (default 8787; 0 picks a free one).' },
  { flag: '--host', env: 'HOST', value: 'ADDRESS', help: 'Address to listen on (default 127.0.0.1).' },
  { flag: '--db', env: 'COMMENT_DB', value: 'URL', help: 'sqlite:PATH (default sqlite:./comments.db) or postgres://user@host:port/database.' },
  { flag: '--origin', env: 'COMMENT_ORIGINS', value: 'ORIGIN', help: 'A site allowed to call the API from the browser (CORS); repeat it, or comma-separate in the variable.', repeatable: true },
  { flag: '--admin-token', env: 'COMMENT_ADMIN_TOKEN', value: 'TOKEN', help: 'Enables moderation; send it as "Authorization: Bearer TOKEN". At least 16 characters.' },
  { flag: '--admin-role', env: 'COMMENT_ADMIN_ROLE', value: 'ROLE', help: 'author (default) or moderator: the role shown on comments posted with the admin token.' },
  { flag: '--moderation', env: 'COMMENT_MODERATION', value: 'MODE', help: 'none (default), first-time (an author\'s first comment waits) or all.' },
  { flag: '--edit-window', env: 'COMMENT_EDIT_WINDOW', value: 'MINUTES', help: 'How long authors may edit or delete their comment (default 15).' },
  { flag: '--rate-limit', env: 'COMMENT_RATE_LIMIT', value: 'N', help: 'Writes per minute per client address (default 30).' },
  { flag: '--trust-proxy', env: 'COMMENT_TRUST_PROXY', value: 'HOPS', help: `Reverse proxies in front of the server (default 0): take the client address from X-Forwarded-For, HOPS entries from the right. Only behind proxies that set it (0 to ${MAX_TRUSTED_PROXIES}).` },
  { flag: '--static', env: 'COMMENT_STATIC', value: 'DIR', help: 'Also serve the files of DIR at / (the demo page).' },
  { flag: '--static-csp', env: 'COMMENT_STATIC_CSP', value: 'POLICY', help: 'The Content-Security-Policy header of the --static files (default: strict, the widget\'s Trusted Types policies allowed).' },
  { flag: '--redis', env: 'COMMENT_REDIS', value: 'URL', help: 'Keep rate limits in Redis (redis://host:port) instead of the database; either way every server process shares them.' },
  { flag: '--max-streams', env: 'COMMENT_MAX_STREAMS', value: 'N', help: 'Live-update connections allowed in all (default 10000); more get a 503.' },
  { flag: '--max-streams-per-client', env: 'COMMENT_MAX_STREAMS_PER_CLIENT', value: 'N', help: 'Live-update connections allowed per client address (IPv6: per /64; default 32); more get a 429.' },
  { flag: '--site-url', env: 'COMMENT_SITE_URL', value: 'URL', help: 'The site\'s address (https://blog.example), against which thread ids are paths: the feeds link each comment there (default: the first --origin, else this server).' },
  { flag: '--max-links', env: 'COMMENT_MAX_LINKS', value: 'N', help: 'Hold a comment with more than N links for a moderator (default: any number).' },
  { flag: '--block-words', env: 'COMMENT_BLOCK_WORDS', value: 'FILE', help: 'Refuse comments that match a rule of FILE: a word or phrase a line, or /regex/flags; # for comments.' },
  { flag: '--review-words', env: 'COMMENT_REVIEW_WORDS', value: 'FILE', help: 'Hold comments that match a rule of FILE for a moderator (same format as --block-words).' },
  { flag: '--akismet-key', env: 'COMMENT_AKISMET_KEY', value: 'KEY', help: 'Check guests\' comments with an Akismet-compatible service, with this API key (needs --akismet-url).' },
  { flag: '--akismet-url', env: 'COMMENT_AKISMET_URL', value: 'URL', help: 'The REST address of that service, the one its comment-check call is under.' },
  { flag: '--webhook', env: 'COMMENT_WEBHOOKS', value: 'URL', help: 'POST each new, edited, deleted or moderated comment to URL as signed JSON (needs --webhook-secret); repeat it, or comma-separate in the variable.', repeatable: true },
  { flag: '--webhook-secret', env: 'COMMENT_WEBHOOK_SECRET', value: 'SECRET', help: 'The key of the webhooks\' HMAC-SHA256 signature (X-Comment-Thread-Signature); at least 16 characters.' },
  { flag: '--webhook-retry', env: 'COMMENT_WEBHOOK_RETRY', value: 'MS', help: 'The wait before a failed webhook is tried again, doubled each time, 8 tries in all (default 10000).' },
  { flag: '--smtp-host', env: 'COMMENT_SMTP_HOST', value: 'HOST', help: 'Send e-mail notifications through this SMTP server (needs --mail-from and --server-url); visitors may then leave an address to be told of replies.' },
  { flag: '--smtp-port', env: 'COMMENT_SMTP_PORT', value: 'N', help: 'The SMTP server\'s port (default 587, or 465 with --smtp-secure).' },
  { flag: '--smtp-secure', env: 'COMMENT_SMTP_SECURE', value: '', help: 'Speak TLS from the start (port 465). Without it, STARTTLS is used whenever the server offers it, and required with --smtp-user.', switch: true },
  { flag: '--smtp-user', env: 'COMMENT_SMTP_USER', value: 'USER', help: 'The SMTP user name (needs --smtp-pass).' },
  { flag: '--smtp-pass', env: 'COMMENT_SMTP_PASS', value: 'PASSWORD', help: 'The SMTP password; prefer the variable: a flag shows in the process list.' },
  { flag: '--mail-from', env: 'COMMENT_MAIL_FROM', value: 'ADDRESS', help: 'The From of every mail: an address, or "Name <address>".' },
  { flag: '--notify-email', env: 'COMMENT_NOTIFY_EMAIL', value: 'ADDRESS', help: 'E-mail each new guest comment (published, or waiting for moderation) to ADDRESS; repeat it, or comma-separate in the variable.', repeatable: true },
  { flag: '--server-url', env: 'COMMENT_SERVER_URL', value: 'URL', help: 'This server\'s address as visitors reach it (https://comments.blog.example): mail links to its unsubscribe page and to /admin.' },
  { flag: '--mail-retry', env: 'COMMENT_MAIL_RETRY', value: 'MS', help: 'The wait before a mail the SMTP server did not take is tried again, doubled each time, 8 tries in all (default 60000).' },
  { flag: '--forget-email', env: 'COMMENT_FORGET_EMAIL', value: 'DAYS', help: 'Forget the e-mail address given with a comment DAYS days after it was posted (default: keep it as long as the comment).' },
  { flag: '--close-after', env: 'COMMENT_CLOSE_AFTER', value: 'DAYS', help: 'Close a thread to new comments DAYS days after its first comment (default: never); a moderator can open it again.' },
  { flag: '--downvotes', env: 'COMMENT_DOWNVOTES', value: '', help: 'Let visitors vote comments down as well as up (by default, upvotes only).', switch: true },
  {
    flag: '--proof-of-work',
    env: 'COMMENT_PROOF_OF_WORK',
    value: '[N]',
    help: `Ask each guest's browser to solve a proof-of-work before their comment is taken (GET /api/challenge), N tries at most (default ${DEFAULT_PROOF_WORK}: about a quarter of a second on a server CPU's core, up to a second on a phone); the widget does it unseen.`,
    switch: true,
  },
];

export const USAGE = `Usage: comment-thread-server [serve] [options]
       comment-thread-server import --format wordpress|disqus|json FILE [--db URL] [--json]
       comment-thread-server export [--db URL] > comments.json
       comment-thread-server backup [--db sqlite:PATH] FILE   (a consistent copy while the server runs)
       comment-thread-server --version

Options (each also read from the environment variable in brackets):
${OPTIONS.map((o) => `  ${`${o.flag}${o.value ? ` ${o.value}` : ''}`.padEnd(24)} ${o.help} [${o.env}]`).join('\n')}
  --help                   Show this help.`;

function integer(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
  }
  return value;
}

/** `--format` belongs to `import` (and `export`, which writes only json). */
const FORMAT_FLAG = '--format';

/**
 * The error for `-p` and the like: there are no short options but `-h`, so say so, and name
 * the long option the letter most likely meant when one or two start with it.
 */
function shortOptionError(arg: string): ConfigError {
  const letter = arg.slice(1, 2);
  const candidates = [...OPTIONS.map((o) => o.flag), FORMAT_FLAG].filter((flag) => flag.startsWith(`--${letter}`));
  const hint = candidates.length === 1 || candidates.length === 2 ? ` Did you mean ${candidates.join(' or ')}?` : '';
  return new ConfigError(`Unknown option "${arg}": there are no short options except -h.${hint} See --help.`);
}

/** Reads the raw option values: flags first, then the environment. */
export function readOptions(args: readonly string[], env: NodeJS.ProcessEnv): { values: Map<string, string[]>; rest: string[] } {
  const values = new Map<string, string[]>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      if (arg.startsWith('-') && arg !== '-') throw shortOptionError(arg);
      rest.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const spec = OPTIONS.find((o) => o.flag === flag);
    if (!spec && flag !== FORMAT_FLAG) throw new ConfigError(`Unknown option "${flag}"; see --help.`);
    // A switch that also takes a number takes the next argument when it is one.
    const number = spec?.switch && spec.value && inline === undefined && /^\d+$/.test(args[i + 1] ?? '') ? args[++i] : undefined;
    const value = spec?.switch ? (inline ?? number ?? 'true') : (inline ?? args[++i]);
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new ConfigError(`${flag} needs a value.`);
    values.set(flag, [...(values.get(flag) ?? []), value]);
  }
  for (const spec of OPTIONS) {
    const fromEnv = env[spec.env];
    if (!values.has(spec.flag) && fromEnv !== undefined && fromEnv !== '') {
      values.set(spec.flag, spec.repeatable ? fromEnv.split(',').map((s) => s.trim()).filter(Boolean) : [fromEnv]);
    }
  }
  for (const flag of [...OPTIONS.filter((o) => !o.repeatable).map((o) => o.flag), FORMAT_FLAG]) {
    if ((values.get(flag)?.length ?? 0) > 1) throw new ConfigError(`${flag} was given more than once.`);
  }
  return { values, rest };
}

/** The value of a switch (`OptionSpec.switch`), from its flag or its variable. */
function switchValue(flag: string, raw: string | undefined): boolean {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${flag} is a switch: give it alone, or true or false, not "${raw}".`);
}

/** `--proof-of-work`: off, on with the default work, or on with the work N. */
function parseProofOfWork(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  if (/^\s*\d+\s*$/.test(raw)) {
    const work = Number(raw);
    if (work === 0) return null;
    if (work <= MAX_PROOF_WORK) return work;
  } else if (/^\s*(true|yes|on)\s*$/i.test(raw)) {
    return DEFAULT_PROOF_WORK;
  } else if (/^\s*(false|no|off)\s*$/i.test(raw)) {
    return null;
  }
  throw new ConfigError(`--proof-of-work takes no value (the default work, ${DEFAULT_PROOF_WORK}), a number of tries up to ${MAX_PROOF_WORK} (0: none), or true or false; not "${raw}".`);
}

/** Checks a `--db` value. */
export function parseDb(raw: string): string {
  if (raw.startsWith('sqlite:')) {
    if (raw.length === 'sqlite:'.length) throw new ConfigError('--db sqlite: needs a file path, e.g. sqlite:./comments.db.');
    return raw;
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError(`--db "${raw}" is not a valid postgres:// URL.`);
    }
    return raw;
  }
  throw new ConfigError(`--db must be sqlite:PATH or postgres://…, not "${raw}".`);
}

/** Checks a `--static-csp` value: one header line. */
function parseCsp(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.trim() === '' || /[\r\n\u0000]/.test(raw)) throw new ConfigError('--static-csp must be a Content-Security-Policy on one line.');
  return raw.trim();
}

/** Checks a `--redis` value. */
function parseRedis(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // Reported below.
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) throw new ConfigError(`--redis must be a redis:// or rediss:// URL, not "${raw}".`);
  return raw;
}

/** `--webhook` URLs and their `--webhook-secret`: both, or neither. */
function parseWebhooks(urls: readonly string[], secret: string | undefined, retryMs: number): WebhookOptions | null {
  if (urls.length === 0 && secret === undefined) return null;
  if (urls.length === 0) throw new ConfigError('--webhook-secret signs webhooks: give at least one --webhook URL too.');
  if (secret === undefined || secret.length < 16) throw new ConfigError('--webhook needs --webhook-secret, at least 16 characters, to sign what it sends.');
  for (const url of urls) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      // below
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new ConfigError(`--webhook must be an http or https address, not "${url}".`);
  }
  return { urls, secret, retryMs };
}

/** Options that only mean something when the server sends mail. */
const MAIL_FLAGS = ['--smtp-port', '--smtp-user', '--smtp-pass', '--mail-from', '--notify-email', '--server-url', '--mail-retry', '--smtp-secure'];

/** An http(s) address, kept with a trailing slash so that paths resolve under it; `what` says what it must look like. */
function httpUrl(flag: string, raw: string, example: string): string {
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // Reported below.
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new ConfigError(`${flag} must be an http or https address like ${example}, not "${raw}".`);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url.href;
}

/** `--mail-from`: an address, or a name and an address in angle brackets, on one line. */
function parseFrom(raw: string): string {
  const value = raw.trim();
  const address = /<([^<>]*)>$/.exec(value)?.[1] ?? value;
  if (/[\r\n]/.test(value) || !isEmail(address)) throw new ConfigError(`--mail-from must be an address or "Name <address>", not "${raw}".`);
  return value;
}

/** The `--smtp-*` options, `--mail-from`, `--notify-email`, `--server-url`, `--mail-retry`: all under `--smtp-host`. */
function parseMail(values: Map<string, string[]>): MailOptions | null {
  const one = (flag: string): string | undefined => values.get(flag)?.[0];
  const host = one('--smtp-host');
  if (host === undefined) {
    const stray = MAIL_FLAGS.find((flag) => values.has(flag) && (flag !== '--smtp-secure' || switchValue(flag, one(flag))));
    if (stray) throw new ConfigError(`${stray} is for sending mail: give --smtp-host too.`);
    return null;
  }
  if (host.trim() === '' || /\s/.test(host.trim())) throw new ConfigError(`--smtp-host must be a host name or address, not "${host}".`);
  const from = one('--mail-from');
  if (from === undefined) throw new ConfigError('--smtp-host needs --mail-from: the address mail comes from, e.g. "Blog comments <comments@blog.example>".');
  const serverUrl = one('--server-url');
  if (serverUrl === undefined) {
    throw new ConfigError('--smtp-host needs --server-url: this server\'s address as visitors reach it, which mail links to (unsubscribe, /admin); a request\'s Host header is not to be trusted for it.');
  }
  const user = one('--smtp-user') ?? null;
  const pass = one('--smtp-pass') ?? null;
  if ((user === null) !== (pass === null)) throw new ConfigError('--smtp-user and --smtp-pass go together (prefer COMMENT_SMTP_PASS for the password).');
  const notify = values.get('--notify-email') ?? [];
  for (const address of notify) if (!isEmail(address.trim())) throw new ConfigError(`--notify-email must be an e-mail address, not "${address}".`);
  const secure = switchValue('--smtp-secure', one('--smtp-secure'));
  return {
    smtp: { host: host.trim(), port: integer('--smtp-port', one('--smtp-port') ?? (secure ? '465' : '587'), 1, 65535), secure, user, pass },
    from: parseFrom(from),
    notify: notify.map((address) => address.trim()),
    retryMs: integer('--mail-retry', one('--mail-retry') ?? '60000', 10, 3_600_000),
    serverUrl: httpUrl('--server-url', serverUrl, 'https://comments.blog.example'),
  };
}

/** `--akismet-key` and `--akismet-url`: both, or neither. */
function parseAkismet(key: string | undefined, endpoint: string | undefined): AkismetOptions | null {
  if (key === undefined && endpoint === undefined) return null;
  if (key === undefined || endpoint === undefined) throw new ConfigError('--akismet-key and --akismet-url go together: the service\'s API key, and its REST address.');
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`--akismet-url must be an http or https address, not "${endpoint}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`--akismet-url must be an http or https address, not "${endpoint}".`);
  return { key, endpoint: url.href };
}

/** The rules of the file `path` names (`spam-rules.ts`), or none without one. */
function readRules(flag: string, path: string | undefined): RegExp[] {
  if (path === undefined) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${flag} ${path}: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  try {
    return parseRules(text, `${flag} ${path}`);
  } catch (error) {
    if (error instanceof RuleError) throw new ConfigError(error.message);
    throw error;
  }
}

/** `--site-url`: an http(s) address, kept with a trailing slash so that thread ids resolve as paths under it. */
function parseSiteUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`--site-url must be an address like https://blog.example, not "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`--site-url must be an http or https address, not "${raw}".`);
  return url.href;
}

/** The server's configuration from flags and environment. */
export function parseConfig(values: Map<string, string[]>): ServerConfig {
  const one = (flag: string): string | undefined => values.get(flag)?.[0];
  const origins = (values.get('--origin') ?? []).map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`--origin must be an origin like https://example.com, not "${origin}".`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`--origin must be an origin like https://example.com (scheme, host, port; no path), not "${origin}".`);
    }
    return url.origin;
  });
  const moderation = one('--moderation') ?? 'none';
  if (moderation !== 'none' && moderation !== 'first-time' && moderation !== 'all') {
    throw new ConfigError(`--moderation must be none, first-time or all, not "${moderation}".`);
  }
  const adminToken = one('--admin-token') ?? null;
  if (adminToken !== null && adminToken.length < 16) throw new ConfigError('--admin-token must be at least 16 characters long.');
  const adminRole = one('--admin-role') ?? 'author';
  if (adminRole !== 'author' && adminRole !== 'moderator') throw new ConfigError(`--admin-role must be author or moderator, not "${adminRole}".`);
  return {
    port: integer('--port', one('--port') ?? '8787', 0, 65535),
    host: one('--host') ?? '127.0.0.1',
    db: parseDb(one('--db') ?? 'sqlite:./comments.db'),
    origins,
    adminToken,
    adminRole,
    moderation,
    editWindowMinutes: integer('--edit-window', one('--edit-window') ?? '15', 0, 7 * 24 * 60),
    writesPerMinute: integer('--rate-limit', one('--rate-limit') ?? '30', 1, 10_000_000),
    trustProxyHops: integer('--trust-proxy', one('--trust-proxy') ?? '0', 0, MAX_TRUSTED_PROXIES),
    staticDir: one('--static') ?? null,
    staticCsp: parseCsp(one('--static-csp')),
    redis: parseRedis(one('--redis')),
    maxStreams: integer('--max-streams', one('--max-streams') ?? '10000', 0, 1_000_000),
    maxStreamsPerClient: integer('--max-streams-per-client', one('--max-streams-per-client') ?? '32', 0, 1_000_000),
    downvotes: switchValue('--downvotes', one('--downvotes')),
    siteUrl: parseSiteUrl(one('--site-url')),
    spamRules: {
      maxLinks: one('--max-links') === undefined ? null : integer('--max-links', one('--max-links')!, 0, 1000),
      block: readRules('--block-words', one('--block-words')),
      review: readRules('--review-words', one('--review-words')),
    },
    akismet: parseAkismet(one('--akismet-key'), one('--akismet-url')),
    webhooks: parseWebhooks(values.get('--webhook') ?? [], one('--webhook-secret'), integer('--webhook-retry', one('--webhook-retry') ?? '10000', 10, 3_600_000)),
    closeAfterDays: one('--close-after') === undefined ? null : integer('--close-after', one('--close-after')!, 1, 100 * 365),
    proofOfWork: parseProofOfWork(one('--proof-of-work')),
    mail: parseMail(values),
    forgetEmailDays: one('--forget-email') === undefined ? null : integer('--forget-email', one('--forget-email')!, 1, 100 * 365),
  };
}
