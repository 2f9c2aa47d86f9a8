import { App, Button, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { AuthLayout } from '../../components/AuthLayout';
import { ErrorAlert, useWaitSeconds } from '../../components/ErrorAlert';
import { PasswordRules } from '../../components/PasswordRules';
import { useAction } from '../../hooks/useAction';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { codeRules, confirmRules, identifierRules, newPasswordRules, revalidateConfirm } from '../../lib/rules';
import { useAppStore } from '../../store/app';

interface ResetForm {
  code: string;
  newPassword: string;
  confirm: string;
}

/** Identifier → code by email/SMS → new password. A reset signs out every session. */
export function ForgotPassword() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const lastIdentifier = useAppStore((s) => s.lastIdentifier);
  const { setAuthView, setLastIdentifier } = useAppStore.getState();
  const [step, setStep] = useState<'identifier' | 'reset' | 'done'>('identifier');
  const [identifier, setIdentifier] = useState(lastIdentifier);
  const [idForm] = Form.useForm<{ identifier: string }>();
  const [resetForm] = Form.useForm<ResetForm>();
  const newPassword = Form.useWatch('newPassword', resetForm) ?? '';

  const request = useFormAction(idForm, ['identifier'], async (id: string) => {
    await call('auth:forgotPassword', { identifier: id });
    setIdentifier(id);
    setLastIdentifier(id);
    setStep('reset');
  });
  const resend = useAction(async () => {
    await call('auth:forgotPassword', { identifier });
    void message.success(t('forgot.resent'));
  });
  const reset = useFormAction(
    resetForm,
    ['code', 'newPassword'],
    async (v: ResetForm) => {
      await call('auth:resetPassword', { identifier, code: v.code.trim(), newPassword: v.newPassword });
      setStep('done');
    },
    { password: 'newPassword' },
  );
  const wait = useWaitSeconds(request.error ?? resend.error);
  const back = (
    <Button type="link" size="small" data-testid="forgot-back" onClick={() => setAuthView('signin')}>
      {t('common.backToSignIn')}
    </Button>
  );

  if (step === 'done') {
    return (
      <AuthLayout testId="screen-reset-done" title={t('forgot.doneTitle')}>
        <Result
          status="success"
          title={<span data-testid="reset-success">{t('forgot.doneText')}</span>}
          extra={
            <Button type="primary" data-testid="reset-back-to-signin" onClick={() => setAuthView('signin', 'password_reset')}>
              {t('common.backToSignIn')}
            </Button>
          }
        />
      </AuthLayout>
    );
  }

  if (step === 'identifier') {
    return (
      <AuthLayout testId="screen-forgot" title={t('forgot.title')} subtitle={t('forgot.subtitle')} footer={back}>
        {/* keyed: both steps put a Form in the same place, and a reused Form keeps its first instance */}
        <Form key="identifier" form={idForm} layout="vertical" requiredMark={false} initialValues={{ identifier }} onFinish={(v) => void request.run(v.identifier.trim())}>
          <Form.Item name="identifier" label={t('signin.identifier')} rules={identifierRules(t)}>
            <Input data-testid="forgot-identifier" autoComplete="username" maxLength={254} autoFocus placeholder={t('signin.identifierPlaceholder')} />
          </Form.Item>
          <ErrorAlert error={request.alertError} identifier={identifier} />
          <Button type="primary" htmlType="submit" block size="large" loading={request.loading} disabled={wait > 0} data-testid="forgot-submit">
            {t('forgot.sendCode')}
          </Button>
        </Form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout testId="screen-reset" title={t('forgot.resetTitle')} subtitle={t('forgot.codeSent', { identifier })} footer={back}>
      <Form
        key="reset"
        form={resetForm}
        layout="vertical"
        requiredMark={false}
        onFinish={(v) => void reset.run(v)}
        onValuesChange={(c) => 'newPassword' in c && revalidateConfirm(resetForm, 'confirm')}
      >
        <Form.Item name="code" label={t('challenge.codeLabel')} rules={codeRules(t, 'recovery')} normalize={(v: string) => v.trim()}>
          <Input data-testid="reset-code" autoComplete="one-time-code" maxLength={16} autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('common.newPassword')}
          rules={newPasswordRules(t, () => [identifier])}
          extra={<PasswordRules password={newPassword} personal={[identifier]} />}
        >
          <Input.Password data-testid="reset-password" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item name="confirm" label={t('common.confirmPassword')} dependencies={['newPassword']} rules={confirmRules(t, 'newPassword')}>
          <Input.Password data-testid="reset-confirm" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <ErrorAlert error={reset.alertError ?? resend.error} identifier={identifier} />
        <Button type="primary" htmlType="submit" block size="large" loading={reset.loading} data-testid="reset-submit">
          {t('forgot.resetSubmit')}
        </Button>
        <Button type="link" block loading={resend.loading} disabled={wait > 0} data-testid="forgot-resend" style={{ marginTop: 8 }} onClick={() => void resend.run()}>
          {t('forgot.resend')}
        </Button>
      </Form>
    </AuthLayout>
  );
}
