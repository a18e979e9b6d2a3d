//! The patcher over a module laid out as a prebuilt engine is: the statics in a data segment,
//! exported as globals holding their addresses. The real engines are patched and searched in
//! the page tests (tests/e2e/patched.test.mjs).

use sousuo_patch::{index_of, patch, PatchError, BASE_EXPORT, LEN_EXPORT};
use wasm_encoder::{
    ConstExpr, DataSection, ExportKind, ExportSection, GlobalSection, GlobalType, MemorySection,
    MemoryType, Module, ValType,
};

const UNPATCHED: u32 = 0x5355_4F53;

/// A module of one page whose data segment at 1024 holds the two statics (at 1024 and 1028).
fn engine(export_statics: bool) -> Vec<u8> {
    let mut module = Module::new();
    let mut memory = MemorySection::new();
    memory.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    module.section(&memory);
    let mut globals = GlobalSection::new();
    for address in [1024, 1028] {
        let ty = GlobalType {
            val_type: ValType::I32,
            mutable: false,
            shared: false,
        };
        globals.global(ty, &ConstExpr::i32_const(address));
    }
    module.section(&globals);
    let mut exports = ExportSection::new();
    if export_statics {
        exports.export(BASE_EXPORT, ExportKind::Global, 0);
        exports.export(LEN_EXPORT, ExportKind::Global, 1);
    }
    module.section(&exports);
    let mut data = DataSection::new();
    let mut bytes = UNPATCHED.to_le_bytes().to_vec();
    bytes.extend(UNPATCHED.to_le_bytes());
    bytes.extend(b"other data");
    data.active(0, &ConstExpr::i32_const(1024), bytes);
    module.section(&data);
    module.finish()
}

#[test]
fn a_patched_engine_carries_the_index_past_its_initial_memory() {
    let index: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let patched = patch(&engine(true), &index).unwrap();
    assert_eq!(index_of(&patched).unwrap(), Some(index.clone()));
    assert_eq!(
        index_of(&engine(true)).unwrap(),
        None,
        "an engine nobody patched holds none"
    );
    // Patched again (a site rebuilt from a patched copy): the newest index is the one read.
    let again = patch(&patched, b"second").unwrap();
    assert_eq!(index_of(&again).unwrap().as_deref(), Some(&b"second"[..]));
}

#[test]
fn a_module_that_is_not_an_engine_is_refused_with_the_reason() {
    let error = patch(&engine(false), b"index").unwrap_err();
    assert!(matches!(error, PatchError::NotAnEngine(_)), "{error}");
    assert!(error.to_string().contains(BASE_EXPORT), "{error}");
    let error = patch(b"\0asm but not really", b"index").unwrap_err();
    assert!(matches!(error, PatchError::Unreadable(_)), "{error}");
}
