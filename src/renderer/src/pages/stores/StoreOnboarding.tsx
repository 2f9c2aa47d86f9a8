import { ApiOutlined, ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Typography } from 'antd';
import type { Account } from '../../../../shared/http/auth';
import { can } from '../../../../shared/roles';
import { call } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAction } from '../../hooks/useAction';
import { useLocale } from '../../hooks/useLocale';
import { useAppStore } from '../../store/app';
import { useWorkstation } from '../../store/workstation';

/** No store yet: link a real Ozon store, or try our Ozon sandbox with demo data. */
export function StoreOnboarding({ account }: { account: Account }) {
  const { t } = useLocale();
  const navigate = useAppStore((s) => s.navigate);
  const loadStores = useWorkstation((s) => s.loadStores);
  const online = useWorkstation((s) => s.sync?.online ?? true);
  const manage = can(account.role, 'stores.manage');
  const demo = useAction(async () => {
    await call('stores:demo', { name: t('onboarding.demoStoreName') });
    await loadStores();
  });

  return (
    <Card data-testid="store-onboarding" style={{ marginBottom: 24 }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('onboarding.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('onboarding.intro')}</Typography.Paragraph>
      {!manage ? <Alert type="info" showIcon title={t('onboarding.askAdmin')} data-testid="onboarding-ask-admin" style={{ marginBottom: 16 }} /> : null}
      {manage && !online ? <Alert type="warning" showIcon title={t('onboarding.offline')} style={{ marginBottom: 16 }} /> : null}
      <ErrorAlert error={demo.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card type="inner" style={{ height: '100%' }} title={<><ApiOutlined /> {t('onboarding.linkTitle')}</>}>
            <Typography.Paragraph>{t('onboarding.linkText')}</Typography.Paragraph>
            {manage ? (
              <Button type="primary" data-testid="store-link-start" onClick={() => navigate('settings', 'stores')}>
                {t('onboarding.linkButton')}
              </Button>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card type="inner" style={{ height: '100%' }} title={<><ExperimentOutlined /> {t('onboarding.demoTitle')}</>}>
            <Typography.Paragraph>{t('onboarding.demoText')}</Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('onboarding.demoNote')}
            </Typography.Paragraph>
            {manage ? (
              <Button data-testid="store-demo-button" loading={demo.loading} disabled={!online} onClick={() => void demo.run()}>
                {t('onboarding.demoButton')}
              </Button>
            ) : null}
          </Card>
        </Col>
      </Row>
    </Card>
  );
}
