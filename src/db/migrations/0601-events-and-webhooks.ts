// Events for applications and their webhook outbox, both written by triggers in the transaction
// of the provisioning-log row they come from, so an event exists exactly when its change
// committed, and a delivery exists exactly when its event does (a crash loses neither).
// - app_events: the provisioning-log events that matter to an app, with a stable id and a feed
//   `position` given only after the row committed, by one sequencer at a time (an advisory lock
//   held to its commit, src/domain/events/feed.ts): positions therefore become visible in
//   increasing order, and a row that commits late gets a later position instead of landing behind
//   a cursor already handed out (no gaps, no duplicates). `seq` is the insertion order.
// - webhook_endpoints: per org or per app, with a Standard Webhooks secret (whsec_…: it signs,
//   so it is kept, not hashed), an optional event filter, and its failure state.
// - webhook_deliveries: one row per event and endpoint, claimed with FOR UPDATE SKIP LOCKED and
//   leased while being sent; webhook_attempts: the history of each try.
import { sql, type Kysely } from 'kysely';

/** Provisioning-log events an app hears about, and the name the app sees. */
const APP_EVENTS = [
  'member.created', 'member.updated', 'member.suspended', 'member.reactivated', 'member.deprovisioned', 'member.role_changed',
  'seat.claimed', 'seat.released', 'seat.tier_changed', 'seats.added', 'seat_request.created', 'seat_request.served',
];

const statements = [
  `create table app_events (
     seq bigserial primary key,
     id text not null unique default ('evt_' || replace(gen_random_uuid()::text, '-', '')),
     position bigint unique,
     org_id uuid not null references organizations(id),
     type text not null,
     occurred_at timestamptz not null,
     source_event_id bigint not null,
     member_id uuid,
     data jsonb not null
   )`,
  `create index app_events_unsequenced on app_events (seq) where position is null`,
  `create index app_events_feed_by_org on app_events (org_id, position) where position is not null`,
  `create function app_events_from_log() returns trigger language plpgsql as $$
   begin
     insert into app_events (org_id, type, occurred_at, source_event_id, member_id, data)
     select new.org_id, case new.event when 'member.deprovisioned' then 'member.removed' else new.event end,
            new.occurred_at, new.id, new.member_id,
            jsonb_build_object(
              'organization', jsonb_build_object('id', o.id, 'slug', o.slug, 'name', o.name),
              'member', (select jsonb_build_object('id', m.id, 'userName', m.user_name, 'email', m.email, 'name', m.display_name,
                                                   'role', m.role, 'status', m.status, 'seatTier', m.seat_tier)
                         from members m where m.id = new.member_id),
              'tier', new.tier, 'reason', new.reason, 'detail', new.detail, 'method', new.method,
              'actor', jsonb_build_object('type', new.actor_type, 'label', new.actor_label))
     from organizations o where o.id = new.org_id;
     return null;
   end $$`,
  `create trigger app_events_from_log after insert on provisioning_events
     for each row when (new.outcome = 'success' and new.event in (${APP_EVENTS.map((e) => `'${e}'`).join(', ')}))
     execute function app_events_from_log()`,
  `create table webhook_endpoints (
     id uuid primary key default gen_random_uuid(),
     org_id uuid references organizations(id) on delete cascade,
     app_id uuid references apps(id) on delete cascade,
     url text not null constraint webhook_endpoints_url check (url ~ '^https?://' and length(url) <= 2000),
     secret text not null constraint webhook_endpoints_secret check (secret ~ '^whsec_[A-Za-z0-9+/=]{24,}$'),
     description text constraint webhook_endpoints_description check (length(description) <= 200),
     event_types text[],
     enabled boolean not null default true,
     disabled_at timestamptz,
     disabled_reason text,
     failing_since timestamptz,
     created_at timestamptz not null,
     constraint webhook_endpoints_one_owner check ((org_id is null) <> (app_id is null)),
     constraint webhook_endpoints_disabled check (enabled = (disabled_at is null))
   )`,
  `create index webhook_endpoints_by_org on webhook_endpoints (org_id) where org_id is not null`,
  `create index webhook_endpoints_by_app on webhook_endpoints (app_id) where app_id is not null`,
  `create table webhook_deliveries (
     id uuid primary key default gen_random_uuid(),
     endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
     event_id text not null references app_events(id),
     org_id uuid not null,
     status text not null default 'pending' constraint webhook_deliveries_status check (status in ('pending', 'delivered', 'failed')),
     attempts integer not null default 0,
     next_attempt_at timestamptz not null,
     last_status integer,
     last_error text,
     created_at timestamptz not null,
     delivered_at timestamptz,
     constraint webhook_deliveries_once unique (endpoint_id, event_id)
   )`,
  `create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending'`,
  `create index webhook_deliveries_new on webhook_deliveries (created_at) where status = 'pending' and attempts = 0`,
  `create index webhook_deliveries_by_endpoint on webhook_deliveries (endpoint_id, created_at desc)`,
  `create table webhook_attempts (
     id bigserial primary key,
     delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
     attempted_at timestamptz not null,
     status_code integer,
     error text,
     duration_ms integer not null
   )`,
  `create index webhook_attempts_by_delivery on webhook_attempts (delivery_id, id)`,
  // Every enabled endpoint that hears this event gets a delivery, in the event's transaction: the
  // org's own endpoints, and those of apps open to the org (all orgs, or listed in app_orgs).
  `create function webhook_deliveries_for_event() returns trigger language plpgsql as $$
   begin
     insert into webhook_deliveries (endpoint_id, event_id, org_id, next_attempt_at, created_at)
     select e.id, new.id, new.org_id, now(), now()
     from webhook_endpoints e
     where e.enabled and (e.event_types is null or new.type = any(e.event_types))
       and (e.org_id = new.org_id
            or exists (select 1 from apps a where a.id = e.app_id and a.removed_at is null
                       and (a.all_orgs or exists (select 1 from app_orgs ao where ao.app_id = a.id and ao.org_id = new.org_id))));
     return null;
   end $$`,
  `create trigger webhook_deliveries_for_event after insert on app_events
     for each row execute function webhook_deliveries_for_event()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
