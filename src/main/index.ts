/**
 * Electron entry: a thin shell around the core (src/main/core), which holds
 * all logic and is tested in plain Node.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell, type WebContents } from 'electron';
import { IPC_EVENT, IPC_EVENTS, IPC_INVOKE } from '../shared/ipc/contract';
import { createCore, devicePlatform, type Core } from './core/core';
import { napiKeyring } from './core/keychain';
import { consoleLogger } from './core/logger';
import { projectRoot, resourcesDir } from './core/paths';
import { electronNativeBinding } from './native';
import { buildCsp, securityHeaders } from './security/csp';
import { isAllowedExternalUrl, isOwnRendererResponse, isTrustedRendererUrl, type TrustedRendererOptions } from './security/urls';
import { createMainWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const logger = consoleLogger('sellerdesk-main');
// electron-vite sets this only for `electron-vite dev`
const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;
const indexHtmlPath = path.join(here, '../renderer/index.html');
const rendererOpts: TrustedRendererOptions = { devServerUrl, appFileUrl: pathToFileURL(indexHtmlPath).href };
const preloadPath = path.join(here, '../preload/index.cjs');
// the window's icon on Windows and Linux, and the Dock's in development (a packaged macOS app has its .icns)
const iconPath = path.join(resourcesDir(), 'icon.png');

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let corePromise: Promise<Core> | null = null;
  let mainWindow: BrowserWindow | null = null;

  const openWindow = () => {
    mainWindow = createMainWindow({ preloadPath, renderer: rendererOpts, indexHtmlPath, ...(existsSync(iconPath) ? { iconPath } : {}) });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // No webviews, no extra windows, no navigation away — for every webContents, not just ours.
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedRendererUrl(url, rendererOpts)) event.preventDefault();
    });
  });

  void app.whenReady().then(async () => {
    const ses = session.defaultSession;
    const csp = buildCsp({ devServerUrl });
    const headers = securityHeaders(csp);
    ses.webRequest.onHeadersReceived((details, callback) => {
      if (!isOwnRendererResponse(details.url, rendererOpts)) return callback({});
      const responseHeaders: Record<string, string | string[]> = {};
      const ours = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
      for (const [k, v] of Object.entries(details.responseHeaders ?? {})) if (!ours.has(k.toLowerCase())) responseHeaders[k] = v;
      for (const [k, v] of Object.entries(headers)) responseHeaders[k] = [v];
      callback({ responseHeaders });
    });
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);

    if (!app.isPackaged && existsSync(iconPath)) app.dock?.setIcon(iconPath);
    const root = projectRoot(here);
    const sqliteNativeBinding = app.isPackaged ? undefined : electronNativeBinding(root, process.versions.electron);
    if (!app.isPackaged && !sqliteNativeBinding) {
      logger.warn(
        'no Electron build of better-sqlite3 in .electron-native/ (run: node scripts/electron-native.mjs); the embedded workspace may fail to start — a team server still works',
      );
    }
    // The window opens at once; IPC calls wait for the core (the keychain probe may show an unlock prompt).
    const coreReady = (async () =>
      createCore({
        userDataDir: app.getPath('userData'),
        platform: devicePlatform(),
        deviceName: os.hostname(),
        keychain: await napiKeyring().catch((e: unknown) => {
          logger.error('keychain module failed to load', { error: e instanceof Error ? e.message : String(e) });
          return null;
        }),
        sqliteNativeBinding,
        // the embedded workspace server on a thread of its own (electron.vite.config.ts builds it beside this file)
        embeddedServerWorker: path.join(here, 'embedded-server-worker.js'),
        osLocale: app.getLocale(),
        logger,
        openExternal: (url) => shell.openExternal(url),
        // only our own top-level document, in our own window
        isTrustedSender: (sender) => sender.isMainFrame === true && isTrustedRendererUrl(sender.url, rendererOpts),
      }))();
    corePromise = coreReady;
    coreReady.then(
      (c) => {
        for (const name of IPC_EVENTS) {
          c.on(name, () => {
            if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT, name);
          });
        }
      },
      (e: unknown) => logger.error('core failed to start', { error: e instanceof Error ? e.stack ?? e.message : String(e) }),
    );

    ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown) => {
      const frame = event.senderFrame;
      const fromOurWindow = !!mainWindow && event.sender.id === mainWindow.webContents.id;
      const sender = { url: fromOurWindow && frame ? frame.url : null, isMainFrame: !!frame && frame.parent === null };
      let c: Core;
      try {
        c = await coreReady;
      } catch {
        return { ok: false, error: { code: 'INTERNAL' } };
      }
      return c.handle(channel, input, sender);
    });

    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !corePromise) return;
    event.preventDefault();
    quitting = true;
    void corePromise
      .then((c) => c.shutdown())
      .catch((e: unknown) => logger.error('shutdown failed', { error: e instanceof Error ? e.message : String(e) }))
      .finally(() => app.exit(0));
  });
}
