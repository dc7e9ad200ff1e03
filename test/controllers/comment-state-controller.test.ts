import { expect } from '@open-wc/testing';
import { CommentStateController, NO_STATE } from '../../src/controllers/comment-state-controller.js';
import { testHost } from './host.js';

describe('CommentStateController', () => {
  it('hands out immutable state objects, a new one per change, and the same one for no change', async () => {
    const host = testHost();
    const states = new CommentStateController(host);
    await host.updateComplete;
    const updates = host.updates;
    expect(states.get('a')).to.equal(NO_STATE);
    states.set('a', { editing: true });
    const editing = states.get('a');
    expect(editing).to.deep.equal({ editing: true });
    expect(Object.isFrozen(editing)).to.equal(true);
    states.set('a', { editing: true });
    expect(states.get('a'), 'a patch that changes nothing keeps the object').to.equal(editing);
    states.set('a', { error: 'Nope' });
    expect(states.get('a')).to.not.equal(editing);
    expect(states.get('a')).to.deep.equal({ editing: true, error: 'Nope' });
    await host.updateComplete;
    expect(host.updates).to.be.greaterThan(updates);
    host.remove();
  });

  it('drops fields set to undefined or false, and a comment whose state is empty', () => {
    const states = new CommentStateController(testHost());
    states.set('a', { busy: true, error: 'x' });
    states.set('a', { busy: false, error: undefined });
    expect(states.get('a')).to.equal(NO_STATE);
    expect(states.all.has('a')).to.equal(false);
  });

  it('gives a new map of all states after every change, and never changes an old one', () => {
    const states = new CommentStateController(testHost());
    const before = states.all;
    states.set('a', { replying: true });
    expect(states.all).to.not.equal(before);
    expect(before.size).to.equal(0);
    expect([...states.all.keys()]).to.deep.equal(['a']);
  });

  it('keeps a flag on one comment at a time with only(), and finds it', () => {
    const states = new CommentStateController(testHost());
    states.set('b', { error: 'kept' });
    states.only('replying', 'a');
    states.only('replying', 'b');
    expect(states.get('a')).to.equal(NO_STATE);
    expect(states.get('b')).to.deep.equal({ error: 'kept', replying: true });
    expect(states.find('replying')).to.equal('b');
    states.only('replying', null);
    expect(states.find('replying')).to.equal(null);
    expect(states.get('b')).to.deep.equal({ error: 'kept' });
  });

  it('forgets everything on clear()', () => {
    const states = new CommentStateController(testHost());
    states.set('a', { highlighted: true });
    states.clear();
    expect(states.all.size).to.equal(0);
  });
});
