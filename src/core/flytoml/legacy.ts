/**
 * Keys of the Apps V1 (Nomad) platform that Apps V2 flyctl no longer reads: the
 * `legacy-key` finding (information, not `unknown-key`). Each entry names where flyctl's
 * history shows the key and what (if anything) replaced it; the table in ./README.md
 * carries the same sources. Only keys found in flyctl's code are listed, none guessed.
 */

export interface LegacyKey {
  /** Where the key was read; `[n]` indices dropped (`services.tcp_checks`, `` for the top level). */
  table: string;
  key: string;
  /** What Apps V2 uses instead, for the message; absent when nothing replaced it. */
  instead?: string;
  /** flyctl file@commit that shows the key was Apps V1 only (see README.md). */
  source: string;
}

// superfly/flyctl commits cited below:
//  86409d36 (2023-05-31), internal/appconfig/service.go:30,38: "RestartLimit is only
//    supported on V1 Apps"; a06ce791 "Ignore RestartLimit until we get backend support for
//    it if ever" removed it from the machine checks. [[restart]]: config.go:85 at ad0172fa.
//  86409d36, internal/appconfig/definition_test.go:51: `script_checks` in an Apps V1
//    (GraphQL GetConfig) definition; the Apps V2 Service struct (service.go) has no field.
//  e8479088^, internal/appconfig/config.go:111 (Experimental.AllowedPublicPorts) and
//    validation.go:129 "experimental.allowed_public_ports is not supported in Apps V2";
//    2be96dc5 removed the field.
export const LEGACY_KEYS: readonly LegacyKey[] = [
  {
    table: 'services.tcp_checks',
    key: 'restart_limit',
    instead: 'restarts are set in [[restart]] (policy, retries)',
    source: 'internal/appconfig/service.go:30@86409d36',
  },
  {
    table: 'services.http_checks',
    key: 'restart_limit',
    instead: 'restarts are set in [[restart]] (policy, retries)',
    source: 'internal/appconfig/service.go:38@86409d36',
  },
  {
    table: 'services',
    key: 'script_checks',
    instead: 'it has no script checks: use an HTTP or TCP check',
    source: 'internal/appconfig/definition_test.go:51@86409d36',
  },
  {
    table: 'experimental',
    key: 'allowed_public_ports',
    instead: 'the public ports are the ones in [[services.ports]] and [http_service]',
    source: 'internal/appconfig/validation.go:129@e8479088^',
  },
];

const BY_PLACE = new Map(LEGACY_KEYS.map((k) => [`${k.table}\u0000${k.key}`, k]));

/** The legacy key `key` is in the table at `path` (array indices are ignored), if any. */
export function legacyKey(path: readonly (string | number)[], key: string): LegacyKey | undefined {
  let table = '';
  for (const s of path) if (typeof s === 'string') table += (table ? '.' : '') + s;
  return BY_PLACE.get(`${table}\u0000${key}`);
}
