/**
 * The registry of finding codes the fly.toml engine and the footprint check emit, with
 * their usual severity and a one-line help text (the README has one `### \`code\``
 * section per code; test/unit/core/report/codes.test.ts holds the two together and
 * checks every code the core emits is here). SARIF rules are derived from this table;
 * a code that is emitted but not (yet) listed still gets a rule (see sarif.ts).
 */
import type { Severity } from '../types';

export interface CodeInfo {
  severity: Severity;
  /** One sentence: what the finding means. */
  help: string;
}

export const FINDING_CODES: Readonly<Record<string, CodeInfo>> = {
  'toml-syntax': { severity: 'error', help: 'The file is not valid TOML 1.0.' },
  'unknown-key': { severity: 'warning', help: 'A key flyctl does not read at that place.' },
  'legacy-key': { severity: 'info', help: 'An Apps V1 (Nomad) key flyctl ignores since Apps V2.' },
  'invalid-type': { severity: 'error', help: "A value flyctl cannot read as that key's type." },
  'invalid-value': {
    severity: 'error',
    help: 'A value outside what flyctl or the Machines API accepts.',
  },
  'duration-nanoseconds': {
    severity: 'warning',
    help: 'A bare number where flyctl reads nanoseconds; write a unit.',
  },
  'secret-in-env': {
    severity: 'error',
    help: 'A Fauna secret in plain [env]; move it to Fly secrets.',
  },
  'build-strategies': {
    severity: 'warning',
    help: 'More than one build configuration (image, buildpacks, dockerfile, builtin).',
  },
  'release-command-split': {
    severity: 'error',
    help: 'deploy.release_command cannot be split into words.',
  },
  'deploy-strategy': {
    severity: 'error',
    help: 'deploy.strategy is not canary, rolling, immediate or bluegreen.',
  },
  'canary-with-mounts': {
    severity: 'error',
    help: 'The canary strategy cannot be used with mounted volumes.',
  },
  'check-type': {
    severity: 'error',
    help: 'A top-level check has no type, or one other than http or tcp.',
  },
  'check-interval': { severity: 'error', help: 'A top-level check interval is under 2 seconds.' },
  'check-timeout': { severity: 'error', help: 'A top-level check timeout is over 60 seconds.' },
  'service-processes-missing': {
    severity: 'error',
    help: 'A service names no processes while [processes] defines groups.',
  },
  'service-process-unknown': {
    severity: 'error',
    help: 'A service names a process group that [processes] does not define.',
  },
  'service-no-ports': { severity: 'warning', help: 'A [[services]] section exposes no port.' },
  'service-check-duration': {
    severity: 'warning',
    help: 'A service check time is outside what flyctl keeps (1 s to 1 min).',
  },
  'process-command-split': {
    severity: 'error',
    help: 'A [processes] command cannot be split into words.',
  },
  'console-command-split': {
    severity: 'error',
    help: 'console_command cannot be split into words.',
  },
  'mounts-per-group': {
    severity: 'error',
    help: 'A process group gets more than one [[mounts]] section.',
  },
  'mount-initial-size': {
    severity: 'error',
    help: 'A mount initial_size cannot be read or is under 1 GB.',
  },
  'mount-snapshot-retention': {
    severity: 'error',
    help: 'A mount snapshot_retention is not between 1 and 60 days.',
  },
  'mount-auto-extend': {
    severity: 'error',
    help: 'The mount auto-extend settings are incomplete or out of range.',
  },
  'restart-process-unknown': {
    severity: 'error',
    help: 'A [[restart]] policy names a process group that does not exist.',
  },
  'restart-policy': {
    severity: 'error',
    help: 'A restart policy is missing or not always, never or on-failure.',
  },
  compression: { severity: 'error', help: 'build.compression is not gzip or zstd.' },
  'compression-level': {
    severity: 'error',
    help: 'build.compression_level is not an integer from 0 to 9.',
  },
  'vm-size': { severity: 'error', help: 'A machine size is not one of Fly presets.' },
  'memory-zero': { severity: 'error', help: 'memory reads as 0 MB.' },
  'compute-per-group': {
    severity: 'warning',
    help: 'Several [[vm]] sections apply to the same process group; flyctl uses the first.',
  },
  'check-no-port': {
    severity: 'error',
    help: 'A top-level check has no port and its group has no [http_service] to take it from.',
  },
  'region-unknown': { severity: 'error', help: 'primary_region is no Fly region.' },
  'region-deprecated': { severity: 'warning', help: 'primary_region is a retired Fly region.' },
  'region-outside-group': {
    severity: 'warning',
    help: "primary_region is not next to the Fauna Region Group's replicas.",
  },
  'region-group-unset': { severity: 'info', help: 'No Fauna Region Group or footprint is known.' },
  'endpoint-group-mismatch': {
    severity: 'error',
    help: 'FAUNA_ENDPOINT points at another Region Group than the chosen one.',
  },
  'footprint-missing': { severity: 'warning', help: 'A footprint region has no deployed machine.' },
  'footprint-extra': { severity: 'warning', help: 'Machines run outside the footprint.' },
  'flyctl-unavailable': {
    severity: 'info',
    help: 'The deployed regions could not be read from flyctl.',
  },
};

/** Where each code is explained: the README section `### \`code\`` (GitHub anchor `#code`). */
export const README_URL = 'https://github.com/fly-fauna/fly-fauna';

export function codeHelpUri(code: string): string {
  return `${README_URL}#${code}`;
}
