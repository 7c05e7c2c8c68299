/** Types for scripts/build.mjs, for tests that build in memory. */
import type { BuildOptions, Metafile } from 'esbuild';

export const EXTERNAL: string[];
export const LEVERS: { undiciSlim: string; lazyBuiltins: string; minify: string };
export const REQUIRE_BANNER: string;
export function buildOptions(options?: { outdir?: string; disable?: readonly string[] }): BuildOptions;
export function withRequireBanner(contents: Uint8Array): string;
export function buildDist(options?: {
  outdir?: string;
  disable?: readonly string[];
}): Promise<{ files: number; directory: string; metafile: Metafile }>;
