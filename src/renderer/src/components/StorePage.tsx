import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { Account } from '../../../shared/http/auth';
import { useLocale } from '../hooks/useLocale';
import { StoreOnboarding } from '../pages/stores/StoreOnboarding';
import { useWorkstation } from '../store/workstation';
import { PAGE_HEIGHT } from './listKit';

interface Props {
  account: Account;
  /** i18n key of the page title (shown here only while no store is selected) */
  titleKey: string;
  /** shown under the onboarding while no store is linked (e.g. the "connect a store first" empty state) */
  noStore?: ReactNode;
  /** the page body for the selected store; remounted when the store changes */
  children(storeId: string): ReactNode;
}

/**
 * The frame of every store-data page: a full-height column; with no store
 * linked, the title and the store onboarding; with one, the page's body for
 * the current store (keyed by it, so a store switch starts it afresh).
 */
export function StorePage({ account, titleKey, noStore, children }: Props) {
  const { t } = useLocale();
  const storeId = useWorkstation((s) => s.currentStoreId);
  const loaded = useWorkstation((s) => s.storesLoaded);
  const noStores = useWorkstation((s) => s.stores.length === 0);
  return (
    <Flex vertical style={{ height: PAGE_HEIGHT }}>
      {storeId ? null : (
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
          {t(titleKey)}
        </Typography.Title>
      )}
      {loaded && noStores ? <StoreOnboarding account={account} /> : null}
      {loaded && noStores ? noStore : null}
      {storeId ? <Flex vertical key={storeId} style={{ flex: 1, minHeight: 0 }}>{children(storeId)}</Flex> : null}
    </Flex>
  );
}
