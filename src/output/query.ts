/**
 * `--query <expression>`: a JMESPath expression over the JSON result, as `aws --query`, `tccli --filter` and the
 * aliyun CLI's `--cli-query` take, so users' existing queries work: `result.items[0].id`, `metrics.durationMs`,
 * `result.items[?price > \`10\`].name`, `length(result.items)`, `{id: requestId, ms: metrics.durationMs}`.
 *
 * The maintained `jmespath` package does the work; it is loaded only when `--query` is given (parseQuery), so no
 * other invocation pays for it. docs/output.md lists what changed from the path syntax of earlier versions.
 */
import { UsageError } from '../core/errors.js';

/** What fcinvoke uses of the `jmespath` package (its type definitions leave out `compile`, which parses only). */
interface Engine {
  compile(expression: string): unknown;
  search(data: unknown, expression: string): unknown;
}

/** A checked expression, ready to run against results. */
export interface Query {
  expression: string;
  search: (data: unknown, expression: string) => unknown;
}

/**
 * Loads the JMESPath engine and checks the expression; throws UsageError (exit 2, before anything is sent) when
 * it does not parse, with the engine's reason.
 */
export async function parseQuery(expression: string): Promise<Query> {
  if (expression.trim() === '') throw new UsageError('--query needs a JMESPath expression such as result.items[0].id');
  // The package is CommonJS: its functions are on the namespace or on `default`, depending on the loader.
  const loaded = (await import('jmespath')) as unknown as Partial<Engine> & { default?: Engine };
  const engine: Engine = loaded.default ?? (loaded as Engine);
  try {
    engine.compile(expression);
    // jmespath.js parses some malformed expressions (`a..b`, `a.`) into trees it then cannot walk, and reports an
    // unknown function or a wrong number of arguments only when it runs: a trial run on an empty object finds
    // both. A type error there is about the empty data, not the expression, and is left for the real result.
    try {
      engine.search({}, expression);
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (error instanceof TypeError || /^(Unknown function|ArgumentError)/.test(message)) throw error;
    }
  } catch (error) {
    throw new UsageError(`--query: ${describe(error)} in '${expression}'`, {
      hint: 'the expression is JMESPath (jmespath.org), as in aws --query; e.g. result.items[0].id',
    });
  }
  return { expression, search: (data, text) => engine.search(data, text) };
}

/**
 * The value `query` selects from `value`. An expression that parses but fails on this value (a function given
 * the wrong type, e.g. `length(metrics.durationMs)`) throws a UsageError naming it.
 */
export function selectQuery(value: unknown, query: Query): unknown {
  try {
    return query.search(value, query.expression);
  } catch (error) {
    throw new UsageError(`--query: ${describe(error)} in '${query.expression}'`);
  }
}

/** How a selected value prints, like `jq -r`: strings bare, everything else as JSON, nothing as `null`. */
export function renderQueryValue(value: unknown): string {
  if (typeof value === 'string') return `${value}\n`;
  return `${JSON.stringify(value === undefined ? null : value)}\n`;
}

/** The engine's message, on one line: its errors are an Error with a name such as ParserError or invalid-type. */
function describe(error: unknown): string {
  if (error instanceof TypeError) return 'the expression is incomplete or malformed';
  if (!(error instanceof Error)) return String(error);
  const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
  return `${name}${error.message}`.replace(/\s+/g, ' ').trim();
}
