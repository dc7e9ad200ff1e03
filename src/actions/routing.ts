/**
 * Routes what happens inside a thread to its actions, through a few listeners on the element
 * instead of one per button (a long thread has thousands): a click on a button whose
 * `data-action` names an action runs it, a `pointerdown` or focus on one lets it load what it
 * will need, and a submission or cancellation of a form with a `data-action` goes to that
 * action. A button's comment is the article it is in (or an item's `data-for`); a form's is its
 * `data-id`.
 *
 * @module
 */
import type { CommentSubmitEvent } from '../events/comment-submit-event.js';
import { COMMENT_ID_PREFIX } from '../render/comment-view.js';
import type { ActionHost, CommentAction } from './types.js';

/** The listeners of {@link actionRouter}. */
export interface ActionRouter {
  /** `click`: runs the action of the button clicked. */
  click(event: Event): void;
  /** `pointerdown` and `focusin`: lets the action of the button reached load what it needs. */
  warm(event: Event): void;
  /** `ct-submit`: hands a form's submission to its action; false when the form has none (the composer). */
  submit(event: CommentSubmitEvent): boolean;
  /** `ct-cancel`: hands a form's cancellation to its action. */
  cancel(event: Event): void;
}

export function actionRouter(host: ActionHost, actions: readonly CommentAction[]): ActionRouter {
  const byName = new Map(actions.map((action) => [action.name, action]));
  /** The action, its detail and its comment for a button event. */
  const target = (event: Event): { action: CommentAction; detail: string; id: string } | null => {
    const button = (event.target as Element | null)?.closest?.<HTMLElement>('button[data-action]');
    // A button's comment: the article it is in, or the one an item outside any article names (`data-for`).
    const holder = button?.closest<HTMLElement>('article, [data-for]');
    const [name = '', detail = ''] = button?.dataset['action']?.split(':') ?? [];
    const action = byName.get(name);
    return action && holder ? { action, detail, id: holder.dataset['for'] ?? holder.id.slice(COMMENT_ID_PREFIX.length) } : null;
  };
  const formAction = (event: Event): { action: CommentAction | undefined; id: string } => {
    const form = event.target as HTMLElement;
    return { action: byName.get(form.dataset['action'] ?? ''), id: form.dataset['id'] ?? '' };
  };
  return {
    click(event) {
      const found = target(event);
      if (!found) return;
      const { action, id, detail } = found;
      // An action whose behaviour loads on demand (the write path's, the reader's) runs once it is there.
      if (action.run) void action.run(host, id, detail);
      else Promise.resolve(action.preload?.(host)).then(() => action.run?.(host, id, detail), () => {});
    },
    warm(event) {
      // A load that fails is tried again by the click.
      Promise.resolve(target(event)?.action.preload?.(host)).catch(() => {});
    },
    submit(event) {
      const { action } = formAction(event);
      if (!action?.submit) return false;
      action.submit(host, event);
      return true;
    },
    cancel(event) {
      const { action, id } = formAction(event);
      action?.cancel?.(host, id);
    },
  };
}
