import { ShopOutlined } from '@ant-design/icons';
import { Card, Flex, Layout, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useLocale } from '../hooks/useLocale';
import { LanguageSwitcher } from './LanguageSwitcher';
import { ServerBanner } from './ServerBanner';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  width?: number;
  testId: string;
}

/** The frame of every signed-out screen: brand, language switcher, server status, one card. */
export function AuthLayout({ title, subtitle, children, footer, width = 440, testId }: Props) {
  const { t } = useLocale();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Flex justify="space-between" align="center" style={{ padding: '12px 24px' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          <ShopOutlined /> {t('app.name')}
        </Typography.Title>
        <LanguageSwitcher />
      </Flex>
      <Flex vertical align="center" style={{ padding: '24px 16px 48px' }}>
        <div style={{ width: '100%', maxWidth: width }}>
          <ServerBanner />
          <Card data-testid={testId}>
            <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="screen-title">
              {title}
            </Typography.Title>
            {subtitle ? <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph> : null}
            {children}
          </Card>
          {footer ? (
            <Flex justify="center" wrap gap={8} style={{ marginTop: 16 }}>
              {footer}
            </Flex>
          ) : null}
        </div>
      </Flex>
    </Layout>
  );
}
