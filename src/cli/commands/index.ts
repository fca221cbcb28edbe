/**
 * Registers every CLI command. Keep one line per command; the command's code lives in
 * its own file and is loaded only when that command runs.
 */
import { register } from '../run';

register('query', 'run FQL against the project\'s Fauna database', () => import('./query').then((m) => m.default));

