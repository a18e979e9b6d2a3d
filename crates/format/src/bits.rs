//! Codes shorter than a byte, for the positions of a postings list (`postings.rs`): a position
//! lies in a document of known length, so it needs about the logarithm of what is left of the
//! document in bits, where a varint takes one or two whole bytes that gzip cannot shrink
//! (positions look random to it). Bits are written most significant first, so a code's first
//! bits say how long it is.

use crate::format::FormatError;

/// Bits written most significant first, then padded with zeros to a whole byte.
#[derive(Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    pending: u64,
    pending_bits: u32,
}

impl BitWriter {
    /// Writes the low `bits` bits of `value` (at most 32).
    pub fn write(&mut self, value: u32, bits: u32) {
        if bits == 0 {
            return;
        }
        self.pending = self.pending << bits | u64::from(value) & ((1u64 << bits) - 1);
        self.pending_bits += bits;
        while self.pending_bits >= 8 {
            self.pending_bits -= 8;
            self.bytes.push((self.pending >> self.pending_bits) as u8);
        }
        self.pending &= (1u64 << self.pending_bits) - 1;
    }

    /// `value`, one of `range` values (`value < range`), in the fewest bits a code of that
    /// range gives it ([`truncated_binary`]).
    pub fn write_below(&mut self, value: u32, range: u32) {
        let (short_bits, short_codes) = truncated_binary(range);
        match value < short_codes {
            true => self.write(value, short_bits),
            false => self.write(value + short_codes, short_bits + 1),
        }
    }

    /// `value` (any) as an Elias gamma code of `value + 1`: for a position in a document too
    /// long for its length code to bound.
    pub fn write_unbounded(&mut self, value: u32) {
        let value = u64::from(value) + 1;
        let bits = 64 - value.leading_zeros();
        self.write(0, bits - 1);
        // At most 33 bits: the top one apart.
        self.write(1, 1);
        self.write((value & ((1 << (bits - 1)) - 1)) as u32, bits - 1);
    }

    /// `value` as a Rice code with `bits` low bits: its quotient in unary (that many zeros, then
    /// a one), then its low bits. For a list's document steps, whose sizes follow from how many
    /// documents it has among how many (`postings.rs`).
    pub fn write_rice(&mut self, value: u32, bits: u32) {
        let mut quotient = value >> bits;
        while quotient >= 32 {
            self.write(0, 32);
            quotient -= 32;
        }
        self.write(1, quotient + 1);
        self.write(value, bits);
    }

    /// The bytes, the last one padded.
    pub fn finish(mut self) -> Vec<u8> {
        if self.pending_bits > 0 {
            self.bytes
                .push((self.pending << (8 - self.pending_bits)) as u8);
        }
        self.bytes
    }
}

/// Bits read most significant first from `bytes`, from bit `at` on.
#[derive(Clone)]
pub struct BitReader<'b> {
    bytes: &'b [u8],
    /// The next bit, counted from the first byte's top one.
    pub at: usize,
}

impl<'b> BitReader<'b> {
    /// A reader of `bytes` from bit `at`.
    pub fn new(bytes: &'b [u8], at: usize) -> Self {
        BitReader { bytes, at }
    }

    /// The next `bits` bits (at most 32) as a number.
    pub fn read(&mut self, bits: u32) -> Result<u32, FormatError> {
        let mut value = 0u32;
        let mut left = bits;
        while left > 0 {
            let byte = *self
                .bytes
                .get(self.at / 8)
                .ok_or(FormatError::Corrupt("a postings list ends early"))?;
            let offset = (self.at % 8) as u32;
            let take = left.min(8 - offset);
            let chunk = (u32::from(byte) >> (8 - offset - take)) & ((1 << take) - 1);
            value = (value << take) | chunk;
            left -= take;
            self.at += take as usize;
        }
        Ok(value)
    }

    /// A varint (unsigned LEB128), from a whole byte: for positions written as steps, where
    /// the reader never stands inside a byte.
    pub fn read_varint(&mut self) -> Result<u32, FormatError> {
        if self.at % 8 != 0 {
            return Err(FormatError::Corrupt("a varint inside a byte"));
        }
        let mut at = self.at / 8;
        let value = crate::format::read_varint(self.bytes, &mut at)?;
        self.at = at * 8;
        Ok(value)
    }

    /// A value written by [`BitWriter::write_below`] with the same `range`.
    pub fn read_below(&mut self, range: u32) -> Result<u32, FormatError> {
        let (short_bits, short_codes) = truncated_binary(range);
        let value = self.read(short_bits)?;
        match value < short_codes {
            true => Ok(value),
            false => Ok(((value << 1) | self.read(1)?) - short_codes),
        }
    }

    /// A value written by [`BitWriter::write_rice`] with the same `bits`.
    pub fn read_rice(&mut self, bits: u32) -> Result<u32, FormatError> {
        // The unary quotient a byte at a time: most are a bit or two.
        let mut quotient = 0u32;
        loop {
            let byte = *self
                .bytes
                .get(self.at / 8)
                .ok_or(FormatError::Corrupt("a postings list ends early"))?;
            let offset = (self.at % 8) as u32;
            let zeros = (byte << offset).leading_zeros().min(8 - offset);
            quotient = quotient.saturating_add(zeros);
            self.at += zeros as usize;
            if quotient > u32::MAX >> bits {
                return Err(FormatError::Corrupt("a document number overflows"));
            }
            if zeros < 8 - offset {
                self.at += 1;
                break;
            }
        }
        Ok(quotient << bits | self.read(bits)?)
    }

    /// A value written by [`BitWriter::write_unbounded`].
    pub fn read_unbounded(&mut self) -> Result<u32, FormatError> {
        let mut zeros = 0;
        while self.read(1)? == 0 {
            zeros += 1;
            if zeros > 32 {
                return Err(FormatError::Corrupt("a position overflows"));
            }
        }
        let value = (1u64 << zeros) | u64::from(self.read(zeros)?);
        u32::try_from(value - 1).map_err(|_| FormatError::Corrupt("a position overflows"))
    }
}

/// The truncated binary code of `range` values: the first `short_codes` take `short_bits` bits,
/// the rest one more. A range of one value takes no bits at all.
fn truncated_binary(range: u32) -> (u32, u32) {
    let range = range.max(1);
    let short_bits = 31 - range.leading_zeros();
    let short_codes = ((2u64 << short_bits) - u64::from(range)) as u32;
    (short_bits, short_codes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back_as_written() {
        let ranges = [
            1,
            2,
            3,
            5,
            7,
            8,
            9,
            100,
            4096,
            4097,
            65_535,
            1 << 20,
            u32::MAX,
        ];
        let mut writer = BitWriter::default();
        let mut written = Vec::new();
        for &range in &ranges {
            for value in [0, 1, range / 3, range / 2, range - 1] {
                let value = value.min(range - 1);
                writer.write_below(value, range);
                written.push((value, Some(range)));
            }
        }
        for value in [0, 1, 2, 1000, u32::MAX - 1, u32::MAX] {
            writer.write_unbounded(value);
            written.push((value, None));
        }
        let bytes = writer.finish();
        let mut reader = BitReader::new(&bytes, 0);
        for (value, range) in written {
            let read = match range {
                Some(range) => reader.read_below(range).unwrap(),
                None => reader.read_unbounded().unwrap(),
            };
            assert_eq!(read, value, "{range:?}");
        }
        assert!(reader.at <= bytes.len() * 8);
        assert!(reader.read(8).is_err());
    }

    #[test]
    fn rice_codes_read_back_and_take_their_quotient_plus_their_bits() {
        let cases = [
            (0, 0, 1),
            (5, 0, 6),
            (0, 4, 5),
            (37, 4, 7),
            (100, 2, 28),
            (u32::MAX, 31, 33),
        ];
        let mut writer = BitWriter::default();
        for &(value, bits, _) in &cases {
            writer.write_rice(value, bits);
        }
        let bytes = writer.finish();
        let mut reader = BitReader::new(&bytes, 0);
        for (value, bits, length) in cases {
            let start = reader.at;
            assert_eq!(reader.read_rice(bits).unwrap(), value);
            assert_eq!(reader.at - start, length, "{value} in {bits} bits");
        }
        // A run of zeros longer than any value refuses to read rather than wrap.
        let zeros = [0u8; 8];
        assert!(BitReader::new(&zeros, 0).read_rice(30).is_err());
    }

    #[test]
    fn a_value_takes_about_the_logarithm_of_its_range() {
        let mut writer = BitWriter::default();
        writer.write_below(0, 1);
        assert!(writer.finish().is_empty());
        for (range, bits) in [(2, 1), (4096, 12), (4097, 13)] {
            let mut writer = BitWriter::default();
            writer.write_below(range - 1, range);
            writer.write(1, 1);
            let bytes = writer.finish();
            let mut reader = BitReader::new(&bytes, 0);
            reader.read_below(range).unwrap();
            assert_eq!(reader.at, bits, "{range}");
        }
    }
}
