import { Space } from 'antd';
import type { Account } from '../../../../shared/http/auth';
import { can } from '../../../../shared/roles';
import { call } from '../../api';
import { useLoad } from '../../hooks/useLoad';
import { InvitationsTable } from './InvitationsTable';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';

/** Team members and invitations. What the role may not do is hidden; the server enforces it anyway. */
export function StaffTab({ account }: { account: Account }) {
  const manage = can(account.role, 'staff.manage');
  const members = useLoad(() => call('staff:members', {}));
  const invitations = useLoad(() => call('staff:invitations', {}));
  return (
    <Space orientation="vertical" size={24} style={{ width: '100%' }}>
      {manage ? <InviteForm actor={account.role} onInvited={() => void invitations.reload()} /> : null}
      <MembersTable account={account} members={members} />
      <InvitationsTable manage={manage} invitations={invitations} />
    </Space>
  );
}
