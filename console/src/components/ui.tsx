// The console's building blocks: page header, cards, notices, errors, empty states, form fields,
// modal dialogs (the native <dialog>: focus stays inside, Escape closes) and copy-to-clipboard
// fields. Each is labelled so that screen readers, and tests, find it by role and name. A modal
// dialog keeps Tab and Shift+Tab inside itself (the native one lets focus leave for the browser's
// own controls after its last field).
import type { ComponentChildren, SelectHTMLAttributes } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { Icon, type IconName } from './icons.js';
import { Link } from '../router.js';

export function PageHeader({ title, description, actions }: { title: string; description?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <header class="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p class="lead">{description}</p> : null}
      </div>
      {actions ? <div class="actions">{actions}</div> : null}
    </header>
  );
}

export function Card({ title, children, actions, id, class: cls }: { title?: string; children: ComponentChildren; actions?: ComponentChildren; id?: string; class?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section class={`card ${cls ?? ''}`} aria-labelledby={title ? headingId : undefined} id={id}>
      {title || actions ? (
        <div class="card-header">
          {title ? <h2 id={headingId}>{title}</h2> : <span />}
          {actions ? <div class="actions">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Notice({ kind = 'info', title, children }: { kind?: 'info' | 'success' | 'warning' | 'error'; title?: string; children?: ComponentChildren }) {
  const icon: IconName = kind === 'success' ? 'check' : kind === 'info' ? 'info' : 'warning';
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <Icon name={icon} />
      <div>{title ? <strong>{title}</strong> : null}{children ? <div>{children}</div> : null}</div>
    </div>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <Notice kind="error" title={e?.status === 403 ? 'Not allowed' : e?.status === 409 || e?.status === 422 ? 'Cannot do that yet' : 'Something went wrong'}>
      {e ? e.message : 'An unexpected error occurred in the console.'}
      {e?.requestId ? <span class="muted small"> Request id: {e.requestId}</span> : null}
    </Notice>
  );
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return <p class="loading" role="status">{label}…</p>;
}

export function EmptyState({ title, children, action }: { title: string; children?: ComponentChildren; action?: { label: string; href?: string; onClick?: () => void } }) {
  return (
    <div class="empty">
      <h3>{title}</h3>
      {children ? <p>{children}</p> : null}
      {action?.href ? <Link class="btn primary" href={action.href}>{action.label}</Link> : null}
      {action?.onClick ? <button type="button" class="btn primary" onClick={action.onClick}>{action.label}</button> : null}
    </div>
  );
}

let fieldSeq = 0;
export function useId(prefix: string): string {
  const ref = useRef<string | null>(null);
  ref.current ??= `${prefix}-${++fieldSeq}`;
  return ref.current;
}

/** A labelled control with an optional hint; the hint is the control's description. */
export function Field({ label, hint, children, id }: { label: string; hint?: ComponentChildren; id: string; children: (describedBy: string | undefined) => ComponentChildren }) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children(hintId)}
      {hint ? <p class="hint" id={hintId}>{hint}</p> : null}
    </div>
  );
}

export function Dialog({ title, open, onClose, children, wide }: { title: string; open: boolean; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId('dialog');
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} class={wide ? 'wide' : ''} aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose} onKeyDown={keepFocusInside}>
      <div class="dialog-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" class="btn ghost icon-only" aria-label="Close" onClick={onClose}>×</button>
      </div>
      {open ? children : null}
    </dialog>
  );
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab past the last control goes to the first, Shift+Tab before the first to the last. */
function keepFocusInside(e: KeyboardEvent): void {
  if (e.key !== 'Tab') return;
  const dialog = e.currentTarget as HTMLDialogElement;
  const all = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
  if (all.length === 0) return;
  const first = all[0]!;
  const last = all[all.length - 1]!;
  if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
}

/** A value to paste elsewhere, with a Copy button that says what it copied. */
export function CopyField({ label, value, secret }: { label: string; value: string; secret?: boolean }) {
  const id = useId('copy');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      document.execCommand('copy');
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div class="copy-field">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} class={secret ? 'mono secret' : 'mono'} readOnly value={value} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
        <button type="button" class="btn" onClick={copy} aria-label={`Copy ${label}`}>
          <Icon name={copied ? 'check' : 'copy'} /> {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

export function Badge({ kind = 'neutral', children }: { kind?: 'neutral' | 'success' | 'warning' | 'danger' | 'info'; children: ComponentChildren }) {
  return <span class={`badge badge-${kind}`}>{children}</span>;
}

export function Select(props: SelectHTMLAttributes & { options: Array<[string, string]> }) {
  const { options, ...rest } = props;
  return <select {...rest}>{options.map(([value, label]: [string, string]) => <option value={value} key={value}>{label}</option>)}</select>;
}

/** A labelled definition list of facts: "Term — 1 Jan 2026 to 31 Dec 2026". */
export function Facts({ items }: { items: Array<[string, ComponentChildren]> }) {
  return <dl class="facts">{items.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}</dl>;
}
