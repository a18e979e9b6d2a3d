//! [`Bytes`]: a section of a blob that is either borrowed (the bytes compiled into the module)
//! or shared (a piece fetched at run time), so that the fst crate and the decoders read both
//! the same way, without copying.

use std::ops::Range;
use std::sync::Arc;

/// A byte range of a borrowed or shared buffer.
#[derive(Clone, Debug)]
pub struct Bytes<'r> {
    whole: Whole<'r>,
    range: Range<usize>,
}

#[derive(Clone, Debug)]
enum Whole<'r> {
    Borrowed(&'r [u8]),
    Shared(Arc<[u8]>),
}

impl<'r> Bytes<'r> {
    /// All of `bytes`, borrowed.
    pub fn borrowed(bytes: &'r [u8]) -> Self {
        Bytes {
            range: 0..bytes.len(),
            whole: Whole::Borrowed(bytes),
        }
    }

    /// All of `bytes`, owned and shared by the sections cut from it.
    pub fn shared(bytes: Vec<u8>) -> Self {
        Bytes {
            range: 0..bytes.len(),
            whole: Whole::Shared(bytes.into()),
        }
    }

    /// The bytes of `section`, a subslice of `self`'s bytes (as [`crate::format::decode`]
    /// returns them), sharing the buffer.
    pub fn section(&self, section: &[u8]) -> Self {
        let base = self.as_ref().as_ptr() as usize;
        let start = (section.as_ptr() as usize).saturating_sub(base);
        let start = (self.range.start + start).min(self.range.end);
        let end = (start + section.len()).min(self.range.end);
        Bytes {
            whole: self.whole.clone(),
            range: start..end,
        }
    }
}

impl AsRef<[u8]> for Bytes<'_> {
    fn as_ref(&self) -> &[u8] {
        let whole: &[u8] = match &self.whole {
            Whole::Borrowed(bytes) => bytes,
            Whole::Shared(bytes) => bytes,
        };
        whole.get(self.range.clone()).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_share_the_buffer() {
        let bytes = Bytes::shared(b"abcdef".to_vec());
        let whole = bytes.as_ref();
        let section = bytes.section(&whole[2..4]);
        assert_eq!(section.as_ref(), b"cd");
        let inner = section.section(&section.as_ref()[1..]);
        assert_eq!(inner.as_ref(), b"d");
        let borrowed = Bytes::borrowed(b"xyz");
        assert_eq!(borrowed.section(&borrowed.as_ref()[..1]).as_ref(), b"x");
    }
}
