/**
 * Conformance concern "oracles": our request, built and signed, against the one the provider's official SDK
 * (a devDependency, test oracle only) builds and signs for the same invocation at the same frozen instant. Each
 * provider's oracle (test/oracle/<id>.ts) drives its SDK with the network replaced by a recorder and lists what
 * must agree; oracle.test.ts runs them all.
 */
import type { ProviderId } from '../../src/providers/registry.js';

/** What an SDK tried to send, as its replaced network call saw it. */
export interface Captured<Body> {
  url: string;
  headers: Record<string, string>;
  body: Body;
}

/** One thing that must agree: a label, our value, the SDK's value. */
export type Agreement = readonly [label: string, ours: unknown, sdk: unknown];

export interface OracleCase {
  name: string;
}

export interface Oracle<C extends OracleCase = OracleCase> {
  /** The official package and version the signatures are compared with. */
  sdk: string;
  /** Swaps the SDK's network call for a recorder; returns what puts it back. */
  install(): () => void;
  /** Deterministic, varied cases, so a failure reproduces. */
  cases: readonly C[];
  /** What the cases must include (each must hold), besides their number. */
  coverage: Array<readonly [label: string, holds: boolean]>;
  minimumCases: number;
  /** Our request and the SDK's for one case; `secret` replaces our secret (the SDK keeps the real one). */
  compare(testCase: C, secret?: string): Promise<Agreement[]>;
}


/** Replaces `object[key]` with `replacement` (an SDK's network call) until the returned function puts it back. */
export function swap<T extends object, K extends keyof T>(object: T, key: K, replacement: T[K]): () => void {
  const original = object[key];
  object[key] = replacement;
  return () => {
    object[key] = original;
  };
}

/** What an SDK last tried to send, as its replaced network call saw it. */
export class Recorder<T> {
  private last: T | undefined;

  record(value: T): void {
    this.last = value;
  }

  reset(): void {
    this.last = undefined;
  }

  /** The recorded request; fails when the SDK sent nothing. */
  take(): T {
    if (this.last === undefined) throw new Error('the SDK sent nothing');
    return this.last;
  }
}
