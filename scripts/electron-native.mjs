#!/usr/bin/env node
/**
 * Builds better-sqlite3 for Electron's ABI into .electron-native/ so that the
 * Electron app (npm start / npm run dev) can open the embedded workspace
 * database, while node_modules/better-sqlite3 keeps its Node build for tests,
 * the server and the browser host. The main process passes the result as
 * better-sqlite3's `nativeBinding` (see src/main/native.ts).
 *
 *   .electron-native/
 *     package.json                       (a tiny app manifest for @electron/rebuild)
 *     node_modules/better-sqlite3/…      (a copy of node_modules/better-sqlite3)
 *     build-info.json                    ({ electron, betterSqlite3, platform, arch })
 *
 * Skips when a build for this Electron version/platform/arch exists. When it
 * cannot build (offline: Electron headers or prebuilt binaries can't be
 * downloaded, no compiler), it prints a warning and exits 0: the app then
 * starts without an embedded workspace (it reports the server as unreachable)
 * and can still connect to a team server. Packaged apps do not use this:
 * electron-builder rebuilds node_modules itself (npmRebuild).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, '.electron-native');
const moduleSrc = path.join(root, 'node_modules', 'better-sqlite3');
const moduleDst = path.join(outDir, 'node_modules', 'better-sqlite3');
const binary = path.join(moduleDst, 'build', 'Release', 'better_sqlite3.node');
const markerFile = path.join(outDir, 'build-info.json');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const warn = (msg) => process.stderr.write(`\n[electron-native] WARNING: ${msg}\n\n`);

function main() {
  let electronVersion;
  let sqliteVersion;
  try {
    electronVersion = readJson(path.join(root, 'node_modules', 'electron', 'package.json')).version;
    sqliteVersion = readJson(path.join(moduleSrc, 'package.json')).version;
  } catch {
    warn('electron or better-sqlite3 is not installed (run npm install); skipping the Electron build of better-sqlite3.');
    return 0;
  }
  const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

  if (existsSync(binary) && existsSync(markerFile)) {
    try {
      const have = readJson(markerFile);
      if (Object.entries(wanted).every(([k, v]) => have[k] === v)) {
        console.log(`[electron-native] better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is up to date.`);
        return 0;
      }
    } catch {
      /* rebuild */
    }
  }
  return build(wanted);
}

async function build(wanted) {
  console.log(`[electron-native] building better-sqlite3 ${wanted.betterSqlite3} for Electron ${wanted.electron} (${wanted.platform}-${wanted.arch}) in .electron-native/ …`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.dirname(moduleDst), { recursive: true });
  cpSync(moduleSrc, moduleDst, {
    recursive: true,
    // the Node build must not be mistaken for an Electron one
    filter: (src) => !src.startsWith(path.join(moduleSrc, 'build') + path.sep) && src !== path.join(moduleSrc, 'build'),
  });
  writeFileSync(
    path.join(outDir, 'package.json'),
    JSON.stringify({ name: 'sellerdesk-electron-native', private: true, dependencies: { 'better-sqlite3': wanted.betterSqlite3 } }, null, 2),
  );

  let rebuild;
  try {
    ({ rebuild } = await import('@electron/rebuild'));
  } catch {
    warn('@electron/rebuild is not installed (npm install); the Electron app will run without the embedded workspace.');
    return 0;
  }
  try {
    await rebuild({
      buildPath: outDir,
      electronVersion: wanted.electron,
      arch: wanted.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
      headerURL: 'https://electronjs.org/headers',
      mode: 'sequential',
    });
  } catch (e) {
    warn(
      `could not build better-sqlite3 for Electron ${wanted.electron}: ${e instanceof Error ? e.message.split('\n')[0] : e}\n` +
        '  (offline? it needs https://electronjs.org/headers or a prebuilt binary, plus a C++ toolchain.)\n' +
        '  The Electron app still starts, but the embedded ("this computer") workspace will be unavailable;\n' +
        '  connecting to a team server works. Tests and `npm run start:browser` are not affected.',
    );
    rmSync(outDir, { recursive: true, force: true });
    return 0;
  }
  if (!existsSync(binary)) {
    warn('the rebuild finished but produced no better_sqlite3.node; the embedded workspace will be unavailable in Electron.');
    return 0;
  }
  writeFileSync(markerFile, JSON.stringify(wanted, null, 2) + '\n');
  console.log(`[electron-native] done: ${path.relative(root, binary)}`);
  return 0;
}

Promise.resolve()
  .then(main)
  .then((code) => process.exit(code))
  .catch((e) => {
    warn(`unexpected failure: ${e instanceof Error ? e.message : e}`);
    process.exit(0);
  });
