import { css } from '@lit/reactive-element';

/**
 * What `<comment-thread>` shows only once a visitor writes: a comment being posted, the
 * delete confirmation, an action's error, the inline reply form. It comes with the write path
 * (`write-path.ts`), which the thread adopts into its shadow root when it loads; the rest of the
 * thread's styles are `components/comment-thread/comment-thread.styles.ts`.
 */
export const writeStyles = css`
  .comment.pending {
    border: 1px dashed var(--ct-border, color-mix(in srgb, currentColor 35%, transparent));
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .confirm > span {
    font-size: var(--ct-font-size-small, 0.875em);
  }
  .danger {
    color: var(--ct-danger, light-dark(#b91c1c, #fca5a5));
  }
  .action-error {
    flex: 1 0 100%;
    min-inline-size: 0;
    font-size: var(--ct-font-size-small, 0.875em);
    color: var(--ct-danger, light-dark(#b91c1c, #fca5a5));
  }
  .inline-form {
    margin-block: var(--ct-gap-small, 0.75rem);
    margin-inline-start: calc(var(--ct-avatar-size, 2.25rem) + var(--ct-gap-small, 0.75rem) * 2);
    padding: var(--ct-gap-small, 0.75rem);
    border-radius: var(--ct-radius, 0.5rem);
    background: var(--ct-surface, color-mix(in srgb, currentColor 4%, transparent));
  }
  @container (max-width: 30rem) {
    .inline-form {
      margin-inline-start: 0;
    }
  }
`;
