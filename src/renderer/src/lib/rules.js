import { normalizeEmail, normalizePhone, parseIdentifier } from '../../../shared/identity';
import { checkPassword, isCommonPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password';
/** antd Form rules with localized messages. Local checks only make errors arrive sooner. */
export const requiredRule = (t) => ({ required: true, whitespace: true, message: t('validation.required') });
export const identifierRules = (t) => [
    { required: true, whitespace: true, message: t('validation.identifierRequired') },
    {
        validator: async (_r, v) => {
            if (v && v.trim() && !parseIdentifier(v))
                throw new Error(t('validation.identifierInvalid'));
        },
    },
];
export const emailRule = (t) => ({
    validator: async (_r, v) => {
        if (v && v.trim() && !normalizeEmail(v))
            throw new Error(t('errors.EMAIL_INVALID'));
    },
});
export const phoneRule = (t) => ({
    validator: async (_r, v) => {
        if (v && v.trim() && !normalizePhone(v))
            throw new Error(t('errors.PHONE_INVALID'));
    },
});
/** A new password: length floor and the common-password hint; `personal` = name/email to avoid. */
export const newPasswordRules = (t, personal = () => []) => [
    { required: true, message: t('validation.passwordRequired') },
    {
        validator: async (_r, v) => {
            if (!v)
                return;
            if (v.length > MAX_PASSWORD_LENGTH)
                throw new Error(t('errors.PASSWORD_TOO_LONG'));
            if (v.length < MIN_PASSWORD_LENGTH)
                throw new Error(t('errors.PASSWORD_TOO_SHORT'));
            if (isCommonPassword(v, personal()) || !checkPassword(v, personal()).notCommon)
                throw new Error(t('errors.PASSWORD_TOO_COMMON'));
        },
    },
];
export const confirmRules = (t, field) => [
    { required: true, message: t('validation.confirmRequired') },
    ({ getFieldValue }) => ({
        validator: async (_r, v) => {
            if (v && v !== getFieldValue(field))
                throw new Error(t('validation.passwordsDiffer'));
        },
    }),
];
export const codeRules = (t, kind = 'digits') => [
    { required: true, whitespace: true, message: t('validation.codeRequired') },
    {
        validator: async (_r, v) => {
            if (!v)
                return;
            const s = v.replace(/\s/g, '');
            if (kind === 'digits' && !/^\d{6}$/.test(s))
                throw new Error(t('validation.codeDigits'));
            if (kind === 'recovery' && !/^[A-Za-z0-9-]{4,64}$/.test(s))
                throw new Error(t('validation.recoveryFormat'));
        },
    },
];
/** Re-validates the confirm field when the password changes (antd only does it on blur otherwise). */
export function revalidateConfirm(form, confirmField) {
    if (form.isFieldTouched(confirmField))
        void form.validateFields([confirmField]).catch(() => undefined);
}
