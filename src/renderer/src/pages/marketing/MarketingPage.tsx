import { Tabs, Typography } from 'antd';
import { useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import { StorePage } from '../../components/StorePage';
import { useLocale } from '../../hooks/useLocale';
import { EmptyPage } from '../../shell/EmptyPage';
import { CampaignsTab } from './CampaignsTab';
import { PromotionsTab } from './PromotionsTab';

type TabKey = 'promotions' | 'campaigns';

export function MarketingPage({ account }: { account: Account }) {
  return (
    <StorePage account={account} titleKey="nav.marketing" noStore={<EmptyPage page="marketing" />}>
      {(storeId) => <Marketing storeId={storeId} />}
    </StorePage>
  );
}

function Marketing({ storeId }: { storeId: string }) {
  const { t } = useLocale();
  const [tab, setTab] = useState<TabKey>('promotions');
  return (
    <>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
        {t('nav.marketing')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        items={(['promotions', 'campaigns'] as const).map((k) => ({ key: k, label: <span data-testid={`marketing-tab-${k}`}>{t(`marketingPage.tabs.${k}`)}</span> }))}
      />
      {tab === 'promotions' ? <PromotionsTab storeId={storeId} /> : <CampaignsTab storeId={storeId} />}
    </>
  );
}
