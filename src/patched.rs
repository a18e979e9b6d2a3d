//! The index a site's writer put into a prebuilt engine, without a compiler: it appends the PACK
//! to the wasm as one more data segment, past the memory the module starts with, and writes where
//! it lies into the two statics below (the patcher is crates/patch).
//!
//! The statics are exported, so the writer finds them by name (an exported static is a global
//! holding its address), and they start at [`UNPATCHED`], not zero, so that the linker keeps them
//! in a data segment the writer can rewrite rather than in zeroed memory that has no bytes in the
//! file. The allocator takes memory only by growing it, so the region past the initial memory,
//! which the writer makes part of it, is never handed out.

/// What both statics hold until a writer patches them.
const UNPATCHED: u32 = 0x5355_4F53; // "SOUS"

/// The address of the patched PACK in linear memory.
#[no_mangle]
static mut SOUSUO_INDEX_BASE: u32 = UNPATCHED;

/// The length of the patched PACK in bytes.
#[no_mangle]
static mut SOUSUO_INDEX_LEN: u32 = UNPATCHED;

/// The patched PACK, or `None` in an engine nobody patched.
pub fn index() -> Option<&'static [u8]> {
    // SAFETY: the statics are written only by the patcher, in the file, before the module runs;
    // volatile, so that the compiler does not fold in their initial value. When patched, the
    // patcher placed `len` bytes at `base` in a data segment inside the initial memory, which
    // nothing writes to and nothing frees.
    unsafe {
        let base = core::ptr::read_volatile(core::ptr::addr_of!(SOUSUO_INDEX_BASE));
        let len = core::ptr::read_volatile(core::ptr::addr_of!(SOUSUO_INDEX_LEN));
        if base == UNPATCHED || len == UNPATCHED {
            return None;
        }
        Some(core::slice::from_raw_parts(
            base as usize as *const u8,
            len as usize,
        ))
    }
}
