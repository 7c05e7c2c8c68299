/**
 * The provider conformance table's shared rows: for every provider, a valid invocation to start from, its fake
 * keys, and its recorded response fixtures. The concern tables beside this file (vectors, oracles, fuzzing,
 * responses) and the per-provider test files build on these instead of each writing their own `input()`.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { InvocationResult } from '../../src/core/result.js';
import type { ProviderId } from '../../src/providers/registry.js';
import type { HttpRequest, InvokeInput, KeyCredentials, RawResponse } from '../../src/providers/types.js';
import { CLOUD } from '../helpers/providers.js';
import { FAKE } from '../helpers/secrets.js';

export const PROVIDER_IDS = Object.keys(CLOUD) as ProviderId[];

/** What each provider needs besides the common fields, for a call its validator accepts. */
const VALID: Record<ProviderId, Omit<InvokeInput, 'provider' | 'event' | 'invocationType' | 'logs'>> = {
  tencent: { functionName: 'hello', endpoint: 'https://scf.tencentcloudapi.com', region: 'ap-guangzhou' },
  'tencent-v2': { functionName: 'hello', endpoint: 'https://scf.api.qcloud.com', region: 'ap-guangzhou' },
  aliyun: {
    functionName: 'hello',
    endpoint: `https://${FAKE.aliyun.account}.cn-hangzhou.fc.aliyuncs.com`,
    region: 'cn-hangzhou',
    accountId: FAKE.aliyun.account,
  },
  'aliyun-fc2': {
    functionName: 'demo/hello',
    endpoint: `https://${FAKE.aliyun.account}.cn-hangzhou.fc.aliyuncs.com`,
    region: 'cn-hangzhou',
    accountId: FAKE.aliyun.account,
  },
  huawei: {
    functionName: 'hello',
    endpoint: 'https://functiongraph.cn-north-4.myhuaweicloud.com',
    region: 'cn-north-4',
    projectId: FAKE.huawei.project,
  },
  otc: {
    functionName: 'hello',
    endpoint: 'https://functiongraph.eu-de.otc.t-systems.com',
    region: 'eu-de',
    projectId: FAKE.otc.project,
  },
};

/** A valid sync invocation of `provider` with an `{}` event and logs on, changed by `overrides`. */
export function inputFor(provider: ProviderId, overrides: Partial<InvokeInput> = {}): InvokeInput {
  return {
    provider,
    event: new TextEncoder().encode('{}'),
    invocationType: 'sync',
    logs: true,
    ...VALID[provider],
    ...overrides,
  };
}

/** `inputFor` bound to one provider, for files about that provider alone. */
export function inputMaker(provider: ProviderId): (overrides?: Partial<InvokeInput>) => InvokeInput {
  return (overrides = {}) => inputFor(provider, overrides);
}

/** The provider's fake long-term keys (test/helpers/secrets.ts), or its STS keys with a session token. */
export function keysFor(provider: ProviderId, session = false): KeyCredentials {
  const fake = FAKE[CLOUD[provider]];
  const keys: KeyCredentials = { kind: 'keys', accessKeyId: fake.id, accessKeySecret: fake.secret };
  if (!session) return keys;
  const token = 'token' in fake ? fake.token : 'FAKEotcSESSIONtoken';
  const stsId = 'stsId' in fake ? fake.stsId : fake.id;
  return { ...keys, accessKeyId: stsId, securityToken: token };
}

/**
 * A recorded response from test/fixtures/<provider>/<name>.json: `{status, headers, body}` with the body as text,
 * or `json` for a body written as a JSON value.
 */
export function fixture(provider: ProviderId, name: string): RawResponse {
  const url = new URL(`../fixtures/${provider}/${name}.json`, import.meta.url);
  const raw = JSON.parse(readFileSync(url, 'utf8')) as { status: number; headers: Record<string, string>; body?: string; json?: unknown };
  const text = raw.json === undefined ? (raw.body ?? '') : JSON.stringify(raw.json);
  return { status: raw.status, headers: raw.headers, body: new TextEncoder().encode(text) };
}

/** The error `action` throws (fails the test when it throws none). */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  expect.unreachable('expected an error');
}

/** The metrics of a result that reported none. */
export const NO_METRICS = { durationMs: null, billedDurationMs: null, memoryUsedBytes: null } as const;

/** The identity fields of a sync result for `function` (no qualifier, no function request id), to spread into an expectation. */
export function resultBase(provider: ProviderId, fn: string = VALID[provider].functionName) {
  return { provider, function: fn, qualifier: null, invocationType: 'sync', functionRequestId: null } as const;
}

/**
 * The whole normalized result a parser should give for `provider`: the sync identity of `resultBase`, no result,
 * logs, metrics or error, then `fields` (only what the case is about).
 */
export function expectedResult(provider: ProviderId, fields: Record<string, unknown>): Record<string, unknown> {
  return { ...resultBase(provider), result: null, logs: null, metrics: NO_METRICS, error: null, ...fields };
}

/** The signature itself, wherever the provider's scheme puts it (Authorization header, form body or query). */
export function signatureOf(signed: HttpRequest): string {
  const authorization = Object.entries(signed.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  if (authorization !== undefined) return /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? authorization.replace(/^FC [^:]+:/, '');
  return new URLSearchParams(new TextDecoder().decode(signed.body)).get('Signature') ?? new URL(signed.url).searchParams.get('Signature') ?? '';
}

/** A typed sync result of `provider` for a hand-built `Invocation`: `expectedResult`'s defaults, then `fields`. */
export function resultOf(provider: ProviderId, fields: Partial<InvocationResult> & Pick<InvocationResult, 'status'>): InvocationResult {
  return expectedResult(provider, fields) as unknown as InvocationResult;
}

/** The error of type `type` that `promise` rejects with (fails the test on any other outcome). */
export async function rejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(type);
  return outcome as E;
}
