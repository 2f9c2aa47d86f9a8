import { App, Button, Flex, Tag, Tooltip, Typography } from 'antd';
import { useRef } from 'react';
import type { ActionKind } from '../../../../shared/exports';
import type { ActionEntry, ActionTarget } from '../../../../shared/ipc/actions';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import type { Translate } from '../../errors';
import { useAction } from '../../hooks/useAction';
import { useLoad } from '../../hooks/useLoad';
import { useErrorToast } from '../../hooks/useErrorToast';
import { useLocale } from '../../hooks/useLocale';
import { useWorkstation } from '../../store/workstation';

/** The server's refusal of an action, localized (syncReject.<code>), else its message. */
export function actionRefusal(t: Translate, e: ActionEntry['error']): string {
  if (!e) return '';
  return t(`syncReject.${e.code}`, { defaultValue: '' }) || t(`errors.${e.code}`, { defaultValue: '' }) || e.message || e.code;
}

/**
 * The queued actions and Ozon state of one target row, reloaded whenever the
 * sync status (sent, refused) or the cached data move.
 */
export function useActionTarget(storeId: string, kind: ActionKind, key: string) {
  return useLoad(() => call('actions:target', { storeId, kind, key }), useActionsMoved());
}

/** What moves queued actions and their targets: the cached data and the sync status (sent, refused, online). */
export function useActionsMoved(): unknown[] {
  const version = useWorkstation((s) => s.dataVersion);
  const sync = useWorkstation((s) => s.sync);
  return [version, sync ? `${sync.pending}/${sync.failed}/${sync.online}` : ''];
}

/** Retry / discard of one queued action, with a toast on failure. */
export function useEntryActions(onDone: () => unknown) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const onError = { onError: useErrorToast() };
  const retry = useAction(async (id: string) => {
    await call('actions:retry', { id });
    await onDone();
  }, onError);
  const discard = useAction(async (id: string) => {
    await call('actions:discard', { id });
    void message.success(t('actionState.discarded'));
    await onDone();
  }, onError);
  return { retry, discard };
}

const COLOR: Record<ActionEntry['state'], string> = { pending: 'gold', sending: 'blue', failed: 'red' };
const OZON_COLOR: Record<string, string> = { synced: 'green', pending: 'blue', failed: 'red', drifted: 'orange' };

/** One queued action: its state tag, the refusal reason and retry/discard. */
export function ActionEntryState({ entry: e, onChanged, testId }: { entry: ActionEntry; onChanged(): unknown; testId: string }) {
  const { t } = useLocale();
  const { retry, discard } = useEntryActions(onChanged);
  const label = e.state === 'pending' ? t('actionState.queued') : e.state === 'sending' ? t('actionState.sending') : t('actionState.refused');
  return (
    <Flex vertical gap={4} align="flex-start" data-testid={testId} data-state={e.state} data-kind={e.kind} data-code={e.error?.code}>
      <Flex gap={8} align="center" wrap>
        <Tooltip title={e.state === 'pending' ? t('actionState.queuedTip') : undefined}>
          <Tag color={COLOR[e.state]} style={{ marginInlineEnd: 0 }}>
            {t(`actionKind.${e.kind}`)}: {label}
          </Tag>
        </Tooltip>
        {e.state === 'failed' ? (
          <Button size="small" onClick={() => void retry.run(e.id)} loading={retry.loading} data-testid={`${testId}-retry`}>
            {t('actionState.retry')}
          </Button>
        ) : null}
        {e.state !== 'sending' ? (
          <ConfirmButton
            label={t('actionState.discard')}
            title={t('actionState.confirmDiscard')}
            description={t('actionState.confirmDiscardText')}
            onConfirm={() => discard.run(e.id)}
            testId={`${testId}-discard`}
          />
        ) : null}
      </Flex>
      {e.error ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid={`${testId}-reason`}>
          {actionRefusal(t, e.error)}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

interface Props {
  target: ActionTarget | null;
  onChanged(): unknown;
  testId: string;
  /** show only refused entries (a reply box shows the queued ones in its thread) */
  onlyRefused?: boolean;
  /** ids this view queued: gone from the queue without a refusal = accepted, even when never seen queued */
  queued?: string[];
}

/**
 * Where the actions on one target stand: queued on this computer, sending,
 * refused (with the reason), sent (the server accepted it: it left the queue
 * while this view was open), and the row's Ozon state when the feed carries it.
 */
export function ActionStatus({ target, onChanged, testId, onlyRefused, queued }: Props) {
  const { t } = useLocale();
  const had = useRef<Set<string>>(new Set());
  const sent = useRef(false);
  const entries = target?.entries ?? [];
  // an entry that was pending or sending (or that this view just queued) and left the queue was accepted by the server
  const now = new Set(entries.filter((e) => e.state !== 'failed').map((e) => e.id));
  const failed = new Set(entries.filter((e) => e.state === 'failed').map((e) => e.id));
  if (target) for (const id of [...had.current, ...(queued ?? [])]) if (!now.has(id) && !failed.has(id)) sent.current = true;
  had.current = now;
  const ozon = target?.ozon ?? null;
  // (a reply box shows its queued replies in the thread; only refusals need a row here)
  const shown = onlyRefused ? entries.filter((e) => e.state === 'failed') : entries;
  if (!entries.length && !sent.current && !ozon) return null;
  return (
    <Flex vertical gap={6} data-testid={testId}>
      {shown.map((e) => (
        <ActionEntryState key={e.id} entry={e} onChanged={onChanged} testId={`${testId}-entry`} />
      ))}
      {!entries.length && sent.current ? (
        <Tag color="cyan" data-testid={`${testId}-sent`} style={{ alignSelf: 'flex-start' }}>
          {t('actionState.sent')}
        </Tag>
      ) : null}
      {!entries.length && ozon ? (
        <Tooltip title={ozon.reason ?? undefined}>
          <Tag color={OZON_COLOR[ozon.state] ?? 'default'} data-testid={`${testId}-ozon`} data-ozon-state={ozon.state} style={{ alignSelf: 'flex-start' }}>
            {t(`actionState.ozon_${ozon.state}`)}
          </Tag>
        </Tooltip>
      ) : null}
      {/* Ozon's own words when it refused: the seller must not have to hover to learn why */}
      {!entries.length && ozon?.reason && (ozon.state === 'failed' || ozon.state === 'drifted') ? (
        <Typography.Text type={ozon.state === 'failed' ? 'danger' : 'warning'} style={{ fontSize: 12, maxWidth: 320 }} data-testid={`${testId}-ozon-reason`}>
          {ozon.reason}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}
