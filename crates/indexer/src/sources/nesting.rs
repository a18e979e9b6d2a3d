//! How deeply a page nests its elements, found by tokenizing it once before it is parsed.
//!
//! html5ever's tree builder looks through the open elements for each new one, so a page
//! nesting elements a hundred thousand deep costs the square of that. Browsers stop nesting at a
//! few hundred levels; a page past [`MAX_DEPTH`] is not one a reader sees as written, and is
//! refused before the parse that would take minutes.

use super::listed;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use std::cell::RefCell;

/// Deeper than this, a page is refused (Chromium's parser stops nesting at 512).
pub const MAX_DEPTH: usize = 512;

/// Elements that never hold others (void), or whose end tag is optional and implied by the next
/// one (`<p>`, `<li>` …): counting them would make a list of unclosed paragraphs look deep.
const NOT_NESTING: &str = "area base br col embed hr img input link meta source track wbr \
    p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc";

/// Whether `html` nests elements deeper than [`MAX_DEPTH`].
pub fn too_deep(html: &str) -> bool {
    let input = BufferQueue::default();
    input.push_back(html.into());
    let tokenizer = Tokenizer::new(Depth::default(), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.deepest.take() > MAX_DEPTH
}

/// The open elements by name, as the tree builder would hold them.
#[derive(Default)]
struct Depth {
    open: RefCell<Vec<String>>,
    deepest: std::cell::Cell<usize>,
}

impl TokenSink for Depth {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(Tag {
            kind,
            name,
            self_closing,
            ..
        }) = token
        else {
            return TokenSinkResult::Continue;
        };
        let name: &str = &name;
        let mut open = self.open.borrow_mut();
        if self.deepest.get() > MAX_DEPTH {
            // Decided; and a long stack would make each end tag's search as slow as the parse.
            open.clear();
            return TokenSinkResult::Continue;
        }
        match kind {
            TagKind::StartTag if !self_closing && !listed(NOT_NESTING, name) => {
                open.push(name.to_string());
                self.deepest.set(self.deepest.get().max(open.len()));
            }
            TagKind::EndTag => {
                if let Some(at) = open.iter().rposition(|n| n == name) {
                    open.truncate(at);
                }
            }
            _ => {}
        }
        // Text that is not markup, as the tree builder tells the tokenizer.
        match (kind, name) {
            (TagKind::StartTag, "script") => TokenSinkResult::RawData(RawKind::ScriptData),
            (TagKind::StartTag, "style" | "xmp" | "iframe" | "noembed" | "noframes") => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            (TagKind::StartTag, "textarea" | "title") => TokenSinkResult::RawData(RawKind::Rcdata),
            (TagKind::StartTag, "plaintext") => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}
