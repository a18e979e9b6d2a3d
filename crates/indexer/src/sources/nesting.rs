//! Parsing a page with its nesting capped, as browsers build it.
//!
//! html5ever's tree builder looks through the open elements for each new one, so a page
//! nesting elements a hundred thousand deep costs the square of that. Browsers stop nesting at
//! [`MAX_DEPTH`] and place deeper elements beside each other, text and all; real pages get there
//! by a template's slip (a theme writing `<div>` where it meant `</div>`). The tokens pass through
//! a counter on their way to the tree builder, which drops the tags that would open an element
//! past that depth (and their end tags): the page keeps its text and parses in linear time.

use super::listed;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use html5ever::tree_builder::{TreeBuilder, TreeSink};
use html5ever::TokenizerResult;
use rustc_hash::FxHashMap;
use scraper::{Html, HtmlTreeSink};
use std::cell::{Cell, RefCell};

/// Elements open deeper than this are not opened (Chromium's parser stops nesting at 512).
pub const MAX_DEPTH: usize = 512;

/// Elements that never hold others (void), or whose end tag is optional and implied by the next
/// one (`<p>`, `<li>` …): counting them would make a list of unclosed paragraphs look deep.
const NOT_NESTING: &str = "area base br col embed hr img input link meta source track wbr \
    p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc";

/// Elements whose content is text, not markup: never dropped, or their text would be read as
/// markup (a script's code as the page's words).
const TEXT_ONLY: &str =
    "script style textarea title xmp iframe noembed noframes noscript plaintext";

/// `html` parsed as a document, and whether elements past [`MAX_DEPTH`] were flattened.
pub fn parse(html: &str) -> (Html, bool) {
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), Default::default());
    let tokenizer = Tokenizer::new(Capped::new(builder), Default::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    // The tokenizer pauses after each script, for a browser to run it; here nothing runs.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let Capped {
        builder, flattened, ..
    } = tokenizer.sink;
    (builder.sink.finish(), flattened.get())
}

/// The tree builder behind a count of the elements open, as the tree builder would hold them.
struct Capped<Builder> {
    builder: Builder,
    open: RefCell<Vec<String>>,
    /// Start tags dropped, by name, whose end tags are dropped in turn.
    dropped: RefCell<FxHashMap<String, usize>>,
    flattened: Cell<bool>,
}

impl<Builder> Capped<Builder> {
    fn new(builder: Builder) -> Self {
        Capped {
            builder,
            open: RefCell::default(),
            dropped: RefCell::default(),
            flattened: Cell::new(false),
        }
    }

    /// Whether the tag goes on to the tree builder.
    fn passes(&self, tag: &Tag) -> bool {
        let name: &str = &tag.name;
        let mut open = self.open.borrow_mut();
        match tag.kind {
            TagKind::StartTag if !tag.self_closing && !listed(NOT_NESTING, name) => {
                if open.len() >= MAX_DEPTH && !listed(TEXT_ONLY, name) {
                    *self
                        .dropped
                        .borrow_mut()
                        .entry(name.to_string())
                        .or_default() += 1;
                    self.flattened.set(true);
                    return false;
                }
                open.push(name.to_string());
            }
            TagKind::EndTag => {
                if let Some(count) = self.dropped.borrow_mut().get_mut(name).filter(|n| **n > 0) {
                    *count -= 1;
                    return false;
                }
                if let Some(at) = open.iter().rposition(|n| n == name) {
                    open.truncate(at);
                }
            }
            TagKind::StartTag => {}
        }
        true
    }
}

impl<Builder: TokenSink> TokenSink for Capped<Builder> {
    type Handle = Builder::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Self::Handle> {
        if let Token::TagToken(tag) = &token {
            if !self.passes(tag) {
                return TokenSinkResult::Continue;
            }
        }
        self.builder.process_token(token, line)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}
