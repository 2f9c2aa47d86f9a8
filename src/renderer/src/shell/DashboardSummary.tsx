import { Button, Card, Col, Empty, Flex, Row, Skeleton, Typography } from 'antd';
import { useMemo, type CSSProperties, type ReactNode } from 'react';
import type { DashboardSummary as Summary } from '../../../shared/ipc/dashboard';
import { call } from '../api';
import { EChart } from '../components/EChart';
import { ErrorAlert } from '../components/ErrorAlert';
import { DANGER } from '../components/listKit';
import { utcOffsetMinutes } from '../components/PeriodPicker';
import { useLoad } from '../hooks/useLoad';
import { useLocale } from '../hooks/useLocale';
import { useNow } from '../hooks/useNow';
import { formatDate } from '../lib/format';
import { formatMoney, formatNumber } from '../lib/money';
import { compactAxisLabel } from '../lib/chart-axis';
import { useAppStore, type PageKey } from '../store/app';
import { useWorkstation } from '../store/workstation';

const WARN: CSSProperties = { color: '#fa8c16' };

/**
 * The selected store's day at a glance, from the local cache (so it works
 * offline). Re-read when cached data changes and every minute, since "due
 * today" and "overdue" move with the clock. Mount it keyed by store: figures
 * of the previous store are never shown under the new one.
 */
export function DashboardSummary({ storeId }: { storeId: string }) {
  const version = useWorkstation((s) => s.dataVersion);
  const now = useNow(60_000);
  const data = useLoad(() => call('dashboard:summary', { storeId, utcOffsetMinutes: utcOffsetMinutes() }), [version, now]);
  if (data.error && !data.data) return <ErrorAlert error={data.error} />;
  if (!data.data) return <Skeleton active data-testid="dashboard-summary-loading" />;
  return <Figures s={data.data} />;
}

function Figures({ s }: { s: Summary }) {
  const { t } = useLocale();
  const navigate = useAppStore((st) => st.navigate);
  const empty = s.products.total === 0 && s.orders.awaitingPackaging + s.orders.awaitingDeliver === 0 && s.sales.orders === 0;
  if (empty) {
    return (
      <Card size="small" data-testid="dashboard-summary" data-empty="true">
        <Empty description={t('dashboard.summaryEmpty')} />
      </Card>
    );
  }
  const o = s.orders;
  const p = s.products;
  const c = s.service;
  return (
    <Flex vertical gap={12} data-testid="dashboard-summary">
      <Row gutter={[12, 12]}>
        <FigureCard title={t('dashboard.ordersTitle')}>
          <Figure id="awaiting-packaging" label={t('orderStatus.awaiting_packaging')} value={o.awaitingPackaging} page="orders" />
          <Figure id="awaiting-deliver" label={t('orderStatus.awaiting_deliver')} value={o.awaitingDeliver} page="orders" />
          <Figure id="due-today" label={t('dashboard.dueToday')} value={o.dueToday} page="orders" style={o.dueToday > 0 ? WARN : undefined} />
          <Figure id="overdue" label={t('dashboard.overdue')} value={o.overdue} page="orders" style={o.overdue > 0 ? DANGER : undefined} />
        </FigureCard>
        <FigureCard title={t('nav.products')}>
          <Figure id="products-total" label={t('dashboard.productsTotal')} value={p.total} page="products" />
          <Figure id="out-of-stock" label={t('dashboard.outOfStock')} value={p.outOfStock} page="products" style={p.outOfStock > 0 ? WARN : undefined} />
          <Figure id="hidden" label={t('dashboard.hidden')} value={p.hidden} page="products" />
          <Figure id="archived" label={t('dashboard.archived')} value={p.archived} page="products" />
        </FigureCard>
        <FigureCard title={t('nav.service')}>
          <Figure id="reviews-new" label={t('dashboard.reviewsNew')} value={c.reviewsNew} page="service" />
          <Figure id="questions-new" label={t('dashboard.questionsNew')} value={c.questionsNew} page="service" />
          <Figure id="chats-unread" label={t('dashboard.chatsUnread')} value={c.chatsUnread} page="service" />
        </FigureCard>
      </Row>
      <Sales s={s.sales} onOpen={() => navigate('analytics')} />
    </Flex>
  );
}

/** A third of the row: one card of figures. */
function FigureCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Col xs={24} lg={8}>
      <Card size="small" title={title} style={{ height: '100%' }}>
        <Flex wrap gap={4}>
          {children}
        </Flex>
      </Card>
    </Col>
  );
}

interface FigureProps {
  id: string;
  label: string;
  value: number;
  page: PageKey;
  style?: CSSProperties;
}

/** One figure, in the person's number format; a click opens the page that lists what it counts. */
function Figure({ id, label, value, page, style }: FigureProps) {
  const { locale } = useLocale();
  const navigate = useAppStore((st) => st.navigate);
  return (
    <Button
      type="text"
      onClick={() => navigate(page)}
      data-testid={`dashboard-${id}`}
      data-value={value}
      style={{ height: 'auto', padding: '4px 8px', display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 120 }}
    >
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <span style={{ fontSize: 22, fontWeight: 600, lineHeight: 1.3, ...style }}>{formatNumber(value, locale)}</span>
    </Button>
  );
}

/** Revenue (line) and orders (bars) per day: the Analytics page's series over the last two weeks. */
function Sales({ s, onOpen }: { s: Summary['sales']; onOpen(): void }) {
  const { t, locale } = useLocale();
  const labels = useMemo(() => s.days.map((d) => formatDate(`${d.date}T12:00:00Z`, locale)), [s.days, locale]);
  const option = useMemo(() => {
    const num = (v: unknown) => formatNumber(Number(v), locale);
    return {
      tooltip: { trigger: 'axis', valueFormatter: num },
      legend: { top: 0 },
      grid: { left: 64, right: 48, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: labels },
      yAxis: [
        { type: 'value', name: t('analyticsPage.revenue'), axisLabel: compactAxisLabel(locale) },
        { type: 'value', name: t('analyticsPage.orders'), splitLine: { show: false }, minInterval: 1, axisLabel: compactAxisLabel(locale) },
      ],
      series: [
        {
          name: t('analyticsPage.revenue'),
          type: 'line',
          smooth: true,
          areaStyle: { opacity: 0.12 },
          tooltip: { valueFormatter: (v: unknown) => formatMoney(String(v), s.currency, locale) },
          data: s.days.map((d) => Number(d.revenue)),
        },
        { name: t('analyticsPage.orders'), type: 'bar', yAxisIndex: 1, data: s.days.map((d) => d.orders) },
      ],
    };
  }, [labels, s.days, s.currency, t, locale]);
  const title = t('dashboard.salesTitle', { days: s.days.length });
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Typography.Link onClick={onOpen} data-testid="dashboard-sales-open">
          {t('nav.analytics')}
        </Typography.Link>
      }
    >
      <Flex gap={24} wrap style={{ marginBottom: 8 }}>
        <span data-testid="dashboard-sales-revenue" data-value={s.revenue}>
          <Typography.Text type="secondary">{t('dashboard.periodRevenue')}: </Typography.Text>
          <Typography.Text strong>{formatMoney(s.revenue, s.currency, locale)}</Typography.Text>
        </span>
        <span data-testid="dashboard-sales-orders" data-value={s.orders}>
          <Typography.Text type="secondary">{t('dashboard.periodOrders')}: </Typography.Text>
          <Typography.Text strong>{formatNumber(s.orders, locale)}</Typography.Text>
        </span>
      </Flex>
      {s.orders > 0 ? (
        <EChart testId="dashboard-sales-chart" option={option} points={s.days.length} height={240} label={title} />
      ) : (
        <Empty data-testid="dashboard-sales-empty" description={t('analyticsPage.noSales')} />
      )}
    </Card>
  );
}
