/**
 * Packs the library's declarations (tsc's dist/types/**, one .d.ts per source module) into two files: 
 * `dist/types/modules.d.ts`, every module as an ambient `declare module "fcinvoke/__types__/<path>"` with its relative
 * imports pointed at those names, and `dist/types/index.d.ts`, which references it and re-exports the library's
 * module. 159 small files took ~870 KB on disk (a 4 KiB block each) for ~410 KB of text, which took the installed
 * package past 3 MB (test/e2e/package.e2e.test.ts); two files take what their text takes.
 *
 * The names under `fcinvoke/__types__/` are not in package.json `exports`, so nothing resolves them to files:
 * TypeScript finds them among the ambient declarations. test/e2e/package.e2e.test.ts type-checks a consumer of the
 * installed package against them.
 *
 * A package the code bundles (zod, for the config file's and the result's schemas) is not installed with fcinvoke,
 * so a consumer's compiler could not find it: its names become opaque (`any`) types of a stand-in module,
 * `fcinvoke/__types__/__bundled__/<package>`, made from the members the declarations use.
 */
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';

const PREFIX = 'fcinvoke/__types__/';

/** Bundles the declarations under `directory` (dist/types) in place. */
export async function bundleTypes(directory) {
  const files = (await readdir(directory, { recursive: true })).filter((file) => file.endsWith('.d.ts')).map((file) => file.split(sep).join('/')).sort();
  const blocks = [];
  /** Per bundled package, per imported name: the member paths used (`ZodObject`, `core.$strict`). */
  const bundled = new Map();
  for (const file of files) {
    const name = file.slice(0, -'.d.ts'.length);
    const text = ambient(await readFile(join(directory, file), 'utf8'), name).replace(
      /^import\s+\{([^}]*)\}\s+from\s+(["'])([^"'.][^"']*)\2;$/gm,
      (line, names, quote, specifier) => {
        if (specifier.startsWith('node:') || specifier.startsWith(PREFIX)) return line;
        const used = bundled.get(specifier) ?? new Map();
        bundled.set(specifier, used);
        return `import {${names}} from ${quote}${PREFIX}__bundled__/${specifier}${quote};`;
      },
    );
    for (const match of text.matchAll(new RegExp(`^import\\s+\\{([^}]*)\\}\\s+from\\s+["']${PREFIX}__bundled__/([^"']+)["'];$`, 'gm'))) {
      const used = bundled.get(match[2]);
      for (const imported of match[1].split(',').map((entry) => entry.trim().split(/\s+as\s+/).at(-1)).filter(Boolean)) {
        const members = used.get(imported) ?? new Set();
        for (const member of text.matchAll(new RegExp(`\\b${imported}\\.([\\w$]+(?:\\.[\\w$]+)*)`, 'g'))) members.add(member[1]);
        used.set(imported, members);
      }
    }
    blocks.push(`declare module "${PREFIX}${name}" {\n${text}\n}`);
  }
  for (const [specifier, used] of bundled) blocks.push(standIn(specifier, used));
  for (const file of files) await rm(join(directory, file));
  // Empty folders left behind.
  for (const entry of (await readdir(directory, { recursive: true, withFileTypes: true })).reverse()) {
    if (entry.isDirectory()) await rm(join(entry.parentPath ?? entry.path, entry.name), { recursive: true, force: true });
  }
  await writeFile(join(directory, 'modules.d.ts'), `// The declarations of fcinvoke's modules (scripts/bundle-types.mjs).\n${blocks.join('\n')}\n`);
  await writeFile(join(directory, 'index.d.ts'), `/// <reference path="./modules.d.ts" />\nexport * from "${PREFIX}index";\n`);
  return files.length;
}

/** An ambient stand-in for a bundled package: every member the declarations use, as an opaque generic type. */
function standIn(specifier, used) {
  const lines = [`declare module "${PREFIX}__bundled__/${specifier}" {`, `  // ${specifier} is bundled into fcinvoke, not installed with it: its types are opaque here.`];
  for (const [name, members] of [...used].sort()) {
    const tree = {};
    for (const path of members) {
      let node = tree;
      for (const part of path.split('.')) node = node[part] ??= {};
    }
    const render = (node, indent) =>
      Object.keys(node)
        .sort()
        .flatMap((key) =>
          Object.keys(node[key]).length === 0
            ? [`${indent}type ${key}<A = any, B = any, C = any, D = any> = any;`]
            : [`${indent}namespace ${key} {`, ...render(node[key], `${indent}  `), `${indent}}`],
        );
    lines.push(`  export namespace ${name} {`, ...render(tree, '    '), '  }');
  }
  lines.push('}');
  return lines.join('\n');
}

/** One module's declarations as the body of an ambient module: no `declare` modifiers, imports by package name. */
function ambient(text, name) {
  const from = posix.dirname(name);
  const target = (specifier) => {
    if (!specifier.startsWith('.')) return specifier;
    const resolved = posix.normalize(posix.join(from, specifier)).replace(/\.js$/, '').replace(/\/index$/, '/index');
    return `${PREFIX}${resolved}`;
  };
  return text
    .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
    .replace(/(\bfrom\s+|\bimport\s*\(\s*|^import\s+)(["'])(\.{1,2}\/[^"']+)\2/gm, (_, head, quote, specifier) => `${head}${quote}${target(specifier)}${quote}`)
    .replace(/^(\s*)(export\s+)?declare\s+/gm, '$1$2')
    .trimEnd();
}

// `node scripts/bundle-types.mjs [dir]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const count = await bundleTypes(process.argv[2] ?? 'dist/types');
  console.log(`bundled ${count} declaration files`);
}
