//! [`Pairs`]: keys and values in order, crossing to JavaScript as one object. The answers'
//! small maps (a hit's metadata, the filter counts) use it rather than `BTreeMap`, whose code
//! would cost the wasm about 10 KB.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// Keys with their values, in order; serialized as a map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairs<V>(pub Vec<(String, V)>);

impl<V> Default for Pairs<V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<V> Pairs<V> {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key`, made with `V::default()` when there is none yet.
    pub(crate) fn entry(&mut self, key: &str) -> &mut V
    where
        V: Default,
    {
        let n = match self.0.iter().position(|(k, _)| k == key) {
            Some(n) => n,
            None => {
                self.0.push((key.to_string(), V::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[n].1
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys and values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<V> std::ops::Index<&str> for Pairs<V> {
    type Output = V;

    /// The value of `key`; panics when there is none (for tests and hosts that know the keys).
    fn index(&self, key: &str) -> &V {
        self.get(key).unwrap_or_else(|| {
            panic!(
                "no key {key:?} among {:?}",
                self.0.iter().map(|(k, _)| k).collect::<Vec<_>>()
            )
        })
    }
}

impl<V: Serialize> Serialize for Pairs<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Pairs<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Pairs(
            BTreeMap::<String, V>::deserialize(deserializer)?
                .into_iter()
                .collect(),
        ))
    }
}
