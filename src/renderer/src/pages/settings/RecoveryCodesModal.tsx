import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Typography } from 'antd';
import type { Account } from '../../../../shared/http/auth';
import { useLocale } from '../../hooks/useLocale';
import { formatDateTime } from '../../lib/format';

interface Props {
  codes: string[] | null;
  account: Account;
  onClose: () => void;
}

/** The ten recovery codes, shown exactly once: copy them or save them as a text file. */
export function RecoveryCodesModal({ codes, account, onClose }: Props) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const list = codes ?? [];
  const fileText = () =>
    [
      t('security.codesFileHeader', { workspace: account.workspace.name, account: account.email ?? account.phone ?? account.name }),
      t('security.codesFileDate', { date: formatDateTime(new Date().toISOString(), locale) }),
      t('security.codesFileNote'),
      '',
      ...list,
      '',
    ].join('\r\n');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(list.join('\n'));
      void message.success(t('security.codesCopied'));
    } catch {
      void message.error(t('security.codesCopyFailed'));
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([fileText()], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'sellerdesk-recovery-codes.txt';
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <Modal
      open={codes !== null}
      title={t('security.codesTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" data-testid="recovery-done" onClick={onClose}>
          {t('security.codesSaved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('security.codesWarning')} />
      <div
        data-testid="recovery-codes"
        style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '8px 24px', padding: 16, background: 'rgba(0,0,0,0.03)', borderRadius: 8 }}
      >
        {list.map((c) => (
          <Typography.Text code key={c} data-testid="recovery-code" style={{ fontSize: 15 }}>
            {c}
          </Typography.Text>
        ))}
      </div>
      <Space style={{ marginTop: 16 }}>
        <Button icon={<CopyOutlined />} data-testid="recovery-copy" onClick={() => void copy()}>
          {t('common.copy')}
        </Button>
        <Button icon={<DownloadOutlined />} data-testid="recovery-download" onClick={download}>
          {t('security.codesDownload')}
        </Button>
      </Space>
    </Modal>
  );
}
