#!/usr/bin/env node
/**
 * `node scripts/pack-manifest.mjs strip|restore`: package.json `prepack` and `postpack` steps that keep the
 * install-time scripts out of the tarball.
 *
 * `prepare` builds dist/, so that `npm ci` in a clone and `npm link` leave a working binary. A tarball already holds
 * dist/, yet npm (11.x) counts a `prepare` in the package.json of a tarball, directory or git install as an install
 * script and prints `npm warn install-scripts … not yet covered by allowScripts` (arborist install-scripts.js,
 * "prepare, but only for non-registry sources"). npm tars package.json from the disk, so `strip` removes those
 * scripts from it just before the tarball is made, keeping the file's bytes, and `restore` puts them back after.
 *
 * The original is kept outside the repository (in the temporary directory, one file per clone), so nothing extra
 * can be packed. If a pack is interrupted before `restore`, package.json stays stripped; the next pack starts from
 * the kept copy, not from the stripped file, and puts it back.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The scripts npm may run, or report, when the package is installed from a tarball, a directory or git. */
export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];

/** Where `strip` keeps the original package.json of the clone at `directory`. */
export function backupPath(directory = root) {
  return join(tmpdir(), `fcinvoke-prepack-${createHash('sha256').update(directory).digest('hex').slice(0, 16)}.json`);
}

/**
 * package.json text without the install-time scripts, and without `scripts` if nothing else is left. The rest is
 * kept as written: the same key order and the indentation of the original.
 */
export function stripInstallScripts(text) {
  const manifest = JSON.parse(text);
  const scripts = { ...manifest.scripts };
  for (const name of INSTALL_SCRIPTS) delete scripts[name];
  const stripped = { ...manifest, scripts };
  if (Object.keys(scripts).length === 0) delete stripped.scripts;
  const indent = /^[ \t]+/m.exec(text)?.[0] ?? '  ';
  return `${JSON.stringify(stripped, null, indent)}\n`;
}

/**
 * Replaces the package.json in `directory` with the stripped text; the original goes to {@link backupPath}. A
 * package.json without install-time scripts is left alone.
 */
export function strip(directory = root) {
  const path = join(directory, 'package.json');
  const backup = backupPath(directory);
  const current = readFileSync(path, 'utf8');
  const previous = readIfExists(backup);
  // A copy left by an interrupted pack is the original only if the file on disk is still its stripped form.
  const original = previous !== undefined && stripInstallScripts(previous) === current ? previous : current;
  if (!INSTALL_SCRIPTS.some((name) => Object.hasOwn(JSON.parse(original).scripts ?? {}, name))) {
    rmSync(backup, { force: true });
    return;
  }
  writeFileSync(backup, original);
  replaceFile(path, stripInstallScripts(original));
}

/** Puts back the package.json `strip` replaced; does nothing when there is no copy. */
export function restore(directory = root) {
  const backup = backupPath(directory);
  const original = readIfExists(backup);
  if (original === undefined) return;
  replaceFile(join(directory, 'package.json'), original);
  rmSync(backup, { force: true });
}

function readIfExists(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Write then rename, so a process reading package.json meanwhile (Node, for "type") never sees it half written. */
function replaceFile(path, text) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const step = process.argv[2];
  if (step === 'strip') strip();
  else if (step === 'restore') restore();
  else {
    process.stderr.write('usage: node scripts/pack-manifest.mjs strip|restore\n');
    process.exitCode = 2;
  }
}
