import { EyeInvisibleOutlined, EyeOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Divider, Form, Input } from 'antd';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ChangeServerLink } from '../../components/ChangeServerLink';
import { ErrorAlert, useWaitSeconds } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { identifierRules } from '../../lib/rules';
import { useAppStore, type AuthNotice } from '../../store/app';

interface SignInForm {
  identifier: string;
  password: string;
}

const NOTICE_KEYS: Record<Exclude<AuthNotice, null>, { key: string; type: 'info' | 'success' | 'warning' }> = {
  session_expired: { key: 'signin.noticeSessionExpired', type: 'warning' },
  password_reset: { key: 'signin.noticePasswordReset', type: 'success' },
  signed_out: { key: 'signin.noticeSignedOut', type: 'info' },
  challenge_expired: { key: 'signin.noticeChallengeExpired', type: 'warning' },
};

export function SignIn() {
  const { t } = useLocale();
  const [form] = Form.useForm<SignInForm>();
  const keychainAvailable = useAppStore((s) => s.state?.keychainAvailable ?? true);
  const notice = useAppStore((s) => s.notice);
  const lastIdentifier = useAppStore((s) => s.lastIdentifier);
  const { afterSignIn, setAuthView, setLastIdentifier, openSupport } = useAppStore.getState();
  const identifier = Form.useWatch('identifier', form) ?? lastIdentifier;

  const signIn = useFormAction(form, ['identifier', 'password'], async (v: SignInForm) => afterSignIn(await call('auth:signIn', { identifier: v.identifier.trim(), password: v.password })));
  const wait = useWaitSeconds(signIn.error?.code === 'RATE_LIMITED' ? signIn.error : null);
  const noticeInfo = notice ? NOTICE_KEYS[notice] : null;

  return (
    <AuthLayout
      testId="screen-signin"
      title={t('signin.title')}
      subtitle={t('signin.subtitle')}
      footer={<ChangeServerLink />}
    >
      {noticeInfo ? (
        <Alert type={noticeInfo.type} showIcon style={{ marginBottom: 16 }} data-testid={`notice-${notice}`} title={t(noticeInfo.key)} />
      ) : null}
      {keychainAvailable ? null : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="keychain-warning"
          title={t('signin.keychainTitle')}
          description={t('signin.keychainText')}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ identifier: lastIdentifier }}
        onValuesChange={(c: Partial<SignInForm>) => {
          if (c.identifier !== undefined) setLastIdentifier(c.identifier.trim());
        }}
        onFinish={(v) => void signIn.run(v)}
      >
        <Form.Item name="identifier" label={t('signin.identifier')} rules={identifierRules(t)}>
          <Input
            prefix={<UserOutlined />}
            data-testid="signin-identifier"
            placeholder={t('signin.identifierPlaceholder')}
            autoComplete="username"
            maxLength={254}
            autoFocus
          />
        </Form.Item>
        <Form.Item name="password" label={t('common.password')} rules={[{ required: true, message: t('validation.passwordRequired') }]}>
          <Input.Password
            prefix={<LockOutlined />}
            data-testid="signin-password"
            autoComplete="current-password"
            maxLength={256}
            iconRender={(visible) => (
              <span data-testid="signin-password-toggle" role="button" aria-label={visible ? t('common.hidePassword') : t('common.showPassword')}>
                {visible ? <EyeOutlined /> : <EyeInvisibleOutlined />}
              </span>
            )}
          />
        </Form.Item>
        <ErrorAlert error={signIn.alertError} identifier={identifier} />
        <Button type="primary" htmlType="submit" block size="large" loading={signIn.loading} disabled={wait > 0} data-testid="signin-submit">
          {t('signin.submit')}
        </Button>
      </Form>
      <Divider plain style={{ margin: '16px 0 8px' }} />
      <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: 4 }}>
        <Button type="link" size="small" data-testid="signin-forgot" onClick={() => setAuthView('forgot')}>
          {t('signin.forgot')}
        </Button>
        <Button type="link" size="small" data-testid="signin-invitation" onClick={() => setAuthView('invite')}>
          {t('signin.invitation')}
        </Button>
        <Button type="link" size="small" data-testid="signin-support-link" onClick={() => openSupport(identifier)}>
          {t('support.contactButton')}
        </Button>
      </div>
    </AuthLayout>
  );
}
