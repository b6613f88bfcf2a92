// "Manage" one member: change the role (never above your own; the primary owner only by
// transfer), move the seat to the other tier through the allocator (when it has room), suspend or
// reactivate (frees or claims a seat), and remove for good after a confirmation.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useAction } from '../components/use-load.js';
import { Dialog, ErrorNotice, Facts, Field, Notice, Select } from '../components/ui.js';
import { date, isOwner, METHOD_NAMES, ROLE_NAMES, STATUS_NAMES } from '../format.js';
import { tierName, tiersBestFirst } from '../tiers.js';
import type { Me, Member, Role, Tier } from '../types.js';

export function ManageMemberDialog({ me, member, onClose, onChanged }: { me: Me; member: Member | null; onClose: () => void; onChanged: () => void }) {
  const [current, setCurrent] = useState<Member | null>(member);
  const [done, setDone] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  useEffect(() => { setCurrent(member); setDone(null); setConfirmRemove(false); }, [member?.id]);
  const act = useAction(async (what: string, call: () => Promise<Member>) => {
    const next = await call();
    setCurrent(next);
    setDone(what);
    onChanged();
  });
  const m = current;
  const roles: Role[] = isOwner(me.member.role) ? ['owner', 'admin', 'member'] : ['admin', 'member'];
  const [role, setRole] = useState<Role>('member');
  const [tier, setTier] = useState<Tier>(tiersBestFirst()[0]?.key ?? '');
  // Offer another tier than the member's: the best one they do not hold.
  useEffect(() => { if (m) { setRole(m.role); setTier(tiersBestFirst().find((t) => t.key !== m.seatTier)?.key ?? m.seatTier ?? ''); } }, [m?.id, m?.role, m?.seatTier]);
  if (!m) return <Dialog title="Manage member" open={false} onClose={onClose}>{null}</Dialog>;
  const self = m.id === me.member.id;
  return (
    <Dialog title={`Manage ${m.email}`} open={!!member} onClose={onClose}>
      <Facts items={[
        ['Role', ROLE_NAMES[m.role]], ['Seat', m.seatTier ? tierName(m.seatTier) : 'none'],
        ['Status', STATUS_NAMES[m.status]!], ['Arrived via', `${METHOD_NAMES[m.createdVia] ?? m.createdVia} on ${date(m.createdAt)}`],
      ]} />
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorNotice error={act.error} />
      {m.status === 'deprovisioned' ? <p>This member was removed. Their history stays in the provisioning log.</p> : (
        <div class="manage-sections">
          {m.role !== 'primary_owner' ? (
            <form class="manage-row" onSubmit={(e) => { e.preventDefault(); void act.run(`Role changed to ${ROLE_NAMES[role]}.`, () => api<Member>('PUT', `/members/${m.id}/role`, { body: { role } })); }}>
              <Field label="Role" id="manage-role">
                {() => <Select id="manage-role" value={role} onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as Role)} options={roles.map((r) => [r, ROLE_NAMES[r]])} />}
              </Field>
              <button type="submit" class="btn" disabled={act.busy || role === m.role}>Change role</button>
            </form>
          ) : <p class="muted">The primary owner's role changes only by a transfer of that role.</p>}
          {m.status === 'active' ? (
            <div>
              <form class="manage-row" onSubmit={(e) => { e.preventDefault(); void act.run(`Seat moved to ${tierName(tier)}.`, () => api<Member>('PATCH', `/members/${m.id}`, { body: { seatTier: tier } })); }}>
                <Field label="Seat tier" id="manage-tier">
                  {() => <Select id="manage-tier" aria-describedby="manage-tier-hint" value={tier} onChange={(e) => setTier((e.currentTarget as HTMLSelectElement).value as Tier)} options={tiersBestFirst().map((t): [string, string] => [t.key, t.name])} />}
                </Field>
                <button type="submit" class="btn" disabled={act.busy || tier === m.seatTier}>Change seat tier</button>
              </form>
              <p class="hint" id="manage-tier-hint">Needs a free seat in that tier; the old seat is freed.</p>
            </div>
          ) : null}
          {!self ? (
            <div class="danger-zone">
              {m.status === 'active'
                ? <button type="button" class="btn" disabled={act.busy} onClick={() => { void act.run('Suspended: their seat is free again.', () => api<Member>('POST', `/members/${m.id}/suspend`, { body: {} })); }}>Suspend</button>
                : <button type="button" class="btn" disabled={act.busy} onClick={() => { void act.run('Reactivated: they hold a seat again.', () => api<Member>('POST', `/members/${m.id}/reactivate`, { body: {} })); }}>Reactivate</button>}
              {confirmRemove ? (
                <span class="confirm">
                  Remove {m.email} for good?{' '}
                  <button type="button" class="btn danger" disabled={act.busy} onClick={() => { void act.run('Removed. Their seat is free.', () => api<Member>('DELETE', `/members/${m.id}`)); }}>Yes, remove</button>
                  <button type="button" class="btn ghost" onClick={() => setConfirmRemove(false)}>Keep</button>
                </span>
              ) : <button type="button" class="btn danger" onClick={() => setConfirmRemove(true)}>Remove member</button>}
            </div>
          ) : <p class="muted">You cannot suspend or remove yourself.</p>}
        </div>
      )}
    </Dialog>
  );
}
