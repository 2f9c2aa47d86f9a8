import { ApiOutlined } from '@ant-design/icons';
import { Card, Empty, Typography } from 'antd';
import { useLocale } from '../hooks/useLocale';
import type { PageKey } from '../store/app';

/** Products…Customer service before a store is connected: say so plainly, never show made-up data. */
export function EmptyPage({ page }: { page: Exclude<PageKey, 'dashboard' | 'settings' | 'products' | 'orders' | 'queue'> }) {
  const { t } = useLocale();
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="page-title">
        {t(`nav.${page}`)}
      </Typography.Title>
      <Card>
        <Empty
          data-testid={`empty-state-${page}`}
          image={<ApiOutlined style={{ fontSize: 56, color: '#bfbfbf' }} />}
          description={
            <>
              <Typography.Title level={5}>{t(`pages.${page}`)}</Typography.Title>
              <Typography.Paragraph type="secondary" style={{ maxWidth: 520, margin: '0 auto' }}>
                {t('pages.storeNext')}
              </Typography.Paragraph>
            </>
          }
        />
      </Card>
    </>
  );
}
