// Astro, a static site: `PUBLIC_COMMENT_SERVER=https://comments.example npx astro build --root astro`
// (from examples/), then serve astro/dist/ as static files.
import { defineConfig } from 'astro/config';

export default defineConfig({});
