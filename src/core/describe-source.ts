/**
 * A credential source in words and as printable data, for `config show`, `--debug`, errors and the library: what
 * it does (the role, session, token file, what signs it), never a secret or a token. On the ground floor because
 * the config floor (which builds sources) and the engine (which carries them out) both describe them.
 */
import type { CredentialSource, SourceCloud } from './credential-source.js';
import { maskKeyId } from './redact.js';

/** The clouds' names, for messages. */
export const CLOUD_TITLES: Readonly<Record<SourceCloud, string>> = {
  tencent: 'Tencent Cloud',
  aliyun: 'Alibaba Cloud',
  huawei: 'Huawei Cloud',
  otc: 'Open Telekom Cloud',
};

/**
 * One line saying what a source does, for `config show`, `--debug` and errors: the role, session, token file,
 * what signs it; never a secret or a token (a key id masked, a command's first word, a URL without its query).
 */
export function describeSource(source: CredentialSource): string {
  const session = (name: string | undefined, seconds: number | undefined) =>
    `${name === undefined ? '' : `, session ${name}`}${seconds === undefined ? '' : `, ${seconds} s`}`;
  const signer = (via: CredentialSource) => (via.kind === 'static' ? describeSource(via) : `${describeSource(via)} (${via.origin})`);
  switch (source.kind) {
    case 'static':
      return source.credentials.kind === 'keys'
        ? `keys ${maskKeyId(source.credentials.accessKeyId)} (${source.origin})`
        : `an IAM token (${source.origin})`;
    case 'assume-role':
      return `role ${source.roleArn}${session(source.sessionName, source.durationSeconds)}, signed with ${signer(source.via)}`;
    case 'web-identity':
      return `role ${source.roleArn}${session(source.sessionName, source.durationSeconds)}, from the OIDC token in ${source.tokenFile} (provider ${source.providerId})`;
    case 'federated-oidc':
      return `federated identity provider ${source.idpId}${source.projectId === undefined ? '' : `, project ${source.projectId}`}${session(undefined, source.durationSeconds)}, from the OIDC token in ${source.tokenFile}`;
    case 'agency':
      return `agency ${source.agencyName} of ${source.domainName ?? source.domainId ?? 'the signing account'}${session(undefined, source.durationSeconds)}, assumed with ${signer(source.via)}`;
    case 'instance':
      return `the instance role${source.roleName === undefined ? '' : ` ${source.roleName}`} from the ${CLOUD_TITLES[source.cloud]} metadata service`;
    case 'process':
      return `the output of the command ${firstWord(source.command)}`;
    case 'uri':
      return `the credentials URI ${publicUrl(source.url)}`;
  }
}

/**
 * A source as data that may be printed (`config show --json`): a static signer's key id masked and its secret,
 * token and the IAM token left out, a command cut to its first word, a URL to its origin and path.
 */
export function publicSource(source: CredentialSource): Record<string, unknown> {
  switch (source.kind) {
    case 'static': {
      const { credentials, ...rest } = source;
      return credentials.kind === 'keys'
        ? { ...rest, credentials: { kind: 'keys', accessKeyId: maskKeyId(credentials.accessKeyId), securityToken: credentials.securityToken !== undefined } }
        : { ...rest, credentials: { kind: 'token' } };
    }
    case 'assume-role':
    case 'agency':
      return { ...source, via: publicSource(source.via) };
    case 'process':
      return { ...source, command: firstWord(source.command) };
    case 'uri':
      return { ...source, url: publicUrl(source.url) };
    default:
      return { ...source };
  }
}

/** A command line's first word and an ellipsis: its arguments may carry a secret. */
function firstWord(command: string): string {
  const first = command.trim().split(/\s+/)[0] ?? '';
  // A leading `NAME=value` shows its name only: the value is what it would hide.
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first);
  return assignment === null ? `${first}…` : `${assignment[1]}=…`;
}

/** A URL without user info, query or fragment (where a credentials URI could carry a token). */
function publicUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
