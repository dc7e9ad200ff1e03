/**
 * What the vote buttons do (they are `actions/vote.ts`): cast, change or withdraw the
 * visitor's vote through the adapter, shown at once and rolled back with a message under the
 * comment when it fails. The focus stays on the button pressed (the focus controller keeps it
 * across the rebuild), and the new score is announced.
 *
 * @module
 */
import type { CommentAction } from '../../actions/types.js';

export const voteBehaviour: Partial<CommentAction> = {
  async run(host, id, detail) {
    const comment = host.thread.comments.get(id);
    if (!comment) return;
    const wanted = detail === 'down' ? -1 : 1;
    host.states.set(id, { error: undefined });
    try {
      const write = await host.write();
      const saved = await write.vote(host.thread, id, comment.myVote === wanted ? 0 : wanted);
      host.announcer.announce(host.strings.score(saved.score ?? 0, host.locale));
    } catch (error) {
      host.states.set(id, { error: `${host.strings.voteFailed} ${host.errorText(error)}` });
    }
  },
};
