/** The 16 bytes every SQLite database file starts with ("SQLite format 3" and a NUL). @see sqlite.org/fileformat.html §1.3 */
export const SQLITE_MAGIC: readonly number[] = [...'SQLite format 3'].map((c) => c.charCodeAt(0)).concat(0);
