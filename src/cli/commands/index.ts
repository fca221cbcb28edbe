/**
 * Registers every CLI command. Keep one line per command; the command's code lives in
 * its own file and is loaded only when that command runs.
 */
export {};
