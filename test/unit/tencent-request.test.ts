/** SCF API 3.0 request building and validation against seed 000's request parameters. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { buildTencentRequest, tencentDefaultEndpoint, validateTencentInput } from '../../src/providers/tencent/request.js';
import { inputMaker } from '../conformance/cases.js';

const input = inputMaker('tencent');

describe('Region (seed 000: "This parameter is not required for this API")', () => {
  it('accepts an invocation without a region', () => {
    expect(() => validateTencentInput(input({ region: undefined }))).not.toThrow();
    expect(() => validateTencentInput(input({ region: undefined, invocationType: 'async' }))).not.toThrow();
  });

  it('sends no X-TC-Region without a region, to the nearest-region host', () => {
    expect(tencentDefaultEndpoint({ region: undefined })).toBe('https://scf.tencentcloudapi.com');
    const request = buildTencentRequest(input({ region: undefined }));
    expect(Object.keys(request.headers).map((name) => name.toLowerCase())).not.toContain('x-tc-region');
    expect(request.url).toBe('https://scf.tencentcloudapi.com/');
    // An empty region is no region, not an empty header.
    expect(Object.keys(buildTencentRequest(input({ region: '' })).headers)).not.toContain('X-TC-Region');
  });

  it('still sends a given region and refuses a malformed one', () => {
    expect(buildTencentRequest(input()).headers['X-TC-Region']).toBe('ap-guangzhou');
    expect(() => validateTencentInput(input({ region: 'AP_Guangzhou' }))).toThrow(InputError);
  });
});

describe("the seed's other request parameters", () => {
  it('sends FunctionName, Qualifier, Event, LogType, Namespace and RoutingKey in the body', () => {
    const request = buildTencentRequest(
      input({ qualifier: '$DEFAULT', namespace: 'default', routingKey: { k: 'v' }, event: new TextEncoder().encode('{"aa":3}') }),
    );
    expect(request.headers['X-TC-Action']).toBe('InvokeFunction');
    expect(request.headers['X-TC-Version']).toBe('2018-04-16');
    expect(JSON.parse(new TextDecoder().decode(request.body))).toEqual({
      FunctionName: 'hello',
      Qualifier: '$DEFAULT',
      Event: '{"aa":3}',
      LogType: 'Tail',
      Namespace: 'default',
      RoutingKey: '{"k":"v"}',
    });
  });
});
