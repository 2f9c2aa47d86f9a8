import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { buildCsp } from './src/main/security/csp';

const root = import.meta.dirname;

/**
 * One CSP for the renderer document: production builds get the strict policy
 * as a meta tag (file:// loads carry no response headers); the dev server gets
 * the dev policy (React Refresh preamble + HMR websocket). Any CSP meta tag
 * already in index.html is replaced, so two policies never intersect.
 */
function cspMeta(): Plugin {
  let devServerUrl: string | null = null;
  return {
    name: 'sellerdesk:csp-meta',
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        const addr = server.httpServer?.address();
        if (addr && typeof addr === 'object') devServerUrl = `http://localhost:${addr.port}`;
      });
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        const csp = ctx.server
          ? buildCsp({ devServerUrl: devServerUrl ?? process.env.ELECTRON_RENDERER_URL ?? 'http://localhost:5173', forMeta: true })
          : buildCsp({ forMeta: true });
        const meta = `<meta http-equiv="Content-Security-Policy" content="${csp}" />`;
        const stripped = html.replace(/\s*<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/gi, '');
        return stripped.replace(/<head([^>]*)>/i, `<head$1>\n    ${meta}`);
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // runtime deps (fastify, better-sqlite3, @napi-rs/keyring, …) stay in node_modules
      externalizeDeps: true,
      rolldownOptions: {
        // the embedded workspace server's worker thread is an entry of its own (src/main/core/embedded-server.ts)
        input: { index: resolve(root, 'src/main/index.ts'), 'embedded-server-worker': resolve(root, 'src/main/core/embedded-server-worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // a sandboxed preload can require only `electron`: bundle everything (zod included) into one CJS file
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // the window loads the bundle from disk on every start: minified it parses faster (electron-vite leaves it unminified by default)
      minify: true,
      // one bundle on purpose: it is read from disk, not fetched, and the workstation needs nearly all of it (antd,
      // echarts, every page) within a second of sign-in; split pages would only add loading states. Vite's 500 kB
      // warning is about downloads over a network, so the limit is set just above today's 2.5 MB
      chunkSizeWarningLimit: 3000,
      rolldownOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
