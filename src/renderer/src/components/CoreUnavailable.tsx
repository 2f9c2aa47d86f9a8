import { Button, Flex, Result, Typography } from 'antd';
import { LanguageSwitcher } from './LanguageSwitcher';
import type { IpcError } from '../../../shared/ipc/contract';
import { useLocale } from '../hooks/useLocale';
import { isBrowserHost } from '../bridge';

/** Shown instead of a blank page when the app core (Electron main or the browser host) does not answer. */
export function CoreUnavailable({ error, onRetry }: { error: IpcError | null; onRetry: () => void }) {
  const { t } = useLocale();
  return (
    <>
      <Flex justify="flex-end" style={{ padding: '12px 24px' }}>
        <LanguageSwitcher />
      </Flex>
      <Result
      status="error"
      data-testid="core-unavailable"
      title={t('core.title')}
      subTitle={
        <>
          <Typography.Paragraph>{isBrowserHost() ? t('core.browserHint') : t('core.electronHint')}</Typography.Paragraph>
          {error ? (
            <Typography.Text type="secondary" data-testid="core-error-code">
              {t('core.code', { code: error.code })}
            </Typography.Text>
          ) : null}
        </>
      }
      extra={
        <Button type="primary" data-testid="core-retry" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
      />
    </>
  );
}
