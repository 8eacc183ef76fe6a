//! Collections with a fixed capacity that drop their oldest entry, in O(1), to make room for a new one:
//! whatever clients send, the outbox, the fault list, the request log and the issued tokens cannot grow
//! the sandbox's memory without end.

use std::borrow::Borrow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use serde::{Serialize, Serializer};

/// At most `capacity` items, oldest first; pushing onto a full queue drops the oldest.
#[derive(Debug, Clone)]
pub struct BoundedQueue<T> {
    items: VecDeque<T>,
    capacity: usize,
}

impl<T> BoundedQueue<T> {
    /// An empty queue holding at most `capacity` items (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self { items: VecDeque::new(), capacity: capacity.max(1) }
    }

    /// Appends `item`, first dropping the oldest item if the queue is full; returns the dropped one.
    pub fn push(&mut self, item: T) -> Option<T> {
        let dropped = if self.items.len() >= self.capacity { self.items.pop_front() } else { None };
        self.items.push_back(item);
        dropped
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The most it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The items, oldest first.
    pub fn iter(&self) -> std::collections::vec_deque::Iter<'_, T> {
        self.items.iter()
    }

    /// The index of the oldest item matching `pred`.
    pub fn position(&self, pred: impl FnMut(&T) -> bool) -> Option<usize> {
        self.items.iter().position(pred)
    }

    /// The item at `index`, mutably.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.items.get_mut(index)
    }

    /// Removes and returns the item at `index`.
    pub fn remove(&mut self, index: usize) -> Option<T> {
        self.items.remove(index)
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.items.clear();
    }
}

impl<T: Serialize> Serialize for BoundedQueue<T> {
    /// A JSON array, oldest first.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items.iter())
    }
}

/// A map holding at most `capacity` entries; inserting a new key into a full map drops the entry
/// inserted first. Keys are never re-inserted in practice (they are random), so insertion order is
/// also age order.
#[derive(Debug, Clone)]
pub struct BoundedMap<K, V> {
    entries: HashMap<K, V>,
    order: VecDeque<K>,
    capacity: usize,
}

impl<K: Eq + Hash + Clone, V> BoundedMap<K, V> {
    /// An empty map holding at most `capacity` entries (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self { entries: HashMap::new(), order: VecDeque::new(), capacity: capacity.max(1) }
    }

    /// Inserts `key`, first dropping the oldest entry if the map is full and `key` is new. A key that
    /// is already present gets the new value and keeps its age.
    pub fn insert(&mut self, key: K, value: V) {
        if let Entry::Occupied(mut existing) = self.entries.entry(key.clone()) {
            existing.insert(value);
            return;
        }
        if self.entries.len() >= self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.entries.remove(&oldest);
        }
        self.order.push_back(key.clone());
        self.entries.insert(key, value);
    }

    /// The value for `key`.
    pub fn get<Q: Hash + Eq + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.entries.get(key)
    }

    /// Drops the oldest entries while `stale` holds for them (e.g. expired tokens); O(1) per entry
    /// dropped, stopping at the first entry that is not stale.
    pub fn drop_oldest_while(&mut self, mut stale: impl FnMut(&V) -> bool) {
        while let Some(oldest) = self.order.front() {
            if !self.entries.get(oldest).is_some_and(&mut stale) {
                break;
            }
            if let Some(oldest) = self.order.pop_front() {
                self.entries.remove(&oldest);
            }
        }
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_queue_drops_its_oldest_item() {
        let mut queue = BoundedQueue::new(3);
        assert_eq!((1..=3).filter_map(|n| queue.push(n)).count(), 0);
        assert_eq!(queue.push(4), Some(1));
        assert_eq!(queue.push(5), Some(2));
        assert_eq!(queue.iter().copied().collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(queue.len(), queue.capacity());
        assert_eq!(serde_json::to_string(&queue).ok().as_deref(), Some("[3,4,5]"));
        queue.clear();
        assert!(queue.is_empty());
    }

    #[test]
    fn a_queue_holds_at_least_one_item() {
        let mut queue = BoundedQueue::new(0);
        assert_eq!(queue.push('a'), None);
        assert_eq!(queue.push('b'), Some('a'));
    }

    #[test]
    fn a_full_map_drops_the_entry_inserted_first() {
        let mut map = BoundedMap::new(2);
        map.insert("a", 1);
        map.insert("b", 2);
        map.insert("a", 10);
        assert_eq!((map.get("a"), map.len()), (Some(&10), 2), "an update neither grows nor evicts");
        map.insert("c", 3);
        assert_eq!((map.get("a"), map.get("b"), map.get("c")), (None, Some(&2), Some(&3)));
        map.insert("d", 4);
        assert_eq!((map.get("b"), map.len()), (None, 2));
    }

    #[test]
    fn stale_entries_go_from_the_oldest_up_to_the_first_fresh_one() {
        let mut map = BoundedMap::new(10);
        for (key, expires) in [("a", 1), ("b", 2), ("c", 9), ("d", 1)] {
            map.insert(key, expires);
        }
        map.drop_oldest_while(|expires| *expires <= 5);
        assert_eq!((map.get("a"), map.get("b")), (None, None));
        assert_eq!((map.get("c"), map.get("d"), map.len()), (Some(&9), Some(&1), 2), "stops at c");
        map.drop_oldest_while(|_| true);
        assert!(map.is_empty());
    }
}
