/**
 * The API described as OpenAPI 3.1, served at `/openapi.json`. Kept next to the routes in
 * `app.ts`; the server tests check that every route there is described here.
 *
 * @module
 */

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A feed route: Atom or RSS of the newest published comments. */
const feedPath = (format: string, type: string) => ({
  get: {
    summary: `The newest published comments as ${format}: of one thread, or site-wide without \`thread\``,
    description:
      'At most 50, newest first; mentions and pending, hidden or deleted comments are never in it. Each links to its comment on the site (`--site-url`, else the first `--origin`, else this server) as the thread id resolved as a path, with `#comment-ID`. Bodies are the HTML the widget renders. A strong ETag: `If-None-Match` gets a 304 while nothing changed.',
    parameters: [{ name: 'thread', in: 'query', schema: { type: 'string' }, description: 'One thread; absent: every thread.' }],
    responses: {
      '200': { description: `${format}.`, content: { [type]: { schema: { type: 'string' } } } },
      '304': { description: 'Not modified (If-None-Match).' },
      '400': error('A bad thread id.'),
    },
  },
});

/** An admin route that closes or opens a thread by hand. */
const adminThread = (summary: string, closed: boolean) => ({
  post: {
    summary,
    security: [{ admin: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['threadId'], properties: { threadId: { type: 'string' } } } } } },
    responses: {
      '200': json({ type: 'object', properties: { threadId: { type: 'string' }, closed: { const: closed } } }, 'Done; the thread need not have comments yet.'),
      '400': error('A bad thread id.'),
      '401': error('No or a wrong admin token.'),
    },
  },
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Where the client address of rate limits and network blocks comes from. */
const CLIENT_ADDRESS =
  'The client address is the address that connects to the server; behind reverse proxies started with `--trust-proxy HOPS`, the `X-Forwarded-For` entry HOPS places from the right (the socket address when the header is missing or malformed). With the default 0 the header is ignored.';

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 100 } };
const idOrAliasParam = {
  ...idParam,
  description: 'The comment id; with `thread`, also one of its aliases in that thread (an old id kept by an import, such as a WordPress comment_id). An id no comment can have (empty, over 100 characters, control characters) is a 404.',
};
const threadParam = (description: string) => ({ name: 'thread', in: 'query', required: true, schema: { type: 'string', maxLength: 500 }, description });
const authorKeyHeader = {
  name: 'X-Author-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 200 },
  description:
    'A random secret the browser keeps; identifies the author (stored only as a hash) for their pending comments, first-time moderation and their votes (`myVote` in the answers to them).',
};

/** Whose comments a moderator asks for: exactly one of these. */
const authorParams = [
  { name: 'name', in: 'query', required: false, schema: { type: 'string', maxLength: 80 }, description: 'An author name, compared as verified names are.' },
  { name: 'email', in: 'query', required: false, schema: { type: 'string', maxLength: 254 }, description: 'An e-mail address a comment was given with, case aside.' },
];

/** The query of an unsubscribe link, as each mail carries it: all three, as made by the server. */
const unsubscribeParams = [
  { name: 'a', in: 'query', required: true, schema: { type: 'string' }, description: 'The recipient, as a keyed hash of their address (the link carries no address).' },
  { name: 's', in: 'query', required: true, schema: { enum: ['replies', 'owner'] }, description: 'Which mail: about replies to one\'s comments, or the owner\'s of new comments.' },
  { name: 't', in: 'query', required: true, schema: { type: 'string' }, description: 'The HMAC of both under the server secret.' },
];

const adminStatus = (action: string) => ({
  post: {
    summary: `${action} a comment`,
    security: [{ admin: [] }],
    parameters: [idParam],
    responses: {
      '200': json({ type: 'object', properties: { comment: ref('ModeratedComment') } }, 'The comment after the change; hidden with visible replies, it is listed as a placeholder.'),
      '401': error('No or a wrong admin token.'),
      '404': error('No such comment.'),
      '409': error('The comment was deleted.'),
    },
  },
});

export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'comment-thread-server',
      version: '0.1.0',
      description:
        'The reference server of comment-thread. Every error is `{ "error": { "code", "message" } }` with a fitting status; a known path asked with another method answers 405 with an `Allow` header.',
    },
    components: {
      securitySchemes: {
        editToken: { type: 'http', scheme: 'bearer', description: 'The edit token returned when the comment was created.' },
        admin: { type: 'http', scheme: 'bearer', description: 'The --admin-token of the server.' },
        session: { type: 'apiKey', in: 'cookie', name: 'ct-admin', description: "The moderation page's sign-in (POST /api/admin/session); a change also sends X-CSRF-Token." },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  enum: [
                    'invalid', 'not-found', 'method-not-allowed', 'forbidden', 'closed', 'unauthorized', 'conflict', 'payload-too-large', 'rate-limited', 'unavailable', 'internal',
                    'proof-required', 'proof-invalid', 'proof-expired', 'proof-used',
                  ],
                },
                message: { type: 'string' },
                field: { type: 'string', description: 'The input that was wrong (400 only).' },
              },
            },
          },
        },
        Comment: {
          type: 'object',
          required: ['id', 'threadId', 'parentId', 'author', 'body', 'createdAt', 'status', 'score'],
          properties: {
            id: { type: 'string' },
            threadId: { type: 'string' },
            parentId: { type: ['string', 'null'] },
            author: {
              type: 'object',
              required: ['name'],
              properties: {
                name: { type: 'string' },
                website: { type: 'string', format: 'uri' },
                role: {
                  enum: ['author', 'moderator'],
                  description:
                    'A verified role: the comment was posted with the admin token (`--admin-role`, default author) or imported as the post author’s. Never from a name alone; absent for everyone else and on placeholders.',
                },
              },
            },
            body: { type: 'string', description: 'Markdown source; empty for a placeholder.' },
            html: {
              type: 'string',
              description:
                "The body rendered to HTML with the widget's Markdown renderer, for the widget to sanitize and show without rendering it; absent for a placeholder. Untrusted, like the body.",
            },
            createdAt: { type: 'string', format: 'date-time' },
            updatedAt: { type: 'string', format: 'date-time' },
            status: {
              enum: ['published', 'pending', 'deleted'],
              description:
                '`deleted`: a placeholder (no body, no author) for a comment that is gone or hidden (deleted, rejected, spam, awaiting moderation) but has visible replies.',
            },
            kind: {
              enum: ['pingback', 'trackback', 'webmention'],
              description: 'A mention of the page elsewhere; absent for ordinary comments. Mentions take no replies.',
            },
            aliases: {
              type: 'array',
              items: { type: 'string' },
              minItems: 1,
              description: 'Other ids the comment is known by in its thread (an import’s source ids), so that old links find it; absent when there are none.',
            },
            score: { type: 'integer', description: 'Net votes (up minus down), plus any score an import brought; 0 for a placeholder.' },
            myVote: {
              enum: [1, -1],
              description:
                'The vote of the visitor asking (their X-Author-Key), in the answers of the list, of one comment and of a vote; absent when they have not voted, and never in live events, which are the same for everyone.',
            },
            pinned: { const: true, description: 'Present only for a pinned top-level comment, which comes before the others in every order.' },
          },
        },
        ModeratedComment: {
          allOf: [ref('Comment'), { type: 'object', properties: { status: { enum: ['published', 'pending', 'spam', 'rejected', 'deleted'] } } }],
        },
        NewComment: {
          type: 'object',
          required: ['threadId', 'body'],
          properties: {
            threadId: { type: 'string', minLength: 1, maxLength: 500 },
            parentId: { type: ['string', 'null'] },
            author: {
              type: 'object',
              properties: {
                name: { type: 'string', maxLength: 80 },
                website: { type: 'string', maxLength: 300, description: 'Absolute http(s) URL.' },
                email: {
                  type: 'string',
                  maxLength: 254,
                  description:
                    'Optional, only for mail (a server started with --smtp-host: `GET /api/config` says `mail: true`; elsewhere it is not kept): one @, no spaces (a 400 on `author.email` otherwise). Never shown or given to anyone but its author (`GET /api/me`) and the site\'s moderators; never in a webhook, a feed, a live event or an export.',
                },
              },
            },
            body: { type: 'string', minLength: 1, maxLength: 5000 },
            honeypot: { type: 'string', description: 'Leave empty. Forms hide this field; bots fill it, and their comments go to spam.' },
            notifyReplies: {
              type: 'boolean',
              description: 'E-mail the author (at `author.email`, which it needs: a 400 on `author.email` without it) when a reply to this comment is published, unless the reply is their own. Each mail has a one-click unsubscribe link.',
            },
            proof: {
              type: 'object',
              required: ['challenge', 'solution'],
              description:
                'A guest’s post to a server started with `--proof-of-work`: a challenge from `GET /api/challenge`, sent back as it came, and its solution. Ignored otherwise, and for posts with the admin token.',
              properties: {
                challenge: ref('Challenge'),
                solution: {
                  type: 'object',
                  required: ['counter', 'derivedKey'],
                  properties: {
                    counter: { type: 'integer', minimum: 0, description: 'The counter whose key starts with `keyPrefix`.' },
                    derivedKey: { type: 'string', description: 'Its key, lowercase hex.' },
                  },
                },
              },
            },
          },
        },
        Challenge: {
          type: 'object',
          required: ['parameters', 'signature'],
          description:
            'A proof-of-work challenge in ALTCHA’s version 2 format: find the smallest counter (from 0) whose PBKDF2 key (`algorithm` PBKDF2/SHA-256, `cost` iterations, `keyLength` bytes), with the bytes of `nonce` and then the counter as a big-endian 32-bit number as the password and the bytes of `salt` as the salt, starts with the bytes of `keyPrefix`. Signed by the server (`signature`, an HMAC of the parameters); it expires at `expiresAt` (seconds since the epoch) and lets one post through.',
          properties: {
            parameters: {
              type: 'object',
              required: ['algorithm', 'nonce', 'salt', 'cost', 'keyLength', 'keyPrefix', 'expiresAt'],
              properties: {
                algorithm: { const: 'PBKDF2/SHA-256' },
                nonce: { type: 'string', description: 'Hex.' },
                salt: { type: 'string', description: 'Hex.' },
                cost: { type: 'integer' },
                keyLength: { type: 'integer' },
                keyPrefix: { type: 'string', description: 'Hex.' },
                keySignature: { type: 'string' },
                expiresAt: { type: 'integer' },
              },
            },
            signature: { type: 'string', description: 'Hex.' },
          },
        },
      },
    },
    paths: {
      '/api/health': { get: { summary: 'Liveness', responses: { '200': json({ type: 'object' }, 'The server is up.') } } },
      '/api/comments': {
        get: {
          summary: 'List a thread, one page of top-level comments with all their replies',
          description:
            'Pages hold top-level comments of kind comment only: `limit`, `cursor` and `total` never count mentions. Pinned comments come first in every order (`oldest`, `newest`, or `top`: by score, highest first, ties oldest first); replies are oldest first. The first page (no cursor) also carries the thread’s mentions (pingbacks, trackbacks, webmentions; top-level, oldest first, at most 200) in the same `comments` array, after the page’s comments and their replies. With an X-Author-Key, each comment the visitor voted on carries `myVote`.',
          parameters: [
            threadParam('The thread id (usually the page path).'),
            { name: 'sort', in: 'query', schema: { enum: ['oldest', 'newest', 'top'], default: 'oldest' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 50 }, description: 'Top-level comments per page.' },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page; stable under concurrent inserts.' },
            authorKeyHeader,
          ],
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['comments', 'nextCursor', 'total', 'mentions'],
                properties: {
                  comments: { type: 'array', items: ref('Comment') },
                  nextCursor: { type: ['string', 'null'] },
                  total: { type: 'integer', description: 'Published comments of kind comment in the thread (mentions, placeholders and pending ones not counted).' },
                  mentions: { type: 'integer', description: 'Published mentions in the thread.' },
                  closed: {
                    type: 'boolean',
                    description: 'The thread takes no new comments: closed by a moderator, or `--close-after` days after its first comment (unless a moderator opened it again).',
                  },
                  lastEventId: {
                    type: 'string',
                    description: 'The last change logged before this page was read: /api/events?lastEventId= from here replays every change since, so a live stream opened after the read misses nothing.',
                  },
                },
              },
              'Published comments and deleted placeholders, plus the caller’s own pending ones.',
            ),
            '400': error('A bad thread, sort, limit or cursor.'),
          },
        },
        post: {
          summary: 'Create a comment',
          description:
            'A guest posts without an Authorization header. Posted with the admin token, the comment is the site’s own: published at once (no moderation, no block) with `author.role` set to the server’s `--admin-role` (default author). A guest’s `author.name` that is the name of a verified author (compared case-, space- and Unicode-compatibility-insensitively) is refused.',
          security: [{}, { admin: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              schema: { type: 'string', maxLength: 200 },
              description:
                'A retry with the same key, the same post and the same X-Author-Key returns the first comment and its edit token (200) instead of storing it again; a different post with a used key is a 409. Keys are forgotten after 24 hours.',
            },
            authorKeyHeader,
          ],
          requestBody: { required: true, content: { 'application/json': { schema: ref('NewComment') } } },
          responses: {
            '201': json(
              { type: 'object', properties: { comment: ref('Comment'), editToken: { type: 'string' }, editableUntil: { type: 'string', format: 'date-time' } } },
              'Stored. Keep the edit token: the server keeps only its hash.',
            ),
            '200': json({ type: 'object' }, 'A retry of a post already stored (same Idempotency-Key and post).'),
            '400': error(
              'Invalid input; `field` says which. Also `author.name` for a guest using the name of a verified author, `parentId` for a reply to a mention (mentions take no replies), and the field a rule of the site\'s block list (`--block-words`) matched, with a polite message. On a server started with `--proof-of-work`, a guest’s post without a `proof` is refused with `code` proof-required, one whose challenge this server did not sign or whose solution is wrong with proof-invalid, one past its challenge’s `expiresAt` with proof-expired, and one whose challenge let another post through with proof-used (the same post again, with the same Idempotency-Key and X-Author-Key, passes: it is answered with the first comment); `field` is `proof`. Get a new challenge and post again.',
            ),
            '401': error('An Authorization header with a token that is not the admin token.'),
            '403': error(
              'The author (key or network) is blocked, or an Authorization header was sent to a server without --admin-token; or, with `code` closed, the thread is closed to new comments (the admin token still posts).',
            ),
            '404': error('The parent comment does not exist.'),
            '413': error('The body is over 64 KB.'),
            '409': error('The Idempotency-Key was used for a different post.'),
            '415': error('Not JSON.'),
            '429': error(`Too many writes from this address; see Retry-After. ${CLIENT_ADDRESS}`),
          },
        },
      },
      '/api/challenge': {
        get: {
          summary: 'A proof-of-work challenge for a guest’s next post (servers started with --proof-of-work)',
          description: 'Solved by the widget in a Web Worker, unseen; sent back with its solution as the post’s `proof`. Rate-limited per client address like writes; never cached.',
          responses: {
            '200': json(ref('Challenge'), 'A new challenge, valid for 10 minutes and for one post.'),
            '404': error('The server asks no proof-of-work.'),
            '429': error(`Too many challenges asked from this address; see Retry-After. ${CLIENT_ADDRESS}`),
          },
        },
      },
      '/api/comments/{id}': {
        get: {
          summary: 'One comment, as the list shows it (itself, or a placeholder), with the comments above it',
          parameters: [
            idOrAliasParam,
            {
              name: 'thread',
              in: 'query',
              required: false,
              schema: { type: 'string', maxLength: 500 },
              description: 'Look in this thread only, by id and then by alias. Without it, only ids are looked up (in any thread).',
            },
            authorKeyHeader,
          ],
          responses: {
            '200': json(
              {
                type: 'object',
                required: ['comment', 'ancestors'],
                properties: {
                  comment: ref('Comment'),
                  ancestors: {
                    type: 'array',
                    items: ref('Comment'),
                    description: 'Its parent, the parent’s parent … up to the top-level comment, top-level first; empty for a top-level comment. Each as the list shows it: hidden ones are placeholders.',
                  },
                },
              },
              'The comment.',
            ),
            '400': error('A bad thread.'),
            '404': error('No such (listed) comment, or no such alias in the thread.'),
          },
        },
        patch: {
          summary: 'Edit a comment within the edit window',
          description: 'Under `--moderation all`, an edit of a published comment goes back to review: the answer has status `pending`, and everyone else sees a placeholder (if it has replies) or nothing until it is approved again.',
          security: [{ editToken: [] }],
          parameters: [idParam, authorKeyHeader],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['body'], properties: { body: { type: 'string' } } } } } },
          responses: {
            '200': json({ type: 'object', properties: { comment: ref('Comment') } }, 'The edited comment, with its status (`pending` when the edit waits for review) and, with an X-Author-Key, its author’s `myVote`.'),
            '401': error('No edit token.'),
            '403': error('Wrong token, or the edit window has passed.'),
            '404': error('No such comment.'),
            '429': error('Too many writes.'),
          },
        },
        delete: {
          summary: 'Delete a comment within the edit window (one with replies stays as a placeholder)',
          security: [{ editToken: [] }],
          parameters: [idParam],
          responses: { '204': { description: 'Deleted.' }, '401': error('No edit token.'), '403': error('Wrong token, or the edit window has passed.'), '404': error('No such comment.') },
        },
      },
      '/api/comments/{id}/vote': {
        post: {
          summary: 'Vote on a comment: up (1), down (-1, with --downvotes), or withdraw (0)',
          description:
            'One vote per author key (X-Author-Key, required) and comment: the same vote again changes nothing, another replaces it, and the score moves by the difference (1 then -1 is -2). Voting on one’s own comment is allowed. Live clients get an `updated` event with the new score. Counts against the write rate limit.',
          parameters: [idParam, { ...authorKeyHeader, required: true }],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['thread', 'value'],
                  properties: { thread: { type: 'string', maxLength: 500, description: 'The thread of the comment.' }, value: { enum: [1, 0, -1] } },
                },
              },
            },
          },
          responses: {
            '200': json({ type: 'object', properties: { comment: ref('Comment') } }, 'The comment with its new score and the voter’s `myVote` (absent after 0).'),
            '400': error('A bad thread or value; -1 on a server without --downvotes ("Downvotes are not enabled on this site."); no X-Author-Key.'),
            '403': error('The author (key or network) is blocked.'),
            '404': error('No such comment in this thread.'),
            '409': error('The comment takes no votes: deleted, pending, hidden, or a mention.'),
            '415': error('Not JSON.'),
            '429': error(`Too many writes from this address; see Retry-After. ${CLIENT_ADDRESS}`),
          },
        },
      },
      '/api/counts': {
        get: {
          summary: 'Published comment counts of up to 100 threads (mentions, placeholders and pending comments not counted)',
          parameters: [{ name: 'thread', in: 'query', required: true, schema: { type: 'array', items: { type: 'string' }, maxItems: 100 }, style: 'form', explode: true }],
          responses: { '200': json({ type: 'object', properties: { counts: { type: 'object', additionalProperties: { type: 'integer' } } } }, 'Counts by thread id.'), '400': error('No or too many threads.') },
        },
        post: {
          summary: 'The same, for thread lists too long for a URL',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { threads: { type: 'array', items: { type: 'string' }, maxItems: 100 } } } } } },
          responses: { '200': json({ type: 'object' }, 'Counts by thread id.'), '400': error('No or too many threads.') },
        },
      },
      '/api/events': {
        get: {
          summary: 'Live updates of a thread as Server-Sent Events',
          parameters: [
            threadParam('The thread to follow.'),
            { name: 'Last-Event-ID', in: 'header', description: 'The id of the last event seen (EventSource sends it when it reconnects): what was missed since is sent first.', schema: { type: 'string', pattern: '^\\d{1,15}$' } },
            { name: 'lastEventId', in: 'query', description: 'The same, for a client that opens a new connection.', schema: { type: 'string', pattern: '^\\d{1,15}$' } },
          ],
          responses: {
            '200': {
              description:
                'Events `ready` (data: `{ thread, replayed? }`), then `created` and `updated` (data: `{ comment }`) and `deleted` (data: `{ id }`), each with the id of its change, with keep-alive comments. After `Last-Event-ID`, the missed changes come first and `ready` says `replayed: true`; when the change log (an hour) no longer reaches back that far, a `resync` event says to read the thread again.',
              content: { 'text/event-stream': { schema: { type: 'string' } } },
            },
            '400': error('A bad thread or Last-Event-ID.'),
            '429': error('Too many open streams from this client network (`--max-streams-per-client`).'),
            '503': error('As many open streams as the server takes (`--max-streams`), or the database is unavailable.'),
          },
        },
      },
      '/api/admin/session': {
        post: {
          summary: "The moderation page's sign-in: the admin token becomes a session cookie",
          description:
            'Sets `ct-admin` (over https `__Host-ct-admin`, Secure): HttpOnly, SameSite=Strict, Path=/, for 12 hours. Every change made with the cookie must send the returned `csrf` as `X-CSRF-Token`. Wrong tokens count against the address as every admin token does.',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['token'], properties: { token: { type: 'string' } } } } } },
          responses: {
            '201': json({ type: 'object', properties: { csrf: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } }, 'Signed in.'),
            '400': error('No token.'),
            '401': error('Not the admin token.'),
            '429': error('Too many wrong admin tokens from this network.'),
          },
        },
        get: {
          summary: "Whether the request's cookie is a session, with its CSRF token",
          security: [{ session: [] }],
          responses: { '200': json({ type: 'object', properties: { csrf: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' } } }, 'Signed in.'), '401': error('Not signed in, or the session expired.') },
        },
        delete: {
          summary: 'Sign out: the session ends and the cookie is cleared',
          security: [{ session: [] }],
          responses: { '204': { description: 'Signed out (also when there was no session).' }, '403': error('No or a wrong X-CSRF-Token.') },
        },
      },
      '/api/admin/comments': {
        get: {
          summary: 'The comments to moderate, across threads',
          security: [{ admin: [] }, { session: [] }],
          parameters: [
            { name: 'status', in: 'query', schema: { enum: ['pending', 'spam', 'published', 'rejected', 'all'], default: 'pending' } },
            { name: 'thread', in: 'query', schema: { type: 'string' }, description: "Only this thread's comments." },
            { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 }, description: 'Words the text holds, in any case (SQLite: ASCII letters only).' },
            { name: 'author', in: 'query', schema: { type: 'string', maxLength: 200 }, description: "Part of the author's name, in any case." },
            { name: 'order', in: 'query', schema: { enum: ['oldest', 'newest'], default: 'oldest' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 100 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `nextCursor` of the previous page.' },
          ],
          responses: {
            '200': json({ type: 'object', properties: { comments: { type: 'array', items: ref('ModeratedComment') }, nextCursor: { type: ['string', 'null'] } } }, 'A page, each comment with its real status and `page`, its thread on the site when the server knows the site.'),
            '400': error('A parameter out of range.'),
            '401': error('No or a wrong admin token, and no session.'),
            '429': error('Too many wrong admin tokens from this network.'),
          },
        },
      },
      '/api/admin/events': {
        get: {
          summary: 'Server-Sent Events for the moderation page: `comment` each time a comment is posted (held ones too), edited, moderated or deleted, in any server process',
          security: [{ admin: [] }, { session: [] }],
          responses: { '200': { description: '`ready`, then `comment` messages `{ event, threadId, id }`.', content: { 'text/event-stream': {} } }, '401': error('Not signed in.') },
        },
      },
      '/api/admin/comments/{id}': {
        patch: {
          summary: "A moderator's edit of a comment's text: no edit window, no review",
          security: [{ admin: [] }, { session: [] }],
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['body'], properties: { body: { type: 'string' } } } } } },
          responses: { '200': json({ type: 'object', properties: { comment: ref('ModeratedComment') } }, 'The comment as it is now.'), '400': error('No text.'), '404': error('No such comment.'), '409': error('Deleted: only its placeholder is left.') },
        },
        delete: {
          summary: 'Delete any comment (one with replies stays as a placeholder)',
          security: [{ admin: [] }, { session: [] }],
          parameters: [idParam],
          responses: { '204': { description: 'Deleted.' }, '404': error('No such comment.') },
        },
      },
      '/api/admin/comments/{id}/reply': {
        post: {
          summary: "Reply as the site's author: published at once, with the verified role",
          security: [{ admin: [] }, { session: [] }],
          parameters: [idParam],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['body'], properties: { body: { type: 'string' }, author: { type: 'object', properties: { name: { type: 'string' } } } } } } } },
          responses: { '201': json({ type: 'object', properties: { comment: ref('Comment'), editToken: { type: 'string' } } }, 'The reply.'), '400': error('No text.'), '404': error('No such comment.') },
        },
      },
      '/api/admin/comments/{id}/approve': adminStatus('Publish'),
      '/api/admin/comments/{id}/reject': adminStatus('Reject'),
      '/api/admin/comments/{id}/spam': adminStatus('Mark as spam'),
      '/api/admin/comments/{id}/pin': {
        post: {
          summary: 'Pin a published top-level comment: it comes before the others in every order',
          security: [{ admin: [] }],
          parameters: [idParam],
          responses: {
            '200': json({ type: 'object', properties: { comment: ref('ModeratedComment') } }, 'The comment, pinned (live clients get an `updated` event).'),
            '401': error('No or a wrong admin token.'),
            '404': error('No such comment.'),
            '409': error('Not a published top-level comment: a reply, a mention, or a comment that is pending, hidden or deleted.'),
          },
        },
      },
      '/api/admin/comments/{id}/unpin': {
        post: {
          summary: 'Unpin a comment',
          description: 'Rejecting a comment, marking it as spam or deleting it unpins it too.',
          security: [{ admin: [] }],
          parameters: [idParam],
          responses: {
            '200': json({ type: 'object', properties: { comment: ref('ModeratedComment') } }, 'The comment, not pinned.'),
            '401': error('No or a wrong admin token.'),
            '404': error('No such comment.'),
          },
        },
      },
      '/api/admin/comments/{id}/block-author': {
        post: {
          summary: 'Block the author of a comment: their author key for good, their network (IPv4 address or IPv6 /64) for 30 days',
          description: `The network is that of the client address the comment was posted from. ${CLIENT_ADDRESS} Without it, behind a proxy every visitor has the proxy's address, and a block stops everyone.`,
          security: [{ admin: [] }],
          parameters: [idParam],
          responses: {
            '200': json(
              { type: 'object', properties: { blocked: { const: true }, authorKey: { type: 'boolean' }, network: { type: 'boolean' } } },
              'Blocked; says which of the two were known.',
            ),
            '404': error('No such comment.'),
            '409': error('The comment has neither an author key nor a client address (imported).'),
          },
        },
      },
      '/api/me': {
        get: {
          summary: 'Everything the visitor with this author key wrote and voted, to download',
          parameters: [{ ...authorKeyHeader, required: true }],
          responses: {
            '200': json(
              {
                type: 'object',
                properties: {
                  format: { const: 'comment-thread-visitor' },
                  version: { const: 1 },
                  exportedAt: { type: 'string', format: 'date-time' },
                  comments: { type: 'array', items: { type: 'object' }, description: 'Each with its text and real status (published, pending, rejected, spam), oldest first, and the e-mail address it was given (`author.email`) and `notifyReplies: true` where it has them; placeholders are left out.' },
                  votes: { type: 'array', items: { type: 'object', properties: { commentId: { type: 'string' }, threadId: { type: 'string' }, value: { enum: [1, -1] }, createdAt: { type: 'string', format: 'date-time' } } } },
                },
              },
              'The visitor’s data.',
            ),
            '400': error('No X-Author-Key.'),
          },
        },
        delete: {
          summary: 'Delete everything the visitor with this author key wrote, and withdraw their votes',
          description: 'Whenever it was written (no edit window). A comment with replies stays as a placeholder. Counts against the write rate limit; live clients hear each change.',
          parameters: [{ ...authorKeyHeader, required: true }],
          responses: {
            '200': json({ type: 'object', properties: { removed: { type: 'integer' }, placeholders: { type: 'integer' }, votesWithdrawn: { type: 'integer' } } }, 'What was done.'),
            '400': error('No X-Author-Key.'),
            '429': error('Too many changes from this network.'),
          },
        },
      },
      '/api/comments.atom': feedPath('Atom 1.0', 'application/atom+xml'),
      '/api/comments.rss': feedPath('RSS 2.0', 'application/rss+xml'),
      '/api/admin/webhooks': {
        get: {
          summary: 'The webhooks\' delivery log: the newest 100 deliveries, newest first',
          description: 'Each with its event, target, status (pending, delivered, failed), attempts, the last attempt\'s result ("HTTP 500", "not reached (ECONNREFUSED)", …), when it is next due and when it ended. Bodies are not listed.',
          security: [{ admin: [] }],
          responses: { '200': json({ type: 'object', properties: { deliveries: { type: 'array', items: { type: 'object' } } } }, 'The log.'), '401': error('No or a wrong admin token.') },
        },
      },
      '/api/admin/mail': {
        get: {
          summary: 'The mail log: the newest 100 mails, newest first',
          description: 'Each with its recipient (`target`), event (`reply`, `owner.published`, `owner.pending`), status (pending, delivered, failed), attempts, the last attempt\'s result (the SMTP server\'s answer, "not sent (…)"), when it is next due and when it ended. Texts are not listed. A 5xx answer gives a mail up at once; others are tried again, 8 times in all.',
          security: [{ admin: [] }],
          responses: { '200': json({ type: 'object', properties: { mails: { type: 'array', items: { type: 'object' } } } }, 'The log.'), '401': error('No or a wrong admin token.') },
        },
      },
      '/api/admin/authors/comments': {
        get: {
          summary: 'Every comment under an author name (case, spacing and invisible characters aside) or with an e-mail address (case aside), to give its author',
          security: [{ admin: [] }],
          parameters: authorParams,
          responses: { '200': json({ type: 'object', properties: { comments: { type: 'array', items: { type: 'object' } }, votes: { type: 'array', maxItems: 0 } } }, 'As GET /api/me gives it, with the address each comment was given (votes are known by author key only).'), '400': error('Not exactly one of name and email.'), '401': error('No or a wrong admin token.') },
        },
        delete: {
          summary: 'Delete every comment under an author name or with an e-mail address (a comment with replies stays as a placeholder, without its address)',
          security: [{ admin: [] }],
          parameters: authorParams,
          responses: { '200': json({ type: 'object', properties: { removed: { type: 'integer' }, placeholders: { type: 'integer' } } }, 'What was done.'), '400': error('Not exactly one of name and email.'), '401': error('No or a wrong admin token.') },
        },
      },
      '/api/config': {
        get: {
          summary: 'What this server offers a widget beyond the core API',
          description: '`mail`: whether it sends e-mail (started with --smtp-host), so that a comment may carry `author.email` and `notifyReplies`. Cached for 5 minutes.',
          responses: { '200': json({ type: 'object', required: ['mail'], properties: { mail: { type: 'boolean' } } }, 'What it offers.') },
        },
      },
      '/api/unsubscribe': {
        get: {
          summary: 'The page of an unsubscribe link from a mail: a button, which POSTs; the GET itself changes nothing (mail scanners follow links)',
          parameters: unsubscribeParams,
          responses: { '200': { description: 'An HTML page with the button.', content: { 'text/html': { schema: { type: 'string' } } } }, '400': { description: 'An HTML page: the link is not one this server made (forged or cut short).', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
        post: {
          summary: 'Unsubscribe: one click (RFC 8058, `List-Unsubscribe=One-Click`) or the page\'s button. No more mail of that kind goes to that address, ever',
          parameters: unsubscribeParams,
          responses: { '200': { description: 'An HTML page: done (also when it was done before).', content: { 'text/html': { schema: { type: 'string' } } } }, '400': { description: 'An HTML page: not a valid link.', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
      '/api/admin/threads/close': adminThread('Close a thread to new comments, by hand (over --close-after, until opened again)', true),
      '/api/admin/threads/open': adminThread('Open a thread to new comments, by hand (also one --close-after closed)', false),
      '/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI 3.1.') } } },
    },
  };
}
