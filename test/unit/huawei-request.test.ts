/** FunctionGraph request building and validation: URNs, short names, qualifiers, identifiers and size limits. */
import { describe, expect, it } from 'vitest';
import { ConfigError, InputError } from '../../src/core/errors.js';
import {
  buildHuaweiRequest,
  huaweiDefaultEndpoint,
  parseFunctionUrn,
  resolveFunctionUrn,
  validateHuaweiInput,
} from '../../src/providers/huawei/request.js';
import { inputMaker, thrown } from '../conformance/cases.js';
import { FAKE } from '../helpers/secrets.js';

const PROJECT = FAKE.huawei.project;
const input = inputMaker('huawei');

describe('function URNs', () => {
  it('parses 8-part URNs with versions and aliases, and 7-part URNs without', () => {
    expect(parseFunctionUrn(`urn:fss:cn-north-4:${PROJECT}:function:default:fn:!prod`)).toEqual({
      region: 'cn-north-4',
      projectId: PROJECT,
      package: 'default',
      name: 'fn',
      qualifier: '!prod',
    });
    expect(parseFunctionUrn(`urn:fss:cn-north-4:${PROJECT}:function:pkg:fn`)?.qualifier).toBeUndefined();
    expect(parseFunctionUrn(`urn:fss:cn-north-4:${PROJECT}:trigger:pkg:fn:1`)).toBeUndefined();
    expect(parseFunctionUrn('urn:fss:cn-north-4')).toBeUndefined();
  });

  it('completes a short name with package default, version latest, region and project', () => {
    expect(resolveFunctionUrn(input())).toEqual({
      region: 'cn-north-4',
      projectId: PROJECT,
      package: 'default',
      name: 'hello',
      qualifier: 'latest',
    });
    expect(resolveFunctionUrn(input({ functionName: 'orders/process', qualifier: '3' }))).toMatchObject({
      package: 'orders',
      name: 'process',
      qualifier: '3',
    });
  });

  it('spells an alias qualifier as !name, accepting alias:name too', () => {
    expect(resolveFunctionUrn(input({ qualifier: '!prod' })).qualifier).toBe('!prod');
    expect(resolveFunctionUrn(input({ qualifier: 'alias:prod' })).qualifier).toBe('!prod');
  });

  it('adds --qualifier to a 7-part URN and refuses a conflicting one', () => {
    const base = `urn:fss:cn-north-4:${PROJECT}:function:default:fn`;
    expect(resolveFunctionUrn(input({ functionName: base, qualifier: '2' })).qualifier).toBe('2');
    expect(thrown(() => resolveFunctionUrn(input({ functionName: `${base}:1`, qualifier: '2' })))).toBeInstanceOf(InputError);
  });

  it('refuses a URN whose region or project disagrees with --region / --project-id', () => {
    const urn = `urn:fss:cn-east-3:${PROJECT}:function:default:fn:latest`;
    expect(String(thrown(() => resolveFunctionUrn(input({ functionName: urn }))))).toContain('HUAWEICLOUD_SDK_REGION');
    const other = `urn:fss:cn-north-4:ffffffffffffffffffffffffffffffff:function:default:fn:latest`;
    expect(String(thrown(() => resolveFunctionUrn(input({ functionName: other }))))).toContain('HUAWEICLOUD_SDK_PROJECT_ID');
  });
});

describe('identifiers and the endpoint', () => {
  it('names the flag and the variable when the project id or region is missing', () => {
    const noProject = thrown(() => validateHuaweiInput(input({ projectId: undefined })));
    expect(noProject).toBeInstanceOf(ConfigError);
    expect(String(noProject)).toMatch(/--project-id.*HUAWEICLOUD_SDK_PROJECT_ID/);
    const noRegion = thrown(() => huaweiDefaultEndpoint(input({ region: undefined })));
    expect(noRegion).toBeInstanceOf(ConfigError);
    expect(String(noRegion)).toMatch(/--region.*HUAWEICLOUD_SDK_REGION/);
  });

  it('takes the region and project from a full URN when no flags are given', () => {
    const urn = `urn:fss:ap-southeast-1:${PROJECT}:function:default:fn:latest`;
    const urnInput = input({ functionName: urn, region: undefined, projectId: undefined });
    expect(huaweiDefaultEndpoint(urnInput)).toBe('https://functiongraph.ap-southeast-1.myhuaweicloud.com');
    expect(() => validateHuaweiInput(urnInput)).not.toThrow();
  });

  it('refuses bad names, packages, qualifiers and regions with exit-2 input errors', () => {
    for (const bad of [
      input({ functionName: '9starts-with-digit' }),
      input({ functionName: 'has space' }),
      input({ functionName: 'a'.repeat(61) }),
      input({ functionName: 'bad pkg/fn' }),
      input({ qualifier: '!' }),
      input({ qualifier: 'v1/2' }),
      input({ region: 'Not_A_Region' }),
      input({ functionName: 'urn:fss:only:three' }),
    ]) {
      const error = thrown(() => validateHuaweiInput(bad));
      expect(error, bad.functionName).toBeInstanceOf(InputError);
      expect((error as InputError).exitCode).toBe(2);
    }
  });

  it('enforces 6 MB for sync and 256 KB for async events', () => {
    // A JSON object of exactly `bytes` bytes: FunctionGraph takes objects only.
    const objectOf = (bytes: number) => new TextEncoder().encode(`{"x":"${'a'.repeat(bytes - 8)}"}`);
    const at = (bytes: number, invocationType: 'sync' | 'async') => input({ event: objectOf(bytes), invocationType });
    expect(() => validateHuaweiInput(at(6 * 1024 * 1024, 'sync'))).not.toThrow();
    expect((thrown(() => validateHuaweiInput(at(6 * 1024 * 1024 + 1, 'sync'))) as InputError).code).toBe('input.event_too_large');
    expect(() => validateHuaweiInput(at(256 * 1024, 'async'))).not.toThrow();
    expect((thrown(() => validateHuaweiInput(at(256 * 1024 + 1, 'async'))) as InputError).code).toBe('input.event_too_large');
  });
});

describe("the request body and headers of the seed's Tables 2 and 3", () => {
  it('accepts the seed\'s example body, a JSON object, and refuses any other JSON value before sending', () => {
    const seedExample = new TextEncoder().encode('{\n"k" : "v"\n}');
    expect(() => validateHuaweiInput(input({ event: seedExample }))).not.toThrow();
    expect(() => validateHuaweiInput(input({ event: new TextEncoder().encode(' \n {}') }))).not.toThrow();
    for (const text of ['[1,2]', '"text"', '42', 'null', 'true', '']) {
      for (const invocationType of ['sync', 'async'] as const) {
        const error = thrown(() => validateHuaweiInput(input({ event: new TextEncoder().encode(text), invocationType })));
        expect(error, text).toBeInstanceOf(InputError);
        expect(error).toMatchObject({ code: 'input.event_not_object', exitCode: 2 });
        expect(String(error)).toContain('must be a JSON object');
      }
    }
  });

  it('sends X-CFF-Request-Version v1 by default and v0 when asked, on sync calls only', () => {
    expect(buildHuaweiRequest(input()).headers['X-CFF-Request-Version']).toBe('v1');
    expect(buildHuaweiRequest(input({ requestVersion: 'v0' })).headers['X-CFF-Request-Version']).toBe('v0');
    expect(buildHuaweiRequest(input({ requestVersion: 'v1' })).headers['X-CFF-Request-Version']).toBe('v1');
    expect(buildHuaweiRequest(input({ invocationType: 'async' })).headers).not.toHaveProperty('X-CFF-Request-Version');
  });

  it('refuses a request version other than v0 or v1, and one given for an async call', () => {
    const bogus = thrown(() => validateHuaweiInput(input({ requestVersion: 'v2' as never })));
    expect(bogus).toMatchObject({ code: 'input.request_version', exitCode: 2 });
    const async = thrown(() => validateHuaweiInput(input({ requestVersion: 'v0', invocationType: 'async' })));
    expect(async).toMatchObject({ code: 'input.request_version', exitCode: 2 });
  });
});

describe('the built request', () => {
  it('sends the event bytes unchanged and omits the log header with logs off', () => {
    const event = new TextEncoder().encode('{ "spaced" : "as typed" }');
    const request = buildHuaweiRequest(input({ event, logs: false }));
    expect(request.body).toBe(event);
    expect(request.headers).toEqual({ 'Content-Type': 'application/json', 'X-Project-Id': PROJECT, 'X-CFF-Request-Version': 'v1' });
  });
});
