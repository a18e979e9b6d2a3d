//! Highlight segments and snippets: plain text cut into pieces with a match flag, never HTML.
//!
//! Spans are character ranges (`start..end`, end exclusive) in one text. The caller renders a
//! highlighted [`Segment`] as a `<mark>` built with `textContent`, or however it likes.

use crate::order::{sort, sort_by, sort_dedup};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A piece of text, highlighted or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Plain text, shown as text.
    pub text: String,
    /// Whether this piece matched the query.
    pub highlight: bool,
}

/// A matched character range and which query part it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First character.
    pub start: u32,
    /// One past the last character.
    pub end: u32,
    /// The query part that matched here.
    pub part: usize,
}

/// How many characters a snippet shows around its matches.
pub const SNIPPET_CHARS: u32 = 100;
/// Characters of context kept before the first match of a snippet.
const LEAD_CHARS: u32 = 24;

/// Cuts `text[range]` into segments, highlighting the parts covered by `spans`.
pub fn segments(text: &str, spans: &[Span], range: Range<u32>) -> Vec<Segment> {
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let slice = |from: u32, to: u32| -> &str {
        let from = offsets.get(from as usize).copied().unwrap_or(text.len());
        let to = offsets.get(to as usize).copied().unwrap_or(text.len());
        text.get(from..to.max(from)).unwrap_or("")
    };
    let mut merged: Vec<Range<u32>> = Vec::new();
    let mut sorted: Vec<Range<u32>> = spans
        .iter()
        .map(|s| s.start.max(range.start)..s.end.min(range.end))
        .filter(|r| r.start < r.end)
        .collect();
    sort_by(&mut sorted, |a, b| (a.start, a.end).cmp(&(b.start, b.end)));
    for span in sorted {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    let mut out = Vec::new();
    let mut at = range.start;
    for span in merged {
        if at < span.start {
            out.push(Segment {
                text: slice(at, span.start).to_string(),
                highlight: false,
            });
        }
        out.push(Segment {
            text: slice(span.start, span.end).to_string(),
            highlight: true,
        });
        at = span.end;
    }
    if at < range.end {
        out.push(Segment {
            text: slice(at, range.end).to_string(),
            highlight: false,
        });
    }
    out
}

/// How many separate highlighted passages `spans` make once overlapping ones are joined.
pub fn count_highlights(spans: &[Span]) -> usize {
    let mut ranges: Vec<(u32, u32)> = spans.iter().map(|s| (s.start, s.end)).collect();
    sort(&mut ranges);
    let mut count = 0;
    let mut end = 0;
    for (start, stop) in ranges {
        if count == 0 || start > end {
            count += 1;
            end = stop;
        } else {
            end = end.max(stop);
        }
    }
    count
}

/// The window of `width` characters anchored near a span that shows the most query parts not
/// in `covered` (then the most matches), or `None` when no span is outside `avoid`.
fn best_window_of(
    text_chars: u32,
    spans: &[Span],
    width: u32,
    covered: &[usize],
    avoid: &Range<u32>,
) -> Option<(usize, Range<u32>)> {
    let width = width.min(text_chars);
    let mut best: Option<(usize, usize, Range<u32>)> = None;
    for anchor in spans
        .iter()
        .filter(|s| !(avoid.start <= s.start && s.end <= avoid.end))
    {
        let start = anchor
            .start
            .saturating_sub(LEAD_CHARS)
            .min(text_chars - width);
        let end = start + width;
        let inside: Vec<&Span> = spans
            .iter()
            .filter(|s| s.start >= start && s.end <= end)
            .collect();
        let mut parts: Vec<usize> = inside
            .iter()
            .map(|s| s.part)
            .filter(|part| !covered.contains(part))
            .collect();
        sort_dedup(&mut parts);
        let better = match &best {
            None => true,
            Some((best_parts, best_count, _)) => {
                (parts.len(), inside.len()) > (*best_parts, *best_count)
            }
        };
        if better {
            best = Some((parts.len(), inside.len(), start..end));
        }
    }
    best.map(|(parts, _, window)| (parts, widen(window, spans)))
}

/// Grows a window so that it cuts no match in half.
fn widen(mut window: Range<u32>, spans: &[Span]) -> Range<u32> {
    for span in spans {
        if span.start < window.start && span.end > window.start {
            window.start = span.start;
        }
        if span.start < window.end && span.end > window.end {
            window.end = span.end;
        }
    }
    window
}

fn parts_in(spans: &[Span], window: &Range<u32>) -> Vec<usize> {
    let mut parts: Vec<usize> = spans
        .iter()
        .filter(|s| s.start >= window.start && s.end <= window.end)
        .map(|s| s.part)
        .collect();
    sort_dedup(&mut parts);
    parts
}

/// The passages a snippet shows, in text order: the window of about [`SNIPPET_CHARS`]
/// characters with the most distinct query parts (then the most matches); or, when that leaves
/// parts out and two shorter windows show more of them, those two. No match is ever cut.
pub fn best_windows(text_chars: u32, spans: &[Span]) -> Vec<Range<u32>> {
    let nothing = 0..0;
    let Some((_, single)) = best_window_of(text_chars, spans, SNIPPET_CHARS, &[], &nothing) else {
        return std::iter::once(0..SNIPPET_CHARS.min(text_chars)).collect();
    };
    let all_parts = parts_in(spans, &(0..text_chars));
    let single_parts = parts_in(spans, &single);
    if single_parts.len() == all_parts.len() {
        return vec![single];
    }
    let half = SNIPPET_CHARS / 2 + LEAD_CHARS / 4;
    let Some((_, first)) = best_window_of(text_chars, spans, half, &[], &nothing) else {
        return vec![single];
    };
    let first_parts = parts_in(spans, &first);
    match best_window_of(text_chars, spans, half, &first_parts, &first) {
        Some((added, second)) if first_parts.len() + added > single_parts.len() => {
            if second.start <= first.end && first.start <= second.end {
                std::iter::once(first.start.min(second.start)..first.end.max(second.end)).collect()
            } else if second.start < first.start {
                vec![second, first]
            } else {
                vec![first, second]
            }
        }
        _ => vec![single],
    }
}

/// The spans that start at `from` or later, counted from `from`: a text's spans in the
/// coordinates of a part of it (a body in its stream, a paragraph in its body).
pub fn spans_from(spans: &[Span], from: u32) -> Vec<Span> {
    spans
        .iter()
        .filter(|s| s.start >= from)
        .map(|s| Span {
            start: s.start - from,
            end: s.end - from,
            part: s.part,
        })
        .collect()
}

/// A snippet of `text`: its best passages, on one line, with `…` where text was left out.
#[cfg(test)]
pub fn snippet(text: &str, text_chars: u32, spans: &[Span]) -> Vec<Segment> {
    snippet_of_part(text, 0, text_chars, spans)
}

/// The characters of a text of `text_chars` that its snippet shows: from the first passage's
/// start to the last one's end.
pub fn snippet_range(text_chars: u32, spans: &[Span]) -> Range<u32> {
    let windows = best_windows(text_chars, spans);
    let start = windows.iter().map(|w| w.start).min().unwrap_or(0);
    let end = windows.iter().map(|w| w.end).max().unwrap_or(0);
    start..end
}

/// A snippet of a text of `text_chars` characters (its best passages, on one line, with `…` where
/// text was left out) of which `part` holds those from `part_from` on, as far as
/// [`snippet_range`] (a long body, of which only some BODY pieces were fetched).
pub fn snippet_of_part(
    part: &str,
    part_from: u32,
    text_chars: u32,
    spans: &[Span],
) -> Vec<Segment> {
    let shifted = spans_from(spans, part_from);
    let mut out = Vec::new();
    let ellipsis = || Segment {
        text: "…".to_string(),
        highlight: false,
    };
    let mut shown_to = 0;
    for window in best_windows(text_chars, spans) {
        if window.start > shown_to || (window.start > 0 && out.is_empty()) {
            out.push(ellipsis());
        }
        shown_to = window.end;
        let local = window.start.saturating_sub(part_from)..window.end.saturating_sub(part_from);
        out.extend(
            segments(part, &shifted, local)
                .into_iter()
                .map(|mut segment| {
                    // Paragraph breaks read as spaces on one line; one char for one, so offsets hold.
                    segment.text = segment.text.replace('\n', " ");
                    segment
                }),
        );
    }
    if shown_to < text_chars {
        out.push(ellipsis());
    }
    out
}

/// The segments as one text, each highlight between `open` and `close` (`【张小兵】`): for
/// terminals and logs, where there is no `<mark>`.
pub fn marked(segments: &[Segment], open: &str, close: &str) -> String {
    let mut text = String::new();
    for segment in segments {
        if segment.highlight {
            text.push_str(open);
            text.push_str(&segment.text);
            text.push_str(close);
        } else {
            text.push_str(&segment.text);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: u32, end: u32, part: usize) -> Span {
        Span { start, end, part }
    }

    fn render(segments: &[Segment]) -> String {
        marked(segments, "[", "]")
    }

    #[test]
    fn segments_mark_overlapping_spans_once() {
        let text = "泰州醫藥高新區調研";
        let out = segments(text, &[span(2, 4, 0), span(3, 7, 1)], 0..9);
        assert_eq!(render(&out), "泰州[醫藥高新區]調研");
    }

    #[test]
    fn snippet_never_cuts_a_match_and_marks_elisions() {
        let text: String = "一".repeat(300) + "醫藥" + &"二".repeat(300);
        let out = snippet(&text, 602, &[span(300, 302, 0)]);
        let shown = render(&out);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert!(shown.contains("[醫藥]"));
        // The window 276..376 around the first match would cut the second one: it grows instead.
        let windows = best_windows(602, &[span(300, 302, 0), span(360, 380, 0)]);
        assert_eq!(windows.len(), 1);
        assert_eq!(windows[0], 276..380);
    }

    #[test]
    fn snippet_joins_two_passages_when_one_cannot_show_every_part() {
        let text: String =
            "一".repeat(100) + "醫藥" + &"二".repeat(300) + "泰州" + &"三".repeat(100);
        let spans = [span(100, 102, 0), span(402, 404, 1)];
        let shown = render(&snippet(&text, 504, &spans));
        assert_eq!(shown.matches('…').count(), 3, "{shown}");
        assert!(shown.contains("[醫藥]") && shown.contains("[泰州]"));
        // One window holds both: no join.
        let near = [span(100, 102, 0), span(130, 132, 1)];
        assert_eq!(best_windows(504, &near).len(), 1);
    }

    #[test]
    fn snippet_of_a_short_text_is_the_whole_text() {
        let out = snippet("短文", 2, &[]);
        assert_eq!(render(&out), "短文");
    }
}
