import { proofFileName, sniffProofFile } from './file-signature';

describe('sniffProofFile', () => {
  it('recognises PDF, PNG and JPEG by their first bytes', () => {
    expect(sniffProofFile(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))?.mime).toBe('application/pdf');
    expect(sniffProofFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))?.mime).toBe('image/png');
    expect(sniffProofFile(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]))?.mime).toBe('image/jpeg');
  });

  it('rejects other content whatever its name claims', () => {
    expect(sniffProofFile(Buffer.from('GIF89a......'))).toBeNull();
    expect(sniffProofFile(Buffer.from('<html><body>%PDF-</body></html>'))).toBeNull();
    expect(sniffProofFile(Buffer.from('MZ\x90\x00'))).toBeNull();
    expect(sniffProofFile(Buffer.alloc(0))).toBeNull();
    expect(sniffProofFile(Buffer.from([0x89, 0x50, 0x4e]))).toBeNull();
  });
});

describe('proofFileName', () => {
  it('keeps the base name, strips paths and odd characters, and uses the real extension', () => {
    const pdf = { mime: 'application/pdf', ext: 'pdf' } as const;
    expect(proofFileName('../../etc/receipt.png', pdf, 'proof')).toBe('receipt.pdf');
    expect(proofFileName('C:\\Users\\me\\bank slip<1>.pdf', pdf, 'proof')).toBe('bank slip_1_.pdf');
    expect(proofFileName(undefined, pdf, 'proof-INV1')).toBe('proof-INV1.pdf');
  });
});
