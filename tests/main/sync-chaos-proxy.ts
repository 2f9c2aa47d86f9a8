/**
 * A TCP proxy on loopback between a client and the server that misbehaves
 * per connection: drops it before forwarding, cuts it after the request went
 * through (the server acted, the client never hears), delays it, or
 * duplicates it (every byte the client sent is replayed to the server on a
 * second connection whose answers nobody reads).
 */
import net from 'node:net';

export interface Chaos {
  drop: number;
  cutAfterRequest: number;
  delay: number;
  duplicate: number;
  maxDelayMs: number;
}

export const CALM: Chaos = { drop: 0, cutAfterRequest: 0, delay: 0, duplicate: 0, maxDelayMs: 0 };

export class ChaosProxy {
  chaos: Chaos = CALM;
  readonly stats = { connections: 0, dropped: 0, cut: 0, delayed: 0, duplicated: 0 };
  private server: net.Server;
  private sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly random: () => number = Math.random,
  ) {
    this.server = net.createServer((client) => this.onClient(client));
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as net.AddressInfo).port;
    return `http://127.0.0.1:${this.port}`;
  }

  /** Cut every open connection (e.g. the event stream) right now. */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private track(s: net.Socket) {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private onClient(client: net.Socket): void {
    this.track(client);
    this.stats.connections++;
    const c = this.chaos;
    const roll = this.random();
    let mode: 'drop' | 'cut' | 'delay' | 'dup' | 'pass' = 'pass';
    if (roll < c.drop) mode = 'drop';
    else if (roll < c.drop + c.cutAfterRequest) mode = 'cut';
    else if (roll < c.drop + c.cutAfterRequest + c.delay) mode = 'delay';
    else if (roll < c.drop + c.cutAfterRequest + c.delay + c.duplicate) mode = 'dup';
    // a run with few connections must still meet every kind of trouble: a clean pass turns into the first one still missing
    if (mode === 'pass' && c.duplicate > 0 && this.stats.duplicated === 0) mode = 'dup';
    else if (mode === 'pass' && c.cutAfterRequest > 0 && this.stats.cut === 0 && this.stats.dropped === 0) mode = 'cut';
    if (mode === 'drop') {
      this.stats.dropped++;
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    const replay = mode === 'dup' ? net.connect(this.target.port, this.target.host) : null;
    if (replay) {
      this.track(replay);
      this.stats.duplicated++;
      replay.on('data', () => undefined);
    }
    const delayMs = mode === 'delay' ? Math.floor(this.random() * c.maxDelayMs) : 0;
    if (mode === 'delay') this.stats.delayed++;
    client.on('data', (chunk) => {
      const forward = () => {
        if (!upstream.destroyed) upstream.write(chunk);
        if (replay && !replay.destroyed) replay.write(chunk);
        if (mode === 'cut') {
          // the request reaches the server; the connection dies before any answer comes back
          this.stats.cut++;
          setTimeout(() => {
            client.destroy();
            upstream.destroy();
          }, 30);
        }
      };
      if (delayMs) setTimeout(forward, delayMs);
      else forward();
    });
    upstream.on('data', (chunk) => {
      if (mode === 'cut') return;
      const back = () => !client.destroyed && client.write(chunk);
      if (delayMs) setTimeout(back, delayMs);
      else back();
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      setTimeout(() => replay?.destroy(), 2000);
    };
    client.on('close', end);
    upstream.on('close', end);
  }
}
