import { Space } from 'antd';
import type { Account } from '../../../../shared/http/auth';
import { ChangePasswordCard } from './ChangePasswordCard';
import { TwoFactorCard } from './TwoFactorCard';

export function SecurityTab({ account }: { account: Account }) {
  return (
    <Space orientation="vertical" size={24} style={{ width: '100%', maxWidth: 720 }}>
      <TwoFactorCard account={account} />
      <ChangePasswordCard />
    </Space>
  );
}
