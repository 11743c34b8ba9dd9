import unhomoglyph from 'unhomoglyph';

/**
 * What a name looks like, for telling look-alike names apart: case folded (`ı`, `ß`, `ς` fold like
 * `I`, `SS`, `Σ`), then the UTS #39 skeleton — NFD, each character replaced by its prototype from
 * Unicode's confusables.txt (Cyrillic `а` → Latin `a`, `rn` and `m` alike), NFD again. Two names with
 * the same skeleton can be mistaken for each other. Not for display.
 * @see Unicode Technical Standard #39 §4 (confusable detection)
 */
export function confusableSkeleton(name: string): string {
  const folded = name.normalize('NFKC').toUpperCase().toLowerCase();
  return unhomoglyph(folded.normalize('NFD')).normalize('NFD');
}
