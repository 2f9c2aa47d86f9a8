import { ExperimentOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import type { StoreSummary } from '../../../../shared/ipc/workstation';
import { can } from '../../../../shared/roles';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { formatDate } from '../../lib/format';
import { ImportProgress } from '../stores/ImportProgress';
import { useWorkstation } from '../../store/workstation';

const STATUS_COLOR: Record<string, string> = { active: 'green', key_invalid: 'red', key_expired: 'red', key_revoked: 'red', unreachable: 'orange' };

/** Linked Ozon stores: status, key expiry, last check; link, check, unlink. */
export function StoresTab({ account }: { account: Account }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const stores = useWorkstation((s) => s.stores);
  const currentStoreId = useWorkstation((s) => s.currentStoreId);
  const storesError = useWorkstation((s) => s.storesError);
  const loaded = useWorkstation((s) => s.storesLoaded);
  const loadStores = useWorkstation((s) => s.loadStores);
  const online = useWorkstation((s) => s.sync?.online ?? true);
  const manage = can(account.role, 'stores.manage');
  const [checking, setChecking] = useState<string | null>(null);

  const check = useAction(async (s: StoreSummary) => {
    setChecking(s.id);
    try {
      const r = await call('stores:check', { storeId: s.id });
      if (r.status === 'active' && !r.lastCheckError) void message.success(t('stores.checkOk', { name: r.name }));
      await loadStores();
    } finally {
      setChecking(null);
    }
  });
  const unlink = useAction(async (s: StoreSummary) => {
    await call('stores:unlink', { storeId: s.id });
    void message.success(t('stores.unlinked', { name: s.name }));
    await loadStores();
  });

  return (
    <Flex vertical gap={24}>
      <Card
        title={t('stores.title')}
        extra={
          <Button icon={<ReloadOutlined />} data-testid="stores-refresh" onClick={() => void loadStores()}>
            {t('common.refresh')}
          </Button>
        }
      >
        <ErrorAlert error={storesError ?? check.error ?? unlink.error} />
        <Table<StoreSummary>
          data-testid="stores-table"
          rowKey="id"
          size="middle"
          loading={!loaded}
          pagination={false}
          dataSource={stores}
          locale={{ emptyText: t('stores.empty') }}
          rowClassName={(s) => (s.id === currentStoreId ? 'ant-table-row-selected' : '')}
          onRow={(s) => ({ 'data-testid': `store-row-${s.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              key: 'name',
              title: t('stores.name'),
              render: (_, s) => (
                <Space size={6} wrap>
                  <Typography.Text strong>{s.name}</Typography.Text>
                  {s.sandbox ? (
                    <Tag color="purple" icon={<ExperimentOutlined />}>
                      {t('stores.sandboxTag')}
                    </Tag>
                  ) : null}
                  {s.id === currentStoreId ? <Tag color="blue">{t('stores.current')}</Tag> : null}
                </Space>
              ),
            },
            { key: 'client', title: t('stores.clientId'), render: (_, s) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{s.clientId}</Typography.Text> },
            {
              key: 'status',
              title: t('stores.status'),
              render: (_, s) => (
                <Flex vertical gap={4} align="flex-start">
                  <Tag color={STATUS_COLOR[s.status] ?? 'default'} data-testid={`store-status-${s.id}`} data-status={s.status}>
                    {t(`storeStatus.${s.status}`, { defaultValue: s.status })}
                  </Tag>
                  {s.lastCheckError ? (
                    <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`store-error-${s.id}`}>
                      {t(`errors.${s.lastCheckError}`, { defaultValue: t('stores.checkFailed') })}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'key',
              title: t('stores.keyExpires'),
              render: (_, s) => (
                <Flex vertical gap={4} align="flex-start">
                  <span>{s.keyExpiresAt ? formatDate(s.keyExpiresAt, locale) : t('stores.noExpiry')}</span>
                  {s.keyWarning ? (
                    <Tag color={s.keyWarning === 'expired' ? 'red' : 'gold'} data-testid={`store-key-warning-${s.id}`} data-warning={s.keyWarning}>
                      {t(s.keyWarning === 'expired' ? 'stores.keyExpired' : 'stores.keyExpiresSoon')}
                    </Tag>
                  ) : null}
                </Flex>
              ),
            },
            {
              key: 'actions',
              title: '',
              align: 'right',
              render: (_, s) => (
                <Space>
                  <Button size="small" data-testid={`store-check-${s.id}`} loading={checking === s.id} disabled={!online} onClick={() => void check.run(s)}>
                    {t('stores.check')}
                  </Button>
                  {manage ? (
                    <ConfirmButton
                      label={t('stores.unlink')}
                      title={t('stores.confirmUnlink', { name: s.name })}
                      description={t('stores.confirmUnlinkText')}
                      onConfirm={() => unlink.run(s)}
                      testId={`store-unlink-${s.id}`}
                      disabled={!online}
                    />
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
        {!online ? <Alert type="warning" showIcon title={t('stores.offline')} style={{ marginTop: 16 }} /> : null}
      </Card>
      {currentStoreId ? <ImportProgress storeId={currentStoreId} /> : null}
      {manage ? <LinkStoreForm /> : null}
    </Flex>
  );
}

interface LinkValues {
  name: string;
  clientId: string;
  apiKey: string;
  performanceClientId?: string;
  performanceClientSecret?: string;
}
const LINK_FIELDS = ['name', 'clientId', 'apiKey', 'performanceClientId', 'performanceClientSecret'] as const;

function LinkStoreForm() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<LinkValues>();
  const loadStores = useWorkstation((s) => s.loadStores);
  const online = useWorkstation((s) => s.sync?.online ?? true);
  const link = useFormAction(form, LINK_FIELDS, async (v: LinkValues) => {
    const s = await call('stores:link', {
      name: v.name.trim(),
      clientId: v.clientId.trim(),
      apiKey: v.apiKey.trim(),
      ...(v.performanceClientId?.trim() ? { performanceClientId: v.performanceClientId.trim() } : {}),
      ...(v.performanceClientSecret?.trim() ? { performanceClientSecret: v.performanceClientSecret.trim() } : {}),
    });
    // the key went to the server's vault; it never comes back, so the form forgets it too
    form.resetFields();
    void message.success(t('stores.linked', { name: s.name }));
    await loadStores();
  }, { OZON_KEY_INVALID: 'apiKey', OZON_KEY_EXPIRED: 'apiKey', OZON_KEY_REVOKED: 'apiKey', OZON_KEY_DEACTIVATED: 'apiKey', STORE_ALREADY_LINKED: 'clientId' });

  return (
    <Card title={t('stores.linkTitle')}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="store-link-help"
        title={t('stores.helpTitle')}
        description={
          <ol style={{ margin: 0, paddingInlineStart: 18 }}>
            <li>{t('stores.helpStep1')}</li>
            <li>{t('stores.helpStep2')}</li>
            <li>{t('stores.helpStep3')}</li>
            <li>{t('stores.helpPerformance')}</li>
          </ol>
        }
      />
      <ErrorAlert error={link.alertError} />
      <Form<LinkValues> form={form} layout="vertical" data-testid="store-link-form" onFinish={(v) => void link.run(v)} requiredMark="optional" style={{ maxWidth: 560 }} autoComplete="off">
        <Form.Item name="name" label={t('stores.name')} extra={t('stores.nameHint')} rules={[{ required: true, whitespace: true, message: t('stores.nameRequired') }, { max: 100 }]}>
          <Input data-testid="store-link-name" maxLength={100} placeholder={t('stores.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="clientId" label="Client ID" rules={[{ required: true, message: t('stores.clientIdRequired') }, { pattern: /^\s*\d{1,20}\s*$/, message: t('stores.clientIdDigits') }]}>
          <Input data-testid="store-link-client-id" inputMode="numeric" maxLength={24} placeholder="123456" />
        </Form.Item>
        <Form.Item name="apiKey" label={t('stores.apiKey')} extra={t('stores.apiKeyHint')} rules={[{ required: true, message: t('stores.apiKeyRequired') }, { min: 8, message: t('stores.apiKeyShort') }]}>
          <Input.Password data-testid="store-link-api-key" autoComplete="new-password" maxLength={200} placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" visibilityToggle={false} />
        </Form.Item>
        <Typography.Text type="secondary">{t('stores.performanceOptional')}</Typography.Text>
        <Flex gap={12} style={{ marginTop: 8 }}>
          <Form.Item name="performanceClientId" label={t('stores.performanceClientId')} style={{ flex: 1 }}>
            <Input data-testid="store-link-perf-id" maxLength={200} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="performanceClientSecret"
            label={t('stores.performanceSecret')}
            style={{ flex: 1 }}
            dependencies={['performanceClientId']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) =>
                  !!(getFieldValue('performanceClientId') as string | undefined)?.trim() === !!v?.trim() ? Promise.resolve() : Promise.reject(new Error(t('stores.performanceBoth'))),
              }),
            ]}
          >
            <Input.Password data-testid="store-link-perf-secret" autoComplete="new-password" maxLength={500} visibilityToggle={false} />
          </Form.Item>
        </Flex>
        <Button type="primary" htmlType="submit" loading={link.loading} disabled={!online} data-testid="store-link-submit">
          {t('stores.linkSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
