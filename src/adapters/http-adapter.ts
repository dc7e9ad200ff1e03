/**
 * The adapter for the reference server (`comment-thread-server`, or anything speaking its
 * REST API, described at `<server>/openapi.json`). No server code: just `fetch` and
 * `EventSource`. The reading half is `HttpClient` (`http-client.ts`); this module adds writing.
 *
 * @module
 */
import { randomId } from '../core/id.js';
import { HttpClient, type EditGrant } from './http-client.js';
import type { Proof } from './proof-of-work.js';
import type { ProofChallenge } from './proof-solver.js';
import { AdapterError, throwIfAborted, type CallOptions, type Comment, type CommentPatch, type NewComment, type RemovedData, type StorageAdapter, type VisitorData } from './storage-adapter.js';

export type { HttpAdapterOptions } from './http-client.js';

/** The server's answer to a post. */
interface CreatedResponse {
  comment: Comment;
  editToken: string;
  editableUntil: string;
}

/**
 * Talks to a comment-thread server. Reads and posts are retried with exponential backoff
 * after a network failure, a timeout, a 5xx or a 429 (honouring `Retry-After` up to
 * `maxRetryWaitMs`); a post keeps its `Idempotency-Key`, so the server stores it once however
 * often it is sent. An abort stops a call at once, also while it waits to retry. Every failure
 * becomes an {@link AdapterError} with the server's message. The edit token of each comment
 * posted here is kept (in `localStorage` by default) so its author can edit or delete it within
 * the server's edit window. Live updates come through `EventSource`, which reconnects by
 * itself; after a reconnection the subscriber gets a `resync` change, since changes made while
 * the stream was down are not replayed.
 *
 * @example
 * ```ts
 * thread.adapter = new HttpAdapter('https://comments.example.com');
 * // or, in HTML: <comment-thread src="https://comments.example.com"></comment-thread>
 * ```
 */
export class HttpAdapter extends HttpClient implements StorageAdapter {
  /** The server refused a post for want of a proof-of-work: every later post brings one. */
  #proofs = false;

  /**
   * Posts a comment. A server started with `--proof-of-work` refuses a guest's post without a
   * solved challenge (a 400 on the field `proof`): the adapter then fetches a challenge, solves
   * it (`proof-of-work.ts`, a chunk of its own: in a worker) and posts again, once; from then on
   * it solves before each post. Nothing of it costs a server that asks for none.
   */
  async create(input: NewComment, options: CallOptions = {}): Promise<Comment> {
    const { idempotencyKey, ...body } = input;
    const { signal } = options;
    const key = idempotencyKey ?? randomId();
    const send = (proof?: Proof): Promise<CreatedResponse> =>
      this.request<CreatedResponse>('POST', '/api/comments', {
        signal,
        body: proof ? { ...body, proof } : body,
        headers: { 'Idempotency-Key': key },
        // Safe: the server stores a post once per key.
        retry: true,
        // A visitor's first post gives them their author key.
        author: true,
      });
    let created: CreatedResponse;
    try {
      created = await send(this.#proofs ? await this.#prove(signal) : undefined);
    } catch (error) {
      if (!(error instanceof AdapterError && error.field === 'proof')) throw error;
      // Asked for one, or this one came too late (expired, used): a fresh one, once.
      this.#proofs = true;
      created = await send(await this.#prove(signal));
    }
    this.saveGrant(created.comment.id, { token: created.editToken, until: created.editableUntil });
    return created.comment;
  }

  /** A challenge from the server (`GET /api/challenge`), solved (`proof-of-work.ts`). */
  async #prove(signal?: AbortSignal): Promise<Proof> {
    return (await import('./proof-of-work.js')).prove(() => this.request<ProofChallenge>('GET', '/api/challenge', { signal, retry: true }), signal);
  }

  async update(_threadId: string, id: string, patch: CommentPatch, options: CallOptions = {}): Promise<Comment> {
    const grant = await this.grantFor(id, options.signal);
    const result = await this.request<{ comment: Comment }>('PATCH', `/api/comments/${encodeURIComponent(id)}`, {
      signal: options.signal,
      body: { body: patch.body },
      headers: { Authorization: `Bearer ${grant.token}` },
    });
    return result.comment;
  }

  async remove(_threadId: string, id: string, options: CallOptions = {}): Promise<void> {
    const grant = await this.grantFor(id, options.signal);
    await this.request<null>('DELETE', `/api/comments/${encodeURIComponent(id)}`, {
      signal: options.signal,
      headers: { Authorization: `Bearer ${grant.token}` },
    });
    this.forgetGrant(id);
  }

  /**
   * Casts this browser's vote (`POST /api/comments/{id}/vote`): 1 up, -1 down, 0 to withdraw.
   * The server tells voters apart by the author key, so a first vote makes one, as a first post
   * does. Retried like a read: voting the same again changes nothing. The server refuses -1
   * (`invalid`) unless it allows downvotes, and a deleted or pending comment or a mention
   * (`conflict`).
   */
  async vote(threadId: string, id: string, value: 1 | 0 | -1, options: CallOptions = {}): Promise<Comment> {
    const result = await this.request<{ comment: Comment }>('POST', `/api/comments/${encodeURIComponent(id)}/vote`, {
      signal: options.signal,
      body: { thread: threadId, value },
      retry: true,
      author: true,
    });
    return result.comment;
  }

  /**
   * What this browser posted and voted (`GET /api/me`, by its author key); without a key it has
   * done neither, and the answer is empty without asking.
   */
  async exportMine(options: CallOptions = {}): Promise<VisitorData> {
    if (!this.authorKey()) return { format: 'comment-thread-visitor', version: 1, exportedAt: new Date().toISOString(), comments: [], votes: [] };
    return this.request<VisitorData>('GET', '/api/me', { signal: options.signal, retry: true });
  }

  /** Deletes what this browser posted and withdraws its votes (`DELETE /api/me`); its edit tokens go too. */
  async removeMine(options: CallOptions = {}): Promise<RemovedData> {
    if (!this.authorKey()) return { removed: 0, placeholders: 0, votesWithdrawn: 0 };
    // Retried: deleting again deletes nothing more.
    const done = await this.request<RemovedData>('DELETE', '/api/me', { signal: options.signal, retry: true });
    this.saveGrants({});
    return done;
  }

  /** The server's answer to `GET /api/config`, asked once: whether it sends mail. */
  #mail: Promise<boolean> | null = null;

  /**
   * Whether the server e-mails commenters of replies (`GET /api/config` says `mail: true`;
   * asked once; an older server, or a failure, is no). Retried like a read.
   */
  offersMail(options: CallOptions = {}): Promise<boolean> {
    return (this.#mail ??= this.request<{ mail?: unknown }>('GET', '/api/config', { signal: options.signal, retry: true }).then(
      (config) => config.mail === true,
      () => ((this.#mail = null), false),
    ));
  }

  async count(threadIds: string[], options: CallOptions = {}): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    // The server answers up to 100 threads per request.
    for (let i = 0; i < threadIds.length; i += 100) {
      const part = await this.request<{ counts: Record<string, number> }>('POST', '/api/counts', {
        signal: options.signal,
        body: { threads: threadIds.slice(i, i + 100) },
        retry: true,
      });
      Object.assign(counts, part.counts);
    }
    return counts;
  }

  /** The edit token of a comment posted here, or the right error when there is none. */
  private async grantFor(id: string, signal?: AbortSignal): Promise<EditGrant> {
    throwIfAborted(signal);
    const grant = this.loadGrant(id);
    if (grant) return grant;
    // Tell "no such comment" from "not yours" the way the server would.
    await this.request<unknown>('GET', `/api/comments/${encodeURIComponent(id)}`, { signal, retry: true });
    throw new AdapterError('forbidden', 'Only the author can change a comment, from the browser it was posted in.');
  }

  /** Keeps a comment's edit grant, with the others still open (`loadGrants` drops the rest). */
  private saveGrant(id: string, grant: EditGrant): void {
    this.saveGrants({ ...this.loadGrants(), [id]: grant });
  }

  private forgetGrant(id: string): void {
    const grants = this.loadGrants();
    delete grants[id];
    this.saveGrants(grants);
  }
}
