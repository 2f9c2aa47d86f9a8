import { BrowserWindow, shell } from 'electron';
import { decideNavigation, decideWindowOpen, type TrustedRendererOptions } from './security/urls';

export interface MainWindowOptions {
  preloadPath: string;
  renderer: TrustedRendererOptions;
  /** file to load in production (out/renderer/index.html) */
  indexHtmlPath: string;
  iconPath?: string;
}

/** The one application window: isolated, sandboxed, no Node, no webviews, no navigation away. */
export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Sellerdesk',
    autoHideMenuBar: true,
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  });

  win.once('ready-to-show', () => win.show());

  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (decideNavigation(url, opts.renderer) === 'deny') {
      event.preventDefault();
      const { openExternally } = decideWindowOpen(url);
      if (openExternally) void shell.openExternal(url);
    }
  };
  win.webContents.on('will-navigate', guardNavigation);
  win.webContents.on('will-redirect', guardNavigation);
  win.webContents.on('will-frame-navigate', (event) => {
    if (decideNavigation(event.url, opts.renderer) === 'deny') event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });

  if (opts.renderer.devServerUrl) void win.loadURL(opts.renderer.devServerUrl);
  else void win.loadFile(opts.indexHtmlPath);
  return win;
}
