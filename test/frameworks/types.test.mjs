// The generated element types (dist/types/, custom-elements-manifest.config.mjs) in each
// framework's own checker, as a project that installed the package uses them: React 19 and
// Preact with tsc, Vue 3 with vue-tsc and strictTemplates, Svelte 5 with svelte-check. Each
// fixture beside this file has lines that must compile and lines that must not (a wrong sort
// order, a listener of the wrong type). Run by `npm run test:frameworks` (after `npm run
// build`), a CI step of its own (.ci/run): the checkers take half a minute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules/.bin', name);
const compilerOptions = { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] };

/**
 * A project folder with the fixture `file` and a tsconfig: `comment-thread` is this repository
 * (its package.json exports, its dist/), the framework's packages are this repository's.
 */
function project(t, file, tsconfig, packages) {
  assert.ok(existsSync(join(root, 'dist/types/jsx.d.ts')), 'dist/types is missing: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'ct-types-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules/comment-thread'));
  for (const name of packages) symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  copyFileSync(join(root, 'test/frameworks', file), join(dir, file));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: [file] }));
  return dir;
}

const run = (command, args, cwd) => spawnSync(command, args, { cwd, encoding: 'utf8' });

for (const [framework, jsxImportSource, packages] of [
  ['react', 'react', ['@types/react']],
  ['preact', 'preact', ['preact']],
]) {
  test(`${framework}: JSX knows the elements, their attributes, properties and events`, (t) => {
    const dir = project(t, `${framework}.tsx`, { compilerOptions: { ...compilerOptions, jsx: 'react-jsx', jsxImportSource } }, packages);
    const result = run(bin('tsc'), ['-p', 'tsconfig.json'], dir);
    assert.equal(result.status, 0, result.stdout);
  });
}

test('vue: strictTemplates knows the elements, their props and listeners', (t) => {
  const dir = project(t, 'vue.vue', { compilerOptions: { ...compilerOptions, jsx: 'preserve' }, vueCompilerOptions: { strictTemplates: true } }, ['vue', '@vue']);
  const result = run(bin('vue-tsc'), ['-p', 'tsconfig.json'], dir);
  assert.equal(result.status, 0, result.stdout);
});

test('svelte: svelte-check knows the elements, their attributes and events', (t) => {
  const dir = project(t, 'svelte.svelte', { compilerOptions: { ...compilerOptions, verbatimModuleSyntax: true } }, ['svelte']);
  const result = run(bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--output', 'machine'], dir);
  const errors = result.stdout.split('\n').filter((line) => / ERROR /.test(line));
  assert.equal(errors.length, 1, result.stdout);
  assert.match(errors[0], /"svelte\.svelte" 10:17 "Type '\\"sideways\\"' is not assignable to type 'SortOrder \| undefined'\."/);
});
