/**
 * The page worker's entry (a worker_threads thread of the desktop core; built
 * to out/main/page-worker.js beside the core): each message is a pull
 * answer's bytes, checked and scanned here so the core's thread only applies
 * pages. Answers { id, page } (page-pack.ts; its buffers handed over, not
 * copied) or { id, issues }. It keeps nothing between messages.
 */
import { parentPort } from 'node:worker_threads';
import { packPage } from '../../shared/sync/page-pack';
import { decodePage } from './page-decode';

export interface PageRequest {
  id: number;
  bytes: Uint8Array;
}

const port = parentPort;
if (!port) throw new Error('page-worker.ts runs as a worker thread');
port.on('message', ({ id, bytes }: PageRequest) => {
  const d = decodePage(bytes);
  if (!d.ok) return port.postMessage({ id, issues: d.issues });
  const { packed, transfer } = packPage(d.page);
  port.postMessage({ id, page: packed }, transfer);
});
