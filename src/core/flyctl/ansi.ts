/**
 * Removing terminal escape sequences from flyctl's output. flyctl disables its colour
 * scheme under NO_COLOR, but strings it colours with aurora (validation output, some
 * warnings) still carry escapes, and a user-supplied wrapper script may add its own.
 */

// CSI (ESC [ ... final byte, also the 8-bit 0x9b form), OSC (ESC ] ... BEL or ESC \),
// other string commands (DCS, SOS, PM, APC up to ST) and two-byte ESC sequences.
const ANSI_PATTERN =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[@-Z\\-_]|\u001b[ -/]+[0-~]/g;

/** `text` without ANSI/VT escape sequences (colours, cursor moves, hyperlinks). */
export function stripAnsi(text: string): string {
  // Fast path: most flyctl output under NO_COLOR has no escape at all.
  if (!text.includes('\u001b') && !text.includes('\u009b')) return text;
  return text.replace(ANSI_PATTERN, '');
}
