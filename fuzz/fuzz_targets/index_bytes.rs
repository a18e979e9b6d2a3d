//! Arbitrary bytes as an index (a pack): `from_bytes` returns an error or an index, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(index) = sousuo::Index::from_bytes(bytes) {
        let _ = sousuo::info(&index);
        for doc in 0..index.doc_count().min(64) {
            if let Ok(document) = index.document(doc) {
                let _ = index.find_document(document.id);
            }
        }
        let _ = sousuo::search(&index, "医药", &Default::default());
    }
});
