/** Types for scripts/bundle-graph.mjs. */

/** The parts of an esbuild metafile the graph helpers read. */
export interface Metafile {
  outputs: Record<
    string,
    {
      bytes: number;
      entryPoint?: string;
      inputs: Record<string, { bytesInOutput: number }>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}

/** What one command loads up to its first request. */
export interface LoadPath {
  outputs: string[];
  inputs: string[];
  externals: string[];
  bytes: number;
  packages: string[];
}

export function normalizeInput(input: string): string;
export function outputFor(metafile: Metafile, entryPoint: string): string;
export function staticClosure(metafile: Metafile, outputs: readonly string[]): string[];
export function inputsOf(metafile: Metafile, outputs: readonly string[]): string[];
export function externalImportsOf(metafile: Metafile, outputs: readonly string[]): string[];
export function invokePath(metafile: Metafile, provider: string): LoadPath;
export function packageOf(input: string): string;
