import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ButtonProps } from 'antd';
import { Alert, Button, Card, Flex, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import type { PostingItem } from '../../../../shared/ipc/actions';
import { useLocale } from '../../hooks/useLocale';

/** SKU → quantity in one package */
type Pack = Record<string, number>;

export interface ShipPackages {
  packages: { products: { sku: string; quantity: number }[] }[];
}

/** The posting's quantities per SKU (an SKU may appear on several item lines). */
export function wantBySku(items: PostingItem[]): Map<string, number> {
  const want = new Map<string, number>();
  for (const i of items) want.set(i.sku, (want.get(i.sku) ?? 0) + i.quantity);
  return want;
}

/**
 * Ozon ships a posting whole: the packages together hold exactly its items
 * (quantity per SKU), and no package is empty. Null when they do.
 */
export function packagesProblem(want: Map<string, number>, packs: Pack[]): 'mismatch' | 'emptyPackage' | null {
  if (packs.some((p) => !Object.values(p).some((q) => q > 0))) return 'emptyPackage';
  for (const [sku, n] of want) if (packs.reduce((s, p) => s + (p[sku] ?? 0), 0) !== n) return 'mismatch';
  return null;
}

interface Props {
  open: boolean;
  items: PostingItem[];
  onCancel(): void;
  onShip(v: ShipPackages): Promise<unknown>;
}

/** Ship: one package holding every item by default; items may be split across packages. */
export function ShipModal({ open, items, onCancel, onShip }: Props) {
  const { t } = useLocale();
  const want = wantBySku(items);
  const all = (): Pack => Object.fromEntries(want);
  const [packs, setPacks] = useState<Pack[]>(() => [all()]);
  const [busy, setBusy] = useState(false);
  const problem = packagesProblem(want, packs);
  const names = new Map(items.map((i) => [i.sku, i.name]));
  const setQty = (pi: number, sku: string, q: number | null) => setPacks((ps) => ps.map((p, i) => (i === pi ? { ...p, [sku]: Math.max(0, Math.floor(q ?? 0)) } : p)));
  const submit = async () => {
    if (problem) return;
    setBusy(true);
    try {
      await onShip({
        packages: packs.map((p) => ({ products: Object.entries(p).filter(([, q]) => q > 0).map(([sku, quantity]) => ({ sku, quantity })) })),
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('orderDrawer.shipTitle')}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t('orderDrawer.ship')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !!problem, loading: busy, 'data-testid': 'ship-confirm' } as ButtonProps}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('orderDrawer.shipIntro')}</Typography.Paragraph>
      <Flex vertical gap={12} data-testid="ship-modal">
        {packs.map((p, pi) => (
          <Card
            key={pi}
            size="small"
            title={t('orderDrawer.package', { n: pi + 1 })}
            data-testid={`ship-package-${pi}`}
            extra={
              packs.length > 1 ? (
                <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('orderDrawer.removePackage')} onClick={() => setPacks((ps) => ps.filter((_, i) => i !== pi))} data-testid={`ship-remove-${pi}`} />
              ) : null
            }
          >
            {[...want.keys()].map((sku) => (
              <Flex key={sku} justify="space-between" align="center" gap={8} style={{ marginBottom: 4 }}>
                <Typography.Text ellipsis style={{ maxWidth: 300 }}>
                  {names.get(sku)} <Typography.Text type="secondary">SKU {sku}</Typography.Text>
                </Typography.Text>
                <InputNumber min={0} max={want.get(sku)} precision={0} value={p[sku] ?? 0} onChange={(v) => setQty(pi, sku, v)} data-testid={`ship-qty-${pi}-${sku}`} style={{ width: 90 }} />
              </Flex>
            ))}
          </Card>
        ))}
        <Button icon={<PlusOutlined />} onClick={() => setPacks((ps) => [...ps, {}])} data-testid="ship-add-package" style={{ alignSelf: 'flex-start' }}>
          {t('orderDrawer.addPackage')}
        </Button>
        {[...want.entries()].map(([sku, n]) => {
          const got = packs.reduce((s, p) => s + (p[sku] ?? 0), 0);
          return got !== n ? (
            <Typography.Text key={sku} type="danger" style={{ fontSize: 12 }}>
              SKU {sku}: {t('orderDrawer.inPackages', { got, want: n })}
            </Typography.Text>
          ) : null;
        })}
        {problem ? <Alert type="warning" showIcon title={t(`orderDrawer.${problem}`)} data-testid="ship-problem" /> : null}
      </Flex>
    </Modal>
  );
}
