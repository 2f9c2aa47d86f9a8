import { LoadingOutlined } from '@ant-design/icons';
import { Alert, Radio, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Challenge, SendableMethod } from '../../../../shared/http/auth';
import { useLocale } from '../../hooks/useLocale';
import { CodeForm } from './CodeForm';
import { SendCodePanel } from './SendCodePanel';
import { useChallengeActions } from './useChallenge';

export const POLL_INTERVAL_MS = 3000;

function sendableMethods(c: Challenge): SendableMethod[] {
  const out: SendableMethod[] = [];
  if (c.methods.includes('email') && c.destinations.email) out.push('email');
  if (c.methods.includes('sms') && c.destinations.phone) out.push('sms');
  return out;
}

/** "We don't recognise this device": a code by SMS or email, or the link in the email. */
export function NewDeviceChallenge({ challenge }: { challenge: Challenge }) {
  const { t } = useLocale();
  const { send, verify, poll } = useChallengeActions(challenge);
  const methods = sendableMethods(challenge);
  const [method, setMethod] = useState<SendableMethod>(challenge.sentVia ?? methods[0] ?? 'email');
  const [sent, setSent] = useState<Set<SendableMethod>>(() => new Set(challenge.sentVia ? [challenge.sentVia] : []));
  const emailSent = sent.has('email');

  const pollRef = useRef(poll);
  useEffect(() => {
    pollRef.current = poll;
  });
  useEffect(() => {
    if (!emailSent) return;
    let busy = false;
    let stopped = false;
    const id = window.setInterval(async () => {
      if (busy || stopped) return;
      busy = true;
      try {
        if (await pollRef.current()) stopped = true;
      } catch {
        // a dead challenge already moved us away; network blips retry on the next tick
      } finally {
        busy = false;
      }
    }, POLL_INTERVAL_MS);
    return () => {
      stopped = true;
      window.clearInterval(id);
    };
  }, [emailSent]);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {methods.length > 1 ? (
        <Radio.Group value={method} onChange={(e) => setMethod(e.target.value as SendableMethod)} data-testid="method-choice">
          <Space orientation="vertical">
            {methods.map((m) => (
              <Radio key={m} value={m} data-testid={`method-${m}`}>
                {m === 'email'
                  ? t('challenge.viaEmail', { destination: challenge.destinations.email })
                  : t('challenge.viaSms', { destination: challenge.destinations.phone })}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      ) : null}
      {methods.length === 0 ? <Alert type="error" showIcon title={t('errors.METHOD_NOT_AVAILABLE')} data-testid="no-methods" /> : null}
      {methods.length > 0 ? (
        <SendCodePanel
          key={method}
          challenge={challenge}
          method={method}
          sent={sent.has(method)}
          send={send}
          onSent={(m) => setSent((prev) => new Set(prev).add(m))}
        />
      ) : null}
      {emailSent ? (
        <Alert
          type="info"
          showIcon
          icon={<LoadingOutlined />}
          data-testid="email-link-hint"
          title={t('challenge.emailLink', { destination: challenge.destinations.email ?? '' })}
        />
      ) : null}
      {sent.has(method) ? <CodeForm key={method} method={method} verify={verify} /> : null}
    </Space>
  );
}
