// The "Edit seats" form: seats to add per tier and standard seats to upgrade to premium. Numbers
// are whole and never negative (seats only go up). Added standard seats count as unclaimed for
// the upgrade (docs/billing.md); when the unclaimed ones still do not cover it, the form asks
// which active standard members move to premium, as the API requires.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLoad } from '../components/use-load.js';
import { ErrorNotice, Field, Loading, Notice } from '../components/ui.js';
import { money, plural } from '../format.js';
import type { Contract, Member, Seats, SeatChange } from '../types.js';

export interface SeatForm { addStandard: number; addPremium: number; upgrade: number; memberIds: string[] }

export function SeatChangeForm({ seats, contract, value, onChange, onSubmit, busy }: {
  seats: Seats; contract: Contract; value: SeatForm; onChange: (v: SeatForm) => void; onSubmit: (c: SeatChange) => void; busy: boolean;
}) {
  const [invalid, setInvalid] = useState<string | null>(null);
  const unclaimed = seats.standard.available + value.addStandard;
  const mustName = Math.max(0, value.upgrade - unclaimed);
  const nothing = value.addStandard === 0 && value.addPremium === 0 && value.upgrade === 0;
  const submit = (e: Event) => {
    e.preventDefault();
    if (nothing) { setInvalid('Enter seats to add or upgrade.'); return; }
    if (value.upgrade > seats.standard.purchased + value.addStandard) { setInvalid(`You can upgrade at most ${seats.standard.purchased + value.addStandard} standard seats.`); return; }
    if (value.memberIds.length < mustName) { setInvalid(`Choose ${plural(mustName, 'member')} to move to premium: only ${unclaimed} standard seats are unclaimed.`); return; }
    setInvalid(null);
    const change: SeatChange = {};
    if (value.addStandard || value.addPremium) change.add = { ...(value.addStandard ? { standard: value.addStandard } : {}), ...(value.addPremium ? { premium: value.addPremium } : {}) };
    if (value.upgrade) change.upgrade = { count: value.upgrade, ...(value.memberIds.length ? { memberIds: value.memberIds.slice(0, value.upgrade) } : {}) };
    onSubmit(change);
  };
  const number = (key: 'addStandard' | 'addPremium' | 'upgrade', label: string, hint: string) => (
    <Field label={label} id={`seat-${key}`} hint={hint}>
      {(describedBy) => (
        <input id={`seat-${key}`} type="number" inputMode="numeric" min={0} max={1000000} step={1} value={value[key]} aria-describedby={describedBy}
          onInput={(e) => {
            const n = Math.floor(Number((e.currentTarget as HTMLInputElement).value));
            onChange({ ...value, [key]: Number.isFinite(n) && n > 0 ? n : 0 });
          }} />
      )}
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate>
      <p>Seats can only be added: none is ever removed from the organization. Every change is billed for the rest of the contract term.</p>
      <div class="grid cols-3 aligned-fields">
        {number('addStandard', 'Add standard seats', `${money(contract.prices.standard, contract.currency)} per seat and year`)}
        {number('addPremium', 'Add premium seats', `${money(contract.prices.premium, contract.currency)} per seat and year`)}
        {number('upgrade', 'Upgrade standard seats to premium', `${money(contract.prices.premium - contract.prices.standard, contract.currency)} per seat and year`)}
      </div>
      {mustName > 0 ? <MemberPicker need={mustName} unclaimed={unclaimed} value={value.memberIds} onChange={(memberIds) => onChange({ ...value, memberIds })} /> : null}
      {invalid ? <Notice kind="error">{invalid}</Notice> : null}
      <div class="dialog-actions">
        <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Preparing the review…' : 'Review'}</button>
      </div>
    </form>
  );
}

function MemberPicker({ need, unclaimed, value, onChange }: { need: number; unclaimed: number; value: string[]; onChange: (ids: string[]) => void }) {
  const list = useLoad(() => api<{ members: Member[] }>('GET', '/members', { query: { tier: 'standard', status: 'active', sort: 'email', limit: 500 } }), []);
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));
  return (
    <fieldset class="member-picker">
      <legend>Members to move to premium</legend>
      <p>Only {plural(unclaimed, 'standard seat')} {unclaimed === 1 ? 'is' : 'are'} unclaimed, so choose at least {plural(need, 'member')} whose seat moves to premium ({value.length} chosen).</p>
      {list.loading && !list.data ? <Loading label="Loading members" /> : null}
      <ErrorNotice error={list.error} />
      <ul class="checks">
        {(list.data?.members ?? []).map((m) => (
          <li key={m.id}>
            <label><input type="checkbox" checked={value.includes(m.id)} onChange={(e) => toggle(m.id, (e.currentTarget as HTMLInputElement).checked)} /> {m.displayName ?? m.email} <span class="muted">{m.email}</span></label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
