import { expect, waitUntil } from '@open-wc/testing';
import { WritePathController } from '../../src/controllers/write-path-controller.js';
import { testHost } from './host.js';

/** Whether the browser has fetched the write path's module yet. */
const fetched = () => performance.getEntriesByType('resource').some((entry) => entry.name.includes('/src/write/write-path.ts'));

describe('WritePathController', () => {
  it('loads nothing until the composer comes near the viewport, then loads the write path once', async () => {
    const host = testHost();
    const loads: unknown[] = [];
    const writePath = new WritePathController(host, (module) => loads.push(module));
    const spacer = document.createElement('div');
    spacer.style.blockSize = '400vh';
    const composer = document.createElement('section');
    composer.textContent = 'composer';
    document.body.append(spacer, composer);
    try {
      writePath.watch(composer);
      await new Promise((r) => setTimeout(r, 300));
      expect(fetched(), 'loaded while far from the viewport').to.equal(false);
      expect(customElements.get('comment-thread-form')).to.equal(undefined);
      composer.scrollIntoView();
      // (Loading it means the dev server transforming the form, lit and their modules: on a
      // busy machine that can take more than the default second, as in the idle test below.)
      await waitUntil(() => writePath.loaded !== null, 'the write path did not load near the viewport', { timeout: 6000 });
      expect(customElements.get('comment-thread-form')).to.not.equal(undefined);
      expect(loads).to.have.length(1);
      expect(Object.keys(loads[0] as object)).to.include.members(['writePath', 'writeStrings']);
      // Later calls share the same load.
      expect(await writePath.load()).to.equal(writePath.loaded);
      expect(loads).to.have.length(1);
    } finally {
      spacer.remove();
      composer.remove();
      host.remove();
      scrollTo(0, 0);
    }
  });

  it('loads on idle, and gives the post, edit and remove of the write path', async () => {
    const host = testHost();
    const writePath = new WritePathController(host, () => {});
    writePath.whenIdle();
    await waitUntil(() => writePath.loaded !== null, 'the write path did not load when idle', { timeout: 6000 });
    for (const name of ['post', 'edit', 'remove'] as const) expect(writePath.loaded![name]).to.be.a('function');
    host.remove();
  });
});
