/**
 * Property tests of the five signers: for any request they can be given, signing is deterministic and leaves the
 * input alone, and the signature changes when any part it covers changes by one character or one second.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProviderId } from '../../src/providers/registry.js';
import { PROVIDERS } from '../helpers/providers.js';
import { PROVIDER_IDS, signatureOf } from './cases.js';
import { fuzzRuns, propertyChecker, signableInputs, signingContext, signingCredentials } from './fuzz.js';
import type { HttpRequest, KeyCredentials, SigningContext } from '../../src/providers/types.js';

/** Cases per property (FCINVOKE_FUZZ_RUNS raises it for a longer local hunt). */
const check = propertyChecker(fuzzRuns(300));

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

/** SDK-HMAC-SHA256 signs the same parts on either FunctionGraph cloud. */
const FUNCTIONGRAPH_MUTATIONS: Record<string, Mutation> = {
  body: mutateBody,
  secret: mutateSecret,
  date: mutateTime,
  hostname: mutateHostname,
  path: mutatePath,
  header: mutateHeader(['content-type', 'x-project-id', 'x-cff-log-type', 'x-cff-request-version']),
};

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
  huawei: FUNCTIONGRAPH_MUTATIONS,
  otc: FUNCTIONGRAPH_MUTATIONS,
};

const inputs = (provider: ProviderId) =>
  signableInputs(provider, ['https://scf.tencentcloudapi.com', 'http://127.0.0.1:9000', 'https://api.example.com:8443']);

function cases(provider: ProviderId): fc.Arbitrary<Case> {
  return fc.record({ input: inputs(provider), credentials: signingCredentials, context: signingContext }).map(({ input, credentials: keys, context: at }) => ({
    request: PROVIDERS[provider].buildRequest(input),
    credentials: keys,
    context: at,
  }));
}

function sign(provider: ProviderId, signing: Case): HttpRequest {
  return PROVIDERS[provider].sign(signing.request, signing.credentials, signing.context);
}

describe.each(PROVIDER_IDS)('the %s signer, fuzzed', (provider) => {
  it('signs the same inputs the same way and leaves the request it was given untouched', () => {
    check(`${provider} sign deterministic`, cases(provider), (signing) => {
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
    check(
      `${provider} sign sensitive`,
      fc.tuple(cases(provider), fc.constantFrom(...Object.keys(mutations)), fc.nat()),
      ([signing, part, position]) => {
        const mutated = mutations[part]!(signing, position);
        expect(signatureOf(sign(provider, mutated)), part).not.toBe(signatureOf(sign(provider, signing)));
      },
    );
  });
});
