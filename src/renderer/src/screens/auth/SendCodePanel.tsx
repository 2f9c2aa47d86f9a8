import { Button, Space, Typography } from 'antd';
import type { Challenge, SendableMethod } from '../../../../shared/http/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useCountdown } from '../../hooks/useCountdown';
import { useLocale } from '../../hooks/useLocale';
import { parseTime } from '../../lib/format';

interface Props {
  challenge: Challenge;
  method: SendableMethod;
  sent: boolean;
  send: (method: SendableMethod) => Promise<Challenge>;
  onSent: (method: SendableMethod) => void;
}

/** "Send code" first, then "Resend code" with a live cooldown and the sends left. */
export function SendCodePanel({ challenge, method, sent, send, onSent }: Props) {
  const { t } = useLocale();
  const action = useAction(async () => {
    await send(method);
    onSent(method);
  });
  const left = useCountdown(parseTime(challenge.resendAvailableAt));
  const destination = (method === 'email' ? challenge.destinations.email : challenge.destinations.phone) ?? '';
  const exhausted = challenge.sendsRemaining <= 0;

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 16 }}>
      <Typography.Text data-testid="code-destination">
        {sent
          ? t(method === 'email' ? 'challenge.sentEmail' : 'challenge.sentSms', { destination })
          : t(method === 'email' ? 'challenge.willSendEmail' : 'challenge.willSendSms', { destination })}
      </Typography.Text>
      {exhausted ? (
        <Typography.Text type="danger" data-testid="send-limit">
          {t('errors.CODE_SEND_LIMIT')}
        </Typography.Text>
      ) : (
        <Space wrap>
          <Button
            type={sent ? 'default' : 'primary'}
            loading={action.loading}
            disabled={left > 0}
            data-testid={sent ? 'resend-button' : 'send-code-button'}
            onClick={() => void action.run()}
          >
            {sent ? t('challenge.resend') : t('challenge.send')}
            {left > 0 ? <span data-testid="resend-countdown">&nbsp;{t('challenge.resendIn', { seconds: left })}</span> : null}
          </Button>
          <Typography.Text type="secondary" data-testid="sends-remaining">
            {t('challenge.sendsRemaining', { remaining: challenge.sendsRemaining })}
          </Typography.Text>
        </Space>
      )}
      <ErrorAlert error={action.error} style={{ marginBottom: 0 }} />
    </Space>
  );
}
