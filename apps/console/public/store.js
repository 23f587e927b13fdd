import { api } from './api.js';

/**
 * The alerts the console knows, latest revision each, fed by the SSE stream and by GET /alerts.
 * The stream is opened first and the list read after, keeping the higher revision of each alert,
 * so nothing published in between is missed.
 */
class AlertStore {
  constructor() {
    this.alerts = new Map();
    this.listeners = new Set();
    this.loaded = false;
  }
  put(alert) {
    const old = this.alerts.get(alert.id);
    if (old && old.revision >= alert.revision) return;
    this.alerts.set(alert.id, alert);
    for (const l of this.listeners) l(alert);
  }
  async load() {
    const { body } = await api('notifier', 'GET', '/alerts?limit=500');
    for (const a of body.alerts.reverse()) this.put(a);
    this.loaded = true;
    for (const l of this.listeners) l(null);
  }
  /** Newest first (by the latest revision). */
  list() {
    return [...this.alerts.values()].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1,
    );
  }
  /** Returns the function that removes the listener. */
  listen(l) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}

export const alertStore = new AlertStore();
