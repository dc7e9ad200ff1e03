import { css } from 'lit';

export const yourDataStyles = css`
  :host {
    display: block;
  }
  .content {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
    padding-block-start: 0.5rem;
  }
  p {
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  a {
    min-block-size: 24px;
    display: inline-flex;
    align-items: center;
  }
  .danger {
    color: var(--ct-danger, light-dark(#b91c1c, #fca5a5));
  }
`;
