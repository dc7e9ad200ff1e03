// The server's JSON import format (README, "Import and export") for comments as the widget
// knows them: published, of kind comment, never edited, without a score or an author key.
// The demo seeds its thread with it, and the benchmark its server.

/** `comments` (the widget's `Comment` objects) as a comment-thread export file. */
export function toExportFile(comments) {
  return {
    format: 'comment-thread',
    version: 1,
    exportedAt: new Date().toISOString(),
    comments: comments.map((c) => ({
      id: c.id,
      threadId: c.threadId,
      parentId: c.parentId,
      author: { name: c.author.name, website: c.author.website ?? null },
      body: c.body,
      createdAt: c.createdAt,
      updatedAt: null,
      status: 'published',
      kind: 'comment',
      score: 0,
      authorHash: null,
    })),
  };
}
