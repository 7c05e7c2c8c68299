/** The `otc` provider's own parts: OTC hosts and regions, its hints, and huawei's refusal of OTC's regions. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { huaweiProvider } from '../../src/providers/huawei/index.js';
import { otcProvider } from '../../src/providers/otc/index.js';
import { findProvider } from '../../src/providers/registry.js';
import { FAKE } from '../helpers/secrets.js';
import { inputMaker } from '../conformance/cases.js';

const PROJECT = FAKE.otc.project;

const input = inputMaker('otc');

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('otc provider', () => {
  it('is found by id and aliases, on a cloud of its own', () => {
    for (const name of ['otc', 'OTC', 'opentelekomcloud', 'otc-fgs']) expect(findProvider(name)?.id).toBe('otc');
    expect(findProvider('otc')?.cloud).toBe('otc');
  });

  it('builds functiongraph.<region>.otc.t-systems.com for eu-de and eu-nl, from --region or the URN', () => {
    expect(otcProvider.defaultEndpoint(input())).toBe('https://functiongraph.eu-de.otc.t-systems.com');
    expect(otcProvider.defaultEndpoint(input({ region: 'eu-nl' }))).toBe('https://functiongraph.eu-nl.otc.t-systems.com');
    const urn = `urn:fss:eu-nl:${PROJECT}:function:default:hello:latest`;
    expect(otcProvider.defaultEndpoint(input({ functionName: urn, region: undefined }))).toBe(
      'https://functiongraph.eu-nl.otc.t-systems.com',
    );
  });

  it('sends the FunctionGraph path and X-Project-Id, signed with SDK-HMAC-SHA256', () => {
    const request = otcProvider.buildRequest(input());
    expect(request.url).toBe(
      `https://functiongraph.eu-de.otc.t-systems.com/v2/${PROJECT}/fgs/functions/urn:fss:eu-de:${PROJECT}:function:default:hello:latest/invocations`,
    );
    expect(request.headers['X-Project-Id']).toBe(PROJECT);
    const signed = otcProvider.sign(
      request,
      { kind: 'keys', accessKeyId: FAKE.otc.id, accessKeySecret: FAKE.otc.secret },
      { now: new Date('2026-01-01T00:00:00Z'), nonce: 1 },
    );
    expect(signed.headers['Authorization']).toMatch(/^SDK-HMAC-SHA256 Access=FAKEOTCAK00000FCINV01, SignedHeaders=.*host.*x-sdk-date/);
    expect(signed.headers['host']).toBe('functiongraph.eu-de.otc.t-systems.com');
  });

  it('sends an OTC IAM token as X-Auth-Token', () => {
    const signed = otcProvider.sign(otcProvider.buildRequest(input()), { kind: 'token', token: 'tok' }, { now: new Date(), nonce: 1 });
    expect(signed.headers['X-Auth-Token']).toBe('tok');
    expect(signed.headers['Authorization']).toBeUndefined();
  });

  it('refuses a region outside OTC with a hint naming its regions, before anything is sent', () => {
    const error = refusal(() => otcProvider.defaultEndpoint(input({ region: 'cn-north-4' })));
    expect(error.code).toBe('input.region');
    expect(error.message).toContain("invalid Open Telekom Cloud region 'cn-north-4'");
    expect(error.hint).toBe('use --region eu-de or --region eu-nl');
    expect(refusal(() => otcProvider.validateInput(input({ region: 'eu-fr' }))).code).toBe('input.region');
  });

  it("checks a URN's region against OTC's regions", () => {
    const urn = `urn:fss:cn-north-4:${PROJECT}:function:default:hello:latest`;
    const error = refusal(() => otcProvider.validateInput(input({ functionName: urn, region: undefined })));
    expect(error.message).toContain("'cn-north-4'");
  });

  it('names the OTC variables in a missing region or project id, and in the authentication hint', () => {
    expect(() => otcProvider.validateInput(input({ region: undefined }))).toThrow(/OTC_SDK_REGION/);
    expect(() => otcProvider.validateInput(input({ projectId: undefined }))).toThrow(/OTC_SDK_PROJECT_ID/);
    expect(otcProvider.hintFor('APIGW.0301')).toContain('OTC_SDK_AK / OTC_SDK_SK');
    expect(otcProvider.hintFor('APIGW.0101')).toContain('https://functiongraph.<region>.otc.t-systems.com');
  });
});

describe('huawei given an OTC region', () => {
  it.each(['eu-de', 'eu-nl'])('refuses %s with a hint naming otc', (region) => {
    const error = refusal(() =>
      huaweiProvider.defaultEndpoint({ ...input({ provider: 'huawei', region }), endpoint: undefined } as never),
    );
    expect(error.message).toBe(`${region} is not a Huawei Cloud FunctionGraph region`);
    expect(error.hint).toContain('otc provider');
    const urn = `urn:fss:${region}:${PROJECT}:function:default:hello:latest`;
    expect(refusal(() => huaweiProvider.validateInput(input({ provider: 'huawei', functionName: urn, region: undefined }))).hint).toContain(
      'fcinvoke invoke otc',
    );
  });

  it('still takes its own regions', () => {
    expect(huaweiProvider.defaultEndpoint(input({ provider: 'huawei', region: 'cn-north-4' }))).toBe(
      'https://functiongraph.cn-north-4.myhuaweicloud.com',
    );
  });
});
