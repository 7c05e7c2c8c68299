/**
 * Property tests of the five signers: for any request they can be given, signing is deterministic and leaves the
 * input alone, and the signature changes when any part it covers changes by one character or one second.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliyunFc2Provider } from '../../src/providers/aliyun-fc2/index.js';
import { aliyunProvider } from '../../src/providers/aliyun/index.js';
import { huaweiProvider } from '../../src/providers/huawei/index.js';
import { otcProvider } from '../../src/providers/otc/index.js';
import { tencentV2Provider } from '../../src/providers/tencent-v2/index.js';
import { tencentProvider } from '../../src/providers/tencent/index.js';
import type { ProviderId } from '../../src/providers/registry.js';
import type { HttpRequest, InvokeInput, KeyCredentials, Provider, SigningContext } from '../../src/providers/types.js';

/** Cases per property (FCINVOKE_FUZZ_RUNS raises it for a longer local hunt). */
const NUM_RUNS = Number(process.env['FCINVOKE_FUZZ_RUNS'] ?? 300);

function checkProperty<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => void): void {
  const details = fc.check(fc.property(arbitrary, predicate), { numRuns: NUM_RUNS });
  console.log(`fuzz ${name}: ${details.numRuns} cases ${details.failed ? 'until a failure' : 'passed'} (seed ${details.seed})`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${name} failed`);
  expect(details.numRuns).toBe(NUM_RUNS);
}

const PROVIDERS: Record<ProviderId, Provider> = {
  tencent: tencentProvider,
  'tencent-v2': tencentV2Provider,
  aliyun: aliyunProvider,
  'aliyun-fc2': aliyunFc2Provider,
  huawei: huaweiProvider,
  otc: otcProvider,
};

/** One signing: the built request plus everything else the signer reads. */
interface Case {
  request: HttpRequest;
  credentials: KeyCredentials;
  context: SigningContext;
}

/** A change to one signed part of a case, at a position chosen by the fuzzer. */
type Mutation = (signing: Case, position: number) => Case;

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `text` with the character at `position` (mod length) replaced by a different one from `alphabet`. */
function mutateText(text: string, position: number, alphabet = ALPHANUMERIC): string {
  if (text === '') return alphabet[0]!;
  const at = position % text.length;
  const current = text[at]!;
  const replacement = alphabet[(alphabet.indexOf(current) + 1 + (position % (alphabet.length - 1))) % alphabet.length]!;
  return `${text.slice(0, at)}${replacement === current ? alphabet[(alphabet.indexOf(current) + 1) % alphabet.length] : replacement}${text.slice(at + 1)}`;
}

const mutateBody: Mutation = (signing, position) => {
  const body = Uint8Array.from(signing.request.body);
  const at = position % Math.max(body.byteLength, 1);
  if (body.byteLength === 0) return { ...signing, request: { ...signing.request, body: Uint8Array.of(0x20) } };
  body[at] = body[at]! ^ (1 + (position % 255));
  return { ...signing, request: { ...signing.request, body } };
};

const mutateSecret: Mutation = (signing, position) => ({
  ...signing,
  credentials: { ...signing.credentials, accessKeySecret: mutateText(signing.credentials.accessKeySecret, position) },
});

const mutateTime: Mutation = (signing, position) => ({
  ...signing,
  context: { ...signing.context, now: new Date(signing.context.now.getTime() + 1000 * (1 + (position % 86_400))) },
});

const mutateNonce: Mutation = (signing, position) => ({
  ...signing,
  context: { ...signing.context, nonce: ((signing.context.nonce + 1 + (position % 1000)) % (2 ** 31 - 2)) + 1 },
});

const mutateHostname: Mutation = (signing, position) => {
  const url = new URL(signing.request.url);
  const labels = url.hostname.split('.');
  const index = position % labels.length;
  const ipv4 = /^\d+(\.\d+){3}$/.test(url.hostname);
  // An IPv4 address stays one (the URL setter ignores an invalid host): change an octet instead of a letter.
  labels[index] = ipv4
    ? String((Number(labels[index]) + 1 + (position % 200)) % 256)
    : mutateText(labels[index]!, position >> 3, 'abcdefghijklmnopqrstuvwxyz');
  const before = url.hostname;
  url.hostname = labels.join('.');
  expect(url.hostname).not.toBe(before);
  return { ...signing, request: { ...signing.request, url: url.toString() } };
};

/** Changes one character of the function name's segment of the path (the name is in the path for FC and FGS). */
const mutatePath: Mutation = (signing, position) => {
  const url = new URL(signing.request.url);
  const segments = url.pathname.split('/');
  const index = segments.findIndex((segment, i) => i > 0 && /invocations/.test(segments[i + 1] ?? ''));
  segments[index] = mutateText(segments[index]!, position);
  url.pathname = segments.join('/');
  return { ...signing, request: { ...signing.request, url: url.toString() } };
};

/** Changes one character of the value of a header the scheme signs. */
function mutateHeader(names: readonly string[]): Mutation {
  return (signing, position) => {
    const present = Object.keys(signing.request.headers).filter((name) => names.includes(name.toLowerCase()));
    const name = present[position % present.length]!;
    const headers = { ...signing.request.headers, [name]: mutateText(signing.request.headers[name]!, position >> 4) };
    return { ...signing, request: { ...signing.request, headers } };
  };
}

/** Changes one character of one form parameter's value (the legacy API signs every parameter). */
const mutateFormParam: Mutation = (signing, position) => {
  const params = [...new URLSearchParams(new TextDecoder().decode(signing.request.body))];
  const index = position % params.length;
  params[index] = [params[index]![0], mutateText(params[index]![1], position >> 4)];
  const body = new TextEncoder().encode(new URLSearchParams(params).toString());
  return { ...signing, request: { ...signing.request, body } };
};

const mutateMethod: Mutation = (signing) => ({
  ...signing,
  request: { ...signing.request, method: signing.request.method === 'POST' ? 'GET' : 'POST' },
});

/** The signed parts of each scheme (providers.md §1.3, §2.3, §3.3, §4.3, §5.3) and how to change each. */
const MUTATIONS: Record<ProviderId, Record<string, Mutation>> = {
  tencent: {
    body: mutateBody,
    secret: mutateSecret,
    timestamp: mutateTime,
    hostname: mutateHostname,
    'content-type': mutateHeader(['content-type']),
  },
  'tencent-v2': {
    parameter: mutateFormParam,
    secret: mutateSecret,
    timestamp: mutateTime,
    nonce: mutateNonce,
    hostname: mutateHostname,
    method: mutateMethod,
  },
  aliyun: {
    body: mutateBody,
    secret: mutateSecret,
    date: mutateTime,
    nonce: mutateNonce,
    hostname: mutateHostname,
    path: mutatePath,
    'content-type': mutateHeader(['content-type']),
  },
  'aliyun-fc2': {
    body: mutateBody,
    secret: mutateSecret,
    date: mutateTime,
    path: mutatePath,
    'x-fc-* header': mutateHeader(['x-fc-invocation-type', 'x-fc-log-type', 'x-fc-account-id']),
    'content-type': mutateHeader(['content-type']),
  },
  huawei: {
    body: mutateBody,
    secret: mutateSecret,
    date: mutateTime,
    hostname: mutateHostname,
    path: mutatePath,
    header: mutateHeader(['content-type', 'x-project-id', 'x-cff-log-type', 'x-cff-request-version']),
  },
  otc: {
    body: mutateBody,
    secret: mutateSecret,
    date: mutateTime,
    hostname: mutateHostname,
    path: mutatePath,
    header: mutateHeader(['content-type', 'x-project-id', 'x-cff-log-type', 'x-cff-request-version']),
  },
};

/** The signature itself, wherever the scheme puts it. */
function signatureOf(signed: HttpRequest): string {
  const authorization = Object.entries(signed.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  if (authorization !== undefined) return /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? authorization.replace(/^FC [^:]+:/, '');
  return new URLSearchParams(new TextDecoder().decode(signed.body)).get('Signature') ?? new URL(signed.url).searchParams.get('Signature') ?? '';
}

const event = fc.jsonValue({ maxDepth: 3 }).map((value) => new TextEncoder().encode(JSON.stringify(value) ?? 'null'));
const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,20}[A-Za-z0-9]$/);

function inputs(provider: ProviderId): fc.Arbitrary<InvokeInput> {
  return fc.record({
    functionName: provider === 'aliyun-fc2' ? fc.tuple(name, name).map(([service, fn]) => `${service}/${fn}`) : name,
    event,
    invocationType: fc.constantFrom('sync' as const, 'async' as const),
    logs: fc.boolean(),
    endpoint: fc.constantFrom('https://scf.tencentcloudapi.com', 'http://127.0.0.1:9000', 'https://api.example.com:8443'),
    qualifier: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/), { nil: undefined }),
    region: fc.constantFrom('ap-guangzhou', 'cn-hangzhou', 'cn-north-4'),
  }).map((varying) => ({
    provider,
    accountId: '1234567890123456',
    projectId: '0123456789abcdef0123456789abcdef',
    ...varying,
  }));
}

const credentials: fc.Arbitrary<KeyCredentials> = fc.record({
  kind: fc.constant('keys' as const),
  accessKeyId: fc.stringMatching(/^[A-Za-z0-9]{8,40}$/),
  accessKeySecret: fc.stringMatching(/^[A-Za-z0-9+/]{16,48}$/),
  securityToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{8,64}$/), { nil: undefined }),
});

const context: fc.Arbitrary<SigningContext> = fc.record({
  now: fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
  nonce: fc.integer({ min: 1, max: 2 ** 31 - 2 }),
});

function cases(provider: ProviderId): fc.Arbitrary<Case> {
  return fc.record({ input: inputs(provider), credentials, context }).map(({ input, credentials: keys, context: at }) => ({
    request: PROVIDERS[provider].buildRequest(input),
    credentials: keys,
    context: at,
  }));
}

function sign(provider: ProviderId, signing: Case): HttpRequest {
  return PROVIDERS[provider].sign(signing.request, signing.credentials, signing.context);
}

describe.each(Object.keys(PROVIDERS) as ProviderId[])('the %s signer, fuzzed', (provider) => {
  it('signs the same inputs the same way and leaves the request it was given untouched', () => {
    checkProperty(`${provider} sign deterministic`, cases(provider), (signing) => {
      const before = structuredClone(signing.request);
      const first = sign(provider, signing);
      const second = sign(provider, signing);
      expect(second).toEqual(first);
      expect(signing.request).toEqual(before);
      expect(signatureOf(first)).not.toBe('');
    });
  });

  const mutations = MUTATIONS[provider];
  it(`changes the signature when any signed part changes (${Object.keys(mutations).join(', ')})`, () => {
    checkProperty(
      `${provider} sign sensitive`,
      fc.tuple(cases(provider), fc.constantFrom(...Object.keys(mutations)), fc.nat()),
      ([signing, part, position]) => {
        const mutated = mutations[part]!(signing, position);
        expect(signatureOf(sign(provider, mutated)), part).not.toBe(signatureOf(sign(provider, signing)));
      },
    );
  });
});
