/**
 * What a Fauna endpoint URL says about the Region Group.
 *
 * Before 2023 each group had its own host (research fauna.md §4.3): `db.us.fauna.com`
 * (US), `db.eu.fauna.com` (EU) and `db.fauna.com` (Classic, now Global). Since then the
 * drivers and CLIs use `db.fauna.com` for every group and the secret picks the group, so
 * `db.fauna.com` tells nothing; neither does a self-hosted endpoint.
 */
import type { RegionGroupId } from '../regions/groups';

/** The endpoint's host (for messages: never the whole URL, which may hold credentials) and its group. */
export type EndpointInfo = { ok: true; host: string; group: RegionGroupId | null } | { ok: false };

const GROUP_HOSTS: Record<string, RegionGroupId> = {
  'db.us.fauna.com': 'us',
  'db.eu.fauna.com': 'eu',
};

/**
 * Reads an endpoint (`https://db.eu.fauna.com`, `db.eu.fauna.com:443`,
 * `http://localhost:8443`); `ok: false` when it is no http(s) URL.
 */
export function endpointInfo(endpoint: string): EndpointInfo {
  const t = endpoint.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? t : `https://${t}`;
  // Core has no URL class (no DOM, no Node): a strict pattern for scheme://[user@]host[:port][/...].
  const m =
    /^(https?):\/\/(?:[^@/?#\s]*@)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?(?:[/?#]\S*)?$/i.exec(
      withScheme,
    );
  if (!m) return { ok: false };
  if (m[3] !== undefined && Number(m[3]) > 65535) return { ok: false };
  const host = m[2].toLowerCase().replace(/\.$/, '');
  if (host === '' || host.startsWith('.') || host.includes('..')) return { ok: false };
  return { ok: true, host, group: GROUP_HOSTS[host] ?? null };
}
