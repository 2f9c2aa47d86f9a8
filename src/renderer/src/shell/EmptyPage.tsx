import { ApiOutlined } from '@ant-design/icons';
import { Card, Empty, Typography } from 'antd';
import { useLocale } from '../hooks/useLocale';
import type { PageKey } from '../store/app';

/**
 * Returns, Analytics, Marketing, Customer service while no store is linked:
 * say what will be here and that a store comes first — never made-up data.
 * (The page title and the onboarding card come from StorePage.)
 */
export function EmptyPage({ page }: { page: Extract<PageKey, 'returns' | 'analytics' | 'marketing' | 'service'> }) {
  const { t } = useLocale();
  return (
    <Card style={{ marginTop: 16 }}>
      <Empty
        data-testid={`empty-state-${page}`}
        image={<ApiOutlined style={{ fontSize: 56, color: '#bfbfbf' }} />}
        description={
          <>
            <Typography.Title level={5}>{t(`pages.${page}`)}</Typography.Title>
            <Typography.Paragraph type="secondary" style={{ maxWidth: 520, margin: '0 auto' }}>
              {t('workstationPages.connectFirst')}
            </Typography.Paragraph>
          </>
        }
      />
    </Card>
  );
}
