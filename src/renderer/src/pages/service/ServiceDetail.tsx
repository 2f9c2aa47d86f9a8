import { Descriptions, Drawer, Tag } from 'antd';
import type { DescriptionsProps } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTimeShort } from '../../lib/format';

type Facts = NonNullable<DescriptionsProps['items']>;

const statusColor = (s: string) => (s === 'NEW' || s === 'UNPROCESSED' ? 'orange' : s === 'PROCESSED' ? 'green' : 'default');

/** A review or question status; in list cells it carries `data-status` and no trailing margin. */
export function StatusTag({ status, cell = false }: { status: string; cell?: boolean }) {
  const { t } = useLocale();
  const label = t(`servicePage.statuses.${status}`, { defaultValue: status });
  return cell ? (
    <Tag color={statusColor(status)} data-status={status} style={{ marginInlineEnd: 0 }}>
      {label}
    </Tag>
  ) : (
    <Tag color={statusColor(status)}>{label}</Tag>
  );
}

/** The drawer of the picked review or question; the body remounts per item (its own load and reply box). */
export function ServiceDrawer<T>({ item, itemKey, title, onClose, children }: { item: T | null; itemKey(item: T): string; title: string; onClose(): void; children(item: T): ReactNode }) {
  const { t } = useLocale();
  return (
    <Drawer open={item !== null} onClose={onClose} size={560} title={title} destroyOnHidden closable={{ 'aria-label': t('common.close') }}>
      {item ? <Fragment key={itemKey(item)}>{children(item)}</Fragment> : null}
    </Drawer>
  );
}

/** Facts of a review or question: `before`, product, SKU, status, `after`, published. */
export function ServiceFacts({ row: r, before = [], after = [] }: { row: { productName: string | null; sku: string; status: string; publishedAt: string | null }; before?: Facts; after?: Facts }) {
  const { t, locale } = useLocale();
  const items: Facts = [
    ...before,
    { key: 'product', label: t('servicePage.product'), children: r.productName ?? '—' },
    { key: 'sku', label: t('products.sku'), children: r.sku },
    { key: 'status', label: t('servicePage.status'), children: <StatusTag status={r.status} /> },
    ...after,
    { key: 'publishedAt', label: t('servicePage.publishedAt'), children: r.publishedAt ? formatDateTimeShort(r.publishedAt, locale) : '—' },
  ];
  return <Descriptions column={1} size="small" style={{ marginBottom: 16 }} items={items} />;
}
