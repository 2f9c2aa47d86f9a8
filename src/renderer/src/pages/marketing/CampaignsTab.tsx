import { Card, Empty, Flex, Skeleton, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { CampaignRow } from '../../../../shared/ipc/marketing';
import { call } from '../../api';
import { EChart } from '../../components/EChart';
import { FilterSelect } from '../../components/FilterSelect';
import { ErrorAlert } from '../../components/ErrorAlert';
import { lastDays, PeriodPicker, type Period } from '../../components/PeriodPicker';
import { compactAxisLabel } from '../../lib/chart-axis';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDate } from '../../lib/format';
import { formatMoney, formatNumber } from '../../lib/money';
import { useWorkstation } from '../../store/workstation';

/** Click-through rate in percent with one decimal; null without impressions. */
export function ctr(clicks: number, views: number): number | null {
  return views > 0 ? Math.round((clicks / views) * 1000) / 10 : null;
}

/** Ad campaigns (Performance API) with their daily impressions, clicks and spend over a period. */
export function CampaignsTab({ storeId }: { storeId: string }) {
  const { t, locale } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const [period, setPeriod] = useState<Period>(() => lastDays(28));
  const [campaignId, setCampaignId] = useState<string | undefined>();
  const data = useLoad(() => call('marketing:campaigns', { storeId, from: period.from, to: period.to, ...(campaignId ? { campaignId } : {}) }), [period, campaignId, version]);

  const daily = useMemo(() => data.data?.daily ?? [], [data.data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 64, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: daily.map((d) => formatDate(`${d.date}T12:00:00Z`, locale)) },
      yAxis: [
        { type: 'value', name: t('marketingPage.views'), minInterval: 1, axisLabel: compactAxisLabel(locale) },
        { type: 'value', name: t('marketingPage.spend'), splitLine: { show: false }, axisLabel: compactAxisLabel(locale) },
      ],
      series: [
        { name: t('marketingPage.views'), type: 'line', smooth: true, data: daily.map((d) => d.views) },
        { name: t('marketingPage.clicks'), type: 'line', smooth: true, data: daily.map((d) => d.clicks) },
        { name: t('marketingPage.spend'), type: 'bar', yAxisIndex: 1, data: daily.map((d) => Number(d.spend)), itemStyle: { opacity: 0.6 } },
      ],
    }),
    [daily, locale, t],
  );
  const campaigns = data.data?.campaigns ?? [];

  return (
    <Flex vertical gap={12} style={{ overflow: 'auto', minHeight: 0 }}>
      <Flex gap={8} wrap align="center">
        <PeriodPicker value={period} onChange={setPeriod} testId="campaigns-period" />
        <FilterSelect
          placeholder={t('marketingPage.allCampaigns')}
          value={campaignId}
          onChange={(v) => setCampaignId(v)}
          testId="campaigns-filter"
          minWidth={220}
          widePopup
          options={campaigns.map((c) => ({ value: c.campaignId, label: c.title || c.campaignId }))}
        />
      </Flex>
      {data.error ? <ErrorAlert error={data.error} /> : null}
      <Card size="small" title={t('marketingPage.dailyTitle')}>
        {!data.data ? (
          <Skeleton active />
        ) : campaigns.length === 0 ? (
          <Empty data-testid="campaigns-empty" description={t('marketingPage.noCampaigns')} />
        ) : (
          <EChart testId="campaigns-chart" option={option} points={daily.length} label={t('marketingPage.dailyTitle')} />
        )}
      </Card>
      <Table<CampaignRow>
        data-testid="campaigns-table"
        size="small"
        rowKey="campaignId"
        loading={data.loading && !data.data}
        dataSource={campaigns}
        pagination={campaigns.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        onRow={(r) => ({ 'data-testid': `campaign-row-${r.campaignId}`, onClick: () => setCampaignId(r.campaignId), style: { cursor: 'pointer' } }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('marketingPage.noCampaigns') }}
        columns={[
          { key: 'title', title: t('marketingPage.campaign'), render: (_, r) => r.title || r.campaignId },
          { key: 'state', title: t('marketingPage.state'), width: 170, render: (_, r) => <Tag>{t(`marketingPage.states.${r.state}`, { defaultValue: r.state })}</Tag> },
          { key: 'views', title: t('marketingPage.views'), align: 'right', width: 110, render: (_, r) => formatNumber(r.views, locale) },
          { key: 'clicks', title: t('marketingPage.clicks'), align: 'right', width: 90, render: (_, r) => formatNumber(r.clicks, locale) },
          { key: 'ctr', title: 'CTR', align: 'right', width: 80, render: (_, r) => { const v = ctr(r.clicks, r.views); return v === null ? '—' : `${formatNumber(v, locale)}%`; } },
          { key: 'spend', title: t('marketingPage.spend'), align: 'right', width: 130, render: (_, r) => formatMoney(r.spend, 'RUB', locale) },
          { key: 'orders', title: t('marketingPage.orders'), align: 'right', width: 90, render: (_, r) => formatNumber(r.orders, locale) },
          { key: 'budget', title: t('marketingPage.dailyBudget'), align: 'right', width: 130, render: (_, r) => formatMoney(r.dailyBudget, 'RUB', locale) },
        ]}
      />
    </Flex>
  );
}
