//! Writes a site's index into a prebuilt engine, with no compiler: the one place that edits a
//! wasm module.
//!
//! A prebuilt engine (built with `SOUSUO_INDEX=none`) exports two statics, [`BASE_EXPORT`] and
//! [`LEN_EXPORT`] (src/patched.rs). [`patch`] appends the index's PACK as one more active data
//! segment at the end of the memory the module starts with, grows that initial memory to hold
//! it, and writes its address and length into the statics' bytes in their data segment. Every
//! other section is copied as it is, so the JS glue that wasm-bindgen wrote for the engine still
//! fits it. The result is validated before it is returned.
//!
//! The engine reads the PACK where it lies and checks its format version when it loads, so an
//! index written by another version of the indexer is refused with a message, never misread.
//!
//! ```text
//! before: [ data … statics(UNPATCHED) … ][ heap … ]                      initial memory: N pages
//! after:  [ data … statics(base, len) … ][ heap … ][ PACK at base = N·64 KiB ]  N + ⌈len/64 KiB⌉
//! ```

use std::fmt;
use wasm_encoder::{ConstExpr, DataCountSection, DataSection, MemorySection, MemoryType};
use wasmparser::{DataKind, ExternalKind, Operator, Parser, Payload, TypeRef};

/// The exported static that holds the PACK's address once patched.
pub const BASE_EXPORT: &str = "SOUSUO_INDEX_BASE";
/// The exported static that holds the PACK's length once patched.
pub const LEN_EXPORT: &str = "SOUSUO_INDEX_LEN";

const PAGE: u64 = 1 << 16;
/// A 32-bit memory's pages.
const MAX_PAGES: u64 = 1 << 16;

/// Why an engine could not be patched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatchError {
    /// The bytes are not a wasm module that can be read.
    Unreadable(String),
    /// A wasm module, but not one built to be patched: what it lacks.
    NotAnEngine(String),
    /// The index does not fit in a 32-bit memory beside the engine.
    TooLarge(usize),
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatchError::Unreadable(why) => write!(f, "the engine is not a readable wasm module: {why}"),
            PatchError::NotAnEngine(why) => write!(
                f,
                "the wasm module is not an engine built to carry an index ({why}); use the engines this release ships"
            ),
            PatchError::TooLarge(len) => write!(
                f,
                "the index ({len} bytes) does not fit in a wasm memory beside the engine; split it into pieces"
            ),
        }
    }
}

impl std::error::Error for PatchError {}

fn unreadable(e: wasmparser::BinaryReaderError) -> PatchError {
    PatchError::Unreadable(e.to_string())
}

/// `engine` with `index` (a PACK) written into it.
pub fn patch(engine: &[u8], index: &[u8]) -> Result<Vec<u8>, PatchError> {
    let layout = Layout::read(engine)?;
    let base = layout.initial_pages * PAGE;
    let end = base + index.len() as u64;
    let pages = end.div_ceil(PAGE).max(layout.initial_pages);
    if pages > MAX_PAGES || end > u64::from(u32::MAX) {
        return Err(PatchError::TooLarge(index.len()));
    }
    let statics = [
        (layout.base_at, base as u32),
        (layout.len_at, index.len() as u32),
    ];

    let mut module = wasm_encoder::Module::new();
    for payload in Parser::new(0).parse_all(engine) {
        let payload = payload.map_err(unreadable)?;
        match payload {
            Payload::MemorySection(reader) => {
                module.section(&grown_memory(reader, pages)?);
            }
            Payload::DataCountSection { count, .. } => {
                module.section(&DataCountSection { count: count + 1 });
            }
            Payload::DataSection(reader) => {
                let mut section = with_statics(reader, &statics)?;
                section.active(0, &ConstExpr::i32_const(base as i32), index.iter().copied());
                module.section(&section);
            }
            other => {
                if let Some((id, range)) = other.as_section() {
                    module.section(&wasm_encoder::RawSection {
                        id,
                        data: &engine[range],
                    });
                }
            }
        }
    }
    let patched = module.finish();
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&patched)
        .map_err(|e| {
            PatchError::NotAnEngine(format!("the patched module does not validate: {e}"))
        })?;
    Ok(patched)
}

/// The memory section with every memory starting at `pages` (and allowed at least as many).
fn grown_memory(
    reader: wasmparser::MemorySectionReader,
    pages: u64,
) -> Result<MemorySection, PatchError> {
    let mut section = MemorySection::new();
    for memory in reader {
        let memory = memory.map_err(unreadable)?;
        section.memory(MemoryType {
            minimum: pages,
            maximum: memory.maximum.map(|max| max.max(pages)),
            memory64: memory.memory64,
            shared: memory.shared,
            page_size_log2: memory.page_size_log2,
        });
    }
    Ok(section)
}

/// The data section as it was, but for the statics' bytes: each `(address, value)` written
/// into the active segment that holds it.
fn with_statics(
    reader: wasmparser::DataSectionReader,
    statics: &[(u32, u32)],
) -> Result<DataSection, PatchError> {
    let mut section = DataSection::new();
    for segment in reader {
        let segment = segment.map_err(unreadable)?;
        match segment.kind {
            DataKind::Passive => {
                section.passive(segment.data.iter().copied());
            }
            DataKind::Active {
                memory_index,
                offset_expr,
            } => {
                let offset = constant(&offset_expr)?;
                let mut data = segment.data.to_vec();
                for &(address, value) in statics {
                    if let Some(at) = address
                        .checked_sub(offset)
                        .map(|at| at as usize)
                        .filter(|at| at + 4 <= data.len())
                    {
                        data[at..at + 4].copy_from_slice(&value.to_le_bytes());
                    }
                }
                section.active(memory_index, &ConstExpr::i32_const(offset as i32), data);
            }
        }
    }
    Ok(section)
}

/// What the first pass learns: the initial memory, and where the two statics lie.
struct Layout {
    initial_pages: u64,
    base_at: u32,
    len_at: u32,
}

impl Layout {
    fn read(engine: &[u8]) -> Result<Layout, PatchError> {
        let mut imported_globals = 0;
        let mut globals: Vec<Option<u32>> = Vec::new();
        let mut exports: Vec<(String, u32)> = Vec::new();
        let mut initial_pages = None;
        let mut statics_in_data = [false, false];
        let mut data_sections = 0;
        for payload in Parser::new(0).parse_all(engine) {
            match payload.map_err(unreadable)? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        if let TypeRef::Global(_) = import.map_err(unreadable)?.ty {
                            imported_globals += 1;
                        }
                    }
                }
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        globals.push(constant(&global.map_err(unreadable)?.init_expr).ok());
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export.map_err(unreadable)?;
                        if export.kind == ExternalKind::Global {
                            exports.push((export.name.to_string(), export.index));
                        }
                    }
                }
                Payload::MemorySection(reader) => initial_pages = Some(one_memory(reader)?),
                Payload::DataSection(reader) => {
                    data_sections += 1;
                    let addresses = [BASE_EXPORT, LEN_EXPORT]
                        .map(|name| address_of(name, &exports, &globals, imported_globals));
                    mark_held(reader, addresses, &mut statics_in_data)?;
                }
                _ => {}
            }
        }
        let missing = |what: &str| PatchError::NotAnEngine(format!("it has no {what}"));
        let initial_pages = initial_pages.ok_or_else(|| missing("memory"))?;
        if data_sections == 0 {
            return Err(missing("data section"));
        }
        let base_at = address_of(BASE_EXPORT, &exports, &globals, imported_globals)
            .ok_or_else(|| missing(&format!("exported static {BASE_EXPORT}")))?;
        let len_at = address_of(LEN_EXPORT, &exports, &globals, imported_globals)
            .ok_or_else(|| missing(&format!("exported static {LEN_EXPORT}")))?;
        if statics_in_data != [true, true] {
            return Err(PatchError::NotAnEngine(
                "its index statics are not in a data segment".to_string(),
            ));
        }
        Ok(Layout {
            initial_pages,
            base_at,
            len_at,
        })
    }
}

/// The initial pages of the module's one memory, which must be a 32-bit memory of 64 KiB
/// pages, as the engine is built with.
fn one_memory(reader: wasmparser::MemorySectionReader) -> Result<u64, PatchError> {
    if reader.count() != 1 {
        return Err(PatchError::NotAnEngine("not one memory".to_string()));
    }
    let mut initial = 0;
    for memory in reader {
        let memory = memory.map_err(unreadable)?;
        if memory.memory64 || memory.page_size_log2.is_some() {
            return Err(PatchError::NotAnEngine(
                "its memory is not a 32-bit one of 64 KiB pages".to_string(),
            ));
        }
        initial = memory.initial;
    }
    Ok(initial)
}

/// Marks in `held` each of `addresses` whose four bytes an active segment of this data section
/// holds.
fn mark_held(
    reader: wasmparser::DataSectionReader,
    addresses: [Option<u32>; 2],
    held: &mut [bool; 2],
) -> Result<(), PatchError> {
    for segment in reader {
        let segment = segment.map_err(unreadable)?;
        if let DataKind::Active { offset_expr, .. } = segment.kind {
            let offset = constant(&offset_expr)?;
            let end = offset as u64 + segment.data.len() as u64;
            for (held, address) in held.iter_mut().zip(addresses) {
                if address.is_some_and(|a| a >= offset && a as u64 + 4 <= end) {
                    *held = true;
                }
            }
        }
    }
    Ok(())
}

/// The address an exported static stands for: the value of the global it exports.
fn address_of(
    name: &str,
    exports: &[(String, u32)],
    globals: &[Option<u32>],
    imported_globals: u32,
) -> Option<u32> {
    let (_, index) = exports.iter().find(|(export, _)| export == name)?;
    let defined = index.checked_sub(imported_globals)?;
    *globals.get(defined as usize)?
}

/// The value of a constant expression that is one `i32.const`.
fn constant(expr: &wasmparser::ConstExpr) -> Result<u32, PatchError> {
    let mut reader = expr.get_operators_reader();
    match (reader.read(), reader.read()) {
        (Ok(Operator::I32Const { value }), Ok(Operator::End)) => Ok(value as u32),
        _ => Err(PatchError::NotAnEngine(
            "a data segment or global does not start at a constant address".to_string(),
        )),
    }
}

/// The index a patched engine carries (what [`patch`] wrote into it), for tools that search what
/// was written; `None` in an engine nobody patched.
pub fn index_of(engine: &[u8]) -> Result<Option<Vec<u8>>, PatchError> {
    let layout = Layout::read(engine)?;
    let mut segments = Vec::new();
    for payload in Parser::new(0).parse_all(engine) {
        if let Payload::DataSection(reader) = payload.map_err(unreadable)? {
            for segment in reader {
                let segment = segment.map_err(unreadable)?;
                if let DataKind::Active { offset_expr, .. } = segment.kind {
                    segments.push((constant(&offset_expr)?, segment.data));
                }
            }
        }
    }
    let read_u32 = |address: u32| {
        segments.iter().find_map(|&(offset, data)| {
            let at = address.checked_sub(offset)? as usize;
            let bytes: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
            Some(u32::from_le_bytes(bytes))
        })
    };
    let (Some(base), Some(len)) = (read_u32(layout.base_at), read_u32(layout.len_at)) else {
        return Err(PatchError::NotAnEngine(
            "its index statics cannot be read".to_string(),
        ));
    };
    let index = segments
        .iter()
        .find(|&&(offset, data)| offset == base && data.len() == len as usize);
    Ok(index.map(|(_, data)| data.to_vec()))
}
