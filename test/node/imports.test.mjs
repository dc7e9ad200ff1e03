// The widget's modules import one another without cycles: every static import and re-export,
// type-only ones included, of every module under src/. (A dynamic import() is a lazy load, not
// a dependency of the importer's evaluation, and is left out.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const files = readdirSync('src', { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => normalize(join('src', f)));

/** Static import and export-from specifiers of a module (relative ones only). */
function importsOf(file) {
  const source = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const found = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]|^\s*import\s*['"](\.[^'"]+)['"]/gm)) {
    const specifier = match[1] ?? match[2];
    found.push(normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts'))));
  }
  return found;
}

test('no module under src/ is part of an import cycle', () => {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  for (const [file, deps] of graph) for (const dep of deps) assert.ok(graph.has(dep), `${file} imports ${dep}, which does not exist`);
  const state = new Map(); // 1: on the current path, 2: done
  const cycles = [];
  const visit = (file, path) => {
    if (state.get(file) === 2) return;
    if (state.get(file) === 1) {
      cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
      return;
    }
    state.set(file, 1);
    for (const dep of graph.get(file)) visit(dep, [...path, file]);
    state.set(file, 2);
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
  assert.ok(graph.size > 40, `only ${graph.size} modules found`);
});
