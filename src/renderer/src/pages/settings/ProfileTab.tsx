import { App, Button, Card, Descriptions, Form, Input, Select } from 'antd';
import type { Account } from '../../../../shared/http/auth';
import { LOCALES, type Locale } from '../../../../shared/http/common';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { LANGUAGE_NAMES } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { requiredRule } from '../../lib/rules';
import { useAppStore } from '../../store/app';

interface ProfileForm {
  name: string;
  locale: Locale;
}

export function ProfileTab({ account }: { account: Account }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const { setLocale, refresh } = useAppStore.getState();
  const [form] = Form.useForm<ProfileForm>();
  const save = useFormAction(form, ['name', 'locale'], async (v: ProfileForm) => {
      await call('account:update', { name: v.name.trim(), locale: v.locale });
      if (v.locale !== locale) await setLocale(v.locale);
      await refresh();
      void message.success(t('settings.profileSaved'));
    });

  return (
    <Card style={{ maxWidth: 640 }}>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('common.email')}>
          <span data-testid="profile-email">{account.email ?? t('common.notSet')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('common.phone')}>
          <span data-testid="profile-phone">{account.phone ?? t('common.notSet')}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('dashboard.role')}>
          <span data-testid="profile-role">{t(`roles.${account.role}`)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('settings.memberSince')}>{formatDateTime(account.createdAt, locale)}</Descriptions.Item>
      </Descriptions>
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: account.name, locale: account.locale }}
        onFinish={(v) => void save.run(v)}
      >
        <Form.Item name="name" label={t('settings.name')} rules={[requiredRule(t)]}>
          <Input data-testid="profile-name" maxLength={100} autoComplete="name" />
        </Form.Item>
        <Form.Item name="locale" label={t('common.language')} extra={t('settings.languageHint')}>
          <Select
            data-testid="profile-language"
            options={LOCALES.map((l) => ({ value: l, label: <span data-testid={`profile-language-${l}`}>{LANGUAGE_NAMES[l]}</span> }))}
          />
        </Form.Item>
        <ErrorAlert error={save.alertError} />
        <Button type="primary" htmlType="submit" loading={save.loading} data-testid="profile-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
