/**
 * What an uploaded file really is, read from its first bytes (the extension and the client's
 * Content-Type are only claims). Three formats are accepted, so three signatures are checked
 * here rather than pulling in a general-purpose sniffer.
 */
export type ProofFileType = { mime: 'application/pdf'; ext: 'pdf' } | { mime: 'image/jpeg'; ext: 'jpg' } | { mime: 'image/png'; ext: 'png' };

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffProofFile(buf: Buffer): ProofFileType | null {
  if (buf.length >= 8 && buf.subarray(0, 8).equals(PNG)) return { mime: 'image/png', ext: 'png' };
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  // PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000-1 §7.5.2 note);
  // we ask for it at the start, as every PDF producer writes it.
  if (buf.length >= 8 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  return null;
}

/** A safe attachment name: the client's base name (no path, no control chars) with the real extension. */
export function proofFileName(original: string | undefined, type: ProofFileType, fallback: string): string {
  const base = (original ?? '').split(/[\\/]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N} ._-]+/gu, '_').trim().slice(0, 120);
  return `${stem || fallback}.${type.ext}`;
}
