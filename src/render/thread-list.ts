/**
 * `threadList(view)`: the Lit directive that puts a thread's comments in a template. It owns a
 * {@link ThreadEngine} for as long as its place in the template lives, hands it every view the
 * host renders, and runs the engine's clock (relative times, closing edit windows) while it is
 * connected. The host never drives the engine by hand: a new place in the template (another
 * state shown in between) gets a new engine, and a disconnected one stops its clock.
 *
 * @module
 */
import { noChange, type ChildPart } from 'lit';
import { AsyncDirective } from 'lit/async-directive.js';
import { directive, PartType, type PartInfo } from 'lit/directive.js';
import { ThreadEngine, type ThreadListView } from './thread-engine.js';

export type { ThreadListView } from './thread-engine.js';

/** How often relative times are refreshed. */
const CLOCK_MS = 60_000;

class ThreadListDirective extends AsyncDirective {
  private readonly engine = new ThreadEngine();
  private clock?: ReturnType<typeof setInterval>;
  private rendered: Node | null = null;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.CHILD) throw new Error('threadList() goes in a child expression of a template');
  }

  render(view: ThreadListView): unknown {
    return this.engine.render(view);
  }

  override update(_part: ChildPart, [view]: [ThreadListView]): unknown {
    if (this.isConnected) this.startClock();
    const list = this.engine.render(view);
    if (list === this.rendered) return noChange;
    return (this.rendered = list);
  }

  protected override disconnected(): void {
    clearInterval(this.clock);
    this.clock = undefined;
  }

  protected override reconnected(): void {
    this.engine.tick(new Date());
    this.startClock();
  }

  private startClock(): void {
    this.clock ??= setInterval(() => this.engine.tick(new Date()), CLOCK_MS);
  }
}

/** Renders a thread's comments as plain DOM kept between renders (see `thread-engine.ts`). */
export const threadList = directive(ThreadListDirective);
