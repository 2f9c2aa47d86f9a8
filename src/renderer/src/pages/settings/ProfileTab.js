import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { App, Button, Card, Descriptions, Form, Input, Select } from 'antd';
import { LOCALES } from '../../../../shared/http/common';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useFormAction } from '../../hooks/useFormAction';
import { useLocale } from '../../hooks/useLocale';
import { LANGUAGE_NAMES } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import { requiredRule } from '../../lib/rules';
import { useAppStore } from '../../store/app';
export function ProfileTab({ account }) {
    const { t, locale } = useLocale();
    const { message } = App.useApp();
    const { setLocale, refresh } = useAppStore.getState();
    const [form] = Form.useForm();
    const save = useFormAction(form, ['name', 'locale'], async (v) => {
        await call('account:update', { name: v.name.trim(), locale: v.locale });
        if (v.locale !== locale)
            await setLocale(v.locale);
        await refresh();
        void message.success(t('settings.profileSaved'));
    });
    return (_jsxs(Card, { style: { maxWidth: 640 }, children: [_jsxs(Descriptions, { column: 1, size: "small", style: { marginBottom: 16 }, children: [_jsx(Descriptions.Item, { label: t('common.email'), children: _jsx("span", { "data-testid": "profile-email", children: account.email ?? t('common.notSet') }) }), _jsx(Descriptions.Item, { label: t('common.phone'), children: _jsx("span", { "data-testid": "profile-phone", children: account.phone ?? t('common.notSet') }) }), _jsx(Descriptions.Item, { label: t('dashboard.role'), children: _jsx("span", { "data-testid": "profile-role", children: t(`roles.${account.role}`) }) }), _jsx(Descriptions.Item, { label: t('settings.memberSince'), children: formatDateTime(account.createdAt, locale) })] }), _jsxs(Form, { form: form, layout: "vertical", requiredMark: false, initialValues: { name: account.name, locale: account.locale }, onFinish: (v) => void save.run(v), children: [_jsx(Form.Item, { name: "name", label: t('settings.name'), rules: [requiredRule(t)], children: _jsx(Input, { "data-testid": "profile-name", maxLength: 100, autoComplete: "name" }) }), _jsx(Form.Item, { name: "locale", label: t('common.language'), extra: t('settings.languageHint'), children: _jsx(Select, { "data-testid": "profile-language", options: LOCALES.map((l) => ({ value: l, label: _jsx("span", { "data-testid": `profile-language-${l}`, children: LANGUAGE_NAMES[l] }) })) }) }), _jsx(ErrorAlert, { error: save.alertError }), _jsx(Button, { type: "primary", htmlType: "submit", loading: save.loading, "data-testid": "profile-save", children: t('common.save') })] })] }));
}
