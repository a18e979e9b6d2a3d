//! What a run of letters typed as pinyin may be as a run of *sound characters* (see
//! `phonetic.rs`): whole syllables (`jingyesi`), initials (`gpshz`), or both mixed as a reader types
//! a name by halves or before its last syllable is typed out (`zxbing`, `zhangxiaob`). Each run
//! is matched by the index's sound grams like a run of characters. Query side only: the build
//! writes sound grams, it never splits letters.

use crate::order::sort_by;
use crate::phonetic::{initial_char, is_mixed, MAX_RUN_LETTERS};

/// The letters a syllable has one of (ü is written v).
const VOWELS: [char; 6] = ['a', 'e', 'i', 'o', 'u', 'v'];

/// The most ways one run of letters is split into syllables (`xian`: xi·an; `fangan`: fang·an
/// and fan·gan), fewest syllables first.
pub const MAX_SYLLABLE_SPLITS: usize = 4;

/// A run of initials (`gpshz` for 国破山河在), when `letters` has two or more and spells no
/// syllable: letters with a vowel read as syllables.
pub fn initials_run(letters: &str) -> Option<Vec<char>> {
    if letters.len() < 2 || letters.len() > MAX_RUN_LETTERS || letters.contains(VOWELS) {
        return None;
    }
    letters
        .char_indices()
        .map(|(at, _)| initial_char(letters.get(at..)?))
        .collect()
}

/// The ways `letters` splits into two or more syllables that `sounds` knows, each as its sound
/// characters, fewest syllables first, at most [`MAX_SYLLABLE_SPLITS`].
pub fn sound_runs(sounds: &[(&str, char)], letters: &str) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    if letters.len() > MAX_RUN_LETTERS || !letters.is_ascii() {
        return out;
    }
    // Depth-first, longest syllable first: the first splits found have the fewest syllables.
    let mut stack: Vec<(usize, Vec<char>)> = vec![(0, Vec::new())];
    let mut steps = 0;
    while let Some((at, run)) = stack.pop() {
        steps += 1;
        if steps > 64 * MAX_RUN_LETTERS {
            break;
        }
        if at == letters.len() {
            if run.len() >= 2 && !out.contains(&run) {
                out.push(run);
            }
            if out.len() == 4 * MAX_SYLLABLE_SPLITS {
                break;
            }
            continue;
        }
        // Pushed shortest first, so the longest syllable is tried first.
        for (end, sound) in syllables_at(sounds, letters, at) {
            let mut next = run.clone();
            next.push(sound);
            stack.push((end, next));
        }
    }
    sort_by(&mut out, |a, b| {
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    });
    out.truncate(MAX_SYLLABLE_SPLITS);
    out
}

/// The syllables that `sounds` knows starting at `at` in `letters`, shortest first: where each
/// ends, and its sound character. A syllable has a vowel: interjections without one (嗯 n, 呣 m)
/// would split `xin` into xi·n.
fn syllables_at<'s>(
    sounds: &'s [(&'s str, char)],
    letters: &'s str,
    at: usize,
) -> impl Iterator<Item = (usize, char)> + 's {
    (at + 1..=letters.len().min(at + 6)).filter_map(move |end| {
        let syllable = letters.get(at..end)?;
        if !syllable.contains(VOWELS) {
            return None;
        }
        let &(_, sound) = sounds.iter().find(|(known, _)| *known == syllable)?;
        Some((end, sound))
    })
}

/// The most syllables that letters at the end, not typed out yet, may be completed to (every
/// syllable starting with `zh` is 11; with `z`, 38).
const MAX_COMPLETED_SYLLABLES: usize = 40;

/// The ways `letters` splits into syllables and initials, as a reader types a name by halves
/// (`zxbing`, `zhangxb`) or before the last syllable is typed out (`zhangxiaob`, `zhangx`), the
/// fewest parts: every run either mixes syllables and initials or ends in a completed syllable.
/// An initial is one consonant. Letters at the end after a syllable are completed to each
/// syllable they start (`zhangx`: zhang·xi, zhang·xiao, …, up to [`MAX_COMPLETED_SYLLABLES`]),
/// which keeps the pair's syllables; elsewhere they read as the initial they start with.
pub fn mixed_runs(sounds: &[(&str, char)], letters: &str) -> Vec<Vec<char>> {
    let mut out: Vec<Vec<char>> = Vec::new();
    if letters.len() > MAX_RUN_LETTERS || !letters.is_ascii() {
        return out;
    }
    let cap = 4 * MAX_SYLLABLE_SPLITS + MAX_COMPLETED_SYLLABLES;
    let mut stack = vec![Partial {
        at: 0,
        run: Vec::new(),
        syllable_at: None,
        completed: false,
    }];
    let mut steps = 0;
    while let Some(partial) = stack.pop() {
        steps += 1;
        if steps > 64 * MAX_RUN_LETTERS + cap {
            break;
        }
        if partial.at < letters.len() {
            read_next_part(sounds, letters, &partial, &mut stack);
            continue;
        }
        let run = partial.run;
        if (partial.completed || is_mixed(&run)) && run.len() >= 2 && !out.contains(&run) {
            out.push(run);
        }
        if out.len() == cap {
            break;
        }
    }
    // The fewest parts only: more are ever more ways to read the letters by chance.
    sort_by(&mut out, |a, b| a.len().cmp(&b.len()));
    let fewest = out.first().map_or(0, Vec::len);
    out.retain(|run| run.len() == fewest);
    out
}

/// A way to read the letters before `at`.
struct Partial {
    /// Where the next part starts.
    at: usize,
    /// The parts so far, as sound characters.
    run: Vec<char>,
    /// Where the last part started, if it was a syllable.
    syllable_at: Option<usize>,
    /// Whether the last syllable was completed from the letters at the end.
    completed: bool,
}

/// The syllables that `text` is the start of, and longer.
fn starting<'s>(
    sounds: &'s [(&'s str, char)],
    text: &'s str,
) -> impl Iterator<Item = &'s (&'s str, char)> {
    sounds
        .iter()
        .filter(move |(known, _)| known.len() > text.len() && known.starts_with(text))
}

/// Pushes every way to read the part of the letters that starts where `partial` ends.
fn read_next_part(
    sounds: &[(&str, char)],
    letters: &str,
    partial: &Partial,
    stack: &mut Vec<Partial>,
) {
    let Partial {
        at,
        ref run,
        syllable_at,
        ..
    } = *partial;
    let with = |sound: char| {
        let mut next = run.clone();
        next.push(sound);
        next
    };
    let rest = letters.get(at..).unwrap_or("");
    let completes = syllable_at.is_some() && starting(sounds, rest).next().is_some();
    match syllable_at {
        // The letters at the end after a syllable: each syllable they start, and no initial
        // for them (that would lose the syllable before: zhang·x is read as z·x).
        Some(_) => {
            for &(_, sound) in starting(sounds, rest).take(MAX_COMPLETED_SYLLABLES) {
                stack.push(Partial {
                    at: letters.len(),
                    run: with(sound),
                    syllable_at: None,
                    completed: true,
                });
            }
        }
        // Elsewhere, the initial they start with.
        None if rest.len() > 1 && starting(sounds, rest).next().is_some() => {
            if let Some(initial) = initial_char(rest) {
                stack.push(Partial {
                    at: letters.len(),
                    run: with(initial),
                    syllable_at: None,
                    completed: false,
                });
            }
        }
        None => {}
    }
    // An initial never cuts what would go on as the syllable before it: `meng` is not
    // men·g, nor `jingyes` jin·g·ye·s.
    let continues_syllable = syllable_at.is_some_and(|start| {
        let text = letters.get(start..=at).unwrap_or("");
        sounds.iter().any(|(known, _)| known.starts_with(text))
    });
    if let (false, false, false, Some(initial)) = (
        completes,
        continues_syllable,
        rest.starts_with(VOWELS),
        initial_char(rest),
    ) {
        stack.push(Partial {
            at: at + 1,
            run: with(initial),
            syllable_at: None,
            completed: false,
        });
    }
    for (end, sound) in syllables_at(sounds, letters, at) {
        stack.push(Partial {
            at: end,
            run: with(sound),
            syllable_at: Some(at),
            completed: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetic::{is_sound_char, is_sound_key, sound_char, syllable_sounds};

    #[test]
    fn letters_split_into_runs_of_sounds() {
        let text = "an安\nfan反\nfang方\ngan干\njing静\nn嗯\nsi思\nxi西\nxian先\nye夜\n";
        let sounds = syllable_sounds(text);
        let sound = |syllable: &str| sounds.iter().find(|(s, _)| *s == syllable).unwrap().1;
        let run = |syllables: &[&str]| syllables.iter().map(|s| sound(s)).collect::<Vec<char>>();
        assert_eq!(sound("an"), sound_char(0).unwrap());
        assert_eq!(sound("ye"), sound_char(9).unwrap());
        assert!(is_sound_char(sound("ye")) && !is_sound_char('夜'));
        let gram = |chars: &[char]| crate::format::gram_key(chars).into_bytes();
        assert!(is_sound_key(&gram(&[sound("ye"), sound("si")])));
        assert!(!is_sound_key(&gram(&['夜', '思'])) && !is_sound_key("夜思".as_bytes()));
        assert_eq!(
            sound_runs(&sounds, "jingyesi"),
            vec![run(&["jing", "ye", "si"])]
        );
        // One syllable is no run; `n` alone is never a syllable of a split.
        assert_eq!(sound_runs(&sounds, "xian"), vec![run(&["xi", "an"])]);
        let fangan = sound_runs(&sounds, "fangan");
        assert_eq!(fangan.len(), 2);
        assert!(fangan.contains(&run(&["fang", "an"])) && fangan.contains(&run(&["fan", "gan"])));
        assert!(sound_runs(&sounds, "jingq").is_empty());
        let initials = initials_run("gpshz").unwrap();
        assert_eq!(initials.len(), 5);
        assert_eq!(initials[0], initial_char("guo").unwrap());
        assert_eq!(initials[3], initial_char("he").unwrap());
        assert!(initials
            .iter()
            .all(|&c| is_sound_char(c) && !sounds.iter().any(|s| s.1 == c)));
        assert_eq!(initials_run("jingyesi"), None);
        assert_eq!(initials_run("g"), None);
        assert!(sound_runs(&sounds, &"an".repeat(40)).is_empty());
    }

    #[test]
    fn letters_typed_by_halves_or_cut_short_mix_syllables_and_initials() {
        let text = "bing兵\nxiao小\nxin新\nzhang张\nmen门\nmeng梦\n";
        let sounds = syllable_sounds(text);
        let sound = |syllable: &str| sounds.iter().find(|(s, _)| *s == syllable).unwrap().1;
        let initial = |letter: &str| initial_char(letter).unwrap();
        // An initial beside a syllable stays an initial: the pair is read as the keys under
        // its initials that have the syllable (`phonetic::sound_gram_key`).
        assert_eq!(
            mixed_runs(&sounds, "zxbing"),
            vec![vec![initial("z"), initial("x"), sound("bing")]]
        );
        // Letters at the end after a syllable are completed to the syllables they start.
        assert_eq!(
            mixed_runs(&sounds, "zhangxi"),
            vec![
                vec![sound("zhang"), sound("xiao")],
                vec![sound("zhang"), sound("xin")],
            ]
        );
        // An initial never cuts what would continue the syllable before it.
        assert!(mixed_runs(&sounds, "meng").is_empty());
        assert!(mixed_runs(&sounds, &"b".repeat(60)).is_empty());
    }
}
