// Types for the one function of domino (turndown's HTML parser) the importer calls. The
// package's own declarations name the module 'domino' and need the DOM library, which the
// server does not compile with; the importer types the nodes it touches itself.
declare module '@mixmark-io/domino' {
  const domino: { createDocument(html?: string, force?: boolean): unknown };
  export default domino;
}
