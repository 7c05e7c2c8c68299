/**
 * The account a Function Compute Host names, checked against the account header, for FC 3.0 and FC 2.0 alike.
 * FC's hosts are `{accountId}.{region}[-internal].fc.aliyuncs.com` (providers.md §3.1, §4.1), and FC 2.0 also
 * sends the account in the signed `x-fc-account-id` (§4.2, §4.6: "required both in the host and in
 * x-fc-account-id"). A request whose two accounts differ names someone else's functions; FC answers a caller
 * who is not the owner with 403 `AccessDenied` ("The service or function doesn't belong to you.", FC's error
 * table: 403 AccessDenied). Which code FC gives for this exact mismatch is not documented; AccessDenied is the
 * code FC uses for "this account may not touch these functions".
 *
 * A Host with no account in it (an IP address, `localhost`, any name not shaped like FC's) has nothing to compare:
 * that is how clients reach the emulator, so it is accepted as before.
 */

/** The refusal of a request whose Host names another account than its header. */
export interface HostAccountFailure {
  status: number;
  code: string;
  message: string;
}

/**
 * FC's host shape, loosely: a first label of digits (the account), then a region label such as `cn-hangzhou`,
 * `ap-southeast-1` or `cn-shanghai-internal` (letters, then `-`-separated parts), then anything. An IPv4
 * address never matches: its second label has no letters.
 */
const ACCOUNT_HOST = /^(\d+)\.[a-z]+(?:-[a-z0-9]+)+(?:\.[^:]*)?(?::\d+)?$/i;

/** The account id a Host names, or undefined when it names none. */
export function accountOfHost(host: string): string | undefined {
  return ACCOUNT_HOST.exec(host.trim())?.[1];
}

/**
 * Checks the Host's account against `x-fc-account-id`. `headerRequired`: FC 2.0 always sends the header, so a
 * Host with an account and no header is refused; FC 3.0 has no account header, so there only a present one is
 * compared. Null when the accounts agree or the Host names none.
 */
export function checkHostAccount(headers: Record<string, string>, headerRequired: boolean): HostAccountFailure | null {
  const hostAccount = accountOfHost(headers['host'] ?? '');
  if (hostAccount === undefined) return null;
  const headerAccount = headers['x-fc-account-id'];
  if (headerAccount === undefined && !headerRequired) return null;
  if (headerAccount === hostAccount) return null;
  return {
    status: 403,
    code: 'AccessDenied',
    message:
      headerAccount === undefined
        ? `The service or function doesn't belong to you: the Host names account ${hostAccount} but x-fc-account-id is missing.`
        : `The service or function doesn't belong to you: the Host names account ${hostAccount} but x-fc-account-id is ${headerAccount}.`,
  };
}
