/**
 * Registers every CLI command. Keep one line per command; the command's code lives in
 * its own file and is loaded only when that command runs.
 */
import { register } from '../run';

register('check', 'check fly.toml and the app\'s regions against the Fauna footprint', () => import('./check').then((m) => m.default));
register('regions', 'list Fly regions and their distance to the Fauna Region Groups', () => import('./regions').then((m) => m.default));
register('query', 'run FQL against the project\'s Fauna database', () => import('./query').then((m) => m.default));

