// Contracts, invoices and their lines, seat changes and idempotency keys. What must never happen
// is a constraint here: one current contract per org; a term is exactly one year; premium never
// costs less than standard; an invoice's currency and org are its contract's (composite foreign
// key); an invoice's total is the sum of its lines and a seat-change invoice always has its seat
// change (deferred checks, so the rows of one change commit together or not at all); a contract
// is renewed at most once and a renewal invoiced at most once (unique keys, which is what makes
// the renewal job idempotent); invoices, lines and seat changes are never edited or deleted.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table contracts (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id),
     term_start date not null,
     term_end date not null,
     auto_renew boolean not null,
     currency text not null constraint contracts_currency_format check (currency ~ '^[A-Z]{3}$'),
     price_standard bigint not null constraint contracts_price_standard_nonnegative check (price_standard >= 0),
     price_premium bigint not null,
     initial_standard integer not null constraint contracts_initial_standard check (initial_standard >= 0),
     initial_premium integer not null constraint contracts_initial_premium check (initial_premium >= 0),
     status text not null default 'active'
       constraint contracts_status check (status in ('active', 'renewed', 'expired', 'replaced')),
     renewed_from uuid constraint contracts_renewed_once unique references contracts(id),
     created_at timestamptz not null,
     ended_at timestamptz,
     constraint contracts_annual_term check (term_end = (term_start + interval '1 year')::date),
     constraint contracts_premium_not_cheaper check (price_premium >= price_standard),
     constraint contracts_ended_when_not_active check ((status = 'active') = (ended_at is null)),
     constraint contracts_id_org unique (id, org_id),
     constraint contracts_id_org_currency unique (id, org_id, currency)
   )`,
  // The current contract is the active one, or the expired one until a new contract is set.
  `create unique index contracts_one_current on contracts (org_id) where status in ('active', 'expired')`,
  `create index contracts_due on contracts (term_end) where status = 'active'`,
  `create table invoices (
     id uuid primary key default gen_random_uuid(),
     number bigint generated always as identity constraint invoices_number_unique unique,
     org_id uuid not null references organizations(id),
     contract_id uuid not null,
     currency text not null,
     kind text not null constraint invoices_kind check (kind in ('seat_change', 'renewal')),
     issued_at timestamptz not null,
     period_start date not null,
     period_end date not null,
     total bigint not null constraint invoices_total_nonnegative check (total >= 0),
     renewal_of uuid constraint invoices_renewal_once unique references contracts(id),
     constraint invoices_contract foreign key (contract_id, org_id, currency) references contracts (id, org_id, currency),
     constraint invoices_renewal_names_contract check ((kind = 'renewal') = (renewal_of is not null)),
     constraint invoices_period check (period_start < period_end),
     constraint invoices_id_org unique (id, org_id)
   )`,
  `create index invoices_by_org on invoices (org_id, number desc)`,
  `create table invoice_lines (
     invoice_id uuid not null references invoices(id),
     position smallint not null constraint invoice_lines_position check (position >= 1),
     kind text not null constraint invoice_lines_kind check (kind in ('seat_purchase', 'upgrade', 'renewal')),
     tier text not null constraint invoice_lines_tier check (tier in ('premium', 'standard')),
     quantity integer not null constraint invoice_lines_quantity check (quantity > 0),
     unit_amount bigint not null constraint invoice_lines_unit_amount check (unit_amount >= 0),
     months smallint not null constraint invoice_lines_months check (months between 0 and 12),
     days smallint not null constraint invoice_lines_days check (days between 0 and 30),
     days_in_month smallint not null constraint invoice_lines_days_in_month check (days_in_month between 28 and 31),
     amount bigint not null constraint invoice_lines_amount check (amount >= 0),
     primary key (invoice_id, position),
     constraint invoice_lines_period check (months * days_in_month + days > 0 and (months < 12 or days = 0)),
     constraint invoice_lines_upgrade_is_premium check (kind <> 'upgrade' or tier = 'premium')
   )`,
  `create table seat_changes (
     invoice_id uuid primary key,
     org_id uuid not null,
     contract_id uuid not null,
     effective_on date not null,
     add_standard integer not null constraint seat_changes_add_standard check (add_standard >= 0),
     add_premium integer not null constraint seat_changes_add_premium check (add_premium >= 0),
     upgrade integer not null constraint seat_changes_upgrade check (upgrade >= 0),
     moved_member_ids jsonb not null default '[]'::jsonb,
     created_at timestamptz not null,
     constraint seat_changes_not_empty check (add_standard + add_premium + upgrade > 0),
     constraint seat_changes_invoice foreign key (invoice_id, org_id) references invoices (id, org_id),
     constraint seat_changes_contract foreign key (contract_id, org_id) references contracts (id, org_id)
   )`,
  `create table idempotency_keys (
     org_id uuid not null references organizations(id),
     key text not null constraint idempotency_keys_key_format check (key ~ '^[\\x21-\\x7e]{1,255}$'),
     request_hash text not null constraint idempotency_keys_hash_format check (request_hash ~ '^[0-9a-f]{64}$'),
     invoice_id uuid not null constraint idempotency_keys_one_per_change unique references seat_changes(invoice_id),
     response text not null,
     created_at timestamptz not null,
     primary key (org_id, key)
   )`,
  `create index idempotency_keys_by_age on idempotency_keys (created_at)`,
  // Checked at commit, once every row of the change is written.
  `create function invoice_is_complete(invoice uuid) returns void language plpgsql as $$
   declare
     inv record;
     line_total bigint;
     line_count integer;
   begin
     select kind, total into inv from invoices where id = invoice;
     select count(*), coalesce(sum(amount), 0) into line_count, line_total from invoice_lines where invoice_id = invoice;
     if line_total <> inv.total then
       raise exception 'invoice total % differs from the sum of its lines %', inv.total, line_total
         using errcode = '23514', constraint = 'invoices_total_matches_lines';
     end if;
     if inv.kind = 'seat_change' and (line_count = 0 or not exists (select 1 from seat_changes where invoice_id = invoice)) then
       raise exception 'a seat-change invoice needs its lines and its seat change'
         using errcode = '23514', constraint = 'invoices_have_their_purchase';
     end if;
   end $$`,
  `create function invoices_complete() returns trigger language plpgsql as $$
   begin perform invoice_is_complete(new.id); return null; end $$`,
  `create constraint trigger invoices_complete after insert on invoices
     deferrable initially deferred for each row execute function invoices_complete()`,
  `create function invoice_lines_complete() returns trigger language plpgsql as $$
   begin perform invoice_is_complete(new.invoice_id); return null; end $$`,
  `create constraint trigger invoice_lines_complete after insert on invoice_lines
     deferrable initially deferred for each row execute function invoice_lines_complete()`,
  `create function billing_records_immutable() returns trigger language plpgsql as $$
   begin
     raise exception '% rows are never changed or deleted', tg_table_name using errcode = 'P0001',
       constraint = 'billing_records_immutable';
   end $$`,
  ...['invoices', 'invoice_lines', 'seat_changes'].map((table) =>
    `create trigger ${table}_immutable before update or delete on ${table}
       for each row execute function billing_records_immutable()`),
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
