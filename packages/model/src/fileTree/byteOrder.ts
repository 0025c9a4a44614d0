/**
 * Byte order (what git and `sort` with LC_ALL=C use), independent of locale:
 * the one comparison wherever bytes decide an order (paths, names in rendered
 * files, findings), never `localeCompare`. (UTF-16 code units, which agree with
 * UTF-8 bytes outside the astral planes.)
 */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
