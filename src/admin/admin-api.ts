/**
 * The moderation page's calls to its server's admin API, signed in with the session cookie
 * (`server/src/admin-session.ts`): every change carries the session's CSRF token. Answers
 * that are no success become an {@link AdminApiError} with the server's own message.
 *
 * @module
 */

/** A comment as the admin API gives it: the public fields, its real status, its thread's page. */
export interface AdminComment {
  id: string;
  threadId: string;
  parentId: string | null;
  /** `email`: the address the author gave for mail (moderators only). */
  author: { name: string; website?: string; role?: string; email?: string };
  body: string;
  html?: string;
  createdAt: string;
  updatedAt?: string;
  status: 'published' | 'pending' | 'spam' | 'rejected' | 'deleted';
  kind?: string;
  score: number;
  pinned?: true;
  /** The thread's page on the site, when the server knows the site (`--site-url`, `--origin`). */
  page?: string;
}

/** What the list shows: a status, or `all`. */
export type AdminStatus = 'pending' | 'spam' | 'published' | 'rejected' | 'all';

export interface AdminQuery {
  status: AdminStatus;
  thread?: string;
  q?: string;
  author?: string;
  cursor?: string | null;
}

/** An author, by the name they wrote under or the address they gave. */
export type AuthorQuery = { name: string } | { email: string };

/** A moderator's action on one comment, as the API names its route. */
export type AdminAction = 'approve' | 'reject' | 'spam' | 'pin' | 'unpin' | 'block-author' | 'delete';

/** One delivery in a log: a webhook's POST, or a mail (its `target` the recipient). */
export interface Delivery {
  id: number;
  target: string;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAt: string;
  lastResult: string | null;
  createdAt: string;
  doneAt: string | null;
}

/** A failed call: the HTTP status (0: no answer), the server's code and message, the field it names. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminApiError';
  }
}

export class AdminApi {
  /** The session's CSRF token, once signed in. */
  private csrf = '';

  /** @param base The server's address ('' for the page's own). */
  constructor(readonly base = '') {}

  /** Where the live news stream is. */
  get eventsUrl(): string {
    return `${this.base}/api/admin/events`;
  }

  private async call<T>(method: string, path: string, json?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrf;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    } catch {
      throw new AdminApiError(0, 'network', 'The server could not be reached. Check the connection and try again.');
    }
    if (response.status === 204) return undefined as T;
    let answer: unknown = null;
    try {
      answer = await response.json();
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    if (!response.ok) {
      const error = (answer as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
      throw new AdminApiError(
        response.status,
        error?.code ?? 'http',
        error?.message ?? `The server answered ${response.status}. Try again later.`,
        error?.field,
      );
    }
    return answer as T;
  }

  /** Whether the page's cookie is a sign-in; false when it is not (or no longer). */
  async resume(): Promise<boolean> {
    try {
      this.csrf = (await this.call<{ csrf: string }>('GET', '/api/admin/session')).csrf;
      return true;
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 401) return false;
      throw error;
    }
  }

  async signIn(token: string): Promise<void> {
    this.csrf = (await this.call<{ csrf: string }>('POST', '/api/admin/session', { token })).csrf;
  }

  async signOut(): Promise<void> {
    await this.call('DELETE', '/api/admin/session');
    this.csrf = '';
  }

  list(query: AdminQuery): Promise<{ comments: AdminComment[]; nextCursor: string | null }> {
    const params = new URLSearchParams({ status: query.status, order: 'newest', limit: '50' });
    for (const name of ['thread', 'q', 'author', 'cursor'] as const) {
      const value = query[name];
      if (value) params.set(name, value);
    }
    return this.call('GET', `/api/admin/comments?${params}`);
  }

  /** Does `action` to comment `id`: the comment as it is now, or null when it is gone. */
  async act(id: string, action: AdminAction): Promise<AdminComment | null> {
    const path = `/api/admin/comments/${encodeURIComponent(id)}`;
    if (action === 'delete') {
      await this.call('DELETE', path);
      return null;
    }
    const answer = await this.call<{ comment?: AdminComment }>('POST', `${path}/${action}`);
    return answer?.comment ?? null;
  }

  async edit(id: string, body: string): Promise<AdminComment> {
    return (await this.call<{ comment: AdminComment }>('PATCH', `/api/admin/comments/${encodeURIComponent(id)}`, { body })).comment;
  }

  /** Replies to comment `id` as the site's author, under `name`. */
  async reply(id: string, name: string, body: string): Promise<AdminComment> {
    return (await this.call<{ comment: AdminComment }>('POST', `/api/admin/comments/${encodeURIComponent(id)}/reply`, { author: { name }, body })).comment;
  }

  /** Every comment under an author's name, or with the e-mail address they gave, as the author's own download has them. */
  authorData(who: AuthorQuery): Promise<{ comments: unknown[] }> {
    return this.call('GET', `/api/admin/authors/comments?${new URLSearchParams(who)}`);
  }

  removeAuthor(who: AuthorQuery): Promise<{ removed: number; placeholders: number }> {
    return this.call('DELETE', `/api/admin/authors/comments?${new URLSearchParams(who)}`);
  }

  setThreadClosed(threadId: string, closed: boolean): Promise<{ threadId: string; closed: boolean }> {
    return this.call('POST', `/api/admin/threads/${closed ? 'close' : 'open'}`, { threadId });
  }

  /** The delivery log of webhooks, or of mail: the newest 100, newest first. */
  async deliveries(kind: 'webhooks' | 'mail'): Promise<Delivery[]> {
    if (kind === 'mail') return (await this.call<{ mails: Delivery[] }>('GET', '/api/admin/mail')).mails;
    return (await this.call<{ deliveries: Delivery[] }>('GET', '/api/admin/webhooks')).deliveries;
  }
}
