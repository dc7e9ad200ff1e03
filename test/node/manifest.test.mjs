// The custom-elements manifest as the package ships it (custom-elements-manifest.config.mjs):
// every module it names is a built file in the package, and classes list public members only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

test('the manifest names built files only, and public members only', () => {
  const manifest = JSON.parse(readFileSync(new URL('dist/custom-elements.json', root), 'utf8'));
  const text = JSON.stringify(manifest);
  assert.doesNotMatch(text, /"(path|module)":"\/?src\//, 'a source path is named: the package ships dist/ only');
  for (const module of manifest.modules) {
    assert.match(module.path, /^dist\/.+\.js$/);
    assert.ok(existsSync(new URL(module.path, root)), `${module.path} is not built`);
    for (const declaration of module.declarations ?? []) {
      for (const member of declaration.members ?? []) {
        assert.ok(member.privacy !== 'private' && member.privacy !== 'protected' && !/^[#_]/.test(member.name), `${declaration.name}.${member.name} is not public`);
      }
    }
  }
  const thread = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'comment-thread');
  assert.ok(thread.members.some((m) => m.name === 'adapter'), 'public members stay');
  assert.ok(!manifest.modules.some((m) => m.path.startsWith('dist/admin/')), 'the moderation page is not part of the widget');
});
