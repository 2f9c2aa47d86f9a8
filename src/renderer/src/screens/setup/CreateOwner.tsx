import { Button, Form, Input, Typography } from 'antd';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ChangeServerLink } from '../../components/ChangeServerLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { confirmRules, emailRule, newPasswordRules, phoneRule, requiredRule, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';

interface OwnerForm {
  workspaceName: string;
  name: string;
  email?: string;
  phone?: string;
  password: string;
  confirm: string;
}
const FIELDS = ['workspaceName', 'name', 'email', 'phone', 'password', 'confirm'] as const;

/** The very first account of a fresh workspace: its owner. */
export function CreateOwner() {
  const { t } = useLocale();
  const afterSignIn = useAppStore((s) => s.afterSignIn);
  const [form] = Form.useForm<OwnerForm>();
  const password = Form.useWatch('password', form) ?? '';
  const email = Form.useWatch('email', form) ?? '';
  const name = Form.useWatch('name', form) ?? '';
  const create = useFormAction(form, FIELDS, async (v: OwnerForm) =>
      afterSignIn(
        await call('setup:createOwner', {
          workspaceName: v.workspaceName.trim(),
          name: v.name.trim(),
          email: v.email?.trim() || undefined,
          phone: v.phone?.trim() || undefined,
          password: v.password,
        }),
      ));

  const contactRule = {
    validator: async () => {
      const { email: e, phone: p } = form.getFieldsValue(['email', 'phone']) as Partial<OwnerForm>;
      if (!e?.trim() && !p?.trim()) throw new Error(t('errors.CONTACT_REQUIRED'));
    },
  };

  return (
    <AuthLayout testId="screen-create-owner" title={t('owner.title')} subtitle={t('owner.subtitle')} width={480} footer={<ChangeServerLink />}>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void create.run(v)}
        onValuesChange={(changed) => {
          if ('password' in changed) revalidateConfirm(form, 'confirm');
          if ('phone' in changed && form.getFieldError('email').length > 0) void form.validateFields(['email']).catch(() => undefined);
        }}
      >
        <Form.Item name="workspaceName" label={t('owner.workspaceName')} extra={t('owner.workspaceNameHint')} rules={[requiredRule(t)]}>
          <Input data-testid="owner-workspace" maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="name" label={t('owner.name')} rules={[requiredRule(t)]}>
          <Input data-testid="owner-name" maxLength={100} autoComplete="name" />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="owner-contact-hint">
          {t('owner.contactHint')}
        </Typography.Paragraph>
        <Form.Item name="email" label={t('common.email')} rules={[emailRule(t), contactRule]}>
          <Input data-testid="owner-email" maxLength={254} autoComplete="email" inputMode="email" placeholder={t('owner.emailPlaceholder')} />
        </Form.Item>
        <Form.Item name="phone" label={t('common.phone')} rules={[phoneRule(t)]} extra={t('owner.phoneHint')}>
          <Input data-testid="owner-phone" maxLength={32} autoComplete="tel" inputMode="tel" placeholder={t('owner.phonePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('common.password')}
          rules={newPasswordRules(t, () => [email, name])}
          extra={<PasswordRules password={password} personal={[email, name]} />}
        >
          <Input.Password data-testid="owner-password" maxLength={256} autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('common.confirmPassword')} dependencies={['password']} rules={confirmRules(t, 'password')}>
          <Input.Password data-testid="owner-confirm" maxLength={256} autoComplete="new-password" />
        </Form.Item>
        <ErrorAlert error={create.alertError} />
        <Button type="primary" htmlType="submit" block size="large" loading={create.loading} data-testid="owner-submit">
          {t('owner.submit')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
