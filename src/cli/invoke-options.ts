/**
 * The `invoke` command's options as data, in help order: commander's definition of the command
 * (cli/definitions.ts) and the command line's fast path (cli/invoke-argv.ts) both read this one table, so the two
 * cannot disagree on which options exist, which take a value, which conflict or which values are allowed.
 */

/** One option of `invoke`. */
export interface InvokeOptionSpec {
  /** commander's flags: `-e, --event <json>`, `--async`, `--no-log`. */
  flags: string;
  description: string;
  /** Options (attribute names) that may not be given with this one. */
  conflicts?: readonly string[];
  /** The only values allowed. */
  choices?: readonly string[];
  /** Left out of the help. */
  hidden?: boolean;
}

export const INVOKE_OPTIONS: readonly InvokeOptionSpec[] = [
  { flags: '-e, --event <json>', description: 'the event, as JSON text' },
  { flags: '-f, --event-file <path>', description: "read the event from a file ('-' for stdin)" },
  {
    flags: '--raw-event',
    description: 'send the bytes of -e/-f as they are: no JSON check, empty allowed, none means an empty body (aliyun, aliyun-fc2)',
  },
  { flags: '-q, --qualifier <qualifier>', description: 'version or alias' },
  { flags: '--namespace <namespace>', description: 'Tencent namespace (default: default)' },
  { flags: '--routing-key <json>', description: 'Tencent traffic routing key, a JSON object of strings' },
  { flags: '--region <region>', description: 'region, e.g. ap-guangzhou (default: from the environment or profile)' },
  { flags: '--async', description: 'invoke asynchronously: the provider queues the event and returns an id' },
  { flags: '--no-log', description: 'do not ask for the log tail' },
  { flags: '--json', description: 'print one JSON result object on stdout', conflicts: ['raw'] },
  { flags: '--raw', description: 'print only the function payload on stdout, byte for byte' },
  { flags: '--endpoint <url>', description: 'send to this scheme://host[:port] instead of the provider default' },
  { flags: '--allow-insecure-http', description: 'allow a plain http:// endpoint that is not loopback' },
  {
    flags: '--timeout <ms>',
    description: "give up on an attempt after this many milliseconds (default: the provider's longest sync run + 30 s; async: 60000)",
  },
  {
    flags: '--local',
    description: 'run against the built-in emulator, started in-process with demo credentials',
    // The emulator brings its own endpoint and credentials: these would be ignored, so they are refused.
    conflicts: ['endpoint', 'allowInsecureHttp', 'token', 'tokenFile'],
  },
  { flags: '--account-id <id>', description: 'Alibaba Cloud account id (FC 3.0 / FC 2.0 endpoint)' },
  { flags: '--service <name>', description: 'Alibaba FC 2.0 service name' },
  { flags: '--project-id <id>', description: 'Huawei Cloud or Open Telekom Cloud project id' },
  { flags: '--task-id <id>', description: 'async task id (Alibaba FC), makes async invocations idempotent' },
  {
    flags: '--token <token>',
    description:
      'Huawei or OTC IAM token, sent as X-Auth-Token; visible in ps and shell history: prefer --token-file, HUAWEICLOUD_AUTH_TOKEN or OS_TOKEN (otc)',
  },
  { flags: '--token-file <path>', description: 'read the Huawei or OTC IAM token from this file', conflicts: ['token'] },
  {
    flags: '--request-version <version>',
    description: 'FunctionGraph answer shape: v1 (JSON envelope, default) or v0 (the result as the body)',
    choices: ['v0', 'v1'],
  },
  { flags: '--signature-method <method>', description: 'Tencent legacy v2 signature: HmacSHA256 (default) or HmacSHA1' },
  {
    flags: '-o, --output-file <path>',
    description: "write the payload to this file ('-': stdout), replaced only on success; the summary still prints",
  },
  {
    flags: '--query <expression>',
    description: 'print what this JMESPath expression selects from the JSON result, e.g. result.items[0].id',
    conflicts: ['raw'],
  },
  { flags: '--dry-run', description: 'build and sign the request, print it as a curl command (or JSON with --json), send nothing' },
  { flags: '--dry-run-unredacted', description: 'test only: --dry-run without redaction', hidden: true },
  { flags: '--events-file <path>', description: "batch: one invocation per line of an NDJSON file ('-' for stdin)" },
  { flags: '--repeat <n>', description: 'batch: invoke the same event n times (1 to 1000000)' },
  { flags: '--concurrency <n>', description: 'batch: invocations in flight at once, 1 to 1024 (default: 8)' },
  { flags: '--unordered', description: 'batch: print results as they complete, not in input order' },
  { flags: '--retries <n>', description: 'retries of throttled or never-sent requests, 0 to 10 (default: 2)' },
  { flags: '--retry-unsafe', description: 'also retry sync invocations that may have reached the function' },
  { flags: '--deadline <ms>', description: 'give up on all attempts (and the whole batch) after this many milliseconds' },
  { flags: '--profile <name>', description: 'use this profile of the config file (default: FCINVOKE_PROFILE, then "default")' },
  { flags: '--config <path>', description: 'use this config file only (default: FCINVOKE_CONFIG, then the search)' },
  { flags: '--debug', description: 'trace the request and response on stderr (secrets redacted), and show stack traces' },
  { flags: '--no-color', description: 'no colour on stderr or stdout' },
];
