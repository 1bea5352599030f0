//! trust-tlog's one integration test binary: the crate against vectors written
//! by an independent implementation (`vectors/gen_aics.py`, aics-tlog from PyPI,
//! and the examples in the C2SP specifications), and against the attacks the
//! log exists to catch (forks, rewritten leaves, missing or stale cosignatures).

mod attacks;
mod batch;
mod independent;
mod spec_examples;
mod support;
