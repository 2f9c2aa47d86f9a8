import { jsx as _jsx } from "react/jsx-runtime";
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
/** Where the workspace server stands, when that matters to a signed-out person. */
export function ServerBanner() {
    const { t } = useLocale();
    const state = useAppStore((s) => s.state);
    const refresh = useAppStore((s) => s.refresh);
    const [checking, setChecking] = useState(false);
    if (!state || !state.serverMode)
        return null;
    if (state.serverStatus === 'starting') {
        return _jsx(Alert, { type: "info", showIcon: true, style: { marginBottom: 16 }, "data-testid": "server-starting", title: t('server.starting') });
    }
    if (state.serverStatus !== 'unreachable')
        return null;
    return (_jsx(Alert, { type: "warning", showIcon: true, style: { marginBottom: 16 }, "data-testid": "server-unreachable", title: state.serverMode === 'remote' ? t('server.unreachableRemote', { url: state.serverUrl ?? '' }) : t('server.unreachableLocal'), action: _jsx(Button, { size: "small", loading: checking, "data-testid": "server-retry", onClick: async () => {
                setChecking(true);
                await refresh();
                setChecking(false);
            }, children: t('common.retry') }) }));
}
