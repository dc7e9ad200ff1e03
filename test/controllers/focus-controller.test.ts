import { expect } from '@open-wc/testing';
import { FocusController } from '../../src/controllers/focus-controller.js';
import { testHost } from './host.js';

describe('FocusController', () => {
  it('focuses what after() finds once the next update has rendered, the latest request winning', async () => {
    const host = testHost();
    const focus = new FocusController(host);
    let version = 0;
    host.view = (root) => {
      version++;
      root.replaceChildren(Object.assign(document.createElement('button'), { id: `b${version}`, textContent: `${version}` }));
    };
    const first = focus.after(() => host.shadowRoot!.querySelector<HTMLElement>('#nothing'));
    const second = focus.after(() => host.shadowRoot!.querySelector('button'));
    await Promise.all([first, second]);
    expect(host.shadowRoot!.activeElement?.id).to.equal(`b${version}`);
    host.remove();
  });

  it('waits for a finder that waits', async () => {
    const host = testHost();
    const focus = new FocusController(host);
    host.view = (root) => {
      if (!root.querySelector('input')) root.append(document.createElement('input'));
    };
    await focus.after(async () => {
      await new Promise((r) => setTimeout(r, 50));
      return host.shadowRoot!.querySelector('input');
    });
    expect(host.shadowRoot!.activeElement?.localName).to.equal('input');
    host.remove();
  });

  it('focuses the successor of what it found when an update rebuilt it meanwhile', async () => {
    const host = testHost();
    const focus = new FocusController(host);
    let build = 0;
    host.view = (root) => {
      build++;
      root.replaceChildren(Object.assign(document.createElement('article'), { id: 'comment-new', tabIndex: -1, textContent: `build ${build}` }));
    };
    await host.updateComplete;
    await focus.after(async () => {
      const found = host.shadowRoot!.getElementById('comment-new');
      // A live change to the same comment renders it again before the focus moves.
      host.requestUpdate();
      await host.updateComplete;
      return found;
    });
    expect(host.shadowRoot!.activeElement?.textContent).to.equal(`build ${build}`);
    expect(build).to.be.greaterThan(2);
    host.remove();
  });

  it('gives the focus back to the same part of a comment whose DOM an update rebuilt', async () => {
    const host = testHost();
    new FocusController(host);
    let build = 0;
    host.view = (root) => {
      build++;
      const article = document.createElement('article');
      article.id = 'comment-a';
      article.tabIndex = -1;
      article.innerHTML = `<button part="edit-button">Edit ${build}</button><button part="remove-button">Delete</button>`;
      root.replaceChildren(article);
    };
    await host.updateComplete;
    host.shadowRoot!.querySelector<HTMLElement>('[part="remove-button"]')!.focus();
    host.requestUpdate();
    await host.updateComplete;
    const active = host.shadowRoot!.activeElement!;
    expect(active.getAttribute('part')).to.equal('remove-button');
    expect(active.isConnected).to.equal(true);
    host.remove();
  });

  it('gives the focus back to a control an update moved', async () => {
    const host = testHost();
    new FocusController(host);
    const field = document.createElement('input');
    let flip = false;
    host.view = (root) => {
      flip = !flip;
      const box = document.createElement('div');
      box.append(field);
      if (flip) root.replaceChildren(box);
      else root.replaceChildren(document.createElement('p'), box);
    };
    await host.updateComplete;
    field.focus();
    host.requestUpdate();
    await host.updateComplete;
    expect(host.shadowRoot!.activeElement).to.equal(field);
    host.remove();
  });

  it('gives the focus back to the very control inside a moved form’s own shadow root', async () => {
    const host = testHost();
    new FocusController(host);
    const form = document.createElement('div');
    const inner = form.attachShadow({ mode: 'open' });
    inner.innerHTML = '<input name="name"><textarea name="body"></textarea>';
    form.tabIndex = -1;
    let flip = false;
    host.view = (root) => {
      flip = !flip;
      if (flip) root.replaceChildren(form);
      else root.replaceChildren(document.createElement('p'), form);
    };
    await host.updateComplete;
    inner.querySelector('input')!.focus();
    host.requestUpdate();
    await host.updateComplete;
    expect(host.shadowRoot!.activeElement).to.equal(form);
    expect(inner.activeElement?.localName).to.equal('input');
    host.remove();
  });
});
