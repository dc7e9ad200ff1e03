import { expect, waitUntil } from '@open-wc/testing';
import { AnnouncerController } from '../../src/controllers/announcer-controller.js';
import { testHost } from './host.js';

describe('AnnouncerController', () => {
  async function mount() {
    const host = testHost();
    const announcer = new AnnouncerController(host);
    host.view = (root) => {
      const region = root.querySelector('[role="status"]') ?? root.appendChild(Object.assign(document.createElement('div'), { role: 'status' }));
      region.setAttribute('role', 'status');
      region.setAttribute('aria-live', 'polite');
      region.textContent = announcer.message;
    };
    host.requestUpdate();
    await host.updateComplete;
    const region = () => host.shadowRoot!.querySelector('[role="status"]')!;
    return { host, announcer, region };
  }

  it('says a message in the live region its host renders', async () => {
    const { host, announcer, region } = await mount();
    await host.updateComplete;
    expect(region().getAttribute('aria-live')).to.equal('polite');
    announcer.announce('Your comment was posted.');
    await waitUntil(() => region().textContent === 'Your comment was posted.');
    host.remove();
  });

  it('clears the region before repeating the same message, so it is heard again', async () => {
    const { host, announcer, region } = await mount();
    announcer.announce('Saved.');
    await waitUntil(() => region().textContent === 'Saved.');
    announcer.announce('Saved.');
    await host.updateComplete;
    expect(region().textContent).to.equal('');
    await waitUntil(() => region().textContent === 'Saved.');
    host.remove();
  });

  it('gathers comments arriving together into one announcement, of what waits then', async () => {
    const { host, announcer, region } = await mount();
    let waiting = 0;
    let asked = 0;
    for (let i = 0; i < 3; i++) {
      waiting++;
      announcer.arrived(() => (asked++, `${waiting} new comments.`));
    }
    await waitUntil(() => region().textContent === '3 new comments.', 'no announcement', { timeout: 3000 });
    expect(asked).to.equal(1);
    host.remove();
  });

  it('says nothing when what arrived was shown or went meanwhile', async () => {
    const { host, announcer, region } = await mount();
    let asked = false;
    announcer.arrived(() => ((asked = true), ''));
    await waitUntil(() => asked, 'not asked', { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(region().textContent).to.equal('');
    host.remove();
  });

  it('says nothing after its host left the page', async () => {
    const { host, announcer } = await mount();
    let said = false;
    announcer.arrived(() => ((said = true), 'x'));
    host.remove();
    await new Promise((r) => setTimeout(r, 1000));
    expect(said).to.equal(false);
  });
});
