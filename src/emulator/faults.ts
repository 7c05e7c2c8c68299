/**
 * The emulator's fault plan: `--faults <spec>` parsed into rules, and a deterministic decision for each request
 * (docs/emulator.md, "Fault injection"). Pure: the server asks {@link FaultPlan.decide} what to do and does it.
 *
 * ```
 * spec    = rule *( ";" rule )                       rules may also be separated by newlines
 * rule    = [ target ":" ] fault [ "(" params ")" ] [ "@" when ]
 * target  = provider [ "/" function ]  |  "*" [ "/" function ]          function may use * as a wildcard
 * params  = [ key "=" ] value *( "," key "=" value )  a bare first value sets the fault's main parameter
 * when    = "always" | 0.25 | 25% | every=N | first=N
 * ```
 *
 * Every rule keeps its own request counter and its own random stream, seeded from `--seed` and the rule's
 * position, so the same requests in the same order get the same faults whatever the other rules do.
 */
import { STATUS_CODES } from 'node:http';
import { UsageError } from '../core/errors.js';
import { findProvider, PROVIDER_IDS, type ProviderId } from '../providers/registry.js';
import type { EmulatorRequest, EmulatorResponse } from '../providers/emulator-api.js';
import { emulatedApi, ROUTES } from './routes.js';

/** Every fault the emulator can inject; `http-NNN` stands for any status from 400 to 599. */
export const FAULT_NAMES = [
  'latency',
  'no-response',
  'reset-before-response',
  'reset-after-headers',
  'reset-mid-body',
  'truncated-body',
  'never-ends',
  'trickle',
  'http-NNN',
  'malformed-json',
  'wrong-content-type',
  'no-content-type',
  'huge-log-header',
  'bad-log-header',
] as const;

/** One fault with its parameters. */
export type Fault =
  /** Wait `ms` before answering (stacks with the other faults). */
  | { kind: 'latency'; ms: number }
  /** Read the request, run the function, never answer; the connection stays open. */
  | { kind: 'no-response' }
  /** Run the function, then reset the connection (TCP RST) without a byte of response. */
  | { kind: 'reset-before-response' }
  /** Send the status line and headers, then reset the connection. */
  | { kind: 'reset-after-headers' }
  /** Send the headers and half the body, then reset the connection. */
  | { kind: 'reset-mid-body' }
  /** Send the headers (full Content-Length) and half the body, then close the connection cleanly (FIN). */
  | { kind: 'truncated-body' }
  /** Send the headers and half the body, then nothing more, leaving the connection open. */
  | { kind: 'never-ends' }
  /** Send the body `bytes` at a time, one chunk every `intervalMs`. */
  | { kind: 'trickle'; bytes: number; intervalMs: number }
  /**
   * A front end answers this status instead of the API: before the function for most statuses, after it ran for
   * 500, 502 and 504 (see {@link functionRunsUnder}).
   */
  | { kind: 'http-status'; status: number; retryAfter: string | undefined }
  /** The body is replaced by JSON text that does not parse. */
  | { kind: 'malformed-json' }
  /** The Content-Type header is replaced by `value`. */
  | { kind: 'wrong-content-type'; value: string }
  /** The Content-Type header is left out. */
  | { kind: 'no-content-type' }
  /** The provider's log header is `bytes` long (valid base64). */
  | { kind: 'huge-log-header'; bytes: number }
  /** The provider's log header is not valid base64. */
  | { kind: 'bad-log-header' };

/** When a rule fires, counted over the requests its target matches. */
export type FaultTrigger =
  | { kind: 'always' }
  | { kind: 'probability'; probability: number }
  /** Requests N, 2N, 3N, … */
  | { kind: 'every'; n: number }
  /** Requests 1 … N. */
  | { kind: 'first'; n: number };

/** One parsed rule of a fault spec. */
export interface FaultRule {
  /** The rule as written, for messages and the emulator's log. */
  text: string;
  /** A provider id, or `*` for all five. */
  provider: ProviderId | '*';
  /** A function name pattern (`*` matches any run of characters). */
  functionPattern: string;
  fault: Fault;
  trigger: FaultTrigger;
}

/** What to do to one request. */
export interface FaultDecision {
  /** Added delay before the answer: the sum of the latency rules that fired. */
  latencyMs: number;
  /** The fault that replaces or spoils the answer (the first non-latency rule that fired), if any. */
  fault: Fault | null;
  /** The rules that fired, as written, for the emulator's log. */
  fired: string[];
}

/** Options for faults that take none. */
const NO_PARAMS: Readonly<Record<string, never>> = {};

/** Log headers by provider: where each API returns its base64 log tail (each emulated API names its own). */
export const LOG_HEADERS: Readonly<Record<ProviderId, string>> = Object.fromEntries(
  ROUTES.map((route) => [route.id, route.logHeader]),
) as Record<ProviderId, string>;

/** The header every answer the fault plan touched carries, naming the fault (useful when debugging a pipeline). */
export const FAULT_HEADER = 'X-Fcinvoke-Fault';

/** The default size of `huge-log-header`: twice the client's 1 MiB header cap. */
export const DEFAULT_HUGE_HEADER_BYTES = 2 * 1024 * 1024;

/** Parses a `--faults` spec; throws a UsageError naming the rule and what is wrong with it. */
export function parseFaultSpec(spec: string): FaultRule[] {
  const rules = splitTopLevel(spec, /[;\n]/)
    .map((text) => text.trim())
    .filter((text) => text !== '');
  if (rules.length === 0) throw specError('the spec has no rules');
  return rules.map((text, index) => parseRule(text, index + 1));
}

/** Parses `--seed`: a whole number from 0 to 2^32 - 1. */
export function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(seed) || seed > 0xffffffff) {
    throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not '${text}'`);
  }
  return seed;
}

/** The rules of a spec plus their counters and random streams: one decision per request, reproducible by seed. */
export class FaultPlan {
  readonly rules: readonly FaultRule[];
  readonly seed: number;
  private readonly counters: number[];
  private readonly randoms: Array<() => number>;

  constructor(rules: readonly FaultRule[], seed: number) {
    this.rules = rules;
    this.seed = seed;
    this.counters = rules.map(() => 0);
    this.randoms = rules.map((_, index) => mulberry32(mix(seed, index + 1)));
  }

  /**
   * Decides the faults for the next request to `provider` naming any of `functionNames`. Every matching rule
   * counts the request (and draws its random number), so one rule's outcome never shifts another's.
   */
  decide(provider: ProviderId, functionNames: readonly string[]): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, fault: null, fired: [] };
    this.rules.forEach((rule, index) => {
      if (!targets(rule, provider, functionNames)) return;
      const count = (this.counters[index] ?? 0) + 1;
      this.counters[index] = count;
      const draw = this.randoms[index]!();
      if (!fires(rule.trigger, count, draw)) return;
      if (rule.fault.kind === 'latency') {
        decision.latencyMs += rule.fault.ms;
        decision.fired.push(rule.text);
      } else if (decision.fault === null) {
        decision.fault = rule.fault;
        decision.fired.push(rule.text);
      }
    });
    return decision;
  }

  /** One line for the emulator's banner. */
  describe(): string {
    return `${this.rules.map((rule) => rule.text).join('; ')} (seed ${this.seed})`;
  }
}

/**
 * The names a request's function goes by, for matching rules: the name itself, plus `service/name` for FC 2.0.
 * Empty when the request names no function the emulator can read (then only `*` patterns match).
 */
export function requestFunctionNames(provider: ProviderId, request: EmulatorRequest): string[] {
  return emulatedApi(provider).functionNames(request);
}

/**
 * The `http-NNN` statuses a front end answers after the request reached the function: an upstream that failed
 * (500), answered garbage (502) or timed out (504) while the function ran. Modelling the worst case is what lets
 * the run ledger catch a client that re-sends such a request. Every other status (4xx, 501, 503, 505 and up) is
 * a refusal before the function, as a throttling or unavailable front end gives.
 */
export const AFTER_RUN_STATUSES: ReadonlySet<number> = new Set([500, 502, 504]);

/**
 * Whether the function runs for a request that gets `fault` (docs/emulator.md, "Faults"): always, except for an
 * `http-NNN` refusal before the function. (A `latency` the client does not wait out ends the request before it.)
 */
export function functionRunsUnder(fault: Fault | null): boolean {
  return fault?.kind !== 'http-status' || AFTER_RUN_STATUSES.has(fault.status);
}

/** The answer a front end gives for an `http-NNN` fault: a small HTML page, as nginx and most gateways send. */
export function gatewayAnswer(status: number, retryAfter: string | undefined): EmulatorResponse {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', [FAULT_HEADER]: `http-${status}` };
  if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
  return {
    status,
    headers,
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>fcinvoke emulator</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/**
 * The answer with the header and body faults applied (content type, log header, malformed JSON). Wire faults
 * (resets, truncation, trickling) only get the fault header here; the server carries them out on the socket.
 */
export function spoilAnswer(answer: EmulatorResponse, fault: Fault, provider: ProviderId): EmulatorResponse {
  const headers: Record<string, string> = { ...answer.headers, [FAULT_HEADER]: faultName(fault) };
  const setHeader = (name: string, value: string | undefined) => {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    if (value !== undefined) headers[name] = value;
  };
  switch (fault.kind) {
    case 'malformed-json':
      return { ...answer, headers, body: '{"fcinvokeFault": "malformed-json", "Response": {"RequestId": ' };
    case 'wrong-content-type':
      setHeader('Content-Type', fault.value);
      return { ...answer, headers };
    case 'no-content-type':
      setHeader('Content-Type', undefined);
      return { ...answer, headers };
    case 'huge-log-header':
      // Valid base64 of repeated text, so only its size is wrong.
      setHeader(LOG_HEADERS[provider], 'bG9nIGxpbmUK'.repeat(Math.ceil(fault.bytes / 12)).slice(0, fault.bytes));
      return { ...answer, headers };
    case 'bad-log-header':
      setHeader(LOG_HEADERS[provider], '%%not*base64!!');
      return { ...answer, headers };
    default:
      return { ...answer, headers };
  }
}

/** The fault's name as a spec writes it. */
export function faultName(fault: Fault): string {
  return fault.kind === 'http-status' ? `http-${fault.status}` : fault.kind;
}

// ---------------------------------------------------------------------------------------------------------------

interface ParamSpec {
  /** The parameter a bare first value sets. */
  main?: string;
  /** Known parameters and how to read each. */
  read: Record<string, (value: string) => number | string>;
}

const PARAMS: Record<Fault['kind'], ParamSpec> = {
  latency: { main: 'ms', read: { ms: readDuration } },
  'no-response': { read: NO_PARAMS },
  'reset-before-response': { read: NO_PARAMS },
  'reset-after-headers': { read: NO_PARAMS },
  'reset-mid-body': { read: NO_PARAMS },
  'truncated-body': { read: NO_PARAMS },
  'never-ends': { read: NO_PARAMS },
  trickle: { read: { bytes: (value) => readBytes(value, 1), ms: readDuration } },
  'http-status': { main: 'retry-after', read: { 'retry-after': readRetryAfter } },
  'malformed-json': { read: NO_PARAMS },
  'wrong-content-type': { main: 'value', read: { value: readHeaderValue } },
  'no-content-type': { read: NO_PARAMS },
  'huge-log-header': { main: 'bytes', read: { bytes: (value) => readBytes(value, 1) } },
  'bad-log-header': { read: NO_PARAMS },
};

/** Short names accepted for some faults. */
const ALIASES: Readonly<Record<string, Fault['kind']>> = {
  hang: 'no-response',
  reset: 'reset-before-response',
  slow: 'trickle',
};

function parseRule(text: string, position: number): FaultRule {
  const fail = (reason: string): never => {
    throw specError(`rule ${position} '${text}': ${reason}`);
  };
  const [head = '', when] = splitOnce(text, '@');
  const open = indexTopLevel(head, '(');
  const nameAndTarget = (open === -1 ? head : head.slice(0, open)).trim();
  let paramText: string | undefined;
  if (open !== -1) {
    const rest = head.slice(open).trim();
    if (!rest.endsWith(')')) fail("parameters must be closed with ')'");
    paramText = rest.slice(1, -1);
  }
  const colon = nameAndTarget.lastIndexOf(':');
  const targetText = colon === -1 ? '*' : nameAndTarget.slice(0, colon).trim();
  const name = (colon === -1 ? nameAndTarget : nameAndTarget.slice(colon + 1)).trim().toLowerCase();
  const { provider, functionPattern } = parseTarget(targetText, fail);
  const fault = parseFault(name, paramText, fail);
  const trigger = when === undefined ? ({ kind: 'always' } as const) : parseTrigger(when.trim(), fail);
  return { text, provider, functionPattern, fault, trigger };
}

function parseTarget(
  text: string,
  fail: (reason: string) => never,
): { provider: ProviderId | '*'; functionPattern: string } {
  const slash = text.indexOf('/');
  const providerText = (slash === -1 ? text : text.slice(0, slash)).trim();
  const functionPattern = slash === -1 ? '*' : text.slice(slash + 1).trim();
  if (functionPattern === '') fail('the function after / is empty');
  if (providerText === '*') return { provider: '*', functionPattern };
  const entry = findProvider(providerText);
  if (entry === undefined) {
    return fail(
      `unknown provider '${providerText}' (use ${PROVIDER_IDS.join(', ')} or *; for a function on every provider write */${providerText})`,
    );
  }
  return { provider: entry.id, functionPattern };
}

function parseFault(name: string, paramText: string | undefined, fail: (reason: string) => never): Fault {
  const status = /^http-(\d{3})$/.exec(name);
  const kind: Fault['kind'] | undefined =
    status !== null ? 'http-status' : (ALIASES[name] ?? (name in PARAMS ? (name as Fault['kind']) : undefined));
  if (kind === undefined) {
    return fail(`unknown fault '${name}' (known: ${FAULT_NAMES.join(', ')})`);
  }
  const params = parseParams(paramText ?? '', PARAMS[kind], fail);
  const number = (key: string, fallback: number) => (typeof params[key] === 'number' ? (params[key] as number) : fallback);
  const text = (key: string) => (typeof params[key] === 'string' ? (params[key] as string) : undefined);
  switch (kind) {
    case 'latency':
      return { kind, ms: number('ms', 1000) };
    case 'trickle':
      return { kind, bytes: number('bytes', 16), intervalMs: number('ms', 100) };
    case 'http-status': {
      const code = Number(status![1]);
      if (code < 400 || code > 599) fail(`http-${code}: the status must be from 400 to 599`);
      return { kind, status: code, retryAfter: text('retry-after') };
    }
    case 'wrong-content-type':
      return { kind, value: text('value') ?? 'text/html; charset=utf-8' };
    case 'huge-log-header':
      return { kind, bytes: number('bytes', DEFAULT_HUGE_HEADER_BYTES) };
    default:
      return { kind };
  }
}

function parseParams(
  text: string,
  spec: ParamSpec,
  fail: (reason: string) => never,
): Record<string, number | string> {
  const result: Record<string, number | string> = {};
  const parts = splitTopLevel(text, /,/).map((part) => part.trim());
  if (parts.length === 1 && parts[0] === '') return result;
  parts.forEach((part, index) => {
    const equals = part.indexOf('=');
    const bare = equals === -1 || /^"/.test(part);
    const key = bare ? spec.main : part.slice(0, equals).trim().toLowerCase();
    const rawValue = unquote(bare ? part : part.slice(equals + 1).trim());
    const known = Object.keys(spec.read);
    if (key === undefined || (bare && index > 0)) {
      fail(known.length === 0 ? 'this fault takes no parameters' : `write parameters as key=value (${known.join(', ')})`);
    }
    const read = spec.read[key!];
    if (read === undefined) {
      fail(`unknown parameter '${key!}'${known.length === 0 ? ': this fault takes none' : ` (known: ${known.join(', ')})`}`);
    }
    try {
      result[key!] = read!(rawValue);
    } catch (error) {
      fail(`${key!}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return result;
}

function parseTrigger(text: string, fail: (reason: string) => never): FaultTrigger {
  if (text === 'always') return { kind: 'always' };
  const counted = /^(every|first)\s*=\s*(\d+)$/.exec(text);
  if (counted !== null) {
    const n = Number(counted[2]);
    if (!Number.isSafeInteger(n) || n < 1) fail(`${counted[1]}= takes a whole number of at least 1`);
    return counted[1] === 'every' ? { kind: 'every', n } : { kind: 'first', n };
  }
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text);
  const probability = percent !== null ? Number(percent[1]) / 100 : /^(0|1)?(\.\d+)?$/.test(text) && text !== '' && text !== '.' ? Number(text) : Number.NaN;
  if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
    return fail(`'@${text}' is not a trigger: use @always, a probability such as @0.25 or @25%, @every=N or @first=N`);
  }
  return { kind: 'probability', probability };
}

function fires(trigger: FaultTrigger, count: number, draw: number): boolean {
  switch (trigger.kind) {
    case 'always':
      return true;
    case 'probability':
      return draw < trigger.probability;
    case 'every':
      return count % trigger.n === 0;
    case 'first':
      return count <= trigger.n;
    default: {
      const unreachable: never = trigger;
      return unreachable;
    }
  }
}

function targets(rule: FaultRule, provider: ProviderId, functionNames: readonly string[]): boolean {
  if (rule.provider !== '*' && rule.provider !== provider) return false;
  if (rule.functionPattern === '*') return true;
  const pattern = new RegExp(`^${rule.functionPattern.split('*').map(escapeRegExp).join('.*')}$`);
  return functionNames.some((name) => pattern.test(name));
}

/** A duration: milliseconds, or a number with `ms` or `s`. */
function readDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(value);
  if (match === null) throw new Error(`'${value}' is not a duration (e.g. 250, 250ms or 1.5s)`);
  const ms = Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1000 : 1);
  if (!Number.isFinite(ms) || ms > 24 * 3600 * 1000) throw new Error(`'${value}' is out of range (at most a day)`);
  return Math.round(ms);
}

/** A size in bytes: a number, optionally with k/kb/kib or m/mb/mib (all binary). */
function readBytes(value: string, minimum: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*(k|kb|kib|m|mb|mib)?$/i.exec(value);
  if (match === null) throw new Error(`'${value}' is not a size (e.g. 512, 64kb or 2mb)`);
  const unit = (match[2] ?? '').toLowerCase();
  const bytes = Math.round(Number(match[1]) * (unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1));
  if (bytes < minimum || bytes > 64 * 1024 * 1024) throw new Error(`'${value}' is out of range (${minimum} byte to 64 MiB)`);
  return bytes;
}

/** Retry-After: delay seconds, or an HTTP date (kept as written). */
function readRetryAfter(value: string): string {
  if (/^\d+$/.test(value) || !Number.isNaN(Date.parse(value))) return value;
  throw new Error(`'${value}' is neither a number of seconds nor an HTTP date`);
}

function readHeaderValue(value: string): string {
  if (value === '' || /[^\t\x20-\x7e]/.test(value)) throw new Error('a header value must be non-empty printable ASCII');
  return value;
}

/** Splits at `separator` outside parentheses and double quotes. */
function splitTopLevel(text: string, separator: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && separator.test(char)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Splits at the first top-level `char`. */
function splitOnce(text: string, char: string): [string, string | undefined] {
  const index = indexTopLevel(text, char);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

function indexTopLevel(text: string, wanted: string): number {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === wanted && depth === 0) return i;
    else if (!quoted && char === '(') depth += 1;
    else if (!quoted && char === ')') depth = Math.max(0, depth - 1);
  }
  return -1;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

function specError(reason: string): UsageError {
  return new UsageError(`--faults: ${reason}`, {
    code: 'usage.faults',
    hint: 'see "Fault injection" in docs/emulator.md, e.g. --faults "aliyun:reset-mid-body@0.5; */hello:latency(200)"',
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A 32-bit seed from the user's seed and a rule's position (splitmix-style finaliser). */
function mix(seed: number, salt: number): number {
  let h = (seed ^ Math.imul(salt, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; enough for fault dice, not for secrets. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
