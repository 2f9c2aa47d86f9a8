import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Account } from '../../../shared/http/auth';
import { useLocale } from '../hooks/useLocale';
import { ImportProgress } from '../pages/stores/ImportProgress';
import { StoreOnboarding } from '../pages/stores/StoreOnboarding';
import { useAppStore } from '../store/app';
import { useWorkstation } from '../store/workstation';
import { DashboardSummary } from './DashboardSummary';

interface CheckItem {
  id: string;
  ok: boolean;
  text: string;
  action?: ReactNode;
}

export function Dashboard({ account }: { account: Account }) {
  const { t } = useLocale();
  const keychainAvailable = useAppStore((s) => s.state?.keychainAvailable ?? true);
  const navigate = useAppStore((s) => s.navigate);
  const toSecurity = (id: string, label: string) => (
    <Button size="small" data-testid={`${id}-action`} onClick={() => navigate('settings', 'security')}>
      {label}
    </Button>
  );
  const storesLoaded = useWorkstation((s) => s.storesLoaded);
  const noStores = useWorkstation((s) => s.stores.length === 0);
  const storeId = useWorkstation((s) => s.currentStoreId);
  const tf = account.twoFactor;
  const codes = account.recoveryCodesRemaining;

  const checks: CheckItem[] = [
    tf.enabled
      ? { id: 'checklist-2fa', ok: true, text: t('dashboard.twoFactorOn', { method: t(`twoFactorMethods.${tf.method ?? 'totp'}`) }) }
      : { id: 'checklist-2fa', ok: false, text: t('dashboard.twoFactorOff'), action: toSecurity('checklist-2fa', t('dashboard.turnOn')) },
    tf.enabled
      ? codes >= 3
        ? { id: 'checklist-recovery', ok: true, text: t('dashboard.recoveryLeft', { remaining: codes }) }
        : { id: 'checklist-recovery', ok: false, text: t('dashboard.recoveryLow', { remaining: codes }), action: toSecurity('checklist-recovery', t('dashboard.regenerate')) }
      : { id: 'checklist-recovery', ok: false, text: t('dashboard.recoveryNone') },
    keychainAvailable
      ? { id: 'checklist-keychain', ok: true, text: t('dashboard.keychainOk') }
      : { id: 'checklist-keychain', ok: false, text: t('dashboard.keychainMissing') },
  ];

  return (
    <>
    {storesLoaded && noStores ? <StoreOnboarding account={account} /> : null}
    {storeId ? <ImportProgress storeId={storeId} /> : null}
    <Row gutter={[24, 24]}>
      {storeId ? (
        <Col xs={24}>
          <DashboardSummary key={storeId} storeId={storeId} />
        </Col>
      ) : null}
      <Col xs={24} lg={12}>
        <Card title={t('dashboard.welcome', { name: account.name })} data-testid="dashboard-welcome">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('dashboard.workspace')}>
              <span data-testid="dashboard-workspace">{account.workspace.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('dashboard.role')}>
              <Tag color="blue" data-testid="dashboard-role">
                {t(`roles.${account.role}`)}
              </Tag>
            </Descriptions.Item>
          </Descriptions>
          {noStores ? (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
              {t('dashboard.storeNext')}
            </Typography.Paragraph>
          ) : null}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('dashboard.securityTitle')} data-testid="security-checklist">
          <Flex vertical gap={12}>
            {checks.map((c) => (
              <Flex key={c.id} justify="space-between" align="center" gap={12} data-testid={c.id} data-ok={c.ok ? 'true' : 'false'}>
                <Typography.Text>
                  {c.ok ? <CheckCircleFilled style={{ color: '#52c41a' }} /> : <ExclamationCircleFilled style={{ color: '#faad14' }} />} {c.text}
                </Typography.Text>
                {c.action ?? null}
              </Flex>
            ))}
          </Flex>
        </Card>
      </Col>
    </Row>
    </>
  );
}
