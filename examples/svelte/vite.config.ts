// Svelte 5 on Vite: `VITE_COMMENT_SERVER=https://comments.example npx vite build svelte` (from
// examples/), then serve svelte/dist/ as static files.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
});
