/**
 * `fcinvoke invoke …` read without commander, for the plain forms a person or a script types: positionals, `--name
 * value`, `--name=value`, `-x value` and boolean flags, every one found in the option table (cli/invoke-options.ts).
 * Building commander's program and parsing with it cost one invocation ~2.5 ms of a ~105 ms run
 * (docs/performance.md). Anything else (help, an unknown or misspelt option, `--`, `-abc`, `-xVALUE`, a value that
 * starts with `-`, an empty value, a conflict, a value outside its choices, a missing or extra argument) is left to
 * commander, which defines the command in full and reports it exactly as before: this path never reports an error
 * itself. test/unit/invoke-argv.test.ts checks that whatever it accepts, commander parses to the same flags.
 */
import type { ExitCode } from '../core/errors.js';
import type { InvokeFlags } from './flags.js';
import type { Io } from './io.js';
import { INVOKE_OPTIONS } from './invoke-options.js';

/** The command line of `invoke`, as commander's action would get it. */
export interface ParsedInvoke {
  first: string;
  second: string | undefined;
  flags: InvokeFlags;
  /** The options given on the command line (attribute names): commander's value source `cli`. */
  explicit: Set<string>;
}

/** What the parser needs of an option. */
interface OptionShape {
  /** commander's attribute name: `--dry-run` → `dryRun`, `--no-log` → `log`. */
  key: string;
  takesValue: boolean;
  /** `--no-x`: sets `x` to false; `x` is true when it is not given. */
  negate: boolean;
  conflicts: readonly string[];
  choices: readonly string[] | undefined;
}

let shapes: Map<string, OptionShape> | undefined;

/** The options by `--long` and `-s` name. */
function optionShapes(): Map<string, OptionShape> {
  if (shapes !== undefined) return shapes;
  shapes = new Map();
  for (const spec of INVOKE_OPTIONS) {
    const match = /^(?:-([a-zA-Z]), )?--([a-z][a-z-]*)( <[^>]+>)?$/.exec(spec.flags);
    if (match === null) throw new Error(`invoke option flags not understood: ${spec.flags}`);
    const [, short, long, value] = match;
    const negate = long!.startsWith('no-');
    const shape: OptionShape = {
      key: (negate ? long!.slice(3) : long!).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      takesValue: value !== undefined,
      negate,
      conflicts: spec.conflicts ?? [],
      choices: spec.choices,
    };
    shapes.set(`--${long!}`, shape);
    if (short !== undefined) shapes.set(`-${short}`, shape);
  }
  return shapes;
}

/**
 * `argv` (without node and the script) when it is `invoke` in a plain form, as commander's action would get it;
 * undefined when commander must read it.
 */
export function parseInvokeArgv(argv: readonly string[]): ParsedInvoke | undefined {
  if (argv[0] !== 'invoke') return undefined;
  const options = optionShapes();
  const flags: Record<string, unknown> = {};
  // commander gives a negatable option with no positive twin the value true before parsing.
  for (const shape of options.values()) if (shape.negate) flags[shape.key] = true;
  const explicit = new Set<string>();
  const positionals: string[] = [];
  for (let at = 1; at < argv.length; at += 1) {
    const arg = argv[at]!;
    // commander reads '-' alone as an argument, like any word that does not start with '-'.
    if (arg.length < 2 || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    let name = arg;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      if (equals !== -1) {
        name = arg.slice(0, equals);
        inline = arg.slice(equals + 1);
      }
    } else if (arg.length !== 2) return undefined;
    const shape = options.get(name);
    if (shape === undefined) return undefined;
    let value: string | boolean;
    if (shape.takesValue) {
      if (inline === undefined) {
        const next = argv[at + 1];
        if (next === undefined || (next.length > 1 && next.startsWith('-'))) return undefined;
        inline = next;
        at += 1;
      }
      // An empty value is refused by commander's path (cli/definitions.ts), a value outside the choices too.
      if (inline.trim() === '' || (shape.choices !== undefined && !shape.choices.includes(inline))) return undefined;
      value = inline;
    } else {
      if (inline !== undefined) return undefined;
      value = !shape.negate;
    }
    flags[shape.key] = value;
    explicit.add(shape.key);
  }
  if (positionals.length === 0 || positionals.length > 2) return undefined;
  for (const shape of options.values()) {
    if (explicit.has(shape.key) && shape.conflicts.some((other) => explicit.has(other))) return undefined;
  }
  return { first: positionals[0]!, second: positionals[1], flags: flags as unknown as InvokeFlags, explicit };
}

/** Runs `invoke` with its parsed command line: what commander's action does, and the fast path. */
export async function runInvokeCommand(parsed: ParsedInvoke, io: Io): Promise<ExitCode> {
  // Lazy: the invoke command's modules are loaded only when it runs.
  const { runInvoke } = await import('./commands/invoke.js');
  return runInvoke(parsed.first, parsed.second, parsed.flags, io, parsed.explicit);
}
