import { Button, Flex, Form, Input, Modal, Skeleton, Space, Typography } from 'antd';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { codeRules } from '../../lib/rules';

interface Props {
  open: boolean;
  onClose: () => void;
  onDone: (codes: string[]) => Promise<void>;
}

export function TotpEnrollModal(props: Props) {
  const { t } = useLocale();
  return (
    <Modal open={props.open} title={t('security.totpTitle')} onCancel={props.onClose} footer={null} destroyOnHidden width={520}>
      {props.open ? <Content {...props} /> : null}
    </Modal>
  );
}

/** Only ever render a server-made image, never an arbitrary URL. */
const isImageDataUrl = (s: string) => /^data:image\/(png|svg\+xml|gif|jpeg);base64,/.test(s);

function Content({ onClose, onDone }: Props) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ code: string }>();
  const start = useLoad(() => call('security:totpStart', {}));
  const confirm = useFormAction(form, ['code'], async (code: string) => onDone((await call('security:totpConfirm', { code })).codes));
  const data = start.data;

  if (!data) {
    return start.error ? (
      <>
        <ErrorAlert error={start.error} />
        <Button data-testid="totp-retry" onClick={() => void start.reload()}>
          {t('common.retry')}
        </Button>
      </>
    ) : (
      <Skeleton active data-testid="totp-loading" />
    );
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void confirm.run(v.code)}>
      <Typography.Paragraph>{t('security.totpStep1')}</Typography.Paragraph>
      <Flex justify="center" style={{ marginBottom: 12 }}>
        {isImageDataUrl(data.qrDataUrl) ? (
          <img src={data.qrDataUrl} alt={t('security.totpQrAlt')} width={200} height={200} data-testid="totp-qr" />
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary">{t('security.totpManual')}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code copyable data-testid="totp-secret">
          {data.secret}
        </Typography.Text>
      </Typography.Paragraph>
      <Form.Item name="code" label={t('security.totpStep2')} rules={codeRules(t)} normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}>
        <Input data-testid="totp-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ letterSpacing: 6, fontSize: 18 }} />
      </Form.Item>
      <ErrorAlert error={confirm.alertError} />
      <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={confirm.loading} data-testid="totp-confirm">
          {t('security.turnOn')}
        </Button>
      </Space>
    </Form>
  );
}
