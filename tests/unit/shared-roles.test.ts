import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, can, canAssignRole } from '../../src/shared/roles';

describe('roles', () => {
  it('gives the owner every permission and nobody else workspace.manage', () => {
    for (const p of PERMISSIONS) expect(can('owner', p)).toBe(true);
    for (const r of ROLES.filter((r) => r !== 'owner')) expect(can(r, 'workspace.manage')).toBe(false);
  });

  it('lets only owner and admin manage staff', () => {
    expect(ROLES.filter((r) => can(r, 'staff.manage'))).toEqual(['owner', 'admin']);
  });

  it('keeps warehouse staff away from prices and support staff away from stock', () => {
    expect(can('warehouse', 'prices.edit')).toBe(false);
    expect(can('warehouse', 'stocks.edit')).toBe(true);
    expect(can('support', 'stocks.edit')).toBe(false);
    expect(can('support', 'service.reply')).toBe(true);
  });

  it('never lets anyone hand out the owner role, and admins not mint admins', () => {
    for (const r of ROLES) expect(canAssignRole(r, 'owner')).toBe(false);
    expect(canAssignRole('owner', 'admin')).toBe(true);
    expect(canAssignRole('admin', 'admin')).toBe(false);
    expect(canAssignRole('admin', 'manager')).toBe(true);
    expect(canAssignRole('manager', 'support')).toBe(false);
  });
});
