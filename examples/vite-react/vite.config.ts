// Vite + React: `VITE_COMMENT_SERVER=https://comments.example npx vite build vite-react`
// (from examples/), then serve vite-react/dist/ as static files.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
});
