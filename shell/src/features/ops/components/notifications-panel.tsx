import type {
  NotificationCondition,
  OpsNotification,
  OpsNotifications,
  OpsSnapshot,
} from '@storefront/contract/browser';
import { formatClock } from './format';
import { SnapshotMissing } from './snapshot-missing';
import './notifications.css';

/** What each condition is called on screen (observability/prometheus/alerts.yml's rules, live). */
export const CONDITION_LABELS: Record<NotificationCondition, string> = {
  'breaker-open': 'Breaker open',
  'breaker-flapping': 'Breaker flapping',
  'error-rate-high': 'Error rate high',
  'no-successful-calls': 'No successful calls',
};

function titleOf(notification: OpsNotification): string {
  return `${CONDITION_LABELS[notification.condition]}: ${notification.upstream} on ${notification.replica}`;
}

/**
 * Shown while any notification is active. A critical one makes it an `alert` (announced as it appears); warnings
 * alone are a polite `status`, so a flapping breaker does not interrupt a screen reader every time.
 */
export function NotificationsBanner({ notifications }: { notifications: OpsNotifications }) {
  const { active } = notifications;
  if (active.length === 0) return null;
  const critical = active.some((notification) => notification.severity === 'critical');
  const content =
    active.length === 1 ? (
      <strong>{titleOf(active[0] as OpsNotification)}</strong>
    ) : (
      <>
        <strong>{active.length} active notifications</strong>
        <ul>
          {active.map((notification) => (
            <li key={notification.id}>{titleOf(notification)}</li>
          ))}
        </ul>
      </>
    );
  // Two literal roles rather than one computed: the role must be known to the linter's ARIA checks.
  return critical ? (
    <div className="shell-ops-banner" role="alert" aria-label="Active notifications" data-severity="critical">
      {content}
    </div>
  ) : (
    <div className="shell-ops-banner" role="status" aria-label="Active notifications" data-severity="warning">
      {content}
    </div>
  );
}

function NotificationItem({ notification }: { notification: OpsNotification }) {
  const active = notification.clearedAt === null;
  return (
    <li
      className="shell-ops-notification"
      data-active={active}
      data-severity={notification.severity}
      aria-label={`${titleOf(notification)}, ${active ? 'active' : 'cleared'}`}
    >
      <strong>{titleOf(notification)}</strong> ({notification.severity}, {active ? 'active' : 'cleared'})
      <div className="shell-ops-notification-when">
        raised <time dateTime={notification.since}>{formatClock(notification.since)}</time>
        {notification.clearedAt !== null && (
          <>
            {' · cleared '}
            <time dateTime={notification.clearedAt}>{formatClock(notification.clearedAt)}</time>
          </>
        )}
      </div>
      <p>{notification.message}</p>
    </li>
  );
}

/** Every notification of the answering replica: the active ones first, then those cleared lately. */
export function NotificationsPanel({ snapshot }: { snapshot: OpsSnapshot | null }) {
  const notifications = snapshot?.notifications ?? null;
  const all = notifications ? [...notifications.active, ...notifications.cleared] : [];
  return (
    <section className="shell-ops-notifications" aria-labelledby="shell-ops-notifications-title">
      <h2 id="shell-ops-notifications-title">Notifications</h2>
      {notifications === null ? (
        <SnapshotMissing snapshot={snapshot} part="notifications (a version from before them)" />
      ) : all.length === 0 ? (
        <p className="shell-ops-muted">No notification: every condition is quiet.</p>
      ) : (
        <ol aria-label="Notifications, active first">
          {all.map((notification) => (
            <NotificationItem key={notification.id} notification={notification} />
          ))}
        </ol>
      )}
    </section>
  );
}
