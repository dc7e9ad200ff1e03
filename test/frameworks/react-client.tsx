// The browser's half of test/frameworks/react-ssr.test.mjs: hydrates the server's HTML with
// an adapter made here, and says when a comment was posted through the wrapper.
import { hydrateRoot } from 'react-dom/client';
import { MemoryAdapter } from 'comment-thread';
import { App } from './react-app.js';

const root = document.getElementById('root')!;
const adapter = new MemoryAdapter({
  comments: [{ id: 'm1', threadId: '/react/wrapped', parentId: null, author: { name: 'Mem' }, body: 'From the memory adapter', createdAt: '2026-01-01T00:00:00.000Z' }],
});
Object.assign(window, { testAdapter: adapter, posted: null });
hydrateRoot(root, <App adapter={adapter} server={root.dataset.server!} onPosted={(id) => Object.assign(window, { posted: id })} />);
