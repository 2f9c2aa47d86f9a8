import { Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Account } from '../../../../shared/http/auth';
import type { AnalyticsSummary } from '../../../../shared/ipc/analytics';
import { call } from '../../api';
import { EChart } from '../../components/EChart';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DANGER } from '../../components/listKit';
import { lastDays, PeriodPicker, utcOffsetMinutes, type Period } from '../../components/PeriodPicker';
import { StorePage } from '../../components/StorePage';
import { useLoad } from '../../hooks/useLoad';
import { useLocale } from '../../hooks/useLocale';
import { formatDate } from '../../lib/format';
import { formatMoney, formatNumber } from '../../lib/money';
import { compactAxisLabel } from '../../lib/chart-axis';
import { EmptyPage } from '../../shell/EmptyPage';
import { useWorkstation } from '../../store/workstation';

/** Products whose stock lasts less than this many days are flagged. */
const LOW_COVER_DAYS = 14;
const COVER_CHART_ROWS = 15;

export function AnalyticsPage({ account }: { account: Account }) {
  return (
    <StorePage account={account} titleKey="nav.analytics" noStore={<EmptyPage page="analytics" />}>
      {(storeId) => <Analytics storeId={storeId} />}
    </StorePage>
  );
}

/** Everything here is computed on this computer from the synced cache: it works offline. */
function Analytics({ storeId }: { storeId: string }) {
  const { t } = useLocale();
  const version = useWorkstation((s) => s.dataVersion);
  const [period, setPeriod] = useState<Period>(() => lastDays(28));
  const data = useLoad(() => call('analytics:summary', { storeId, from: period.from, to: period.to, utcOffsetMinutes: utcOffsetMinutes() }), [period, version]);

  // overflowX hidden: the negative side margins of antd Row gutters would otherwise add a needless horizontal scrollbar
  return (
    <Flex vertical gap={12} style={{ overflowY: 'auto', overflowX: 'hidden', minHeight: 0 }}>
      <Flex justify="space-between" align="center" gap={16} wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="page-title">
          {t('nav.analytics')}
        </Typography.Title>
        <PeriodPicker value={period} onChange={setPeriod} testId="analytics-period" />
      </Flex>
      {data.error ? <ErrorAlert error={data.error} /> : null}
      {data.data ? <Report s={data.data} /> : data.error ? null : <Skeleton active data-testid="analytics-loading" />}
    </Flex>
  );
}

function Report({ s }: { s: AnalyticsSummary }) {
  const { t, locale } = useLocale();
  const money = (v: string) => formatMoney(v, s.currency, locale);
  const labels = useMemo(() => s.days.map((d) => formatDate(`${d.date}T12:00:00Z`, locale)), [s.days, locale]);
  const salesOption = useMemo(() => {
    const revenueTip = { valueFormatter: (v: unknown) => formatMoney(String(v), s.currency, locale) };
    const countTip = { valueFormatter: (v: unknown) => formatNumber(Number(v), locale) };
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 64, right: 56, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: labels },
      yAxis: [
        { type: 'value', name: t('analyticsPage.revenue'), axisLabel: compactAxisLabel(locale) },
        { type: 'value', name: t('analyticsPage.ordersAndUnits'), splitLine: { show: false }, minInterval: 1, axisLabel: compactAxisLabel(locale) },
      ],
      series: [
        { name: t('analyticsPage.revenue'), type: 'line', smooth: true, areaStyle: { opacity: 0.12 }, tooltip: revenueTip, data: s.days.map((d) => Number(d.revenue)) },
        { name: t('analyticsPage.orders'), type: 'bar', yAxisIndex: 1, tooltip: countTip, data: s.days.map((d) => d.orders) },
        { name: t('analyticsPage.units'), type: 'bar', yAxisIndex: 1, tooltip: countTip, data: s.days.map((d) => d.units) },
      ],
    };
  }, [labels, s.days, s.currency, t, locale]);
  const top = useMemo(() => [...s.topSkus].reverse(), [s.topSkus]);
  const topOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: compactAxisLabel(locale) },
      yAxis: { type: 'category', data: top.map((x) => (x.name.length > 28 ? `${x.name.slice(0, 27)}…` : x.name)) },
      series: [
        {
          name: t('analyticsPage.revenue'),
          type: 'bar',
          tooltip: { valueFormatter: (v: unknown) => formatMoney(String(v), s.currency, locale) },
          data: top.map((x) => Number(x.revenue)),
        },
      ],
    }),
    [top, s.currency, t, locale],
  );
  const covered = useMemo(() => s.stockCover.filter((c) => c.coverDays !== null).slice(0, COVER_CHART_ROWS).reverse(), [s.stockCover]);
  const coverOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // room on the right for the axis name ("days", "дней") that echarts puts past the last tick
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('analyticsPage.days'), axisLabel: compactAxisLabel(locale) },
      yAxis: { type: 'category', data: covered.map((x) => x.offerId) },
      series: [
        {
          name: t('analyticsPage.coverDays'),
          type: 'bar',
          tooltip: { valueFormatter: (v: unknown) => formatNumber(Number(v), locale) },
          data: covered.map((x) => ({ value: x.coverDays, itemStyle: { color: (x.coverDays ?? 0) < LOW_COVER_DAYS ? '#ff4d4f' : '#52c41a' } })),
        },
      ],
    }),
    [covered, t, locale],
  );
  const rate = s.totals.returnsRate;

  return (
    <>
      <Row gutter={[12, 12]}>
        {[
          {
            id: 'revenue',
            title: t('analyticsPage.revenue'),
            value: money(s.totals.revenue),
            raw: s.totals.revenue,
            hint: s.totals.otherCurrencyOrders > 0 ? t('analyticsPage.otherCurrencyHint', { currency: s.currency, count: s.totals.otherCurrencyOrders }) : undefined,
          },
          { id: 'orders', title: t('analyticsPage.orders'), value: formatNumber(s.totals.orders, locale), raw: s.totals.orders },
          { id: 'units', title: t('analyticsPage.units'), value: formatNumber(s.totals.units, locale), raw: s.totals.units },
          {
            id: 'returns-rate',
            raw: rate ?? '',
            title: t('analyticsPage.returnsRate'),
            value: rate === null ? '—' : `${formatNumber(Math.round(rate * 1000) / 10, locale)}%`,
            hint: t('analyticsPage.returnsRateHint', { returned: formatNumber(s.totals.returnedUnits, locale), cancelled: formatNumber(s.totals.cancelled, locale) }),
          },
        ].map((k) => (
          <Col xs={12} lg={6} key={k.id}>
            <Card size="small" data-testid={`analytics-kpi-${k.id}`} data-value={k.raw} style={{ height: '100%' }}>
              <Statistic title={k.title} value={k.value} />
              {k.hint ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {k.hint}
                </Typography.Text>
              ) : null}
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title={t('analyticsPage.salesByDay')}>
        <EChart testId="analytics-sales-chart" option={salesOption} points={s.days.length} label={t('analyticsPage.salesByDay')} />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('analyticsPage.topSkus')}>
            {s.topSkus.length ? (
              <EChart testId="analytics-top-chart" option={topOption} points={s.topSkus.length} height={320} label={t('analyticsPage.topSkus')} />
            ) : (
              <Empty data-testid="analytics-top-empty" description={t('analyticsPage.noSales')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('analyticsPage.coverTitle')}>
            {covered.length ? (
              <EChart testId="analytics-cover-chart" option={coverOption} points={covered.length} height={320} label={t('analyticsPage.coverTitle')} />
            ) : (
              <Empty description={t('analyticsPage.noCover')} />
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('analyticsPage.coverTable')}>
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          {t('analyticsPage.coverExplain')}
        </Typography.Paragraph>
        <Table
          data-testid="analytics-cover-table"
          size="small"
          rowKey="productId"
          dataSource={s.stockCover}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          onRow={(r) => ({ 'data-testid': `cover-row-${r.productId}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'name', title: t('products.name'), render: (_, r) => <span title={r.name}>{r.name}</span>, ellipsis: true },
            { key: 'offerId', title: t('products.offerId'), width: 140, render: (_, r) => r.offerId },
            { key: 'stock', title: t('products.stock'), align: 'right', width: 90, render: (_, r) => formatNumber(r.stock, locale) },
            { key: 'avg', title: t('analyticsPage.avgDaily'), align: 'right', width: 120, render: (_, r) => formatNumber(r.avgDailyUnits, locale) },
            {
              key: 'cover',
              title: t('analyticsPage.coverDays'),
              align: 'right',
              width: 120,
              render: (_, r) =>
                r.coverDays === null ? (
                  <Typography.Text type="secondary">{t('analyticsPage.noSalesShort')}</Typography.Text>
                ) : (
                  <span style={r.coverDays < LOW_COVER_DAYS ? DANGER : undefined} data-cover={r.coverDays}>
                    {formatNumber(r.coverDays, locale)}
                  </span>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
