import { Alert, App, Button, Card, Form, Input } from 'antd';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { confirmRules, newPasswordRules, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change password; the server signs out every other session. */
export function ChangePasswordCard() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const account = useAppStore((s) => s.state?.account ?? null);
  const [form] = Form.useForm<PasswordForm>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const personal = [account?.email ?? '', account?.name ?? ''];
  const change = useFormAction(form, ['currentPassword', 'newPassword', 'confirm'], async (v: PasswordForm) => {
      await call('account:changePassword', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      form.resetFields();
      void message.success(t('security.passwordChanged'));
    }, { password: 'newPassword' });

  return (
    <Card title={t('security.changePasswordTitle')} data-testid="change-password-card">
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('security.changePasswordNotice')} />
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void change.run(v)}
        onValuesChange={(c) => 'newPassword' in c && revalidateConfirm(form, 'confirm')}
      >
        <Form.Item name="currentPassword" label={t('common.currentPassword')} rules={[{ required: true, message: t('validation.passwordRequired') }]}>
          <Input.Password data-testid="password-current" autoComplete="current-password" maxLength={256} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('common.newPassword')}
          rules={newPasswordRules(t, () => personal)}
          extra={<PasswordRules password={newPassword} personal={personal} />}
        >
          <Input.Password data-testid="password-new" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item name="confirm" label={t('common.confirmPassword')} dependencies={['newPassword']} rules={confirmRules(t, 'newPassword')}>
          <Input.Password data-testid="password-confirm" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <ErrorAlert error={change.alertError} />
        <Button type="primary" htmlType="submit" loading={change.loading} data-testid="password-change-submit">
          {t('security.changePasswordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
