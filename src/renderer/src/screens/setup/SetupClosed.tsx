import { Button, Result } from 'antd';
import { useState } from 'react';
import { AuthLayout } from '../../components/AuthLayout';
import { ChangeServerLink } from '../../components/ChangeServerLink';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';

/** A team server that has no owner yet and does not let this visitor create one. */
export function SetupClosed() {
  const { t } = useLocale();
  const refresh = useAppStore((s) => s.refresh);
  const [checking, setChecking] = useState(false);
  return (
    <AuthLayout testId="screen-setup-closed" title={t('setup.closedTitle')} footer={<ChangeServerLink />}>
      <Result
        status="info"
        subTitle={t('setup.closedText')}
        extra={
          <Button
            loading={checking}
            data-testid="setup-closed-retry"
            onClick={async () => {
              setChecking(true);
              await refresh();
              setChecking(false);
            }}
          >
            {t('common.checkAgain')}
          </Button>
        }
      />
    </AuthLayout>
  );
}
