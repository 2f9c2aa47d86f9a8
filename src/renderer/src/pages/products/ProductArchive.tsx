import { App, Button, Flex, Popconfirm } from 'antd';
import { useState } from 'react';
import { call } from '../../api';
import { confirmOk } from '../../components/confirm';
import { useErrorToast } from '../../hooks/useErrorToast';
import { useLocale } from '../../hooks/useLocale';
import { ActionStatus, useActionTarget } from '../queue/ActionStatus';

interface Props {
  storeId: string;
  productId: string;
  archived: boolean;
  label: string;
}

/**
 * Archive / unarchive from the product drawer: a command queued offline and
 * sent when online. While one is queued the button waits; an unsent archive
 * followed by an unarchive replaces it (action outbox, same target group).
 * The row's `ozonSync` also covers price and stock edits, so it is not shown here.
 */
export function ProductArchive({ storeId, productId, archived, label }: Props) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const toast = useErrorToast();
  const target = useActionTarget(storeId, 'archive', productId);
  const [queued, setQueued] = useState<string[]>([]);
  const entries = target.data?.entries ?? [];
  const waiting = entries.some((e) => e.state !== 'failed');
  const kind = archived ? 'unarchive' : 'archive';
  const run = async () => {
    try {
      const e = await call('actions:enqueue', { storeId, kind, key: productId, values: {}, label: label.slice(0, 200) });
      void message.success(t('actionState.queuedToast', { what: t(`actionKind.${kind}`) }));
      await target.reload();
      setQueued((q) => [...q, e.id]);
    } catch (e) {
      toast(e);
    }
  };
  const button = (
    <Button size="small" danger={!archived} disabled={waiting} onClick={archived ? () => void run() : undefined} data-testid={`product-${kind}`}>
      {t(`productArchive.${kind}`)}
    </Button>
  );
  return (
    <Flex vertical gap={6} align="flex-start" data-testid="product-archive-box">
      {archived ? (
        button
      ) : (
        <Popconfirm title={t('productArchive.confirmArchive')} description={t('productArchive.confirmArchiveText')} okText={t('productArchive.archive')} okType="danger" cancelText={t('common.cancel')} okButtonProps={confirmOk} onConfirm={run}>
          {button}
        </Popconfirm>
      )}
      <ActionStatus target={target.data ? { entries, ozon: null } : null} onChanged={target.reload} testId="product-archive-state" queued={queued} />
    </Flex>
  );
}
