/**
 * The config file format: one zod schema that is the source of truth for validation, the TypeScript types,
 * `fcinvoke config schema` (JSON Schema for editors) and docs/config.md.
 */
import { z } from 'zod';
import { PROVIDER_NAMES } from '../providers/registry.js';
import { BOUNDS, describeBound, type Bound } from './bounds.js';


/** The credential stores of other tools that a profile may point at. */
export const NATIVE_STORE_NAMES = [
  'tccli',
  'tencentcloud',
  'aliyun-cli',
  'alibabacloud',
  'serverless-devs',
  'huaweicloud',
  'koocli',
  'openstack-clouds',
] as const;

/** Any string may be `${env:NAME}`, read from the environment when the profile is used. */
const text = z.string().regex(/\S/, 'expected a non-empty string');

/** A whole number inside its row of the bounds table, shared with the flag that sets the same value. */
function bounded(bound: Bound) {
  const message = (issue: { input: unknown }) => `takes ${describeBound(bound)}, not ${JSON.stringify(issue.input)}`;
  return z.number({ error: message }).int({ error: message }).min(bound.min, { error: message }).max(bound.max, { error: message });
}

const fromStore = z.strictObject({
  from: z.enum(NATIVE_STORE_NAMES).describe("read the keys from another tool's credential store"),
  profile: text.optional().describe("the profile/section/alias in that store (default: that tool's own default)"),
});

const tencentKeys = z.strictObject({
  secretId: text.describe('SecretId (or ${env:NAME})'),
  secretKey: text.describe('SecretKey (or ${env:NAME}); keep it out of the file with ${env:…} or from:'),
  sessionToken: text.optional().describe('session token of temporary keys'),
});

const aliyunKeys = z.strictObject({
  accessKeyId: text.describe('AccessKey ID (or ${env:NAME})'),
  accessKeySecret: text.describe('AccessKey secret (or ${env:NAME})'),
  securityToken: text.optional().describe('STS security token of temporary keys'),
});

const huaweiKeys = z.strictObject({
  ak: text.describe('access key (AK) (or ${env:NAME})'),
  sk: text.describe('secret key (SK) (or ${env:NAME})'),
  securityToken: text.optional().describe('security token of temporary keys'),
});

const huaweiToken = z.strictObject({
  authToken: text.describe('an IAM token, sent as X-Auth-Token instead of signing (or ${env:NAME})'),
});

/** One profile: defaults for invoke, and credentials per cloud. */
export const profileSchema = z.strictObject({
  extends: text.optional().describe('another profile whose values this one inherits (and overrides)'),
  provider: z.enum(PROVIDER_NAMES).optional().describe('provider used when `invoke` is given only a function'),
  region: text.optional(),
  endpoint: text.optional().describe('scheme://host[:port] instead of the provider default'),
  namespace: text.optional().describe('Tencent namespace'),
  qualifier: text.optional().describe('version or alias'),
  accountId: text.optional().describe('Alibaba Cloud account id'),
  projectId: text.optional().describe('Huawei Cloud or Open Telekom Cloud project id'),
  service: text.optional().describe('Alibaba FC 2.0 service'),
  timeoutMs: bounded(BOUNDS.timeout)
    .optional()
    .describe('per-attempt timeout in ms (default: per provider, longer than its longest sync run; 60000 for async)'),
  retries: bounded(BOUNDS.retries).optional().describe('retries of throttled/never-sent requests (default 2)'),
  output: z.enum(['human', 'json', 'raw']).optional().describe('default output format (default human)'),
  log: z.boolean().optional().describe('ask for the log tail (default true)'),
  credentials: z
    .strictObject({
      tencent: z.union([tencentKeys, fromStore]).optional(),
      aliyun: z.union([aliyunKeys, fromStore]).optional(),
      huawei: z.union([huaweiKeys, huaweiToken, fromStore]).optional(),
      // Open Telekom Cloud keys are not Huawei Cloud keys: the same AK/SK shape, a cloud of its own.
      otc: z.union([huaweiKeys, huaweiToken, fromStore]).optional(),
    })
    .optional(),
});

/** A whole config file. */
export const configFileSchema = z.strictObject({
  $schema: z.string().optional().describe('for editors'),
  defaultProfile: text.optional().describe('the profile used when neither --profile nor FCINVOKE_PROFILE is given (default: "default")'),
  profiles: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'profile names use letters, digits, _ . -'), profileSchema).optional(),
});

/** A config file as written (before `${env:…}` is expanded). */
export type RawConfig = z.infer<typeof configFileSchema>;
export type RawProfile = z.infer<typeof profileSchema>;
export type ProfileCredentials = NonNullable<RawProfile['credentials']>;

/** The profile fields that are plain settings (not extends/credentials), in display order. */
export const SETTING_KEYS = [
  'provider',
  'region',
  'endpoint',
  'namespace',
  'qualifier',
  'accountId',
  'projectId',
  'service',
  'timeoutMs',
  'retries',
  'output',
  'log',
] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

/** The JSON Schema of the config file. */
export function configJsonSchema(): unknown {
  return z.toJSONSchema(configFileSchema, { io: 'input' });
}

/** Renders zod issues as one line each: `file: key.path: message`. */
export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part))).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    if (issue.code === 'invalid_union') message = 'expected key fields (e.g. secretId/secretKey) or {from: <store>}';
    return `${file}: ${path === '' ? '(top level)' : path}: ${message}`;
  });
}
