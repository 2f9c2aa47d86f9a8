#!/usr/bin/env node
/**
 * Makes sure Electron's own program is on disk before `npm start` / `npm run
 * dev` build anything. Since Electron 36 the `electron` package no longer
 * downloads its binary at `npm install`: it does so on first `require`, which
 * electron-vite never does (it reads node_modules/electron/path.txt and fails
 * with a bare "Electron uninstall"). So a fresh clone's first `npm start`
 * downloads it here, through Electron's own installer (which honours
 * ELECTRON_MIRROR and electron_config_cache), and when that cannot work it
 * says why and what to do instead, then exits 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The mirror Chinese users know (GitHub's release downloads are often blocked or slow there). */
export const MIRROR_HINT = 'https://npmmirror.com/mirrors/electron/';

/** The installed Electron executable under `electronDir`, or null when it is not there. */
export function installedBinary(electronDir) {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

/** Runs Electron's installer with this Node; its output goes to the terminal. Returns its exit status. */
function runInstaller(electronDir) {
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit' });
  return r.status ?? 1;
}

/**
 * 0 when Electron's binary is (now) installed, 1 with an explanation on
 * `log` when it is not. `install` is Electron's installer (replaceable in tests).
 */
export function ensureElectronBinary({ electronDir, install = runInstaller, log = (s) => process.stderr.write(s), env = process.env }) {
  if (!existsSync(path.join(electronDir, 'package.json'))) {
    log('\n[electron] Electron is not installed: run `npm install` first.\n\n');
    return 1;
  }
  if (installedBinary(electronDir)) return 0;
  const { version } = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
  const from = env.ELECTRON_MIRROR ? `from ${env.ELECTRON_MIRROR}` : 'from GitHub';
  log(`[electron] downloading Electron ${version} (about 100 MB, once) ${from} …\n`);
  const status = install(electronDir);
  if (status === 0 && installedBinary(electronDir)) return 0;
  log(
    `\n[electron] Electron ${version} could not be downloaded ${from}, so the desktop app cannot open.\n` +
      (env.ELECTRON_MIRROR
        ? '  Check that the mirror is reachable and has this version, then run `npm start` again.\n'
        : `  If GitHub is blocked or slow where you are, use a mirror and run \`npm start\` again:\n` +
          `    ELECTRON_MIRROR=${MIRROR_HINT} npm start\n` +
          `    (Windows PowerShell: $env:ELECTRON_MIRROR="${MIRROR_HINT}"; npm start)\n`) +
      '  Meanwhile `npm run start:browser` runs the same app in your web browser.\n\n',
  );
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  process.exit(ensureElectronBinary({ electronDir: path.join(root, 'node_modules', 'electron') }));
}
