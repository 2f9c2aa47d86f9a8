import { Button, Form, Input } from 'antd';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { codeRules, confirmRules, emailRule, newPasswordRules, requiredRule, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';

interface InviteForm {
  email: string;
  code: string;
  name: string;
  password: string;
  confirm: string;
}
const FIELDS = ['email', 'code', 'name', 'password', 'confirm'] as const;

/** Joining a team: the code from the invitation email proves the address and this device. */
export function AcceptInvitation() {
  const { t } = useLocale();
  const { setAuthView, afterSignIn } = useAppStore.getState();
  const [form] = Form.useForm<InviteForm>();
  const password = Form.useWatch('password', form) ?? '';
  const email = Form.useWatch('email', form) ?? '';
  const name = Form.useWatch('name', form) ?? '';
  const accept = useFormAction(form, FIELDS, async (v: InviteForm) =>
      afterSignIn(
        await call('auth:acceptInvitation', { email: v.email.trim(), code: v.code.trim(), name: v.name.trim(), password: v.password }),
      ), { INVITATION_INVALID: 'code' });

  return (
    <AuthLayout
      testId="screen-accept-invitation"
      title={t('invite.title')}
      subtitle={t('invite.subtitle')}
      footer={
        <Button type="link" size="small" data-testid="invite-back" onClick={() => setAuthView('signin')}>
          {t('common.backToSignIn')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void accept.run(v)}
        onValuesChange={(c) => 'password' in c && revalidateConfirm(form, 'confirm')}
      >
        <Form.Item name="email" label={t('invite.email')} rules={[requiredRule(t), emailRule(t)]}>
          <Input data-testid="invite-accept-email" autoComplete="email" inputMode="email" maxLength={254} autoFocus />
        </Form.Item>
        <Form.Item name="code" label={t('invite.code')} extra={t('invite.codeHint')} rules={codeRules(t, 'recovery')}>
          <Input data-testid="invite-accept-code" autoComplete="one-time-code" maxLength={16} />
        </Form.Item>
        <Form.Item name="name" label={t('invite.name')} rules={[requiredRule(t)]}>
          <Input data-testid="invite-accept-name" autoComplete="name" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('invite.password')}
          rules={newPasswordRules(t, () => [email, name])}
          extra={<PasswordRules password={password} personal={[email, name]} />}
        >
          <Input.Password data-testid="invite-accept-password" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item name="confirm" label={t('common.confirmPassword')} dependencies={['password']} rules={confirmRules(t, 'password')}>
          <Input.Password data-testid="invite-accept-confirm" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <ErrorAlert error={accept.alertError} identifier={email} />
        <Button type="primary" htmlType="submit" block size="large" loading={accept.loading} data-testid="invite-accept-submit">
          {t('invite.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
