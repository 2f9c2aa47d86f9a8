import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { Card, Flex, Progress, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { ImportStatus } from '../../../../shared/ipc/workstation';
import { call, toAppError, type AppError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLocale } from '../../hooks/useLocale';
import { formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';

type Status = z.infer<typeof ImportStatus>;

export function importRunning(s: Status | null): boolean {
  return !!s && s.entities.some((e) => e.state === 'running' || e.state === 'pending');
}

/**
 * The first import of a store: one progress bar per entity, polling every
 * second while anything runs. Hidden once everything finished (unless `always`).
 */
export function ImportProgress({ storeId, always = false }: { storeId: string; always?: boolean }) {
  const { t, locale } = useLocale();
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const dataChanged = useWorkstation((s) => s.dataChanged);
  const wasRunning = useRef(false);

  useEffect(() => {
    let stopped = false;
    let timer: number | null = null;
    const poll = async () => {
      try {
        const s = await call('stores:importStatus', { storeId });
        if (stopped) return;
        setStatus(s);
        setError(null);
        const running = importRunning(s);
        // the import just finished: lists re-query once
        if (wasRunning.current && !running) dataChanged();
        wasRunning.current = running;
        if (running) timer = window.setTimeout(() => void poll(), 1000);
      } catch (e) {
        if (stopped) return;
        setError(toAppError(e));
        timer = window.setTimeout(() => void poll(), 5000);
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [storeId, dataChanged]);

  if (!status && !error) return null;
  if (!always && status && !importRunning(status) && !status.entities.some((e) => e.state === 'failed')) return null;

  return (
    <Card title={t('importProgress.title')} data-testid="import-progress" data-running={importRunning(status) ? 'true' : 'false'} style={{ marginBottom: 24 }}>
      <ErrorAlert error={error} />
      <Typography.Paragraph type="secondary">{importRunning(status) ? t('importProgress.running') : t('importProgress.finished')}</Typography.Paragraph>
      <Flex vertical gap={10}>
        {(status?.entities ?? []).map((e) => {
          const percent = e.state === 'done' ? 100 : e.total ? Math.min(99, Math.floor((e.done / e.total) * 100)) : 0;
          return (
            <div key={e.entity} data-testid={`import-entity-${e.entity}`} data-state={e.state}>
              <Flex justify="space-between" gap={12}>
                <Typography.Text>
                  {e.state === 'done' ? (
                    <CheckCircleFilled style={{ color: '#52c41a' }} />
                  ) : e.state === 'failed' ? (
                    <CloseCircleFilled style={{ color: '#ff4d4f' }} />
                  ) : e.state === 'running' ? (
                    <LoadingOutlined />
                  ) : (
                    <span style={{ display: 'inline-block', width: 14 }} />
                  )}{' '}
                  {t(`importEntity.${e.entity}`, { defaultValue: e.entity })}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {e.state === 'pending'
                    ? t('importProgress.waiting')
                    : e.total !== null
                      ? t('importProgress.count', { done: formatNumber(e.done, locale), total: formatNumber(e.total, locale) })
                      : formatNumber(e.done, locale)}
                </Typography.Text>
              </Flex>
              <Progress
                percent={percent}
                status={e.state === 'failed' ? 'exception' : e.state === 'running' ? 'active' : e.state === 'done' ? 'success' : 'normal'}
                showInfo={false}
                size="small"
              />
              {e.state === 'failed' && e.error ? (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {t(`errors.${e.error}`, { defaultValue: t('importProgress.failed') })}
                </Typography.Text>
              ) : null}
            </div>
          );
        })}
      </Flex>
    </Card>
  );
}
