/**
 * SMS delivery. The webhook provider POSTs {to, text} as JSON to a URL the
 * operator controls (their SMS gateway adapter); without configuration
 * messages go to the dev outbox.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { writeOutbox } from './outbox';

export interface SmsProvider {
  readonly kind: 'webhook' | 'outbox';
  send(msg: { to: string; text: string }): Promise<void>;
}

export class SmsDeliveryError extends Error {
  override readonly name = 'SmsDeliveryError';
}

export class WebhookSmsProvider implements SmsProvider {
  readonly kind = 'webhook' as const;
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async send(msg: { to: string; text: string }): Promise<void> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: msg.to, text: msg.text }),
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'error',
      });
    } catch (e) {
      throw new SmsDeliveryError(`SMS webhook unreachable: ${(e as Error).name}`);
    }
    // drain the body so the connection is released
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) throw new SmsDeliveryError(`SMS webhook answered HTTP ${res.status}`);
  }
}

export class OutboxSmsProvider implements SmsProvider {
  readonly kind = 'outbox' as const;
  constructor(private readonly db: Kysely<DB>) {}

  async send(msg: { to: string; text: string }): Promise<void> {
    await writeOutbox(this.db, { channel: 'sms', to: msg.to, body: msg.text });
  }
}
