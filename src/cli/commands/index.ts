/**
 * Registers every CLI command. Keep one line per command; the command's code lives in
 * its own file and is loaded only when that command runs.
 */
import { register } from '../run';

register('check', 'check fly.toml and the app\'s regions against the Fauna footprint', () => import('./check').then((m) => m.default));
register('regions', 'list Fly regions and their distance to the Fauna Region Groups', () => import('./regions').then((m) => m.default));
register('query', 'run FQL against the project\'s Fauna database', () => import('./query').then((m) => m.default));

register('schema', 'schema diff|pull|push|status|commit|abandon: the project\'s .fsl files against the database', () => import('./schema').then((m) => m.default));

register('plan', 'print the flyctl scale commands that put the app on the footprint', () => import('./plan').then((m) => m.default));
register('scale', 'run the plan (--yes), then wait until machines list shows it', () => import('./scale').then((m) => m.default));
register('deploy', 'run flyctl deploy for the project with live output', () => import('./deploy').then((m) => m.default));
register('secret', 'secret push: set FAUNA_SECRET on the Fly app (value on stdin)', () => import('./secret').then((m) => m.default));
