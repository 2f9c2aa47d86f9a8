import { App, Button, Card, Form, Input, Select, Space } from 'antd';
import { INVITABLE_ROLES, canAssignRole, type InvitableRole, type Role } from '../../../../shared/roles';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { emailRule, requiredRule } from '../../lib/rules';

interface InviteValues {
  email: string;
  role: InvitableRole;
}

export function InviteForm({ actor, onInvited }: { actor: Role; onInvited: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<InviteValues>();
  const roles = INVITABLE_ROLES.filter((r) => canAssignRole(actor, r));
  const invite = useFormAction(form, ['email', 'role'], async (v: InviteValues) => {
      const inv = await call('staff:invite', { email: v.email.trim(), role: v.role });
      form.resetFields();
      void message.success(t('staff.invited', { email: inv.email }));
      onInvited();
    });
  if (roles.length === 0) return null;

  return (
    <Card title={t('staff.inviteTitle')} data-testid="invite-card">
      <Form
        form={form}
        layout="inline"
        requiredMark={false}
        initialValues={{ role: roles.includes('manager') ? 'manager' : roles[0] }}
        onFinish={(v) => void invite.run(v)}
      >
        <Form.Item name="email" rules={[requiredRule(t), emailRule(t)]} style={{ minWidth: 280, marginBottom: 8 }}>
          <Input data-testid="invite-email" placeholder={t('staff.inviteEmail')} inputMode="email" maxLength={254} />
        </Form.Item>
        <Form.Item name="role" style={{ minWidth: 180, marginBottom: 8 }}>
          <Select
            data-testid="invite-role"
            options={roles.map((r) => ({ value: r, label: <span data-testid={`invite-role-${r}`}>{t(`roles.${r}`)}</span> }))}
          />
        </Form.Item>
        <Space style={{ marginBottom: 8 }}>
          <Button type="primary" htmlType="submit" loading={invite.loading} data-testid="invite-submit">
            {t('staff.inviteSubmit')}
          </Button>
        </Space>
      </Form>
      <ErrorAlert error={invite.alertError} style={{ marginTop: 8, marginBottom: 0 }} />
    </Card>
  );
}
