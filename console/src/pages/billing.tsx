// Billing (Owners): the contract with its auto-renew switch, and the invoices — the list, and the
// lines and total of the one selected (the newest by default, so a purchase just made is shown).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import type { PageProps } from '../app.js';
import { useAction, useLoad } from '../components/use-load.js';
import { Card, EmptyState, ErrorNotice, Facts, Loading, PageHeader } from '../components/ui.js';
import { date, lastDay, money, plural } from '../format.js';
import { tierName, tiersLowFirst } from '../tiers.js';
import type { Contract, Invoice } from '../types.js';

const CONTRACT_STATUS: Record<Contract['status'], string> = { active: 'Active', renewed: 'Renewed', expired: 'Expired', replaced: 'Replaced' };

export function BillingPage(_: PageProps) {
  const data = useLoad(async () => {
    const [contract, invoices] = await Promise.all([
      api<Contract>('GET', '/contract').catch((e) => (e instanceof ApiError && e.code === 'CONTRACT_NOT_FOUND' ? null : Promise.reject(e))),
      api<{ invoices: Invoice[] }>('GET', '/invoices', { query: { limit: 100 } }),
    ]);
    return { contract, invoices: invoices.invoices };
  }, []);
  const [selected, setSelected] = useState<string | null>(null);
  const autoRenew = useAction(async (on: boolean) => { await api('PUT', '/contract', { body: { autoRenew: on } }); await data.reload(); });
  const invoices = data.data?.invoices ?? [];
  const shown = invoices.find((i) => i.id === selected) ?? invoices[0] ?? null;
  return (
    <>
      <PageHeader title="Billing" description="The contract and the invoices Seatgate issued for seat changes and renewals." />
      {data.loading && !data.data ? <Loading /> : null}
      <ErrorNotice error={data.error} />
      {data.data ? (
        <>
          <Card title="Contract" id="contract">
            {data.data.contract ? (
              <>
                <Facts items={[
                  ['Term', `${date(data.data.contract.termStart)} – ${lastDay(data.data.contract.termEnd)}`],
                  ...tiersLowFirst().map((t): [string, string] => {
                    const p = data.data!.contract!.prices[t.key];
                    return [`${t.name} seat`, p === undefined ? 'not priced in this contract' : `${money(p, data.data!.contract!.currency)} a year`];
                  }),
                  ['Status', CONTRACT_STATUS[data.data.contract.status]],
                ]} />
                <label class="switch">
                  <input type="checkbox" checked={data.data.contract.autoRenew} disabled={autoRenew.busy}
                    onChange={(e) => { void autoRenew.run((e.currentTarget as HTMLInputElement).checked); }} />
                  Renew automatically on {date(data.data.contract.termEnd)}
                </label>
                <ErrorNotice error={autoRenew.error} />
              </>
            ) : <p>No contract yet: the operator sets one with <code>seatgate contract set</code>.</p>}
          </Card>
          <Card title="Invoices" id="invoices">
            {invoices.length === 0 ? <EmptyState title="No invoices yet">Invoices appear here when seats are added or upgraded, and at each renewal.</EmptyState> : (
              <table>
                <thead><tr><th scope="col">Invoice</th><th scope="col">Issued</th><th scope="col">For</th><th scope="col">Period</th><th scope="col" class="num">Total</th><th scope="col"><span class="sr-only">Show</span></th></tr></thead>
                <tbody>
                  {invoices.map((inv) => (
                    <tr key={inv.id} class={shown?.id === inv.id ? 'selected' : ''}>
                      <th scope="row">#{inv.number}</th><td>{date(inv.issuedAt)}</td><td>{inv.kind === 'renewal' ? 'Renewal' : 'Seat change'}</td>
                      <td>{date(inv.periodStart)} – {lastDay(inv.periodEnd)}</td><td class="num">{money(inv.total, inv.currency)}</td>
                      <td><button type="button" class="btn small" aria-pressed={shown?.id === inv.id} onClick={() => setSelected(inv.id)}>Show invoice #{inv.number}</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
          {shown ? <InvoiceCard invoice={shown} /> : null}
        </>
      ) : null}
    </>
  );
}

function InvoiceCard({ invoice }: { invoice: Invoice }) {
  return (
    <Card title={`Invoice #${invoice.number}`} id="invoice">
      <p class="muted">Issued {date(invoice.issuedAt)} for {date(invoice.periodStart)} – {lastDay(invoice.periodEnd)}, {invoice.currency}.</p>
      <table aria-label={`Lines of invoice #${invoice.number}`}>
        <thead><tr><th scope="col">Line</th><th scope="col">Tier</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Annual price</th><th scope="col">Billed for</th><th scope="col" class="num">Amount</th></tr></thead>
        <tbody>
          {invoice.lines.map((l, i) => (
            <tr key={i}>
              <td>{l.description}</td><td>{tierName(l.tier)}</td><td class="num">{l.quantity}</td><td class="num">{money(l.unitAmount, invoice.currency)}</td>
              <td class="nowrap">{plural(l.months, 'month')}{l.days ? ` and ${l.days} of ${l.daysInMonth} days` : ''}</td><td class="num">{money(l.amount, invoice.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot><tr><th scope="row" colSpan={5}>Total</th><td class="num total">{money(invoice.total, invoice.currency)}</td></tr></tfoot>
      </table>
    </Card>
  );
}
