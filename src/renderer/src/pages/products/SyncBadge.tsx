import { Tag } from 'antd';
import type { ProductRow } from '../../../../shared/ipc/workstation';
import { useLocale } from '../../hooks/useLocale';

const COLOR: Record<ProductRow['syncState'], string> = { synced: 'default', pending: 'gold', failed: 'red', conflict: 'volcano' };

/** A row's local sync state: nothing when synced, otherwise pending / failed / conflict. */
export function SyncBadge({ state, testId }: { state: ProductRow['syncState']; testId?: string }) {
  const { t } = useLocale();
  if (state === 'synced') return null;
  return (
    <Tag color={COLOR[state]} data-testid={testId} data-state={state} style={{ marginInlineEnd: 0 }}>
      {t(`rowSync.${state}`)}
    </Tag>
  );
}
