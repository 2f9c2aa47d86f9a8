import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Space } from 'antd';
import { can } from '../../../../shared/roles';
import { call } from '../../api';
import { useLoad } from '../../hooks/useLoad';
import { InvitationsTable } from './InvitationsTable';
import { InviteForm } from './InviteForm';
import { MembersTable } from './MembersTable';
/** Team members and invitations. What the role may not do is hidden; the server enforces it anyway. */
export function StaffTab({ account }) {
    const manage = can(account.role, 'staff.manage');
    const members = useLoad(() => call('staff:members', {}));
    const invitations = useLoad(() => call('staff:invitations', {}));
    return (_jsxs(Space, { orientation: "vertical", size: 24, style: { width: '100%' }, children: [manage ? _jsx(InviteForm, { actor: account.role, onInvited: () => void invitations.reload() }) : null, _jsx(MembersTable, { account: account, members: members }), _jsx(InvitationsTable, { manage: manage, invitations: invitations })] }));
}
