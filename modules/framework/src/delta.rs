//! A copy-on-write overlay over any [`StateRead`].
//!
//! Writes are buffered in ordered maps; reads see the buffer first, then the base. A fork is
//! turned into [`Changes`] with [`StateDelta::into_changes`] and applied to its parent with
//! [`StateDelta::apply`], or simply dropped to discard it. Nothing here touches disk.

use std::collections::BTreeMap;
use std::iter::Peekable;

use crate::event::Event;
use crate::state::{prefix_end, KvIter, StateError, StateRead, StateWrite};

/// Buffered writes (`None` is a deletion) and events of a fork.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    pub verifiable: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    pub nonverifiable: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    pub events: Vec<Event>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.verifiable.is_empty() && self.nonverifiable.is_empty() && self.events.is_empty()
    }

    /// Write these changes and events into any state, for example a fork's result into the
    /// `&mut dyn StateWrite` a module was handed.
    pub fn apply_to<S: StateWrite + ?Sized>(self, state: &mut S) -> Result<(), StateError> {
        for (k, v) in self.verifiable {
            match v {
                Some(v) => state.put_raw(k, v)?,
                None => state.delete(k)?,
            }
        }
        for (k, v) in self.nonverifiable {
            match v {
                Some(v) => state.nonverifiable_put_raw(k, v)?,
                None => state.nonverifiable_delete(k)?,
            }
        }
        for e in self.events {
            state.record(e);
        }
        Ok(())
    }

    /// Fold `later` into `self`; later writes win.
    pub fn extend(&mut self, later: Changes) {
        self.verifiable.extend(later.verifiable);
        self.nonverifiable.extend(later.nonverifiable);
        self.events.extend(later.events);
    }
}

/// One buffered write as seen by an iterator.
type OverlayItem<'a> = (&'a Vec<u8>, &'a Option<Vec<u8>>);

/// An overlay of buffered changes over a base state.
pub struct StateDelta<S> {
    base: S,
    changes: Changes,
}

impl<S: StateRead> StateDelta<S> {
    pub fn new(base: S) -> Self {
        StateDelta {
            base,
            changes: Changes::default(),
        }
    }

    /// Start from already buffered changes (for example the genesis writes not yet committed).
    pub fn with_changes(base: S, changes: Changes) -> Self {
        StateDelta { base, changes }
    }

    pub fn base(&self) -> &S {
        &self.base
    }

    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Take the buffered events, leaving the writes in place.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.changes.events)
    }

    pub fn into_changes(self) -> Changes {
        self.changes
    }

    pub fn into_parts(self) -> (S, Changes) {
        (self.base, self.changes)
    }

    /// Apply the changes of a child fork to this overlay.
    pub fn apply(&mut self, child: Changes) {
        self.changes.extend(child);
    }
}

impl<S: StateRead> StateRead for StateDelta<S> {
    fn get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        match self.changes.verifiable.get(key) {
            Some(value) => Ok(value.clone()),
            None => self.base.get_raw(key),
        }
    }

    fn prefix_raw<'a>(&'a self, prefix: &[u8], start: Option<&[u8]>) -> KvIter<'a> {
        let lower = match start {
            Some(s) if s > prefix => s.to_vec(),
            _ => prefix.to_vec(),
        };
        let overlay: Box<dyn Iterator<Item = OverlayItem<'a>> + 'a> = match prefix_end(prefix) {
            Some(end) if lower < end => Box::new(self.changes.verifiable.range(lower..end)),
            Some(_) => Box::new(std::iter::empty()),
            None => Box::new(self.changes.verifiable.range(lower..)),
        };
        Box::new(MergeIter {
            base: self.base.prefix_raw(prefix, start).peekable(),
            overlay: overlay.peekable(),
        })
    }

    fn nonverifiable_get_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        match self.changes.nonverifiable.get(key) {
            Some(value) => Ok(value.clone()),
            None => self.base.nonverifiable_get_raw(key),
        }
    }
}

impl<S: StateRead> StateWrite for StateDelta<S> {
    fn put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError> {
        self.changes.verifiable.insert(key, Some(value));
        Ok(())
    }
    fn delete(&mut self, key: Vec<u8>) -> Result<(), StateError> {
        self.changes.verifiable.insert(key, None);
        Ok(())
    }
    fn nonverifiable_put_raw(&mut self, key: Vec<u8>, value: Vec<u8>) -> Result<(), StateError> {
        self.changes.nonverifiable.insert(key, Some(value));
        Ok(())
    }
    fn nonverifiable_delete(&mut self, key: Vec<u8>) -> Result<(), StateError> {
        self.changes.nonverifiable.insert(key, None);
        Ok(())
    }
    fn record(&mut self, event: Event) {
        self.changes.events.push(event);
    }
}

/// Merges the base's ascending stream with the overlay's; the overlay wins on equal keys and
/// its deletions hide base entries.
struct MergeIter<'a, O: Iterator<Item = OverlayItem<'a>>> {
    base: Peekable<KvIter<'a>>,
    overlay: Peekable<O>,
}

impl<'a, O: Iterator<Item = OverlayItem<'a>>> Iterator for MergeIter<'a, O> {
    type Item = Result<(Vec<u8>, Vec<u8>), StateError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let take_overlay = match (self.base.peek(), self.overlay.peek()) {
                (None, None) => return None,
                (Some(Err(_)), _) => return self.base.next(),
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(Ok((bk, _))), Some((ok, _))) => {
                    if bk == *ok {
                        // shadowed: drop the base entry
                        self.base.next();
                        true
                    } else {
                        *ok < bk
                    }
                }
            };
            if take_overlay {
                let (k, v) = self.overlay.next()?;
                match v {
                    Some(v) => return Some(Ok((k.clone(), v.clone()))),
                    None => continue,
                }
            }
            return self.base.next();
        }
    }
}

/// An empty state, for tests and for building genesis from nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct EmptyState;

impl StateRead for EmptyState {
    fn get_raw(&self, _key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        Ok(None)
    }
    fn prefix_raw<'a>(&'a self, _prefix: &[u8], _start: Option<&[u8]>) -> KvIter<'a> {
        Box::new(std::iter::empty())
    }
    fn nonverifiable_get_raw(&self, _key: &[u8]) -> Result<Option<Vec<u8>>, StateError> {
        Ok(None)
    }
}

/// An in-memory state: a [`StateDelta`] over nothing. Module tests run on it.
pub type MemState = StateDelta<EmptyState>;

impl MemState {
    pub fn empty() -> Self {
        StateDelta::new(EmptyState)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(s: &impl StateRead, prefix: &[u8], start: Option<&[u8]>) -> Vec<(Vec<u8>, Vec<u8>)> {
        s.prefix_raw(prefix, start)
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn fork_reads_through_and_shadows_parent() {
        let mut parent = MemState::empty();
        parent.put_raw(b"a/1".to_vec(), b"x".to_vec()).unwrap();
        parent.put_raw(b"a/2".to_vec(), b"y".to_vec()).unwrap();
        parent.put_raw(b"b/1".to_vec(), b"z".to_vec()).unwrap();
        let changes = {
            let mut fork = StateDelta::new(&parent);
            fork.delete(b"a/1".to_vec()).unwrap();
            fork.put_raw(b"a/3".to_vec(), b"w".to_vec()).unwrap();
            fork.put_raw(b"a/2".to_vec(), b"Y".to_vec()).unwrap();
            assert_eq!(fork.get_raw(b"a/1").unwrap(), None);
            assert_eq!(fork.get_raw(b"b/1").unwrap(), Some(b"z".to_vec()));
            assert_eq!(
                collect(&fork, b"a/", None),
                vec![
                    (b"a/2".to_vec(), b"Y".to_vec()),
                    (b"a/3".to_vec(), b"w".to_vec())
                ]
            );
            assert_eq!(
                collect(&fork, b"a/", Some(b"a/3")),
                vec![(b"a/3".to_vec(), b"w".to_vec())]
            );
            fork.into_changes()
        };
        // parent unchanged until applied
        assert_eq!(parent.get_raw(b"a/1").unwrap(), Some(b"x".to_vec()));
        parent.apply(changes);
        assert_eq!(parent.get_raw(b"a/1").unwrap(), None);
        assert_eq!(collect(&parent, b"a/", None).len(), 2);
    }

    #[test]
    fn dropped_fork_changes_nothing() {
        let mut parent = MemState::empty();
        parent.put_raw(b"k".to_vec(), b"v".to_vec()).unwrap();
        {
            let mut fork = StateDelta::new(&parent);
            fork.put_raw(b"k".to_vec(), b"other".to_vec()).unwrap();
            fork.record(Event::new("e"));
        }
        assert_eq!(parent.get_raw(b"k").unwrap(), Some(b"v".to_vec()));
        assert!(parent.changes().events.is_empty());
    }
}
