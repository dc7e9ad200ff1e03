// A server component, rendered for each request: the comment server's address comes from the
// environment of `next start`, and reaches the client component as a prop.
import { connection } from 'next/server';
import { Comments } from './comments';

export default async function Page() {
  await connection(); // render when requested, not at build time
  return (
    <main>
      <h1>Next.js</h1>
      <Comments server={process.env.COMMENT_SERVER} threadId="/examples/next" />
    </main>
  );
}
