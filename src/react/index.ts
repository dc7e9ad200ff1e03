/**
 * `comment-thread/react`: React components for `<comment-thread>` and `<comment-count>`, made
 * with `@lit/react`. Importing it registers the elements (in a browser; on a server it does
 * nothing). Props that are the element's properties (`adapter`, `strings`, `threadId`, …) are
 * set as properties once React has the element, in a layout effect, so that they survive
 * server rendering and hydration: React 19 renders a custom element's unknown props as
 * attributes on the server and, hydrating, does not set them again as properties, which
 * leaves a plain `<comment-thread adapter={…}>` without its adapter. Events are props too:
 * `onCommentPosted`, `onLoaded`, `onError`; `onCountError` on the count.
 *
 * ```tsx
 * import { CommentThread } from 'comment-thread/react';
 * <CommentThread src="https://comments.example" threadId="/posts/hello" onCommentPosted={(e) => console.log(e.comment)} />
 * ```
 *
 * @module
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { CommentThread as CommentThreadElement } from '../components/comment-thread/comment-thread.js';
import { CommentCount as CommentCountElement, type CountErrorDetail } from '../count/comment-count.js';
import type { CommentPostedEvent } from '../events/comment-posted-event.js';
import type { ThreadErrorEvent } from '../events/thread-error-event.js';
import type { ThreadLoadedEvent } from '../events/thread-loaded-event.js';
import '../define.js';

/** `<comment-thread>` as a React component. */
export const CommentThread = createComponent({
  react: React,
  tagName: 'comment-thread',
  elementClass: CommentThreadElement,
  displayName: 'CommentThread',
  events: {
    onCommentPosted: 'ct-comment-posted' as EventName<CommentPostedEvent>,
    onLoaded: 'ct-loaded' as EventName<ThreadLoadedEvent>,
    onError: 'ct-error' as EventName<ThreadErrorEvent>,
  },
});

/** `<comment-count>` as a React component (the drop-in's lazy one; its attributes are props). */
export const CommentCount = createComponent({
  react: React,
  tagName: 'comment-count',
  elementClass: CommentCountElement,
  displayName: 'CommentCount',
  events: {
    onCountError: 'ct-count-error' as EventName<CustomEvent<CountErrorDetail>>,
  },
});
