#!/usr/bin/env node
/**
 * Renders resources/icon.svg into resources/icon.png (1024 px, transparent
 * corners): electron-builder makes the Windows .ico and the macOS .icns from
 * it, and the window uses it on Windows and Linux. Needs Chromium
 * (CHROMIUM=/path, default /usr/bin/chromium). Run it after editing the SVG.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = readFileSync(path.join(root, 'resources', 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body></html>`);
  await page.screenshot({ path: path.join(root, 'resources', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
