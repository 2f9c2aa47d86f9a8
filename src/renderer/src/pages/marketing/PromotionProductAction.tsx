import { Button, Flex, Input, Popover, Typography } from 'antd';
import { useState } from 'react';
import type { ActionEntry } from '../../../../shared/ipc/actions';
import type { PromotionProductRow } from '../../../../shared/ipc/marketing';
import { call } from '../../api';
import { ConfirmButton } from '../../components/ConfirmButton';
import { useLoad } from '../../hooks/useLoad';
import { useErrorToast } from '../../hooks/useErrorToast';
import { useLocale } from '../../hooks/useLocale';
import { formatMoney } from '../../lib/money';
import { ActionStatus, useActionsMoved } from '../queue/ActionStatus';

/** Queued actions of one store, reloaded as the sync status and data move (one call for a whole table). */
export function useStoreActions(storeId: string) {
  return useLoad(() => call('actions:list', { storeId }), useActionsMoved());
}

const PRICE = /^\d{1,15}(\.\d{1,2})?$/;

/** Join check: a decimal price, at most Ozon's maximum for the product. Null when fine. */
export function joinPriceProblem(price: string, max: string | null): 'priceInvalid' | 'priceTooHigh' | null {
  if (!PRICE.test(price.trim())) return 'priceInvalid';
  if (max !== null && Number(price) > Number(max)) return 'priceTooHigh';
  return null;
}

interface Props {
  storeId: string;
  actionId: string;
  row: PromotionProductRow;
  entries: ActionEntry[];
  onChanged(): unknown;
}

/** Join (with a promotion price ≤ the max) or leave, queued offline; the queued state beside it. */
export function PromotionProductAction({ storeId, actionId, row: r, entries, onChanged }: Props) {
  const { t, locale } = useLocale();
  const toast = useErrorToast();
  const key = `${actionId}:${r.productId}`;
  const mine = entries.filter((e) => e.key === key && (e.kind === 'promotion_join' || e.kind === 'promotion_leave'));
  const [open, setOpen] = useState(false);
  const [price, setPrice] = useState(r.actionPrice ?? r.maxActionPrice ?? '');
  const problem = joinPriceProblem(price, r.maxActionPrice);
  const busy = mine.some((e) => e.state !== 'failed');
  const enqueue = async (kind: 'promotion_join' | 'promotion_leave', values: Record<string, unknown>) => {
    try {
      await call('actions:enqueue', { storeId, kind, key, values, label: (r.name ?? r.offerId ?? r.productId).slice(0, 200) });
      setOpen(false);
      await onChanged();
    } catch (e) {
      toast(e);
    }
  };
  return (
    <Flex vertical gap={4} align="flex-end" data-testid={`promotion-product-action-${r.productId}`}>
      {r.participating ? (
        <ConfirmButton
          label={t('promotionAction.leave')}
          title={t('promotionAction.leave')}
          onConfirm={() => enqueue('promotion_leave', {})}
          testId={`promotion-leave-${r.productId}`}
          danger={false}
          disabled={busy}
        />
      ) : (
        <Popover
          open={open}
          onOpenChange={setOpen}
          trigger="click"
          content={
            <Flex vertical gap={8} style={{ width: 220 }}>
              <Typography.Text>{t('promotionAction.actionPrice')}</Typography.Text>
              <Input value={price} onChange={(e) => setPrice(e.target.value)} status={problem ? 'error' : undefined} data-testid={`promotion-join-price-${r.productId}`} />
              <Typography.Text type={problem ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                {problem === 'priceInvalid'
                  ? t('promotionAction.priceInvalid')
                  : r.maxActionPrice
                    ? t(problem ? 'promotionAction.priceTooHigh' : 'promotionAction.maxPrice', { price: formatMoney(r.maxActionPrice, r.currency, locale) })
                    : ''}
              </Typography.Text>
              <Button type="primary" size="small" disabled={!!problem} onClick={() => void enqueue('promotion_join', { actionPrice: price.trim() })} data-testid={`promotion-join-confirm-${r.productId}`}>
                {t('promotionAction.join')}
              </Button>
            </Flex>
          }
        >
          <Button size="small" type="primary" ghost disabled={busy} data-testid={`promotion-join-${r.productId}`}>
            {t('promotionAction.join')}
          </Button>
        </Popover>
      )}
      <ActionStatus target={{ entries: mine, ozon: r.ozon }} onChanged={onChanged} testId={`promotion-action-state-${r.productId}`} />
    </Flex>
  );
}
