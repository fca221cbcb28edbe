/**
 * Argument vectors for every flyctl call the product makes (the arguments after the
 * binary). Flags and forms are flyctl's own: research/fly.md §3. Read-only calls pass
 * `--json` explicitly (FLY_JSON is not honoured by every command); mutations pass `-y`
 * because flyctl runs without a terminal and cannot prompt.
 */

/** `version --json`: no session needed. */
export function versionArgs(): string[] {
  return ['version', '--json'];
}

/** `auth whoami --json`: `{"email": ...}`; needs a session. */
export function whoamiArgs(): string[] {
  return ['auth', 'whoami', '--json'];
}

/** `machines list --json -a APP`: the raw `[]fly.Machine`. */
export function machinesListArgs(app: string): string[] {
  return ['machines', 'list', '--json', '-a', app];
}

/** `status --json -a APP`. */
export function statusArgs(app: string): string[] {
  return ['status', '--json', '-a', app];
}

/** `scale show --json -a APP`. */
export function scaleShowArgs(app: string): string[] {
  return ['scale', 'show', '--json', '-a', app];
}

/** `platform regions --json`. */
export function platformRegionsArgs(): string[] {
  return ['platform', 'regions', '--json'];
}

/** One `scale count` step: `count` machines in `region` for `processGroup` (default: flyctl's `app`). */
export interface ScaleCountSpec {
  app: string;
  region: string;
  count: number;
  processGroup?: string;
}

/**
 * `scale count N --region R -a APP -y [--process-group G]`. One region per command:
 * flyctl's N is the total across the listed regions, so with one region it is exact.
 */
export function scaleCountArgs(spec: ScaleCountSpec): string[] {
  if (!Number.isInteger(spec.count) || spec.count < 0) {
    throw new RangeError(`scale count must be a whole number >= 0, not ${spec.count}`);
  }
  if (!/^[a-z0-9]+$/.test(spec.region)) throw new RangeError(`not a region code: '${spec.region}'`);
  const args = [
    'scale',
    'count',
    String(spec.count),
    '--region',
    spec.region,
    '-a',
    spec.app,
    '-y',
  ];
  if (spec.processGroup !== undefined) args.push('--process-group', spec.processGroup);
  return args;
}

/** `deploy -c CONFIG [-a APP] EXTRA...` (deploy has no --json). */
export function deployArgs(spec: {
  config: string;
  app?: string;
  extra?: readonly string[];
}): string[] {
  const args = ['deploy', '-c', spec.config];
  if (spec.app !== undefined) args.push('-a', spec.app);
  return [...args, ...(spec.extra ?? [])];
}

/**
 * `secrets set NAME=- -a APP [-c CONFIG]`: the value `-` makes flyctl read it from
 * stdin, so the secret never appears in argv (research/fly.md §3.8).
 */
export function secretsSetFromStdinArgs(spec: {
  name: string;
  app: string;
  config?: string;
}): string[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name))
    throw new RangeError(`not a secret name: '${spec.name}'`);
  const args = ['secrets', 'set', `${spec.name}=-`, '-a', spec.app];
  if (spec.config !== undefined) args.push('-c', spec.config);
  return args;
}

/**
 * A POSIX-shell-quoted rendering of an argv, for showing a command a person can copy.
 * Never used to run anything: processes are spawned with argv and no shell.
 */
export function shellQuote(argv: readonly string[]): string {
  return argv
    .map((a) =>
      a !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`,
    )
    .join(' ');
}
