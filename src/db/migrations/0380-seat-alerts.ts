// Seat-usage alerts. alert_settings: per-org threshold and optional webhook. seat_alert_state: one
// row per org and alert, raised and cleared by conditional writes so that several processes agree
// on who notifies (once). alert_deliveries: an outbox of mails and webhook calls with their retry
// state, claimed with SKIP LOCKED.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table alert_settings (
     org_id uuid primary key references organizations(id),
     threshold_percent integer not null default 90
       constraint alert_settings_threshold check (threshold_percent between 1 and 100),
     webhook_url text constraint alert_settings_webhook_url check (webhook_url ~ '^https?://' and length(webhook_url) <= 2000),
     webhook_secret text,
     updated_at timestamptz not null,
     constraint alert_settings_webhook_has_secret check ((webhook_url is null) = (webhook_secret is null))
   )`,
  `create table seat_alert_state (
     org_id uuid not null references organizations(id),
     alert text not null constraint seat_alert_state_alert
       check (alert in ('premium.threshold', 'premium.exhausted', 'standard.threshold', 'standard.exhausted', 'seats.rejecting')),
     active boolean not null,
     raised_at timestamptz,
     cleared_at timestamptz,
     notified_at timestamptz,
     primary key (org_id, alert)
   )`,
  `create table alert_deliveries (
     id uuid primary key default gen_random_uuid(),
     org_id uuid not null references organizations(id),
     channel text not null constraint alert_deliveries_channel check (channel in ('email', 'webhook')),
     target text not null,
     subject text,
     body text not null,
     status text not null default 'pending' constraint alert_deliveries_status check (status in ('pending', 'delivered', 'failed')),
     attempts integer not null default 0,
     next_attempt_at timestamptz not null,
     last_error text,
     created_at timestamptz not null,
     delivered_at timestamptz
   )`,
  `create index alert_deliveries_due on alert_deliveries (next_attempt_at) where status = 'pending'`,
  `create index alert_deliveries_by_org on alert_deliveries (org_id, created_at desc)`,
  // The alert scan looks for recent refusals across all organizations.
  `create index provisioning_events_rejections on provisioning_events (occurred_at) where event = 'seat.rejected'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
