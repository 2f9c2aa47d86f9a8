/**
 * Workspace roles and what each may do. The server enforces these on every
 * endpoint; the renderer only uses them to hide what would be refused anyway.
 */
export const ROLES = ['owner', 'admin', 'manager', 'warehouse', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an inviter may hand out. Nobody invites a second owner. */
export const INVITABLE_ROLES = ['admin', 'manager', 'warehouse', 'support'] as const satisfies readonly Role[];
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export const PERMISSIONS = [
  'staff.view',
  'staff.manage', // invite, change role, remove
  'workspace.manage',
  'stores.manage', // link Ozon stores (issue 3)
  'products.view',
  'products.edit',
  'prices.edit',
  'stocks.edit',
  'orders.view',
  'orders.process',
  'returns.process',
  'analytics.view',
  'marketing.manage',
  'service.reply', // reviews, questions, chats
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ALL: readonly Permission[] = PERMISSIONS;

const MATRIX: Record<Role, readonly Permission[]> = {
  owner: ALL,
  admin: ALL.filter((p) => p !== 'workspace.manage'),
  manager: [
    'staff.view',
    'products.view',
    'products.edit',
    'prices.edit',
    'stocks.edit',
    'orders.view',
    'orders.process',
    'returns.process',
    'analytics.view',
    'marketing.manage',
    'service.reply',
  ],
  warehouse: ['products.view', 'stocks.edit', 'orders.view', 'orders.process', 'returns.process'],
  support: ['products.view', 'orders.view', 'service.reply'],
};

export function can(role: Role, permission: Permission): boolean {
  return MATRIX[role].includes(permission);
}

/** An admin may manage staff but never touch the owner or mint admins above itself. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (target === 'owner') return false;
  if (actor === 'owner') return true;
  if (actor === 'admin') return target !== 'admin';
  return false;
}
