//! Answers as JSON text: what the wasm hands the page, which reads it with `JSON.parse`.
//!
//! One string crosses the boundary instead of objects built field by field through calls into
//! JavaScript (serde-wasm-bindgen), which cost the wasm 17 KB of code. This writer knows only what
//! sousuo's answers hold: numbers, text, options, lists, structs, maps with text keys, and enums
//! whose variants are names or hold one value (`{"needs": [...]}`). Anything else is an error,
//! never wrong JSON. Numbers with a fraction are written to 6 decimals: no float formatting code
//! (another 10 KB) is needed for the one such number, a hit's score.
//!
//! `tests/json.rs` checks it against serde_json over every judged query's answers.

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Why a value could not be written as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError(&'static str);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for JsonError {}

impl ser::Error for JsonError {
    fn custom<T: fmt::Display>(_: T) -> Self {
        JsonError("a value failed to serialize")
    }
}

/// `value` as JSON text.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    let mut writer = Writer(String::new());
    value.serialize(&mut writer)?;
    Ok(writer.0)
}

struct Writer(String);

impl Writer {
    /// `n` in decimal, with leading zeros up to `width` digits.
    fn digits(&mut self, mut n: u64, width: usize) {
        let mut digits = [b'0'; 20];
        let mut at = digits.len();
        while n > 0 {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        let from = at.min(digits.len().saturating_sub(width.max(1)));
        // Only ASCII digits were written.
        self.0.extend(digits[from..].iter().map(|&d| d as char));
    }

    fn signed(&mut self, n: i64) {
        if n < 0 {
            self.0.push('-');
        }
        self.digits(n.unsigned_abs(), 1);
    }

    /// A finite number, to 6 decimals (trailing zeros dropped).
    fn number(&mut self, v: f64) -> Result<(), JsonError> {
        if !v.is_finite() {
            return Err(JsonError("JSON has no infinite or NaN numbers"));
        }
        if v.abs() >= 9e15 {
            return Err(JsonError("a number this large has no exact JSON form here"));
        }
        const SCALE: u64 = 1_000_000;
        let scaled = (v.abs() * SCALE as f64).round();
        let (whole, fraction) = match scaled < 9e15 {
            true => (scaled as u64 / SCALE, scaled as u64 % SCALE),
            // Past what the scaled integer holds exactly: the whole number is exact enough.
            false => (v.abs().round() as u64, 0),
        };
        if v < 0.0 && (whole > 0 || fraction > 0) {
            self.0.push('-');
        }
        self.digits(whole, 1);
        if fraction > 0 {
            self.0.push('.');
            let (mut fraction, mut width) = (fraction, 6);
            while fraction % 10 == 0 {
                fraction /= 10;
                width -= 1;
            }
            self.digits(fraction, width);
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.0.push('"');
        for c in text.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                c if (c as u32) < 0x20 => {
                    self.0.push_str("\\u00");
                    self.0
                        .push(char::from(b"0123456789abcdef"[(c as usize) >> 4]));
                    self.0
                        .push(char::from(b"0123456789abcdef"[(c as usize) & 15]));
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }
}

/// A list or an object being written: whether a comma comes before the next element.
pub struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.writer.0.push(',');
        }
        self.first = false;
    }

    fn key(&mut self, key: &str) {
        self.comma();
        self.writer.text(key);
        self.writer.0.push(':');
    }

    fn end(self) {
        self.writer.0.push(self.close);
    }
}

fn open(writer: &mut Writer, open: char, close: char) -> Compound<'_> {
    writer.0.push(open);
    Compound {
        writer,
        first: true,
        close,
    }
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Impossible<(), JsonError>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Impossible<(), JsonError>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        self.digits(v, 1);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), JsonError> {
        self.number(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), JsonError> {
        self.number(v)
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        self.text(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), JsonError> {
        Err(JsonError("bytes have no JSON form here"))
    }
    fn serialize_none(self) -> Result<(), JsonError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), JsonError> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), JsonError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), JsonError> {
        self.text(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        let mut object = open(self, '{', '}');
        object.key(variant);
        value.serialize(&mut *object.writer)?;
        object.end();
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w>, JsonError> {
        Ok(open(self, '[', ']'))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'w>, JsonError> {
        Ok(open(self, '[', ']'))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'w>, JsonError> {
        Ok(open(self, '[', ']'))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, JsonError> {
        Err(JsonError("tuple variants have no JSON form here"))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w>, JsonError> {
        Ok(open(self, '{', '}'))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'w>, JsonError> {
        Ok(open(self, '{', '}'))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, JsonError> {
        Err(JsonError("struct variants have no JSON form here"))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.comma();
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), JsonError> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), JsonError> {
        self.comma();
        let at = self.writer.0.len();
        key.serialize(&mut *self.writer)?;
        // A JSON object's keys are text: anything else written here would be invalid JSON.
        match self.writer.0.as_bytes().get(at) == Some(&b'"') {
            true => Ok(()),
            false => Err(JsonError("a map key that is not text has no JSON form")),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.writer.0.push(':');
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), JsonError> {
        Compound::end(self);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.key(key);
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), JsonError> {
        Compound::end(self);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::to_json;

    #[test]
    fn numbers_are_written_to_six_decimals_without_trailing_zeros() {
        let cases: [(f64, &str); 9] = [
            (0.0, "0"),
            (1.5, "1.5"),
            (1.646_123_9, "1.646124"),
            (0.000_001, "0.000001"),
            (0.000_000_4, "0"),
            (-2.25, "-2.25"),
            (-0.000_000_1, "0"),
            (12_345_678.000_001, "12345678.000001"),
            (-12_345_678_901.7, "-12345678902"),
        ];
        for (number, json) in cases {
            assert_eq!(to_json(&number).unwrap(), json, "{number}");
        }
        assert!(to_json(&f64::NAN).is_err() && to_json(&f64::INFINITY).is_err());
        assert!(to_json(&1e300).is_err());
    }

    #[test]
    fn a_reply_is_an_object_named_by_its_variant() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        enum Reply {
            Value(Option<u32>),
            Needs(Vec<String>),
        }
        let needs = Reply::Needs(vec!["t-1.bin".into(), "d-2.bin".into()]);
        assert_eq!(
            to_json(&needs).unwrap(),
            r#"{"needs":["t-1.bin","d-2.bin"]}"#
        );
        assert_eq!(to_json(&Reply::Value(None)).unwrap(), r#"{"value":null}"#);
        assert_eq!(to_json(&Reply::Value(Some(7))).unwrap(), r#"{"value":7}"#);
    }

    #[test]
    fn text_escapes_what_json_requires() {
        let text = "引号\"反斜杠\\ 换行\n 制表\t 控制\u{1} 中文 😀";
        let json = to_json(text).unwrap();
        assert_eq!(
            json,
            "\"引号\\\"反斜杠\\\\ 换行\\n 制表\\t 控制\\u0001 中文 😀\""
        );
    }
}
