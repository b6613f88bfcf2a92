// The "Edit seats" form: seats to add per tier of the catalogue and seats to upgrade from a lower
// tier to a higher one (by default the second-best to the best: standard to premium; with more
// than two tiers the form asks which). Numbers are whole and never negative (seats only go up).
// Added lower-tier seats count as unclaimed for the upgrade (docs/billing.md); when the unclaimed
// ones still do not cover it, the form asks which active members move up, as the API requires.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useLoad } from '../components/use-load.js';
import { ErrorNotice, Field, Loading, Notice, Select } from '../components/ui.js';
import { money, plural } from '../format.js';
import { defaultUpgrade, tierName, tiersLowFirst } from '../tiers.js';
import type { Contract, Member, Seats, SeatChange, Tier } from '../types.js';

export interface SeatForm { add: Record<Tier, number>; upgrade: number; from: Tier | null; to: Tier | null; memberIds: string[] }

export function emptySeatForm(): SeatForm {
  const up = defaultUpgrade();
  return { add: {}, upgrade: 0, from: up?.from ?? null, to: up?.to ?? null, memberIds: [] };
}

const price = (contract: Contract, tier: Tier) => contract.prices[tier];
const pool = (seats: Seats, tier: Tier | null) => (tier ? seats[tier] : undefined) ?? { purchased: 0, claimed: 0, available: 0 };

export function SeatChangeForm({ seats, contract, value, onChange, onSubmit, busy }: {
  seats: Seats; contract: Contract; value: SeatForm; onChange: (v: SeatForm) => void; onSubmit: (c: SeatChange) => void; busy: boolean;
}) {
  const [invalid, setInvalid] = useState<string | null>(null);
  const added = (t: Tier | null) => (t ? value.add[t] ?? 0 : 0);
  const from = value.from;
  const to = value.to;
  const unclaimed = pool(seats, from).available + added(from);
  const mustName = Math.max(0, value.upgrade - unclaimed);
  const nothing = Object.values(value.add).every((n) => !n) && value.upgrade === 0;
  const fromName = from ? tierName(from).toLowerCase() : '';
  const toName = to ? tierName(to).toLowerCase() : '';
  const submit = (e: Event) => {
    e.preventDefault();
    if (nothing) { setInvalid('Enter seats to add or upgrade.'); return; }
    if (value.upgrade > pool(seats, from).purchased + added(from)) { setInvalid(`You can upgrade at most ${pool(seats, from).purchased + added(from)} ${fromName} seats.`); return; }
    if (value.memberIds.length < mustName) { setInvalid(`Choose ${plural(mustName, 'member')} to move to ${toName}: only ${unclaimed} ${fromName} seats are unclaimed.`); return; }
    setInvalid(null);
    const change: SeatChange = {};
    const add = Object.fromEntries(Object.entries(value.add).filter(([, n]) => n > 0));
    if (Object.keys(add).length) change.add = add;
    if (value.upgrade && from && to) {
      const up = defaultUpgrade();
      const named = up && up.from === from && up.to === to ? {} : { from, to };
      change.upgrade = { count: value.upgrade, ...named, ...(value.memberIds.length ? { memberIds: value.memberIds.slice(0, value.upgrade) } : {}) };
    }
    onSubmit(change);
  };
  const number = (id: string, label: string, hint: string, current: number, set: (n: number) => void) => (
    <Field label={label} id={id} hint={hint}>
      {(describedBy) => (
        <input id={id} type="number" inputMode="numeric" min={0} max={1000000} step={1} value={current} aria-describedby={describedBy}
          onInput={(e) => {
            const n = Math.floor(Number((e.currentTarget as HTMLInputElement).value));
            set(Number.isFinite(n) && n > 0 ? n : 0);
          }} />
      )}
    </Field>
  );
  const priced = (t: Tier) => (price(contract, t) === undefined ? 'not priced in this contract' : `${money(price(contract, t)!, contract.currency)} per seat and year`);
  const difference = from && to && price(contract, from) !== undefined && price(contract, to) !== undefined
    ? `${money(price(contract, to)! - price(contract, from)!, contract.currency)} per seat and year` : 'not priced in this contract';
  const tiers = tiersLowFirst();
  return (
    <form onSubmit={submit} noValidate>
      <p>Seats can only be added: none is ever removed from the organization. Every change is billed for the rest of the contract term.</p>
      <div class="grid cols-3 aligned-fields">
        {tiers.map((t) => number(`seat-add-${t.key}`, `Add ${t.name.toLowerCase()} seats`, priced(t.key), value.add[t.key] ?? 0,
          (n) => onChange({ ...value, add: { ...value.add, [t.key]: n } })))}
        {from && to ? number('seat-upgrade', `Upgrade ${fromName} seats to ${toName}`, difference, value.upgrade, (n) => onChange({ ...value, upgrade: n })) : null}
      </div>
      {tiers.length > 2 && from && to ? (
        <div class="grid cols-3 aligned-fields">
          <Field label="Upgrade from" id="seat-upgrade-from" hint="The tier the seats leave">
            {(d) => <Select id="seat-upgrade-from" aria-describedby={d} value={from}
              onChange={(e) => onChange({ ...value, from: (e.currentTarget as HTMLSelectElement).value, memberIds: [] })}
              options={tiers.slice(0, -1).map((t) => [t.key, t.name] as [string, string])} />}
          </Field>
          <Field label="Upgrade to" id="seat-upgrade-to" hint="A better tier they join">
            {(d) => <Select id="seat-upgrade-to" aria-describedby={d} value={to}
              onChange={(e) => onChange({ ...value, to: (e.currentTarget as HTMLSelectElement).value })}
              options={tiers.slice(1).map((t) => [t.key, t.name] as [string, string])} />}
          </Field>
        </div>
      ) : null}
      {mustName > 0 && from && to ? <MemberPicker from={from} to={to} need={mustName} unclaimed={unclaimed} value={value.memberIds} onChange={(memberIds) => onChange({ ...value, memberIds })} /> : null}
      {invalid ? <Notice kind="error">{invalid}</Notice> : null}
      <div class="dialog-actions">
        <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Preparing the review…' : 'Review'}</button>
      </div>
    </form>
  );
}

function MemberPicker({ from, to, need, unclaimed, value, onChange }: { from: Tier; to: Tier; need: number; unclaimed: number; value: string[]; onChange: (ids: string[]) => void }) {
  const list = useLoad(() => api<{ members: Member[] }>('GET', '/members', { query: { tier: from, status: 'active', sort: 'email', limit: 500 } }), [from]);
  const fromName = tierName(from).toLowerCase();
  const toName = tierName(to).toLowerCase();
  const toggle = (id: string, on: boolean) => onChange(on ? [...value, id] : value.filter((v) => v !== id));
  return (
    <fieldset class="member-picker">
      <legend>Members to move to {toName}</legend>
      <p>Only {plural(unclaimed, `${fromName} seat`)} {unclaimed === 1 ? 'is' : 'are'} unclaimed, so choose at least {plural(need, 'member')} whose seat moves to {toName} ({value.length} chosen).</p>
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
