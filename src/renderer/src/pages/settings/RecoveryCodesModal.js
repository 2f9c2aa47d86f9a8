import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';
/** The ten recovery codes, shown exactly once: copy them or save them as a text file. */
export function RecoveryCodesModal({ codes, account, onClose }) {
    const { t, locale } = useLocale();
    const { message } = App.useApp();
    const list = codes ?? [];
    const fileText = () => [
        t('security.codesFileHeader', { workspace: account.workspace.name, account: account.email ?? account.phone ?? account.name }),
        t('security.codesFileDate', { date: formatDateTime(new Date().toISOString(), locale) }),
        t('security.codesFileNote'),
        '',
        ...list,
        '',
    ].join('\r\n');
    const copy = async () => {
        try {
            await navigator.clipboard.writeText(list.join('\n'));
            void message.success(t('security.codesCopied'));
        }
        catch {
            void message.error(t('security.codesCopyFailed'));
        }
    };
    const download = () => {
        const url = URL.createObjectURL(new Blob([fileText()], { type: 'text/plain;charset=utf-8' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = 'sellerdesk-recovery-codes.txt';
        document.body.appendChild(a);
        a.click();
        a.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    };
    return (_jsxs(Modal, { open: codes !== null, title: t('security.codesTitle'), closable: false, mask: { closable: false }, keyboard: false, footer: _jsx(Button, { type: "primary", "data-testid": "recovery-done", onClick: onClose, children: t('security.codesSaved') }), children: [_jsx(Alert, { type: "warning", showIcon: true, style: { marginBottom: 16 }, title: t('security.codesWarning') }), _jsx("div", { "data-testid": "recovery-codes", style: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '8px 24px', padding: 16, background: 'rgba(0,0,0,0.03)', borderRadius: 8 }, children: list.map((c) => (_jsx(Typography.Text, { code: true, "data-testid": "recovery-code", style: { fontSize: 15 }, children: c }, c))) }), _jsxs(Space, { style: { marginTop: 16 }, children: [_jsx(Button, { icon: _jsx(CopyOutlined, {}), "data-testid": "recovery-copy", onClick: () => void copy(), children: t('common.copy') }), _jsx(Button, { icon: _jsx(DownloadOutlined, {}), "data-testid": "recovery-download", onClick: download, children: t('security.codesDownload') })] })] }));
}
