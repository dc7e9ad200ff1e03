// Next.js App Router, rendered on the server: `npx next build next` (from examples/), then
// `COMMENT_SERVER=https://comments.example npx next start next`. The page reads the address
// when it is served, so one build runs against any comment server.
import { fileURLToPath } from 'node:url';

// The packages are installed in examples/, one folder up.
const examples = fileURLToPath(new URL('..', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  turbopack: { root: examples },
  outputFileTracingRoot: examples,
};
