import { css } from 'lit';

/**
 * The moderation page's own look, over the widget's buttons and body typography
 * (`components/shared.styles.ts`): light or dark as the system is, readable from 320 px up.
 */
export const adminStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    font-family: system-ui, sans-serif;
    line-height: 1.5;
    --ct-danger: light-dark(#b91c1c, #fca5a5);
    --ct-muted: color-mix(in srgb, currentColor 80%, transparent);
  }
  h1,
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h1 {
    font-size: clamp(1.375rem, 4vw, 1.75rem);
  }
  h2 {
    font-size: 1.25rem;
  }
  p {
    margin: 0;
  }
  a {
    color: var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  input,
  select,
  textarea {
    font: inherit;
    font-weight: 400;
    color: inherit;
    background: light-dark(#ffffff, #111827);
    border: 1px solid color-mix(in srgb, currentColor 60%, transparent);
    border-radius: 0.375rem;
    padding: 0.4rem 0.55rem;
    min-block-size: 2.25rem;
    max-inline-size: 100%;
  }
  textarea {
    inline-size: 100%;
    min-block-size: 6rem;
    resize: vertical;
  }
  :focus-visible {
    outline: 2px solid var(--ct-accent, light-dark(#1d4ed8, #93c5fd));
    outline-offset: 2px;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
  }
  .muted {
    color: var(--ct-muted);
    font-size: 0.875rem;
  }
  .danger {
    color: var(--ct-danger);
  }
  .error {
    color: var(--ct-danger);
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
  .scroll {
    overflow-x: auto;
  }
  .card {
    border: 1px solid color-mix(in srgb, currentColor 25%, transparent);
    border-radius: 0.5rem;
    padding: 0.75rem;
    display: grid;
    gap: 0.5rem;
    min-inline-size: 0;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    font-size: 0.875rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.35rem 0.5rem;
    border-block-end: 1px solid color-mix(in srgb, currentColor 20%, transparent);
    vertical-align: top;
    overflow-wrap: anywhere;
  }
`;

/** An element whose parts stack with a gap between them (the list, the logs). */
export const stackStyles = css`
  :host {
    display: grid;
    gap: 1rem;
  }
`;
