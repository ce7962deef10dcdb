// Small building blocks for messages, so every error looks and reads the same (a sentence, never a stack).
import type { ReactNode } from 'react'

/** `id`: for a field's aria-describedby. */
export function ErrorText({ message, testId, id }: { message: string | null | undefined; testId?: string; id?: string }) {
  if (!message) return null
  return (
    <p className="error-text" role="alert" id={id} data-testid={testId}>
      {message}
    </p>
  )
}

export function Notice({ tone, children, testId }: { tone: 'info' | 'warning' | 'danger' | 'ok'; children: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'danger' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  )
}

export function Card({ title, children, actions, testId }: { title: ReactNode; children: ReactNode; actions?: ReactNode; testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <header className="card-header">
        <h2>{title}</h2>
        {actions ? <div className="card-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  )
}

export function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  )
}
