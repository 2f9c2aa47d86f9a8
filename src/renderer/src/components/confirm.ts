import type { ButtonProps } from 'antd';

/** The OK button of every Popconfirm, so end-to-end tests can confirm destructive actions. */
export const confirmOk = { 'data-testid': 'confirm-ok' } as ButtonProps;
