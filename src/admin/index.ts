/**
 * The moderation page's bundle (`server/dist/admin/comment-thread-admin.js`, built by
 * `scripts/server-admin.mjs`): registers its elements. The server serves it at `/admin`;
 * nothing of it is part of the widget.
 *
 * @module
 */
import { AdminAuthors } from './admin-authors.js';
import { AdminCommentView } from './admin-comment.js';
import { AdminDeliveries } from './admin-deliveries.js';
import { AdminQueue } from './admin-queue.js';
import { AdminSignIn } from './admin-sign-in.js';
import { AdminThreads } from './admin-threads.js';
import { CommentThreadAdmin } from './comment-thread-admin.js';

const elements: ReadonlyArray<[string, CustomElementConstructor]> = [
  ['comment-thread-admin', CommentThreadAdmin],
  ['comment-thread-admin-sign-in', AdminSignIn],
  ['comment-thread-admin-queue', AdminQueue],
  ['comment-thread-admin-comment', AdminCommentView],
  ['comment-thread-admin-authors', AdminAuthors],
  ['comment-thread-admin-threads', AdminThreads],
  ['comment-thread-admin-deliveries', AdminDeliveries],
];
for (const [name, element] of elements) if (!customElements.get(name)) customElements.define(name, element);
