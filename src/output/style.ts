/** How to paint text: a tiny, dependency-free colour set so renderers stay pure and chalk loads only in cli/. */

export interface Style {
  ok(text: string): string;
  fail(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  key(text: string): string;
  string(text: string): string;
  number(text: string): string;
}

const identity = (text: string): string => text;

/** No colour at all. */
export const PLAIN_STYLE: Style = {
  ok: identity,
  fail: identity,
  warn: identity,
  dim: identity,
  bold: identity,
  key: identity,
  string: identity,
  number: identity,
};
