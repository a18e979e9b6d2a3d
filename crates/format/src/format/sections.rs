//! The numbers of each kind of blob's sections, as the grammar in `format.rs` lists them.

/// Sections of a ROOT blob.
pub mod root {
    /// Counts and the T2S checksum.
    pub const META: usize = 0;
    /// The Traditional → Simplified table.
    pub const T2S: usize = 1;
    /// Replacement texts of the T2S table.
    pub const T2S_TEXT: usize = 2;
    /// The TERMS pieces.
    pub const TERM_DIR: usize = 3;
    /// The DOCS pieces.
    pub const DOC_DIR: usize = 4;
    /// The PHONETIC piece.
    pub const PHONETIC: usize = 5;
    /// Example queries.
    pub const EXAMPLES: usize = 6;
    /// The IDS pieces, by their first id.
    pub const ID_DIR: usize = 7;
    /// The FILTERS piece, if any.
    pub const FILTER_DIR: usize = 8;
    /// Regional words and their counterparts.
    pub const REGIONAL: usize = 9;
    /// Each document's length code.
    pub const NORMS: usize = 10;
}

/// Sections of a TERMS piece.
pub mod terms {
    /// The dictionary of this range.
    pub const TERMS: usize = 0;
    /// Its postings lists.
    pub const POSTINGS: usize = 1;
    /// Which piece it is: its directory's seed, its place, a checksum (`place.rs`).
    pub const CHECK: usize = 2;
    /// How its lists write their document steps and positions (`postings::ListCode`).
    pub const CODES: usize = 3;
}

/// Sections of a DOCS piece.
pub mod docs {
    /// First document and count.
    pub const META: usize = 0;
    /// Each document's lengths (`DocRecord`).
    pub const DOCS: usize = 1;
    /// Ids and texts.
    pub const STRINGS: usize = 2;
    /// Where long bodies are.
    pub const CHUNKS: usize = 3;
    /// URLs, sections and metadata.
    pub const EXTRAS: usize = 4;
    /// The BODIES file of its BODY pieces, if any.
    pub const BODIES: usize = 5;
    /// Which piece it is: its directory's seed, its place, a checksum (`place.rs`).
    pub const CHECK: usize = 6;
    /// `chunks_at` of a document whose body is in STRINGS.
    pub const NO_CHUNKS: u32 = u32::MAX;
}

/// Sections of a BODY piece.
pub mod body {
    /// The slice's text.
    pub const TEXT: usize = 0;
}

/// Sections of a PHONETIC piece.
pub mod phonetic {
    /// The PINYIN pieces, by key.
    pub const PINYIN_DIR: usize = 0;
    /// Characters by reading.
    pub const READINGS: usize = 1;
    /// The TERMS pieces of sound grams, by key.
    pub const SOUND_DIR: usize = 2;
}

/// Sections of a PINYIN piece.
pub mod pinyin {
    /// Spelling and word → doc_freq.
    pub const KEYS: usize = 0;
}

/// Sections of a FILTERS piece.
pub mod filters {
    /// Filter values and their documents.
    pub const FILTERS: usize = 0;
    /// Sort keys.
    pub const SORTS: usize = 1;
}

/// Sections of an IDS piece.
pub mod ids {
    /// id → DocId.
    pub const IDS: usize = 0;
}
