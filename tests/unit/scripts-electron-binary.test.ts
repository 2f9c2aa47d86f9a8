import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureElectronBinary, installedBinary, MIRROR_HINT } from '../../scripts/electron-binary.mjs';

// An `electron` package directory as npm leaves it (no binary), and what its installer writes.
const dirs: string[] = [];
function electronPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-electron-pkg-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  return dir;
}
function installInto(dir: string): void {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'electron'), '');
  writeFileSync(join(dir, 'path.txt'), 'electron');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm start: Electron binary preflight (scripts/electron-binary.mjs)', () => {
  it('does nothing when the binary is installed', () => {
    const dir = electronPackage();
    installInto(dir);
    const calls: string[] = [];
    expect(ensureElectronBinary({ electronDir: dir, install: () => (calls.push('install'), 0), log: (s) => calls.push(s), env: {} })).toBe(0);
    expect(calls).toEqual([]);
    expect(installedBinary(dir)).toBe(join(dir, 'dist', 'electron'));
  });

  it('downloads a missing binary once through the installer', () => {
    const dir = electronPackage();
    const out: string[] = [];
    const code = ensureElectronBinary({ electronDir: dir, install: (d) => (installInto(d), 0), log: (s) => out.push(s), env: {} });
    expect(code).toBe(0);
    expect(out.join('')).toContain('downloading Electron 45.5.0');
    expect(installedBinary(dir)).not.toBeNull();
  });

  it('a path.txt naming a binary that is gone counts as not installed', () => {
    const dir = electronPackage();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(installedBinary(dir)).toBeNull();
  });

  it('a failed download exits 1 and names the mirror and the browser host', () => {
    const dir = electronPackage();
    const out: string[] = [];
    expect(ensureElectronBinary({ electronDir: dir, install: () => 1, log: (s) => out.push(s), env: {} })).toBe(1);
    const text = out.join('');
    expect(text).toContain('could not be downloaded from GitHub');
    expect(text).toContain(`ELECTRON_MIRROR=${MIRROR_HINT} npm start`);
    expect(text).toContain('npm run start:browser');
  });

  it('an installer that exits 0 without leaving a binary is a failure too', () => {
    const dir = electronPackage();
    expect(ensureElectronBinary({ electronDir: dir, install: () => 0, log: () => undefined, env: {} })).toBe(1);
  });

  it('with a mirror set, the failure points at the mirror instead of suggesting one', () => {
    const dir = electronPackage();
    const out: string[] = [];
    expect(ensureElectronBinary({ electronDir: dir, install: () => 1, log: (s) => out.push(s), env: { ELECTRON_MIRROR: 'https://mirror.example/electron/' } })).toBe(1);
    const text = out.join('');
    expect(text).toContain('from https://mirror.example/electron/');
    expect(text).not.toContain(MIRROR_HINT);
  });

  it('without the electron package it asks for npm install', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sellerdesk-electron-none-'));
    dirs.push(dir);
    const out: string[] = [];
    expect(ensureElectronBinary({ electronDir: dir, install: () => 0, log: (s) => out.push(s), env: {} })).toBe(1);
    expect(out.join('')).toContain('npm install');
  });
});
