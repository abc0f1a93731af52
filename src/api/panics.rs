//! A panic inside one document's analysis is that document's failure only.
//!
//! [`catch`] runs the pipeline under `catch_unwind`. While it runs, the panic
//! hook this module installs keeps the panic's message and place for the
//! caller instead of printing them (the caller logs them once, with its request
//! id); panics anywhere else go to the hook that was there before. After a
//! caught panic the thread's memos are cleared, since the panic may have left
//! one half-written.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo};

/// What a caught panic said, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panicked {
    /// The panic's message and source location, for the operator's log.
    pub detail: String,
}

thread_local! {
    /// How many [`catch`] calls are running on this thread.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
    /// The message of the last panic caught on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`; a panic inside it becomes `Err` with its message.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, Panicked> {
    install_hook();
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get() - 1));
    result.map_err(|payload| {
        crate::text::forget_thread_memos();
        let detail = CAUGHT
            .with(|c| c.borrow_mut().take())
            .unwrap_or_else(|| payload_message(payload.as_ref()).to_string());
        Panicked { detail }
    })
}

/// Installs the hook once per process, in front of the one already set.
fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            if CATCHING.with(Cell::get) > 0 {
                let place = info
                    .location()
                    .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
                let message = format!("{}{place}", payload_message(info.payload()));
                CAUGHT.with(|c| *c.borrow_mut() = Some(message));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_message_and_place() {
        let err = catch(|| -> u32 { panic!("broken {}", 7) }).unwrap_err();
        assert!(
            err.detail.starts_with("broken 7 at src/api/panics.rs:"),
            "{err:?}"
        );
        assert_eq!(catch(|| 5), Ok(5));
        // Nested: the inner panic is caught inside, the outer call succeeds.
        assert_eq!(catch(|| catch(|| panic!("inner")).is_err()), Ok(true));
    }
}
