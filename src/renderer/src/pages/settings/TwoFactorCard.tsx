import { Alert, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useState } from 'react';
import type { Account, SendableMethod } from '../../../../shared/http/auth';
import { call } from '../../api';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';
import { OtpEnrollModal } from './OtpEnrollModal';
import { PasswordConfirmModal } from './PasswordConfirmModal';
import { RecoveryCodesModal } from './RecoveryCodesModal';
import { TotpEnrollModal } from './TotpEnrollModal';

type Dialog = null | 'totp' | SendableMethod | 'disable' | 'regenerate';

/** Two-step verification: status, enrolment (app, SMS, email), recovery codes, turning it off. */
export function TwoFactorCard({ account }: { account: Account }) {
  const { t } = useLocale();
  const refresh = useAppStore((s) => s.refresh);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const tf = account.twoFactor;
  const close = () => setDialog(null);
  const gotCodes = async (c: string[]) => {
    setDialog(null);
    setCodes(c);
    await refresh();
  };

  return (
    <Card title={t('security.twoFactorTitle')} data-testid="two-factor-card">
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('security.status')}>
          <Tag color={tf.enabled ? 'green' : 'default'} data-testid="2fa-status" data-enabled={tf.enabled ? 'true' : 'false'}>
            {tf.enabled ? t('security.on') : t('security.off')}
          </Tag>
        </Descriptions.Item>
        {tf.enabled && tf.method ? (
          <Descriptions.Item label={t('security.method')}>
            <span data-testid="2fa-method">{t(`twoFactorMethods.${tf.method}`)}</span>
          </Descriptions.Item>
        ) : null}
        {tf.enabled ? (
          <Descriptions.Item label={t('security.recoveryRemaining')}>
            <span data-testid="recovery-remaining">{account.recoveryCodesRemaining}</span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {tf.enabled ? (
        <Space wrap>
          <Button data-testid="recovery-regenerate" onClick={() => setDialog('regenerate')}>
            {t('security.regenerate')}
          </Button>
          <Button danger data-testid="2fa-disable" onClick={() => setDialog('disable')}>
            {t('security.disable')}
          </Button>
        </Space>
      ) : (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('security.twoFactorPitch')} />
          <Space wrap>
            <Button type="primary" data-testid="2fa-enable-totp" onClick={() => setDialog('totp')}>
              {t('security.enableTotp')}
            </Button>
            {account.phone ? (
              <Button data-testid="2fa-enable-sms" onClick={() => setDialog('sms')}>
                {t('security.enableSms')}
              </Button>
            ) : null}
            {account.email ? (
              <Button data-testid="2fa-enable-email" onClick={() => setDialog('email')}>
                {t('security.enableEmail')}
              </Button>
            ) : null}
          </Space>
        </>
      )}

      <TotpEnrollModal open={dialog === 'totp'} onClose={close} onDone={gotCodes} />
      <OtpEnrollModal method={dialog === 'sms' || dialog === 'email' ? dialog : null} onClose={close} onDone={gotCodes} />
      <PasswordConfirmModal
        open={dialog === 'disable'}
        testId="2fa-disable"
        title={t('security.disableTitle')}
        text={t('security.disableText')}
        okText={t('security.disable')}
        danger
        onClose={close}
        onConfirm={async (password) => {
          await call('security:disableTwoFactor', { password });
          setDialog(null);
          await refresh();
        }}
      />
      <PasswordConfirmModal
        open={dialog === 'regenerate'}
        testId="recovery-regenerate"
        title={t('security.regenerateTitle')}
        text={t('security.regenerateText')}
        okText={t('security.regenerate')}
        onClose={close}
        onConfirm={async (password) => gotCodes((await call('security:regenerateRecoveryCodes', { password })).codes)}
      />
      <RecoveryCodesModal codes={codes} account={account} onClose={() => setCodes(null)} />
    </Card>
  );
}
