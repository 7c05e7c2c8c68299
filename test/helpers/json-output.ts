/**
 * Every `invoke … --json` run of the CLI helpers is checked against the published schemas: a single invocation's
 * stdout against `schema result`, each line of a batch (`--events-file`, `--repeat`) against `schema batch-line`.
 * A run whose output does not fit fails the test that made it, whatever that test checks itself.
 */
import { batchLineSchema, invocationResultSchema } from '../../src/output/result-schema.js';

/** Throws when `stdout` of `fcinvoke <argv>` is `--json` output that does not fit its schema. */
export function checkJsonOutput(argv: readonly string[], stdout: string): void {
  if (argv[0] !== 'invoke' || !argv.includes('--json') || stdout === '') return;
  // --query prints a selection, --dry-run the request: neither is a result.
  if (argv.includes('--query') || argv.includes('--dry-run') || argv.includes('--dry-run-unredacted')) return;
  const batch = argv.includes('--events-file') || argv.includes('--repeat');
  const documents = batch ? stdout.split('\n').filter((line) => line !== '') : [stdout];
  for (const [index, document] of documents.entries()) {
    const schema = batch ? batchLineSchema : invocationResultSchema;
    const checked = schema.safeParse(JSON.parse(document));
    if (!checked.success) {
      throw new Error(`--json ${batch ? `line ${index + 1}` : 'output'} does not fit its schema: ${checked.error.message}\n${document}`);
    }
  }
}
