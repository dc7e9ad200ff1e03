import type { Comment } from '../src/adapters/storage-adapter.js';

/** Sample comments for the demo article; times are relative to `now` so they read naturally. */
export function demoComments(threadId: string, now = Date.now()): Comment[] {
  const hour = 3600_000;
  const at = (hoursAgo: number) => new Date(now - hoursAgo * hour).toISOString();
  const comment = (
    id: string,
    parentId: string | null,
    name: string,
    hoursAgo: number,
    body: string,
    website?: string,
  ): Comment => ({
    id,
    threadId,
    parentId,
    author: website ? { name, website } : { name },
    body,
    createdAt: at(hoursAgo),
  });

  return [
    comment(
      'c1',
      null,
      'Tomasz Wójcik',
      9 * 24,
      'What do you do about **hills**? Our town is basically one long slope and I worry the motor won’t cope with two kids on the back.',
    ),
    comment(
      'c2',
      'c1',
      'Maren Holt',
      9 * 24 - 3,
      'Honestly, the motor is the reason it works. A mid-drive in the lowest gear climbs our 12 % street with both kids. The trick is shifting down *before* the hill, not halfway up it.',
      'https://example.com/maren',
    ),
    comment(
      'c3',
      'c2',
      'Tomasz Wójcik',
      8 * 24,
      'Good to know. Is that a hub gear or a derailleur?',
    ),
    comment(
      'c4',
      'c3',
      'Maren Holt',
      8 * 24 - 5,
      'Hub gear (enviolo). No chain falling off in the rain, and you can shift while stopped at a light. It costs some efficiency, which the motor hides.',
      'https://example.com/maren',
    ),
    comment(
      'c5',
      null,
      'Priya Raman',
      6 * 24,
      'I log every ride to a CSV and plot it. For anyone who wants to do the same, this is all it takes:\n\n```python\nimport csv\nwith open("rides.csv") as f:\n    km = sum(float(row["km"]) for row in csv.DictReader(f))\nprint(f"{km:.0f} km so far")\n```\n\nMy total is at 4,212 km after two years.',
      'https://example.org',
    ),
    comment(
      'c6',
      'c5',
      'Jonas',
      6 * 24 - 2,
      'Nice. I just use the `odometer` on the display and a photo of it every New Year. Less elegant, zero code.',
    ),
    comment(
      'c7',
      null,
      'Ade Okafor',
      4 * 24,
      'The chain figure matches mine. A few things that made mine last longer:\n\n1. Wax instead of oil (messy once, clean forever)\n2. Measure it every 500 km with a chain checker\n3. Replace the chain *before* it stretches past 0.5 %, or you replace the cassette too\n\nThis [guide to chain wear](https://example.org/chain-wear) is still the best reference I know.',
    ),
    comment(
      'c8',
      'c7',
      'Lena',
      4 * 24 - 4,
      '> Wax instead of oil\n\nSeconded, but only if you have somewhere to melt it that is not the family kitchen. Ask me how I know.',
    ),
    comment(
      'c9',
      'c8',
      'Ade Okafor',
      3 * 24,
      'Ha. A small slow cooker from a charity shop, used for nothing else, is the usual answer.',
    ),
    comment(
      'c10',
      null,
      'Grace Lindqvist',
      2 * 24,
      'Long comment warning, because this article hit home.\n\nWe went car-free five years ago when our second child was born, and for the first year I thought we had made a terrible mistake. Everything took planning. The big shop needed a route, a time window between naps, and a backup plan for rain. Visiting my parents meant two trains and a bus. I kept a mental list of everything the car would have made easy, and the list was long.\n\nSomewhere in the second year the list stopped growing. Not because the car would not still have made those things easier, but because we had rearranged our life around what was close. The kids’ school is a ten-minute ride. The market is on the way home. We know the names of the people at the bike shop, and they know which of our tyres always goes flat.\n\nThe part nobody warned me about is how much the children love it. They see everything: dogs, diggers, the heron by the canal. They wave at the bus drivers. They have opinions about which bridge is the best one. When we borrowed a car for a holiday last summer, my daughter asked why we had to sit in a box where she could not see anything.\n\nSo: it is harder at first, easier later, and the kids will make the case for you.',
    ),
    comment(
      'c11',
      'c10',
      'Maren Holt',
      2 * 24 - 6,
      'This is lovely, and exactly the curve we went through. “Harder at first, easier later” should be printed on the frame.',
      'https://example.com/maren',
    ),
    comment(
      'c12',
      null,
      'Sam',
      20,
      'Where do you park it at night? Our building has no bike room and it does not fit in the lift.\n\nhttps://example.net/cargo-bike-storage-ideas has some ideas but none for flats.',
    ),
    comment(
      'c13',
      'c12',
      'Jonas',
      18,
      'Our neighbourhood has lockable bike hangars on the street, one parking space each. Worth asking the council; ours said yes within a month.',
    ),
    comment('c14', null, 'Rosa', 3, 'Bookmarking this for the day our car finally dies. Thank you for writing it *honestly*.'),
  ];
}
