/**
 * Reads the esbuild metafile (dist/meta.json) to answer "what does a command load before its first request?".
 * Shared by test/unit/bundle.test.ts (which asserts it) and bench/run.mjs (which prints it).
 */

/**
 * A metafile input path as seen from the repository: 'node_modules/…' even when node_modules is a symbolic link
 * that esbuild resolved to somewhere else.
 */
export function normalizeInput(input) {
  const at = input.lastIndexOf('node_modules/');
  return at > 0 ? input.slice(at) : input;
}

/** The output file built from `entryPoint` (a source path such as 'src/cli/commands/invoke.ts'). */
export function outputFor(metafile, entryPoint) {
  const found = Object.entries(metafile.outputs).find(
    ([, output]) => output.entryPoint !== undefined && normalizeInput(output.entryPoint) === entryPoint,
  );
  if (found === undefined) throw new Error(`no output has the entry point ${entryPoint}`);
  return found[0];
}

/** Every output file loaded when `outputs` are: each of them and everything they import statically. */
export function staticClosure(metafile, outputs) {
  const seen = new Set();
  const pending = [...outputs];
  while (pending.length > 0) {
    const path = pending.pop();
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }
  return [...seen].sort();
}

/** The source inputs (src/… and node_modules/… paths) bundled into `outputs`. */
export function inputsOf(metafile, outputs) {
  return [...new Set(outputs.flatMap((path) => Object.keys(metafile.outputs[path]?.inputs ?? {}).map(normalizeInput)))].sort();
}

/** The packages and external modules `outputs` import at run time (e.g. 'cosmiconfig', 'node:crypto'). */
export function externalImportsOf(metafile, outputs) {
  return [
    ...new Set(
      outputs.flatMap((path) =>
        (metafile.outputs[path]?.imports ?? []).filter((imported) => imported.external).map((imported) => imported.path),
      ),
    ),
  ].sort();
}

/**
 * What `fcinvoke invoke <provider>` loads up to its first request, when no config file exists and credentials come
 * from the environment: the CLI entry, the command definitions, the invoke command and the provider, each with its
 * static imports.
 */
export function invokePath(metafile, provider) {
  const outputs = staticClosure(metafile, [
    outputFor(metafile, 'src/cli.ts'),
    outputFor(metafile, 'src/cli/definitions.ts'),
    outputFor(metafile, 'src/cli/commands/invoke.ts'),
    outputFor(metafile, `src/providers/${provider}/index.ts`),
  ]);
  const inputs = inputsOf(metafile, outputs);
  return {
    outputs,
    inputs,
    externals: externalImportsOf(metafile, outputs),
    bytes: outputs.reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0),
    packages: [...new Set(inputs.filter((input) => input.startsWith('node_modules/')).map(packageOf))].sort(),
  };
}

/** 'node_modules/@scope/name/lib/x.js' → '@scope/name'. */
export function packageOf(input) {
  const parts = input.split('/');
  return parts[1]?.startsWith('@') ? `${parts[1]}/${parts[2]}` : (parts[1] ?? input);
}
