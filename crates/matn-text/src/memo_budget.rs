//! One budget in bytes for every memo of every thread (ZWNJ profiles and
//! pairs, lemma readings, NER word scores).
//!
//! Each memo is per thread and holds an [`Account`]: what it charges counts
//! against the process-wide limit, and it is given back when the memo starts
//! over or its thread ends. A memo that finds no room starts over; if there
//! is still none, it does not keep the entry. So, whatever the text, the
//! memos together hold about the limit at most (see [`Account::force`] for
//! the one exception, bounded by a sentence per thread).

use std::sync::atomic::{AtomicUsize, Ordering};

/// The limit unless the server is told otherwise (`--cache-bytes`).
pub const DEFAULT_LIMIT: usize = 64 << 20;

static USED: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_LIMIT);

/// Sets the limit for the memos of all threads (at start-up).
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Release);
}

/// The limit in force.
pub fn limit() -> usize {
    LIMIT.load(Ordering::Acquire)
}

/// Bytes the memos of all threads hold now.
pub fn used() -> usize {
    USED.load(Ordering::Acquire)
}

/// The bytes one memo holds, charged to the budget.
#[derive(Debug, Default)]
pub struct Account {
    bytes: usize,
}

impl Account {
    /// Charges `size` bytes when the budget has room for them; `false`
    /// (nothing charged) when it has not.
    #[must_use]
    pub fn charge(&mut self, size: usize) -> bool {
        let limit = limit();
        let charged = USED
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(size).filter(|&after| after <= limit)
            })
            .is_ok();
        if charged {
            self.bytes += size;
        }
        charged
    }

    /// Charges `size` bytes even past the limit: for entries a memo must
    /// hold while it works (the words of the sentence being tagged).
    pub fn force(&mut self, size: usize) {
        USED.fetch_add(size, Ordering::AcqRel);
        self.bytes += size;
    }

    /// Bytes charged to this account.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        USED.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The budget is process-wide and other tests' memos use it at the same
    // time: this test looks at its own account only.
    #[test]
    fn accounts_charge_within_the_limit_and_give_back_when_dropped() {
        let mut a = Account::default();
        assert!(a.charge(1000));
        assert_eq!(a.bytes(), 1000);
        assert!(!a.charge(usize::MAX / 2), "past the limit: nothing charged");
        assert_eq!(a.bytes(), 1000);
        a.force(10);
        assert_eq!(a.bytes(), 1010);
    }
}
