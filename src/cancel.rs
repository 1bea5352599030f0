//! Cancelling a widget's load when its mount goes away.
//!
//! A load is a spawned future (`app.rs`); nothing else holds it, so it would run to
//! its end after an unmount and announce a result for a configuration that no
//! longer exists, on a host element that may already hold the next mount (an
//! attribute change remounts the same element). `Cancel::run` wraps the load and
//! checks the token before every poll: once cancelled, the load is dropped at its
//! next wake-up without running another line, and dropping it drops its pending
//! fetches, which abort the request when no other widget waits for it
//! (`fetch.rs`). `cancel()` is synchronous, so it takes effect before anything
//! the unmount schedules (Yew destroys components in a later microtask).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// A shared cancellation flag; clones are the same token.
#[derive(Clone, Default)]
pub struct Cancel(Rc<Inner>);

#[derive(Default)]
struct Inner {
    cancelled: Cell<bool>,
    /// The task running under this token, woken on cancel so that it is dropped
    /// now rather than when its network request ends.
    waker: RefCell<Option<Waker>>,
}

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every future running under this token; idempotent.
    pub fn cancel(&self) {
        self.0.cancelled.set(true);
        if let Some(waker) = self.0.waker.borrow_mut().take() {
            waker.wake();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.get()
    }

    /// Runs `work` until it ends (`Some(output)`) or the token is cancelled
    /// (`None`, with `work` dropped unfinished). One task per token: the waker of
    /// the last poll is the one woken.
    pub async fn run<F: Future>(&self, work: F) -> Option<F::Output> {
        Guarded {
            token: self.clone(),
            work: Box::pin(work),
        }
        .await
    }
}

/// Tokens compare by identity (they are props of the `App`).
impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

struct Guarded<F: Future> {
    token: Cancel,
    work: Pin<Box<F>>,
}

impl<F: Future> Future for Guarded<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.token.is_cancelled() {
            return Poll::Ready(None);
        }
        *self.token.0.waker.borrow_mut() = Some(cx.waker().clone());
        let done = self.work.as_mut().poll(cx).map(Some);
        if done.is_ready() {
            self.token.0.waker.borrow_mut().take();
        }
        done
    }
}
