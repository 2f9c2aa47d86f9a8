import { ExperimentOutlined, PlusOutlined, ShopOutlined } from '@ant-design/icons';
import { App, Button, Divider, Select, Space, Tag, Typography } from 'antd';
import { errorMessage } from '../errors';
import { useAction } from '../hooks/useAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { useWorkstation } from '../store/workstation';

/** Which Ozon store the workstation shows. Switching re-queries every list. */
export function StoreSwitcher() {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const stores = useWorkstation((s) => s.stores);
  const current = useWorkstation((s) => s.currentStoreId);
  const loaded = useWorkstation((s) => s.storesLoaded);
  const selectStore = useWorkstation((s) => s.selectStore);
  const navigate = useAppStore((s) => s.navigate);
  const select = useAction((id: string) => selectStore(id), { onError: (e) => void message.error(errorMessage(t, e.error, { locale })) });

  if (!loaded) return null;
  if (stores.length === 0) {
    return (
      <Button icon={<PlusOutlined />} data-testid="store-switcher" data-empty="true" onClick={() => navigate('settings', 'stores')}>
        {t('stores.linkShort')}
      </Button>
    );
  }
  return (
    <Select
      data-testid="store-switcher"
      value={current ?? undefined}
      loading={select.loading}
      onChange={(id: string) => void select.run(id)}
      style={{ minWidth: 240, maxWidth: 400 }}
      aria-label={t('stores.switcher')}
      placeholder={t('stores.choose')}
      suffixIcon={<ShopOutlined />}
      popupMatchSelectWidth={false}
      options={stores.map((s) => ({
        value: s.id,
        label: (
          <Space size={6} data-testid={`store-option-${s.id}`}>
            <span>{s.name}</span>
            {s.sandbox ? (
              <Tag color="purple" icon={<ExperimentOutlined />} style={{ marginInlineEnd: 0 }}>
                {t('stores.sandboxTag')}
              </Tag>
            ) : null}
            {s.status !== 'active' ? (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                {t(`storeStatus.${s.status}`, { defaultValue: s.status })}
              </Tag>
            ) : s.keyWarning ? (
              <Tag color={s.keyWarning === 'expired' ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>
                {t(s.keyWarning === 'expired' ? 'stores.keyExpired' : 'stores.keyExpiresSoon')}
              </Tag>
            ) : null}
          </Space>
        ),
      }))}
      popupRender={(menu) => (
        <>
          {menu}
          <Divider style={{ margin: '4px 0' }} />
          <Typography.Link style={{ display: 'block', padding: '4px 12px' }} data-testid="store-switcher-manage" onClick={() => navigate('settings', 'stores')}>
            <PlusOutlined /> {t('stores.manage')}
          </Typography.Link>
        </>
      )}
    />
  );
}
