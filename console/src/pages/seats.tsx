// Seats: what each tier has, and (for Owners) the seed's change flow — "Edit seats" opens the
// form (add seats of each tier, upgrade seats from a lower tier to a higher one, naming members to
// move when the unclaimed lower-tier seats do not cover the upgrade), "Review" shows the billing preview's exact
// lines, total and new totals, and "Upgrade" confirms with an Idempotency-Key made once per
// review, so a double click or a retry bills once. Seats can only be added here.
import { useState } from 'preact/hooks';
import { api, ApiError, newIdempotencyKey } from '../api.js';
import type { PageProps } from '../app.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Card, Dialog, ErrorNotice, Loading, Notice, PageHeader } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { isOwner, lastDay, money, plural } from '../format.js';
import { tierName, tiersBestFirst, tiersLowFirst } from '../tiers.js';
import { Link } from '../router.js';
import type { Contract, Counts, Invoice, Seats, SeatChange, Tier } from '../types.js';
import { emptySeatForm, SeatChangeForm, type SeatForm } from './seat-change-form.js';

/** "premium first, then standard" — in the catalogue's order. */
function tierOrder(): string {
  const names = tiersBestFirst().map((t) => t.name.toLowerCase());
  return names.length === 1 ? `${names[0]} seats` : `${names[0]} first, then ${names.slice(1).join(', then ')}`;
}

interface Preview { invoice: Invoice; seatsBefore: Counts; seatsAfter: Counts }
interface Confirmed { invoice: Invoice; seats: Counts; movedMemberIds: string[] }

export function SeatsPage({ me }: PageProps) {
  const owner = isOwner(me.member.role);
  const data = useLoad(async () => {
    const [seats, contract] = await Promise.all([
      api<Seats>('GET', '/seats'),
      api<Contract>('GET', '/contract').catch((e) => (e instanceof ApiError && e.code === 'CONTRACT_NOT_FOUND' ? null : Promise.reject(e))),
    ]);
    return { seats, contract };
  }, []);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<Confirmed | null>(null);
  const canBuy = owner && !!data.data?.contract;
  return (
    <>
      <PageHeader title="Seats" description={`Seats are claimed by members as they arrive (${tierOrder()}) and freed when they leave.`}
        actions={canBuy ? <button type="button" class="btn primary" onClick={() => { setDone(null); setEditing(true); }}><Icon name="pencil" /> Edit seats</button> : null} />
      {done ? (
        <Notice kind="success" title={`Invoice #${done.invoice.number} issued: ${money(done.invoice.total, done.invoice.currency)}`}>
          {tiersLowFirst().map((t, i) => `${i ? ', ' : ''}${i ? t.name.toLowerCase() : t.name}: ${done.seats[t.key]?.purchased ?? 0} seats`).join('')}{done.movedMemberIds.length ? `; ${plural(done.movedMemberIds.length, 'member')} moved up` : ''}. <Link href="/billing">See it under Billing</Link>.
        </Notice>
      ) : null}
      {!owner ? <Notice>Only Owners can buy seats or upgrade them.</Notice> : null}
      {owner && data.data && !data.data.contract ? <Notice kind="warning" title="No contract yet">Seats are priced by the contract, which the operator sets with <code>seatgate contract set</code>.</Notice> : null}
      {data.loading && !data.data ? <Loading /> : null}
      <ErrorNotice error={data.error} />
      {data.data ? <SeatTable seats={data.data.seats} contract={data.data.contract} /> : null}
      {data.data ? (
        <Card title="How seats work" id="seat-rules">
          <ul class="rules">
            <li>Each arrival — SCIM, first sign-in or invitation — takes the best seat that is free: {tierOrder()}. Suspending or removing a member frees their seat at once.</li>
            <li>When no seat is free, the arrival is refused and the refusal is in the <Link href="/log?outcome=rejected">provisioning log</Link>, with the counts at that moment.</li>
            <li>Seats are added or upgraded, never removed; each change is billed for the rest of the contract term{owner ? <> and listed under <Link href="/billing">Billing</Link></> : null}.</li>
          </ul>
        </Card>
      ) : null}
      {data.data?.contract ? (
        <Dialog title="Edit seats" open={editing} onClose={() => setEditing(false)} wide>
          <SeatChangeFlow seats={data.data.seats} contract={data.data.contract}
            onDone={(c) => { setDone(c); setEditing(false); void data.reload(); }} />
        </Dialog>
      ) : null}
    </>
  );
}

function SeatTable({ seats, contract }: { seats: Seats; contract: Contract | null }) {
  return (
    <Card title="Seats per tier" id="seat-table">
      <table>
        <thead><tr><th scope="col">Tier</th><th scope="col" class="num">Purchased</th><th scope="col" class="num">Claimed</th><th scope="col" class="num">Free</th>{contract ? <th scope="col" class="num">Price per seat and year</th> : null}</tr></thead>
        <tbody>
          {tiersLowFirst().map(({ key: t, name }) => (
            <tr key={t}>
              <th scope="row">{name}</th>
              <td class="num">{seats[t]?.purchased ?? 0}</td><td class="num">{seats[t]?.claimed ?? 0}</td><td class="num">{seats[t]?.available ?? 0}</td>
              {contract ? <td class="num">{contract.prices[t] === undefined ? '—' : money(contract.prices[t]!, contract.currency)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function SeatChangeFlow({ seats, contract, onDone }: { seats: Seats; contract: Contract; onDone: (c: Confirmed) => void }) {
  const [form, setForm] = useState<SeatForm>(emptySeatForm);
  const [review, setReview] = useState<{ preview: Preview; change: SeatChange; key: string } | null>(null);
  const previewing = useAction(async (change: SeatChange) => {
    const preview = await api<Preview>('POST', '/seats/preview', { body: change });
    // One key per reviewed change: every retry of this confirmation sends the same one.
    setReview({ preview, change, key: newIdempotencyKey() });
  });
  const confirming = useAction(async () => {
    if (!review) return;
    onDone(await api<Confirmed>('POST', '/seats/confirm', { body: review.change, headers: { 'Idempotency-Key': review.key } }));
  });
  if (!review) {
    return (
      <>
        <SeatChangeForm seats={seats} contract={contract} value={form} onChange={setForm} busy={previewing.busy}
          onSubmit={(change) => { void previewing.run(change); }} />
        <ErrorNotice error={previewing.error} />
      </>
    );
  }
  const { invoice, seatsBefore, seatsAfter } = review.preview;
  const upgrading = (review.change.upgrade?.count ?? 0) > 0;
  return (
    <div class="review">
      <h3>Review</h3>
      <p>Billed today for the rest of the contract term, until {lastDay(invoice.periodEnd)}. Nothing is charged until you confirm.</p>
      <table aria-label="Invoice preview">
        <thead><tr><th scope="col">Line</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Annual price</th><th scope="col">Billed for</th><th scope="col" class="num">Amount</th></tr></thead>
        <tbody>
          {invoice.lines.map((l, i) => (
            <tr key={i}>
              <td>{l.description}</td><td class="num">{l.quantity}</td><td class="num">{money(l.unitAmount, invoice.currency)}</td>
              <td class="nowrap">{plural(l.months, 'month')}{l.days ? ` and ${l.days} of ${l.daysInMonth} days` : ''}</td>
              <td class="num">{money(l.amount, invoice.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={4}>Invoice total</th><td class="num total">{money(invoice.total, invoice.currency)}</td></tr></tfoot>
      </table>
      <h3>New totals</h3>
      <table aria-label="Seats after the change">
        <thead><tr><th scope="col">Tier</th><th scope="col" class="num">Purchased now</th><th scope="col" class="num">After the change</th></tr></thead>
        <tbody>
          {tiersLowFirst().map(({ key: t }) => (
            <tr key={t}><th scope="row">{tierName(t)}</th><td class="num">{seatsBefore[t]?.purchased ?? 0}</td><td class="num">{seatsAfter[t]?.purchased ?? 0}</td></tr>
          ))}
        </tbody>
      </table>
      <ErrorNotice error={confirming.error} />
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={() => setReview(null)} disabled={confirming.busy}>Back</button>
        <button type="button" class="btn primary" onClick={() => { void confirming.run(); }} aria-disabled={confirming.busy}>
          {confirming.busy ? 'Confirming…' : upgrading ? 'Upgrade' : 'Buy seats'}
        </button>
      </div>
    </div>
  );
}
