/**
 * Threading imported comments as they stream in: each comment is placed (handed on to be
 * stored) once its parent is, so parents always go to the store before their replies, in
 * whatever order the file has them; each reply gets its top-level comment (`rootId`). Only
 * replies whose parent has not come yet are held. A reply is lifted to the top level, and the
 * report says why, when its parent is not in the file, was skipped, is on another page, or
 * when replies answer each other in a circle.
 *
 * WordPress keeps a post's comments together, so the held replies are settled after each post,
 * and the post's comments forgotten: memory holds one post's at most. A Disqus export is
 * settled at its end.
 *
 * @module
 */
import type { ImportRecord } from './records.js';
import type { ChangeReason, Problem, SkipReason } from './report.js';

export type Place = (record: ImportRecord, parentId: string | null, rootId: string, change: Problem<ChangeReason> | null) => void;

export class Threading {
  /** Placed comments: their top-level comment and page. */
  private readonly placed = new Map<string, { rootId: string; threadId: string }>();
  /** Skipped comments, and why. */
  private readonly skipped = new Map<string, Problem<SkipReason>>();
  /** Replies waiting for their parent, by the parent's id. */
  private readonly waiting = new Map<string, ImportRecord[]>();
  /** The same replies, by their own id. */
  private readonly held = new Map<string, ImportRecord>();

  constructor(private readonly place: Place) {}

  /** A comment that passed the checks. */
  add(record: ImportRecord): void {
    const parentId = record.parentId;
    if (parentId === null) return this.put(record, null, record.id, null);
    if (parentId === record.id) return this.lift(record, 'reply-cycle', 'it is marked as a reply to itself; now top-level');
    const parent = this.placed.get(parentId);
    if (parent) {
      if (parent.threadId === record.threadId) this.put(record, parentId, parent.rootId, null);
      else this.lift(record, 'parent-other-thread', `its parent ${parentId} is on another page (${parent.threadId}); now top-level`);
      return;
    }
    const skipped = this.skipped.get(parentId);
    if (skipped) return this.lift(record, 'parent-skipped', `its parent ${parentId} was skipped (${skipped.message}); now top-level`);
    const list = this.waiting.get(parentId);
    if (list) list.push(record);
    else this.waiting.set(parentId, [record]);
    this.held.set(record.id, record);
  }

  /** A comment that was skipped: its replies are lifted to the top level. */
  skip(id: string, problem: Problem<SkipReason>): void {
    if (!this.skipped.has(id) && !this.placed.has(id)) this.skipped.set(id, problem);
    for (const reply of this.release(id)) this.add(reply);
  }

  /**
   * Places every reply still waiting: those whose parent is not in the file (or not in this
   * post) at the top level, then, if any are left, replies that answer each other in a circle,
   * one of each circle at the top level.
   */
  settle(): void {
    while (this.held.size > 0) {
      const orphans = [...this.held.values()].filter((record) => !this.held.has(record.parentId!));
      for (const record of orphans) {
        if (!this.held.has(record.id)) continue; // placed meanwhile, under a lifted parent
        this.unhold(record);
        this.lift(record, 'parent-missing', `its parent ${record.parentId} is not in the file; now top-level`);
      }
      if (orphans.length === 0) {
        const first = this.held.values().next().value!;
        this.unhold(first);
        this.lift(first, 'reply-cycle', `its parent ${first.parentId} answers it, directly or further down; now top-level`);
      }
    }
  }

  /**
   * Forgets the comments placed and skipped so far: after a group that holds every reply to
   * its comments (a WordPress post), nothing later answers them.
   */
  forget(): void {
    this.placed.clear();
    this.skipped.clear();
  }

  private lift(record: ImportRecord, reason: ChangeReason, message: string): void {
    this.put(record, null, record.id, { reason, message });
  }

  private put(record: ImportRecord, parentId: string | null, rootId: string, change: Problem<ChangeReason> | null): void {
    this.placed.set(record.id, { rootId, threadId: record.threadId });
    this.place(record, parentId, rootId, change);
    for (const reply of this.release(record.id)) this.add(reply);
  }

  private release(id: string): ImportRecord[] {
    const replies = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    for (const reply of replies) this.held.delete(reply.id);
    return replies;
  }

  private unhold(record: ImportRecord): void {
    this.held.delete(record.id);
    const siblings = this.waiting.get(record.parentId!);
    if (!siblings) return;
    const rest = siblings.filter((r) => r !== record);
    if (rest.length > 0) this.waiting.set(record.parentId!, rest);
    else this.waiting.delete(record.parentId!);
  }
}
