// Vue 3 on Vite: `VITE_COMMENT_SERVER=https://comments.example npx vite build vue` (from
// examples/), then serve vue/dist/ as static files.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      // <comment-thread> and <comment-count> are custom elements, not Vue components.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('comment-') } },
    }),
  ],
});
