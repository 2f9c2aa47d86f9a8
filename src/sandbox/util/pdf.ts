/**
 * A minimal, valid PDF written by hand (no dependencies): one A6-ish page per
 * label with Helvetica text. Cyrillic is transliterated because the standard
 * 14 fonts only cover Latin-1. xref offsets are computed exactly so strict
 * readers accept the file.
 */
const TR: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't',
  у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const translit = (s: string): string =>
  [...s]
    .map((c) => {
      const low = c.toLowerCase();
      const t = TR[low];
      if (t === undefined) return c.charCodeAt(0) < 128 ? c : '?';
      return c === low ? t : t.charAt(0).toUpperCase() + t.slice(1);
    })
    .join('')
    .replace(/[\\()]/g, (m) => `\\${m}`);

export function labelsPdf(pages: string[][]): Buffer {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1: catalog, 2: pages, 3: font, then (page, content) pairs
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  let id = 4;
  for (const lines of pages) {
    const text = lines.map((l, i) => `BT /F1 ${i === 0 ? 16 : 10} Tf 20 ${380 - i * 22} Td (${translit(l)}) Tj ET`).join('\n');
    const content = `${text}\n0.5 w 15 15 267 390 re S`;
    objects[id + 1] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`;
    objects[id] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 297 420] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`;
    pageIds.push(id);
    id += 2;
  }
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((p) => `${p} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let i = 1; i < objects.length; i++) {
    offsets[i] = Buffer.byteLength(out, 'latin1');
    out += `${i} 0 obj\n${objects[i]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objects.length; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
