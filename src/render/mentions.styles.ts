import { css } from '@lit/reactive-element';

/**
 * The section of mentions (`mentions-view.ts`): a quiet list below the comments, each entry
 * marked by a line at its start rather than framed like a comment. It loads with the view, and
 * the thread adopts it into its shadow root then.
 */
export const mentionStyles = css`
  .mentions,
  .mention-list {
    display: grid;
    gap: var(--ct-gap-small, 0.75rem);
  }
  .mention-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .mention {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.6rem;
    padding: 0.25rem var(--ct-gap-small, 0.75rem);
    border-inline-start: 2px solid var(--ct-border, color-mix(in srgb, currentColor 14%, transparent));
    scroll-margin-block: 4rem;
  }
  /* As a comment's (comment-thread.styles.ts): an outline, which forced colours keep. */
  .mention:focus-visible {
    background: var(--ct-highlight, color-mix(in srgb, var(--ct-accent, light-dark(#1d4ed8, #93c5fd)) 10%, transparent));
    outline: 2px solid var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
    outline-offset: -2px;
  }
  .mention-title {
    font-weight: 700;
  }
  .mention-site,
  .mention time {
    font-size: var(--ct-font-size-small, 0.875em);
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
`;
