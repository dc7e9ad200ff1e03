'use client';
// The wrapper from comment-thread/react, in a client component: rendered on the server with the
// page, then hydrated, when it sets the element's properties and listeners (README, "React").
import { useState } from 'react';
import { CommentThread } from 'comment-thread/react';

export function Comments({ server, threadId }: { server?: string; threadId: string }) {
  const [posted, setPosted] = useState(0);
  return (
    <>
      <p>
        {posted} comment{posted === 1 ? '' : 's'} posted from this page.
      </p>
      <CommentThread src={server} threadId={threadId} onCommentPosted={() => setPosted((n) => n + 1)} />
    </>
  );
}
