import { expect } from '@open-wc/testing';
import { actionRouter } from '../../src/actions/routing.js';
import type { ActionHost, CommentAction } from '../../src/actions/types.js';
import { CommentSubmitEvent, FormCancelEvent } from '../../src/events/comment-submit-event.js';

describe('actionRouter', () => {
  const host = {} as ActionHost;
  const calls: string[] = [];
  const action: CommentAction = {
    name: 'vote',
    run: (_host, id, detail) => void calls.push(`run ${id} ${detail}`),
    preload: () => void calls.push('preload'),
    submit: (_host, event) => void calls.push(`submit ${event.body}`),
    cancel: (_host, id) => void calls.push(`cancel ${id}`),
  };
  const router = actionRouter(host, [action]);

  function mount(): HTMLElement {
    const root = document.createElement('section');
    root.innerHTML = `<article id="comment-c:1"><button data-action="vote:up"><span>▲</span></button><button data-action="other">x</button><button>plain</button></article>
      <div class="inline-form"><form data-action="vote" data-id="c:1"></form></div><form id="composer"></form>`;
    root.addEventListener('click', router.click);
    root.addEventListener('pointerdown', router.warm);
    root.addEventListener('focusin', router.warm);
    root.addEventListener(CommentSubmitEvent.eventName, (e) => calls.push(`handled ${router.submit(e as CommentSubmitEvent)}`));
    root.addEventListener(FormCancelEvent.eventName, router.cancel);
    document.body.append(root);
    return root;
  }

  beforeEach(() => (calls.length = 0));

  it('runs the action a button names, for the comment of its article, with the detail after the colon', () => {
    const root = mount();
    root.querySelector('span')!.click();
    root.querySelector<HTMLElement>('[data-action="other"]')!.click();
    root.querySelector<HTMLElement>('button:not([data-action])')!.click();
    expect(calls).to.deep.equal(['run c:1 up']);
    root.remove();
  });

  it('lets the action load what it needs on pointerdown and on focus of its button', () => {
    const root = mount();
    const button = root.querySelector<HTMLElement>('[data-action="vote:up"]')!;
    button.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    button.focus();
    expect(calls).to.deep.equal(['preload', 'preload']);
    root.remove();
  });

  it('hands a form’s submission and cancellation to its action, and leaves the composer’s to the element', () => {
    const root = mount();
    root.querySelector('form[data-action]')!.dispatchEvent(new CommentSubmitEvent('hello', null));
    root.querySelector('form[data-action]')!.dispatchEvent(new FormCancelEvent());
    root.querySelector('#composer')!.dispatchEvent(new CommentSubmitEvent('top', null));
    expect(calls).to.deep.equal(['submit hello', 'handled true', 'cancel c:1', 'handled false']);
    root.remove();
  });

  it('runs an action whose behaviour loads on demand once what its preload loads is there', async () => {
    const order: string[] = [];
    const lazy: CommentAction = {
      name: 'later',
      preload: (host) => host.write(),
    };
    const loading = {
      write: async () => {
        order.push('write');
        // The write path, when it loads, makes the action whole.
        lazy.run = (_host, id, detail) => void order.push(`run ${id} ${detail}`);
        return {} as never;
      },
    } as unknown as ActionHost;
    const root = document.createElement('section');
    root.innerHTML = '<article id="comment-7"><button data-action="later:now">x</button></article>';
    root.addEventListener('click', actionRouter(loading, [lazy]).click);
    document.body.append(root);
    root.querySelector('button')!.click();
    await new Promise((resolve) => setTimeout(resolve));
    expect(order).to.deep.equal(['write', 'run 7 now']);
    root.remove();
  });
});
