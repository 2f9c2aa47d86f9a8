import { Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { Challenge, ChallengeMethod, SendableMethod } from '../../../../shared/http/auth';
import { useLocale } from '../../hooks/useLocale';
import { CodeForm } from './CodeForm';
import { SendCodePanel } from './SendCodePanel';
import { useChallengeActions } from './useChallenge';

const ORDER: ChallengeMethod[] = ['totp', 'sms', 'email', 'recovery'];
const TAB_KEYS: Record<ChallengeMethod, string> = {
  totp: 'challenge.tabTotp',
  sms: 'challenge.tabSms',
  email: 'challenge.tabEmail',
  recovery: 'challenge.tabRecovery',
};

/** The second factor: authenticator app, SMS, email or a recovery code — whatever the account has. */
export function TwoFactorChallenge({ challenge }: { challenge: Challenge }) {
  const { t } = useLocale();
  const { send, verify } = useChallengeActions(challenge);
  const methods = ORDER.filter((m) => challenge.methods.includes(m));
  const [active, setActive] = useState<ChallengeMethod>(challenge.sentVia ?? methods[0] ?? 'totp');
  const [sent, setSent] = useState<Set<SendableMethod>>(() => new Set(challenge.sentVia ? [challenge.sentVia] : []));

  const pane = (m: ChallengeMethod) => {
    if (m === 'totp' || m === 'recovery') {
      return (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{m === 'totp' ? t('challenge.totpHint') : t('challenge.recoveryHint')}</Typography.Text>
          <CodeForm method={m} verify={verify} />
        </Space>
      );
    }
    return (
      <>
        <SendCodePanel
          challenge={challenge}
          method={m}
          sent={sent.has(m)}
          send={send}
          onSent={(x) => setSent((prev) => new Set(prev).add(x))}
        />
        {sent.has(m) ? <CodeForm method={m} verify={verify} /> : null}
      </>
    );
  };

  return (
    <Tabs
      activeKey={active}
      onChange={(k) => setActive(k as ChallengeMethod)}
      destroyOnHidden
      data-testid="two-factor-methods"
      items={methods.map((m) => ({
        key: m,
        label: <span data-testid={`challenge-method-${m}`}>{t(TAB_KEYS[m])}</span>,
        children: pane(m),
      }))}
    />
  );
}
