/** Types for scripts/build.mjs, for tests that build in memory. */
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

export const EXTERNAL: string[];
export const LEVERS: { undiciSlim: string; lazyBuiltins: string; minify: string; mergeChunks: string };
export const REQUIRE_BANNER: string;
export const SMALL_CHUNK_BYTES: number;
export function buildOptions(options?: { outdir?: string; disable?: readonly string[] }): BuildOptions;
export function withRequireBanner(contents: Uint8Array | string): string;
export interface BuiltFile {
  /** Absolute path. */
  path: string;
  text: string;
}
export function buildFiles(options?: {
  outdir?: string;
  disable?: readonly string[];
  esbuild?: BuildOptions;
  plugins?: Plugin[];
}): Promise<{ files: BuiltFile[]; metafile: Metafile }>;
export function mergeSmallChunks(
  files: BuiltFile[],
  metafile: Metafile,
  outdir: string,
): Promise<{ files: BuiltFile[]; metafile: Metafile }>;
export function buildDist(options?: {
  outdir?: string;
  disable?: readonly string[];
}): Promise<{ files: number; directory: string; metafile: Metafile }>;

/** The library's files in memory (src/index.ts → dist/index.js and dist/lib/), banner included. */
export function buildLibraryFiles(options?: { outdir?: string; disable?: string[] }): Promise<Array<{ path: string; text: string }>>;
