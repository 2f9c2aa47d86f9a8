import { ExperimentOutlined, PlusOutlined, ShopOutlined } from '@ant-design/icons';
import { App, Button, Divider, Flex, Select, Tag, Typography } from 'antd';
import type { StoreSummary } from '../../../shared/ipc/workstation';
import type { Translate } from '../errors';
import { errorMessage } from '../errors';
import { useAction } from '../hooks/useAction';
import { useLocale } from '../hooks/useLocale';
import { useAppStore } from '../store/app';
import { useWorkstation } from '../store/workstation';

/** What a store is marked with beside its name: sandbox, then a bad status or a key about to expire. */
function marks(t: Translate, s: StoreSummary) {
  const warning =
    s.status !== 'active'
      ? { color: 'red', text: t(`storeStatus.${s.status}`, { defaultValue: s.status }) }
      : s.keyWarning
        ? { color: s.keyWarning === 'expired' ? 'red' : 'gold', text: t(s.keyWarning === 'expired' ? 'stores.keyExpired' : 'stores.keyExpiresSoon') }
        : null;
  return { sandbox: s.sandbox ? t('stores.sandboxTag') : null, warning };
}

const NO_SHRINK = { marginInlineEnd: 0, flex: 'none' } as const;
const NAME = { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;

/** A store's name and marks; `iconOnly` folds the sandbox mark to its icon (the closed switcher, short of room). */
function StoreLabel({ store, iconOnly = false, testId }: { store: StoreSummary; iconOnly?: boolean; testId?: string }) {
  const { t } = useLocale();
  const { sandbox, warning } = marks(t, store);
  return (
    <Flex align="center" gap={6} style={{ minWidth: 0 }} data-testid={testId} title={[store.name, sandbox, warning?.text].filter(Boolean).join(' · ')}>
      <span style={NAME}>{store.name}</span>
      {sandbox ? (
        <Tag color="purple" icon={<ExperimentOutlined />} style={NO_SHRINK} aria-label={sandbox}>
          {iconOnly ? null : sandbox}
        </Tag>
      ) : null}
      {warning ? (
        <Tag color={warning.color} style={NO_SHRINK}>
          {warning.text}
        </Tag>
      ) : null}
    </Flex>
  );
}

/**
 * Which Ozon store the workstation shows. Switching re-queries every list.
 * In the header it gives way to the sync state: the chosen store's name
 * shrinks with an ellipsis (the full text in its title), its marks do not.
 * `compact`: a narrow window, the switcher may shrink further.
 */
export function StoreSwitcher({ compact = false, iconMarks = false }: { compact?: boolean; iconMarks?: boolean }) {
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
      style={{ flex: '0 1 auto', minWidth: compact ? 120 : 160, maxWidth: 400 }}
      aria-label={t('stores.switcher')}
      placeholder={t('stores.choose')}
      suffixIcon={<ShopOutlined />}
      popupMatchSelectWidth={false}
      labelRender={({ value }) => {
        const s = stores.find((x) => x.id === value);
        return s ? <StoreLabel store={s} iconOnly={iconMarks} /> : null;
      }}
      options={stores.map((s) => ({ value: s.id, label: <StoreLabel store={s} testId={`store-option-${s.id}`} /> }))}
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
