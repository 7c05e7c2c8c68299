/**
 * Property tests of the emulator's five signature verifiers against fcinvoke's signers: every request a signer
 * produces is accepted as it arrives on the wire, and changing one character of any signed part (body, a signed
 * header, the path, the signature) gets it refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyFcSignature } from '../../src/providers/aliyun-fc2/emulator/verify.js';
import { NonceLedger, verifyAcs3 } from '../../src/providers/aliyun/emulator/verify.js';
import { verifyHuaweiAuth } from '../../src/providers/huawei/emulator/verify.js';
import { readRequestParams, verifyQcloudV2 } from '../../src/providers/tencent-v2/emulator/verify.js';
import { verifyTc3 } from '../../src/providers/tencent/emulator/verify.js';
import type { EmulatorContext, EmulatorKey, EmulatorRequest } from '../../src/providers/emulator-api.js';
import { verifyOtcAuth } from '../../src/providers/otc/emulator/verify.js';
import type { ProviderId } from '../../src/providers/registry.js';
import { PROVIDERS } from '../helpers/providers.js';
import { PROVIDER_IDS } from './cases.js';
import { fuzzRuns, propertyChecker, signableInputs, signingContext, signingCredentials } from './fuzz.js';
import type { InvokeInput, KeyCredentials, SigningContext } from '../../src/providers/types.js';

/** Cases per property (FCINVOKE_FUZZ_RUNS raises it for a longer local hunt). */
const check = propertyChecker(fuzzRuns(300));

/** A verifier as a function of (request, keys) → accepted or not; nonce memories are fresh on every call. */
const VERIFY: Record<ProviderId, (request: EmulatorRequest, keys: ReadonlyMap<string, EmulatorKey>) => unknown> = {
  tencent: (request, keys) => verifyTc3(request, keys),
  'tencent-v2': (request, keys) => verifyQcloudV2(request, readRequestParams(request), keys, {} as EmulatorContext),
  aliyun: (request, keys) => verifyAcs3(request, keys, new NonceLedger()),
  'aliyun-fc2': (request, keys) => verifyFcSignature(request, keys),
  huawei: (request, keys) => verifyHuaweiAuth(request, keys),
  otc: (request, keys) => verifyOtcAuth(request, keys),
};

/** A signed request as the emulator receives it, with the key set it checks it against. */
interface Received {
  request: EmulatorRequest;
  keys: ReadonlyMap<string, EmulatorKey>;
}

/** What one signing produces on the wire: undici's request line and headers (Host included), lower-cased by Node. */
function received(provider: ProviderId, input: InvokeInput, credentials: KeyCredentials, context: SigningContext, delayMs: number): Received {
  const implementation = PROVIDERS[provider];
  const signed = implementation.sign(implementation.buildRequest(input), credentials, context);
  const url = new URL(signed.url);
  const headers: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  headers['content-length'] = String(signed.body.byteLength);
  headers['connection'] = 'keep-alive';
  return {
    request: {
      method: signed.method,
      rawUrl: `${url.pathname}${url.search}`,
      headers,
      body: Buffer.from(signed.body),
      receivedAt: new Date(context.now.getTime() + delayMs),
    },
    keys: new Map([[credentials.accessKeyId, { secret: credentials.accessKeySecret, securityToken: credentials.securityToken }]]),
  };
}

/** `text` with the character at `position` (mod length) changed to another of its own kind (digit, letter, other). */
function mutateChar(text: string, position: number): string {
  const at = position % text.length;
  const char = text[at]!;
  const pools = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const pool = pools.find((candidate) => candidate.includes(char)) ?? 'abcdefghijklmnopqrstuvwxyz';
  const replacement = pool[(pool.indexOf(char) + 1 + (position % (pool.length - 1))) % pool.length]!;
  return `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
}

type WireMutation = (request: EmulatorRequest, position: number) => EmulatorRequest;

const body: WireMutation = (request, position) => {
  const bytes = Buffer.from(request.body);
  const at = position % bytes.byteLength;
  bytes[at] = bytes[at]! ^ (1 + (position % 255));
  return { ...request, body: bytes };
};

function header(names: readonly string[]): WireMutation {
  return (request, position) => {
    const present = names.filter((name) => request.headers[name] !== undefined);
    const name = present[position % present.length]!;
    return { ...request, headers: { ...request.headers, [name]: mutateChar(request.headers[name]!, position >> 4) } };
  };
}

/** The host name part of Host: TC3 signs the name without the port, as the official SDK does. */
const hostname: WireMutation = (request, position) => {
  const host = request.headers['host']!;
  const name = host.replace(/:\d+$/, '');
  return { ...request, headers: { ...request.headers, host: `${mutateChar(name, position)}${host.slice(name.length)}` } };
};

/** One character of the function's path segment. */
const path: WireMutation = (request, position) => {
  const [pathname = '', query] = request.rawUrl.split('?');
  const segments = pathname.split('/');
  const index = segments.findIndex((_, i) => /invocations/.test(segments[i + 1] ?? ''));
  segments[index] = mutateChar(segments[index]!, position);
  return { ...request, rawUrl: `${segments.join('/')}${query === undefined ? '' : `?${query}`}` };
};

/** One character of the path the legacy API signs (`/v2/index.php`). */
const legacyPath: WireMutation = (request, position) => {
  const [pathname = '', query] = request.rawUrl.split('?');
  const at = 1 + (position % (pathname.length - 1));
  const mutated = pathname[at] === '/' || pathname[at] === '.' ? pathname : `${pathname.slice(0, at)}${mutateChar(pathname[at]!, position)}${pathname.slice(at + 1)}`;
  return { ...request, rawUrl: `${mutated === pathname ? `${pathname}x` : mutated}${query === undefined ? '' : `?${query}`}` };
};

/** One character of the signature in Authorization. */
const signature: WireMutation = (request, position) => {
  const authorization = request.headers['authorization']!;
  const start = authorization.includes('Signature=') ? authorization.indexOf('Signature=') + 10 : authorization.indexOf(':') + 1;
  const value = authorization.slice(start);
  return { ...request, headers: { ...request.headers, authorization: `${authorization.slice(0, start)}${mutateChar(value, position)}` } };
};

/** One character of one decoded form parameter (legacy API: every parameter is signed), re-encoded. */
const parameter: WireMutation = (request, position) => {
  const params = [...new URLSearchParams(request.body.toString('utf8'))];
  const index = position % params.length;
  const [name, value] = params[index]!;
  params[index] = [name, value === '' ? 'x' : mutateChar(value, position >> 4)];
  const encoded = Buffer.from(new URLSearchParams(params).toString());
  return { ...request, body: encoded, headers: { ...request.headers, 'content-length': String(encoded.byteLength) } };
};

/** SDK-HMAC-SHA256 on the wire, the same on either FunctionGraph cloud. */
const FUNCTIONGRAPH_MUTATIONS: Record<string, WireMutation> = {
  body,
  path,
  signature,
  'signed header': header(['host', 'content-type', 'x-sdk-date', 'x-project-id', 'x-cff-log-type', 'x-cff-request-version']),
};

/** The signed parts of each scheme and how to change one character of each on the wire. */
const MUTATIONS: Record<ProviderId, Record<string, WireMutation>> = {
  tencent: { body, hostname, 'content-type': header(['content-type']), signature, timestamp: header(['x-tc-timestamp']) },
  'tencent-v2': { parameter, host: header(['host']), path: legacyPath },
  aliyun: {
    body,
    path,
    signature,
    'signed header': header(['host', 'content-type', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'x-acs-action', 'x-acs-version']),
  },
  'aliyun-fc2': {
    body,
    path,
    signature,
    'signed header': header(['content-type', 'content-md5', 'date', 'x-fc-invocation-type', 'x-fc-log-type', 'x-fc-account-id']),
  },
  huawei: FUNCTIONGRAPH_MUTATIONS,
  otc: FUNCTIONGRAPH_MUTATIONS,
};

const inputs = (provider: ProviderId) =>
  signableInputs(provider, ['http://127.0.0.1:9000', 'https://scf.tencentcloudapi.com', 'http://localhost:41234']);

function receivedRequests(provider: ProviderId): fc.Arbitrary<Received> {
  // Arrival up to a minute after signing: inside every scheme's clock-skew window.
  return fc
    .tuple(inputs(provider), signingCredentials, signingContext, fc.integer({ min: 0, max: 60_000 }))
    .map(([input, keys, at, delay]) => received(provider, input, keys, at, delay));
}

describe.each(PROVIDER_IDS)('the emulator verifier for %s, fuzzed against the signer', (provider) => {
  const verify = VERIFY[provider];

  it('accepts every request the signer produces', () => {
    check(`${provider} verify accepts`, receivedRequests(provider), ({ request, keys }) => {
      expect(verify(request, keys)).toBeNull();
    });
  });

  const mutations = MUTATIONS[provider];
  it(`refuses a one-character change to any signed part (${Object.keys(mutations).join(', ')})`, () => {
    check(
      `${provider} verify refuses mutations`,
      fc.tuple(receivedRequests(provider), fc.constantFrom(...Object.keys(mutations)), fc.nat()),
      ([{ request, keys }, part, position]) => {
        const mutated = mutations[part]!(request, position);
        expect(mutated, part).not.toEqual(request);
        expect(verify(mutated, keys), part).not.toBeNull();
      },
    );
  });

  it('refuses the request under a different secret', () => {
    check(`${provider} verify refuses other secrets`, fc.tuple(receivedRequests(provider), fc.nat()), ([{ request, keys }, position]) => {
      const [[id, key]] = [...keys] as [[string, EmulatorKey]];
      expect(verify(request, new Map([[id, { ...key, secret: mutateChar(key.secret, position) }]]))).not.toBeNull();
    });
  });
});
