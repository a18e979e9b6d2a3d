//! One small sort for the whole runtime. std's sorts are fast, but every instantiation adds
//! kilobytes to the wasm (a dozen of them cost ~45 KB); this heapsort is a few hundred bytes and
//! still O(n log n). It is not stable: callers sort by a total order, so results never shuffle.

use std::cmp::Ordering;

/// Sorts `v` ascending by `compare`.
pub fn sort_by<T>(v: &mut [T], compare: impl FnMut(&T, &T) -> Ordering) {
    sort_by_heap(v, v.len(), compare);
}

/// Puts the `k` smallest of `v` by `compare` first, ascending; the rest follow in no order.
/// A page of hits needs only its own few sorted: heapifying is linear and each of the `k` takes
/// log n steps, against n log n for sorting every match of a common character.
pub fn sort_first_by<T>(v: &mut [T], k: usize, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let len = v.len();
    if k.saturating_mul(2) >= len {
        return sort_by(v, compare);
    }
    // A heap with the smallest on top; each one taken goes to the end, so the k smallest
    // gather at the end, smallest last. Swapped to the front (k < len/2: no overlap), they
    // come in order.
    sort_by_heap(v, k, |a, b| compare(b, a));
    for i in 0..k {
        v.swap(i, len - 1 - i);
    }
}

/// Heapsort's two phases, the second stopped after `take` extractions: the `take` largest by
/// `compare` end up at the end of `v`, ascending.
fn sort_by_heap<T>(v: &mut [T], take: usize, mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut sift_down = |v: &mut [T], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && compare(&v[child], &v[child + 1]) == Ordering::Less {
            child += 1;
        }
        if compare(&v[node], &v[child]) != Ordering::Less {
            break;
        }
        v.swap(node, child);
        node = child;
    };
    let len = v.len();
    for node in (0..len / 2).rev() {
        sift_down(v, node, len);
    }
    for end in (1..len).rev().take(take) {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

/// Sorts `v` ascending.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` ascending and drops repeats.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort(v);
    v.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_std() {
        let mut seed = 7u64;
        for len in [0, 1, 2, 3, 10, 100, 1000] {
            let mut v: Vec<u64> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    seed >> 50
                })
                .collect();
            let mut expected = v.clone();
            expected.sort();
            sort(&mut v);
            assert_eq!(v, expected);
        }
        let mut words = vec!["b", "a", "b", "c", "a"];
        sort_dedup(&mut words);
        assert_eq!(words, ["a", "b", "c"]);
        for len in [0, 1, 2, 10, 100] {
            for k in [0, 1, 3, 10, 200] {
                let mut v: Vec<u64> = (0..len).map(|n| (n * 7919) % 101).collect();
                let mut expected = v.clone();
                expected.sort();
                sort_first_by(&mut v, k, u64::cmp);
                let k = k.min(len as usize);
                assert_eq!(v[..k], expected[..k], "{len} {k}");
                v.sort();
                assert_eq!(v, expected);
            }
        }
        let mut by_length = vec!["ccc", "a", "bb"];
        sort_by(&mut by_length, |a, b| b.len().cmp(&a.len()));
        assert_eq!(by_length, ["ccc", "bb", "a"]);
    }
}
