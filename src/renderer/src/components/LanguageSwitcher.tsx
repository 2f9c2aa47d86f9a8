import { DownOutlined, GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown, Segmented, Space } from 'antd';
import { LOCALES, type Locale } from '../../../shared/http/common';
import { useLocale } from '../hooks/useLocale';
import { LANGUAGE_NAMES } from '../i18n';
import { useAppStore } from '../store/app';

/** Each language names itself, in its own `lang`, with the test id e2e tests click. */
const label = (l: Locale) => (
  <span data-testid={`lang-${l}`} lang={l}>
    {LANGUAGE_NAMES[l]}
  </span>
);

/**
 * Always visible: sign-in screens and the app header. Main persists the choice.
 * `compact` (a narrow window's header): the same choice folded into a menu.
 */
export function LanguageSwitcher({ compact = false }: { compact?: boolean }) {
  const { t, locale } = useLocale();
  const setLocale = useAppStore((s) => s.setLocale);
  if (compact) {
    return (
      <Dropdown
        trigger={['click']}
        menu={{
          selectable: true,
          selectedKeys: [locale],
          items: LOCALES.map((l) => ({ key: l, label: label(l) })),
          onClick: ({ key }) => {
            const next = LOCALES.find((l) => l === key);
            if (next) void setLocale(next);
          },
        }}
      >
        <Button type="text" data-testid="language-switcher" aria-label={t('common.language')} title={t('common.language')} style={{ paddingInline: 8 }}>
          <GlobalOutlined aria-hidden />
          <span lang={locale}>{LANGUAGE_NAMES[locale]}</span>
          <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
    );
  }
  return (
    <Space size={6} data-testid="language-switcher" aria-label={t('common.language')}>
      <GlobalOutlined aria-hidden />
      <Segmented<Locale> size="small" value={locale} onChange={(v) => void setLocale(v)} options={LOCALES.map((l) => ({ value: l, label: label(l) }))} />
    </Space>
  );
}
