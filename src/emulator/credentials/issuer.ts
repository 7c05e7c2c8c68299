/**
 * What the emulator's STS, IAM and metadata services hand out, and how its invoke routes recognise it again:
 * temporary keys, IAM tokens and demo OIDC tokens. Stateless on purpose: everything issued carries its expiry and
 * a MAC under one fixed, public demo key, so a key issued by one emulator process is accepted by the next (the
 * disk cache of temporary credentials outlives `--local` emulators) and refused by every emulator once expired.
 *
 * Nothing here is secret: these credentials work only against an emulator (docs/emulator.md).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { CloudId, KeyCredentials } from '../../providers/types.js';
import type { EmulatorKey } from '../../providers/emulator-api.js';

/** The demo key the emulator's issued credentials are derived from. Public: it protects nothing real. */
const ISSUER_KEY = 'fcinvoke-emulator-demo-issuer-key-v1';

/** Role names (the last part of an ARN, or a Huawei agency name) that every emulated STS refuses, for error tests. */
export const REFUSED_ROLE_NAME = 'fcinvoke-denied';

/** The demo OIDC issuer (`iss`) whose tokens the emulated STS and IAM accept. */
export const DEMO_OIDC_ISSUER = 'https://oidc.fcinvoke.invalid';
/** The audience (`aud`) `--print-oidc-token` puts in its tokens; any audience is accepted. */
export const DEMO_OIDC_AUDIENCE = 'sts.fcinvoke.invalid';

/** Temporary keys the emulator issued, with their expiry. */
export interface IssuedKeys extends KeyCredentials {
  securityToken: string;
  expiresAt: Date;
}

/** An IAM token (Huawei, OTC) the emulator issued. */
export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

const PREFIX: Record<CloudId, string> = { tencent: 'AKIDtmp', aliyun: 'STS.', huawei: 'TMPAK', otc: 'TMPOTC' };

/** Issues and recognises temporary credentials against a clock. */
export class CredentialIssuer {
  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Temporary keys of `cloud` valid for `durationSeconds` from now. */
  issueKeys(cloud: CloudId, durationSeconds: number): IssuedKeys {
    const expires = Math.floor(this.now().getTime() / 1000) + durationSeconds;
    const head = `${PREFIX[cloud]}${expires.toString(36).toUpperCase().padStart(7, '0')}${randomBytes(4).toString('hex').toUpperCase()}`;
    const accessKeyId = `${head}${mac(`key|${cloud}|${head}`).slice(0, 8).toUpperCase()}`;
    return {
      kind: 'keys',
      accessKeyId,
      accessKeySecret: mac(`secret|${cloud}|${accessKeyId}`).slice(0, 40),
      securityToken: `fcinvoke.sts.${mac(`token|${cloud}|${accessKeyId}`)}`,
      expiresAt: new Date(expires * 1000),
    };
  }

  /**
   * The key for an access key id this emulator's issuer made for `cloud`, undefined when it made none or when it
   * has expired (the invoke routes then refuse the request as signed with an unknown key).
   */
  lookupKey(cloud: CloudId, accessKeyId: string): EmulatorKey | undefined {
    const prefix = PREFIX[cloud];
    if (!accessKeyId.startsWith(prefix) || accessKeyId.length !== prefix.length + 7 + 8 + 8) return undefined;
    const head = accessKeyId.slice(0, -8);
    if (mac(`key|${cloud}|${head}`).slice(0, 8).toUpperCase() !== accessKeyId.slice(-8)) return undefined;
    const expires = Number.parseInt(head.slice(prefix.length, prefix.length + 7), 36);
    if (!(expires * 1000 > this.now().getTime())) return undefined;
    return {
      secret: mac(`secret|${cloud}|${accessKeyId}`).slice(0, 40),
      securityToken: `fcinvoke.sts.${mac(`token|${cloud}|${accessKeyId}`)}`,
    };
  }

  /** An IAM token of `cloud` (`X-Subject-Token`) valid for `durationSeconds`. */
  issueIamToken(cloud: CloudId, durationSeconds: number): IssuedToken {
    const expires = Math.floor(this.now().getTime() / 1000) + durationSeconds;
    const body = `${cloud}.${expires.toString(36)}.${randomBytes(6).toString('hex')}`;
    return { token: `fcinvoke-iam.${body}.${mac(`iam|${body}`)}`, expiresAt: new Date(expires * 1000) };
  }

  /** Whether `token` is an unexpired IAM token this issuer made for `cloud`. */
  acceptsIamToken(cloud: CloudId, token: string): boolean {
    const match = /^fcinvoke-iam\.(([a-z]+)\.([0-9a-z]+)\.[0-9a-f]{12})\.([A-Za-z0-9_-]+)$/.exec(token);
    if (match === null || match[2] !== cloud) return false;
    if (mac(`iam|${match[1]}`) !== match[4]) return false;
    return Number.parseInt(match[3]!, 36) * 1000 > this.now().getTime();
  }

  /** A demo OIDC token (a JWT, HS256 under the public demo key), as `fcinvoke emulator --print-oidc-token` prints. */
  mintOidcToken(options: { subject?: string; audience?: string; ttlSeconds?: number } = {}): string {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'fcinvoke-demo' }));
    const claims = base64url(
      JSON.stringify({
        iss: DEMO_OIDC_ISSUER,
        sub: options.subject ?? 'repo:example/app:ref:refs/heads/main',
        aud: options.audience ?? DEMO_OIDC_AUDIENCE,
        iat: issuedAt,
        exp: issuedAt + (options.ttlSeconds ?? 3600),
      }),
    );
    return `${header}.${claims}.${mac(`jwt|${header}.${claims}`)}`;
  }

  /** Checks a demo OIDC token: signature, issuer and expiry; the reason when it fails (never the token). */
  verifyOidcToken(token: string): { ok: true; subject: string } | { ok: false; reason: string } {
    const parts = token.trim().split('.');
    if (parts.length !== 3) return { ok: false, reason: 'the token is not a JWT' };
    const [header, claims, signature] = parts as [string, string, string];
    if (mac(`jwt|${header}.${claims}`) !== signature) return { ok: false, reason: 'the token signature is not valid' };
    let parsed: { iss?: unknown; sub?: unknown; exp?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      return { ok: false, reason: 'the token claims are not JSON' };
    }
    if (parsed.iss !== DEMO_OIDC_ISSUER) return { ok: false, reason: 'the token issuer is not trusted' };
    if (typeof parsed.exp !== 'number' || parsed.exp * 1000 <= this.now().getTime()) return { ok: false, reason: 'the token has expired' };
    return { ok: true, subject: typeof parsed.sub === 'string' ? parsed.sub : '' };
  }
}

/** The role name of an ARN (`…:role/name`, `…:roleName/name`) or of a bare name; refused when it is {@link REFUSED_ROLE_NAME}. */
export function isRefusedRole(roleArnOrName: string): boolean {
  return roleArnOrName.split(/[/:]/).at(-1) === REFUSED_ROLE_NAME;
}

function mac(text: string): string {
  return createHmac('sha256', ISSUER_KEY).update(text).digest('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
