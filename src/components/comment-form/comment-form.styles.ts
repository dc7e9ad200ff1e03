import { css } from 'lit';

export const formStyles = css`
  :host {
    display: block;
  }
  /* The preview stands in the textarea's box. */
  input:not([type='checkbox']),
  textarea,
  .preview {
    font: inherit;
    color: inherit;
    inline-size: 100%;
    background: var(--ct-input-background, color-mix(in srgb, currentColor 3%, transparent));
    border: 1px solid var(--ct-input-border, color-mix(in srgb, currentColor 60%, transparent));
    border-radius: var(--ct-radius, 0.5rem);
    padding-block: 0.5em;
    padding-inline: 0.65em;
  }
  textarea {
    resize: vertical;
    line-height: 1.5;
  }
  textarea,
  .preview {
    min-block-size: 5.5em;
  }
  input::placeholder,
  textarea::placeholder {
    color: inherit;
    opacity: 0.55;
  }
  input:focus-visible,
  textarea:focus-visible {
    outline: var(--ct-focus-ring, 2px solid var(--ct-accent, light-dark(#1d4ed8, #93c5fd)));
    outline-offset: 0;
    border-color: transparent;
  }
  form {
    display: grid;
    gap: var(--ct-gap-small, 0.75rem);
  }
  .identity {
    display: flex;
    flex-wrap: wrap;
    /* A field's error makes its row taller; the field beside it keeps its height. */
    align-items: start;
    gap: var(--ct-gap-small, 0.75rem);
  }
  /* While a post is under way: the button keeps the focus (a disabled one would drop it to the
     page), and a second press does nothing (submit() is already running). */
  [aria-disabled='true'] {
    cursor: progress;
  }
  .identity .field {
    flex: 1 1 12rem;
  }
  .field {
    display: grid;
    gap: 0.3rem;
    min-inline-size: 0;
  }
  label {
    font-size: var(--ct-font-size-small, 0.875em);
    font-weight: 600;
  }
  [aria-invalid='true'] {
    border-color: var(--ct-danger, light-dark(#b91c1c, #fca5a5));
  }
  .below {
    display: flex;
    justify-content: space-between;
    gap: 0.75rem;
    align-items: baseline;
  }
  p {
    margin: 0;
  }
  .hint,
  .counter {
    font-size: var(--ct-font-size-small, 0.875em);
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
  .counter {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .counter.over,
  .error {
    color: var(--ct-danger, light-dark(#b91c1c, #fca5a5));
    font-weight: 600;
  }
  .error {
    font-size: var(--ct-font-size-small, 0.875em);
  }
  .remember {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: normal;
    min-block-size: 24px;
  }
  .remember input {
    inline-size: 1.1rem;
    block-size: 1.1rem;
    accent-color: var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
  }
  .failure {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: center;
    justify-content: space-between;
    padding: 0.65rem 0.85rem;
    border-radius: var(--ct-radius, 0.5rem);
    border: 1px solid var(--ct-danger, light-dark(#b91c1c, #fca5a5));
    background: var(--ct-danger-background, color-mix(in srgb, var(--ct-danger, light-dark(#b91c1c, #fca5a5)) 8%, transparent));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .shortcut {
    margin-inline-start: auto;
  }
  .tabs {
    display: flex;
  }
  /* Tabs are .link buttons (no background but on hover; at least 24 by 24 px). The tab shown is
     underlined, not only coloured: in forced colours too (Highlight), where the others' line is
     the page's own colour. */
  .tab {
    color: inherit;
    border: 0;
    border-block-end: 3px solid transparent;
    border-radius: 0;
  }
  .tab[aria-selected='true'] {
    border-block-end-color: var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
    font-weight: 600;
  }
  @media (forced-colors: active) {
    .tab {
      border-block-end-color: Canvas;
    }
    .tab[aria-selected='true'] {
      border-block-end-color: Highlight;
    }
  }
  /* The preview's body is the thread's (.body, shared.styles.ts). In the thread a body's lists
     sit inside its list of comments, where the browser gives a nested list no block margins
     (and the thread none to any ol). */
  ul,
  ol {
    margin-block: 0;
  }
  .hint code {
    white-space: nowrap;
  }
  @media (hover: none) {
    .shortcut {
      display: none;
    }
  }
  /* "Your comments on this site", under the composer: secondary, until opened. */
  .your-data {
    margin-block-start: var(--ct-gap-small, 0.75rem);
  }
  .your-data summary {
    cursor: pointer;
    min-block-size: 24px;
    font-size: var(--ct-font-size-small, 0.875em);
    color: var(--ct-muted, color-mix(in srgb, currentColor 80%, transparent));
  }
`;
