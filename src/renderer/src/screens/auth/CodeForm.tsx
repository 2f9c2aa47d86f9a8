import { Button, Form, Input } from 'antd';
import type { ChallengeMethod } from '../../../../shared/http/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { codeRules } from '../../lib/rules';

interface Props {
  method: ChallengeMethod;
  verify: (method: ChallengeMethod, code: string) => Promise<boolean>;
  identifier?: string;
}

/** One code box and a verify button. Recovery codes are longer and not only digits. */
export function CodeForm({ method, verify, identifier }: Props) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ code: string }>();
  const recovery = method === 'recovery';
  const action = useFormAction(form, ['code'], async (code: string) => verify(method, code));

  return (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void action.run(v.code)}>
      <Form.Item
        name="code"
        label={recovery ? t('challenge.recoveryLabel') : t('challenge.codeLabel')}
        rules={codeRules(t, recovery ? 'recovery' : 'digits')}
        normalize={(v: string) => (recovery ? v : v.replace(/\D/g, '').slice(0, 6))}
      >
        <Input
          data-testid="code-input"
          data-method={method}
          autoFocus
          autoComplete="one-time-code"
          inputMode={recovery ? 'text' : 'numeric'}
          maxLength={recovery ? 64 : 6}
          placeholder={recovery ? t('challenge.recoveryPlaceholder') : t('challenge.codePlaceholder')}
          style={{ letterSpacing: recovery ? 1 : 6, fontSize: 18 }}
        />
      </Form.Item>
      <ErrorAlert error={action.alertError} identifier={identifier} />
      <Button type="primary" htmlType="submit" block size="large" loading={action.loading} data-testid="verify-button">
        {t('challenge.verify')}
      </Button>
    </Form>
  );
}
