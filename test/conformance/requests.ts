/**
 * Conformance concern "requests": what each provider's builder makes of its valid call (cases.ts `inputFor`),
 * exactly: the URL and the body that carries the event. requests.test.ts also checks, for every provider, that
 * the valid call passes validation, that its endpoint is the provider's default one, that an async call is a
 * different request, and that an empty function name is refused with exit 2 before anything is built.
 */
import type { ProviderId } from '../../src/providers/registry.js';
import { FAKE } from '../helpers/secrets.js';

export interface RequestRow {
  url: string;
  /** The body as text. */
  body: string;
}

const fgUrl = (host: string, region: string, project: string) =>
  `https://${host}/v2/${project}/fgs/functions/urn:fss:${region}:${project}:function:default:hello:latest/invocations`;
const FC_HOST = `https://${FAKE.aliyun.account}.cn-hangzhou.fc.aliyuncs.com`;

export const REQUESTS: Record<ProviderId, RequestRow> = {
  tencent: { url: 'https://scf.tencentcloudapi.com/', body: '{"FunctionName":"hello","Event":"{}","LogType":"Tail"}' },
  'tencent-v2': {
    url: 'https://scf.api.qcloud.com/v2/index.php',
    body: 'Action=InvokeFunction&Region=ap-guangzhou&functionName=hello&invokeType=RequestResponse&logType=Tail&param=%7B%7D&SignatureMethod=HmacSHA256',
  },
  aliyun: { url: `${FC_HOST}/2023-03-30/functions/hello/invocations`, body: '{}' },
  'aliyun-fc2': { url: `${FC_HOST}/2016-08-15/services/demo/functions/hello/invocations`, body: '{}' },
  huawei: { url: fgUrl('functiongraph.cn-north-4.myhuaweicloud.com', 'cn-north-4', FAKE.huawei.project), body: '{}' },
  otc: { url: fgUrl('functiongraph.eu-de.otc.t-systems.com', 'eu-de', FAKE.otc.project), body: '{}' },
};
