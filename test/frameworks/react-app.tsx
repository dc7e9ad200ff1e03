// The page of test/frameworks/react-ssr.test.mjs, rendered by react-dom/server in Node and
// hydrated in Chromium, as a Next.js App Router page with a client component would be.
import { CommentThread } from 'comment-thread/react';
import type { StorageAdapter } from 'comment-thread';

export interface AppProps {
  /** Made in the browser only: the server renders without it, as a server cannot pass one. */
  adapter?: StorageAdapter;
  /** A comment server's address, for the element given `src` only. */
  server: string;
  onPosted?: (id: string) => void;
}

export function App({ adapter, server, onPosted }: AppProps) {
  return (
    <main>
      <h1>Comments, rendered on the server</h1>
      {/* The wrapper: the adapter is set as a property once React has the element. */}
      <CommentThread id="wrapped" threadId="/react/wrapped" adapter={adapter} onCommentPosted={(event) => onPosted?.(event.comment.id)} />
      {/* The element itself with attributes only: they are in the server's HTML, and stay. */}
      <comment-thread id="by-src" src={server} thread-id="/react/by-src"></comment-thread>
      {/* The element itself given a property: React 19 renders it on the server, and hydrating does not set it. */}
      <comment-thread id="plain" thread-id="/react/plain" {...({ adapter } as object)}></comment-thread>
    </main>
  );
}
