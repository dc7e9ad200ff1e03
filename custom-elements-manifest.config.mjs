// The custom-elements manifest (`cem analyze`, run by scripts/build.mjs) as the package ships
// it: module paths are the built files that are in the package (`dist/x.js`, not `src/x.ts`,
// which is not), and classes list their public members only, as the README's API tables do.

/** `src/a/b.ts` (or `/src/a/b.js`, as the analyzer names an element's definition) → `dist/a/b.js`. */
const built = (path) => path.replace(/^\/?src\/(.+)\.[jt]s$/, 'dist/$1.js');

/** Rewrites every `path` and `module` field of the manifest, wherever it is. */
function rewritePaths(node) {
  if (Array.isArray(node)) {
    for (const item of node) rewritePaths(item);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = built(value);
      else rewritePaths(value);
    }
  }
}

const isPublic = (member) => member.privacy !== 'private' && member.privacy !== 'protected' && !member.name.startsWith('#') && !member.name.startsWith('_');

export default {
  plugins: [
    {
      name: 'comment-thread:public-manifest',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.members) declaration.members = declaration.members.filter(isPublic);
          }
        }
        rewritePaths(customElementsManifest);
      },
    },
  ],
};
