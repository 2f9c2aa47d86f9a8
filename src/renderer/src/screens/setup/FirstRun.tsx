import { CloudServerOutlined, DesktopOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';

/** First launch: keep the workspace on this computer, or join the team's server. */
export function FirstRun() {
  const { t } = useLocale();
  const applyState = useAppStore((s) => s.applyState);
  const [remote, setRemote] = useState(false);
  const [form] = Form.useForm<{ url: string }>();
  const embedded = useAction(async () => applyState(await call('setup:useEmbedded', {})));
  const connect = useFormAction(form, ['url'], async (url: string) => applyState(await call('setup:connectRemote', { url })));
  const busy = embedded.loading || connect.loading;

  return (
    <AuthLayout testId="screen-first-run" title={t('setup.welcomeTitle')} subtitle={t('setup.welcomeSubtitle')} width={640}>
      <Flex gap={16} wrap>
        <Card style={{ flex: '1 1 260px' }} size="small">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              <DesktopOutlined /> {t('setup.localTitle')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ minHeight: 66 }}>
              {t('setup.localText')}
            </Typography.Paragraph>
            <Button type="primary" block loading={embedded.loading} disabled={busy} data-testid="setup-embedded" onClick={() => void embedded.run()}>
              {t('setup.localButton')}
            </Button>
          </Space>
        </Card>
        <Card style={{ flex: '1 1 260px' }} size="small">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              <CloudServerOutlined /> {t('setup.remoteTitle')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ minHeight: 66 }}>
              {t('setup.remoteText')}
            </Typography.Paragraph>
            {remote ? null : (
              <Button block disabled={busy} data-testid="setup-remote" onClick={() => setRemote(true)}>
                {t('setup.remoteButton')}
              </Button>
            )}
          </Space>
        </Card>
      </Flex>
      <ErrorAlert error={embedded.error} style={{ marginTop: 16 }} />
      {remote ? (
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          style={{ marginTop: 16 }}
          onFinish={(v) => void connect.run(v.url.trim())}
          data-testid="setup-remote-form"
        >
          <Form.Item
            name="url"
            label={t('setup.remoteUrl')}
            extra={t('setup.remoteUrlHint')}
            rules={[{ required: true, whitespace: true, message: t('setup.remoteUrlRequired') }]}
          >
            <Input data-testid="setup-remote-url" placeholder={t('setup.remoteUrlPlaceholder')} maxLength={2048} autoFocus inputMode="url" />
          </Form.Item>
          <ErrorAlert error={connect.alertError} />
          <Space>
            <Button type="primary" htmlType="submit" loading={connect.loading} disabled={embedded.loading} data-testid="setup-remote-submit">
              {t('setup.remoteConnect')}
            </Button>
            <Button disabled={busy} data-testid="setup-remote-cancel" onClick={() => setRemote(false)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Form>
      ) : null}
    </AuthLayout>
  );
}
