/**
 * E-mail notifications: queued in the outbox (kind `mail`) by the routes, inside the request
 * that made them due, and sent through SMTP with nodemailer by an {@link OutboxWorker}: a
 * failed attempt is tried again after `--mail-retry`, then twice as long each time, 8 tries in
 * all; queued mail survives a restart, and any server process may send it.
 *
 * Who gets what:
 * - the author of a comment, who gave an address and asked for it (`notifyReplies`), when a
 *   reply to it is published (at once, or when a moderator approves it), unless the reply is
 *   their own (same author key, or same address);
 * - each `--notify-email` address, when a guest's comment comes in (published, or waiting for
 *   moderation; not spam, not the site's own).
 * Never an address that asked for no more mail of that kind (`unsubscribe.ts`). Every mail
 * carries `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
 *
 * @module
 */
import type { Transporter } from 'nodemailer';
import { OutboxWorker, type AttemptResult } from '../outbox-worker.js';
import type { CommentStore, OutboxEntry, OutboxItem, StoredComment } from '../store/comment-store.js';
import { addressHashOf, addressKey } from './address.js';
import { ownerMail, replyMail, type MailLinks, type MailMessage } from './message.js';
import { unsubscribeLink, type MailScope } from './unsubscribe.js';

/** How the server sends mail (`--smtp-*`, `--mail-from`, `--notify-email`, `--mail-retry`, `--server-url`). */
export interface MailOptions {
  smtp: {
    host: string;
    port: number;
    /** Implicit TLS from the start (port 465); else STARTTLS whenever the server offers it, and required with credentials. */
    secure: boolean;
    user: string | null;
    pass: string | null;
  };
  /** The From header: an address, or `Name <address>`. */
  from: string;
  /** The site owner's addresses, told of each new comment. */
  notify: readonly string[];
  /** The wait before the first retry; each later one waits twice as long. */
  retryMs: number;
  /** The comment server's own address, for links in mail: unsubscribe and `/admin`. */
  serverUrl: string;
}

/** Longest an SMTP exchange may take, from connecting to the server's last answer. */
export const SMTP_TIMEOUT_MS = 20_000;
/** Mails sent at once by one process (one connection each). */
const BATCH = 5;

/** Queues notifications and sends them; {@link start} and {@link stop} run the sender. */
export class Mailer {
  readonly #store: CommentStore;
  readonly #options: MailOptions;
  readonly #now: () => Date;
  readonly #secret: () => Promise<string>;
  /** The SMTP transport, made on the first send (nodemailer loads only where mail is sent). */
  #transport: Promise<Transporter> | null = null;
  readonly #worker: OutboxWorker;

  constructor(store: CommentStore, options: MailOptions, now: () => Date = () => new Date()) {
    this.#store = store;
    this.#options = options;
    this.#now = now;
    let secret: Promise<string> | undefined;
    this.#secret = () => (secret ??= store.secret());
    this.#worker = new OutboxWorker(
      store,
      {
        kind: 'mail',
        retryMs: options.retryMs,
        timeoutMs: SMTP_TIMEOUT_MS * 2,
        batch: BATCH,
        attempt: (entry) => this.#send(entry),
        describe: (entry) => `mail ${entry.id} (${entry.event}) to ${entry.target}`,
      },
      now,
    );
  }

  /** Looks for due mail every half second, and at once. */
  start(): void {
    this.#worker.start();
  }

  /** Stops looking; resolves when the mail under way has been handed over (or failed). */
  async stop(): Promise<void> {
    await this.#worker.stop();
    (await this.#transport)?.close();
  }

  /** The SMTP transport (one connection per mail: nothing is held open between them). */
  #smtp(): Promise<Transporter> {
    const { smtp } = this.#options;
    return (this.#transport ??= import('nodemailer').then(({ createTransport }) =>
      createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        // A password never goes over a connection STARTTLS did not protect.
        requireTLS: !smtp.secure && smtp.user !== null,
        ...(smtp.user !== null ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
        connectionTimeout: SMTP_TIMEOUT_MS / 2,
        greetingTimeout: SMTP_TIMEOUT_MS / 2,
        socketTimeout: SMTP_TIMEOUT_MS,
        // What is sent is the queued text: nothing read from files or fetched from URLs.
        disableFileAccess: true,
        disableUrlAccess: true,
      }),
    ));
  }

  /**
   * A comment was stored (`parent`: the comment it answers, if any): the owner's mail, and if it
   * is published and a reply, the reply's. `site`: where thread ids are paths (`--site-url`);
   * null: this server serves the site itself, at `--server-url`.
   */
  async created(comment: StoredComment, parent: StoredComment | null, site: string | null): Promise<void> {
    const items: OutboxItem[] = [];
    if (comment.role === null && (comment.status === 'published' || comment.status === 'pending')) {
      for (const address of this.#options.notify) {
        const item = await this.#item(address, 'owner', `owner.${comment.status}`, site, (links) => ownerMail(comment, parent, links));
        if (item) items.push(item);
      }
    }
    if (comment.status === 'published' && parent) {
      const item = await this.#replyItem(comment, parent, site);
      if (item) items.push(item);
    }
    await this.#queue(items);
  }

  /** A reply became published (a moderator approved it): its parent's author's mail, if they want it. */
  async published(reply: StoredComment, parent: StoredComment | null, site: string | null): Promise<void> {
    if (!parent) return;
    const item = await this.#replyItem(reply, parent, site);
    await this.#queue(item ? [item] : []);
  }

  /** The mail about `reply` to `parent`'s author, or null when they get none. */
  async #replyItem(reply: StoredComment, parent: StoredComment, site: string | null): Promise<OutboxItem | null> {
    const address = parent.authorEmail;
    if (!address || !parent.notifyReplies || (parent.status !== 'published' && parent.status !== 'pending')) return null;
    // Nobody is told of their own answers.
    if (parent.authorHash !== null && parent.authorHash === reply.authorHash) return null;
    if (reply.authorEmail !== null && addressKey(reply.authorEmail) === addressKey(address)) return null;
    return this.#item(address, 'replies', 'reply', site, (links) => replyMail(reply, parent, links));
  }

  /** A mail to `address` of `scope`, or null when that address asked for no more of it. */
  async #item(address: string, scope: MailScope, event: string, site: string | null, compose: (links: MailLinks) => MailMessage): Promise<OutboxItem | null> {
    const secret = await this.#secret();
    if (await this.#store.isUnsubscribed(addressHashOf(secret, address), scope)) return null;
    const message = compose({ site: site ?? this.#options.serverUrl, server: this.#options.serverUrl, unsubscribe: unsubscribeLink(this.#options.serverUrl, secret, address, scope) });
    return { kind: 'mail', target: address, event, payload: JSON.stringify(message) };
  }

  /** Puts `items` in the outbox; a failure to queue is logged: the comment itself stands. */
  async #queue(items: readonly OutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    try {
      await this.#store.enqueue(items, this.#now().toISOString());
      this.#worker.kick();
    } catch (error) {
      console.error(`comment-thread-server: ${items.length} mail(s) could not be queued:`, (error as Error).message);
    }
  }

  /** Hands one mail to the SMTP server. */
  async #send(entry: OutboxEntry): Promise<AttemptResult> {
    const message = JSON.parse(entry.payload) as MailMessage;
    try {
      const info = await (await this.#smtp()).sendMail({
        from: this.#options.from,
        // An address object: never parsed as a list or as a name and address.
        to: { name: '', address: entry.target },
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: {
          'List-Unsubscribe': { prepared: true, value: `<${message.unsubscribe}>` },
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
        },
      });
      return { delivered: true, result: String(info.response ?? 'accepted').slice(0, 200) };
    } catch (error) {
      const failure = error as Error & { code?: string; response?: string; responseCode?: number };
      // 5xx: the server refused for good (no such mailbox, a policy); 4xx and no answer: later.
      const permanent = failure.responseCode !== undefined && failure.responseCode >= 500 && failure.responseCode < 600;
      return { delivered: false, permanent, result: `not sent (${(failure.response ?? failure.message).slice(0, 200)})` };
    }
  }
}
