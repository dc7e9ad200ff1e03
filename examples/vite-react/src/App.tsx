// The wrapper from comment-thread/react: typed props, and objects or event handlers set as
// properties (README, "React"). The comment server's address is fixed at build time.
import { useState } from 'react';
import { CommentThread } from 'comment-thread/react';

const server = import.meta.env.VITE_COMMENT_SERVER as string | undefined;

export function App() {
  const [posted, setPosted] = useState(0);
  return (
    <main>
      <h1>Vite + React</h1>
      <p>
        {posted} comment{posted === 1 ? '' : 's'} posted from this page.
      </p>
      <CommentThread src={server} threadId="/examples/vite-react" onCommentPosted={() => setPosted((n) => n + 1)} />
    </main>
  );
}
