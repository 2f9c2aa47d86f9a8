import { Button, Form, Input, Modal, Skeleton, Space, Typography } from 'antd';
import type { SendableMethod } from '../../../../shared/http/auth';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useFormAction } from '../../hooks/useFormAction';
import { useCountdown } from '../../hooks/useCountdown';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { parseTime } from '../../lib/format';
import { codeRules } from '../../lib/rules';

interface Props {
  method: SendableMethod | null;
  onClose: () => void;
  onDone: (codes: string[]) => Promise<void>;
}

/** Two-step verification by SMS or email code: send one now to prove the contact works. */
export function OtpEnrollModal({ method, onClose, onDone }: Props) {
  const { t } = useLocale();
  return (
    <Modal
      open={method !== null}
      title={method === 'sms' ? t('security.otpTitleSms') : t('security.otpTitleEmail')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
    >
      {method ? <Content method={method} onClose={onClose} onDone={onDone} /> : null}
    </Modal>
  );
}

function Content({ method, onClose, onDone }: Props & { method: SendableMethod }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ code: string }>();
  const start = useLoad(() => call('security:otpStart', { method }));
  const resend = useAction(async () => start.setData(await call('security:otpStart', { method })));
  const confirm = useFormAction(form, ['code'], async (code: string) => onDone((await call('security:otpConfirm', { method, code })).codes));
  const left = useCountdown(parseTime(start.data?.resendAvailableAt));

  if (!start.data) {
    return start.error ? (
      <>
        <ErrorAlert error={start.error} />
        <Button data-testid="otp-retry" onClick={() => void start.reload()}>
          {t('common.retry')}
        </Button>
      </>
    ) : (
      <Skeleton active data-testid="otp-loading" />
    );
  }

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void confirm.run(v.code)}>
      <Typography.Paragraph data-testid="otp-sent-to">{t('security.otpSent', { destination: start.data.sentTo })}</Typography.Paragraph>
      <Form.Item name="code" label={t('challenge.codeLabel')} rules={codeRules(t)} normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}>
        <Input data-testid="otp-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus style={{ letterSpacing: 6, fontSize: 18 }} />
      </Form.Item>
      <ErrorAlert error={confirm.alertError ?? resend.error} />
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Button type="link" disabled={left > 0} loading={resend.loading} data-testid="otp-resend" onClick={() => void resend.run()}>
          {t('challenge.resend')}
          {left > 0 ? <span data-testid="otp-resend-countdown">&nbsp;{t('challenge.resendIn', { seconds: left })}</span> : null}
        </Button>
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={confirm.loading} data-testid="otp-confirm">
            {t('security.turnOn')}
          </Button>
        </Space>
      </Space>
    </Form>
  );
}
