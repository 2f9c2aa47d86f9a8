#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration (vitest), build, end-to-end
// (Playwright + Debian Chromium). Ends with one line `N passed, M failed`.
//
// The keychain tests need a real Secret Service, so the whole run happens
// inside `dbus-run-session` with an unlocked gnome-keyring. When we are not
// yet inside such a session this script re-executes itself in one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INNER = 'SELLERDESK_TEST_SESSION';

function have(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

if (!process.env[INNER]) {
  if (!have('dbus-run-session') || !have('gnome-keyring-daemon')) {
    console.error('npm test needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus gnome-keyring); .ci/run installs them.');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const child = spawn('dbus-run-session', ['--', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [INNER]: '1' },
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

function run(cmd, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(127));
  });
}

function unlockKeyring() {
  // The daemon forks; its stdout carries the env it wants (GNOME_KEYRING_CONTROL).
  const r = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { input: 'pw', encoding: 'utf8' });
  for (const line of (r.stdout ?? '').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) process.env[m[1]] = m[2];
  }
  if (r.status !== 0) console.error('gnome-keyring-daemon failed:', r.stderr);
}

async function main() {
  unlockKeyring();
  const work = mkdtempSync(join(tmpdir(), 'sellerdesk-test-'));
  const results = [];
  const step = async (name, cmd, args, env) => {
    console.log(`\n=== ${name} ===`);
    const code = await run(cmd, args, env);
    return code;
  };

  // Static checks count as one test each.
  const lint = await step('lint', 'npx', ['eslint', '.', '--max-warnings=0']);
  results.push({ name: 'lint', passed: lint === 0 ? 1 : 0, failed: lint === 0 ? 0 : 1 });
  for (const cfg of ['tsconfig.shared.json', 'tsconfig.node.json', 'tsconfig.web.json', 'tsconfig.tests.json']) {
    const tc = await step(`typecheck ${cfg}`, 'npx', ['tsc', '-p', cfg, '--noEmit']);
    results.push({ name: cfg, passed: tc === 0 ? 1 : 0, failed: tc === 0 ? 0 : 1 });
  }

  const vitestJson = join(work, 'vitest.json');
  const vt = await step('unit and integration (vitest)', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ]);
  results.push(countVitest(vitestJson, vt));

  const build = await step('build (electron-vite)', 'npx', ['electron-vite', 'build']);
  results.push({ name: 'build', passed: build === 0 ? 1 : 0, failed: build === 0 ? 0 : 1 });

  if (build === 0) {
    const pwJson = join(work, 'playwright.json');
    const pw = await step('end to end (playwright)', 'npx', ['playwright', 'test'], { SELLERDESK_PW_JSON: pwJson });
    results.push(countPlaywright(pwJson, pw));
  }

  rmSync(work, { recursive: true, force: true });
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  console.log('');
  for (const r of results) console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

function countVitest(file, code) {
  if (!existsSync(file)) return { name: 'vitest', passed: 0, failed: 1 };
  const j = JSON.parse(readFileSync(file, 'utf8'));
  let failed = j.numFailedTests ?? 0;
  // A suite that fails to load has no tests but must still count as a failure.
  failed += (j.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
  if (code !== 0 && failed === 0) failed = 1;
  return { name: 'vitest', passed: j.numPassedTests ?? 0, failed };
}

function countPlaywright(file, code) {
  if (!existsSync(file)) return { name: 'playwright', passed: 0, failed: 1 };
  const s = JSON.parse(readFileSync(file, 'utf8')).stats ?? {};
  let failed = (s.unexpected ?? 0) + (s.flaky ?? 0);
  if (code !== 0 && failed === 0) failed = 1;
  return { name: 'playwright', passed: s.expected ?? 0, failed };
}
